"""The `ansinh` command line: parses options, wires the crawler to the archive, reports. No logic of its own."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.sites import Site, UnknownSite, get_site, load_sites

DB_OPTION = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("archive.db"), show_default=True,
    help="The archive: a SQLite file, created if missing.",
)


def fail(message: str) -> None:
    """A user's mistake: one line on stderr, exit status 2."""
    click.echo(f"ansinh: error: {message}", err=True)
    sys.exit(2)


def resolve_sites(keys: tuple[str, ...]) -> list[Site]:
    try:
        return [get_site(key) for key in keys] if keys else list(load_sites().values())
    except UnknownSite as error:
        fail(error.args[0])


def parse_mirrors(values: tuple[str, ...]) -> dict[str, str]:
    sites = load_sites()
    mirrors = {}
    for value in values:
        key, sep, base = value.partition("=")
        parts = urlsplit(base)
        if not sep or parts.scheme not in ("http", "https") or not parts.hostname:
            fail(f"--mirror takes SITE=URL, like dantri=http://127.0.0.1:8001; got {value!r}")
        if key not in sites:
            fail(f"--mirror names unknown site {key!r}; the sites are: {', '.join(sites)}")
        mirrors[key] = base.rstrip("/")
    return mirrors


def open_archive(db: Path):
    """Check that the archive can be opened and written before any crawling starts."""
    from archive import Archive

    try:
        archive = Archive(db)
        archive.db.execute("create table if not exists _probe(x)").close()
        archive.db.execute("drop table _probe").close()
        archive.close()
    except (sqlite3.Error, OSError) as error:
        fail(f"cannot write the archive {db}: {error}")


def print_progress(site: str, counts: dict, final: bool) -> None:
    if not final:
        click.echo(
            f"  {site:<13} {counts['listing_pages']:>5} listing pages {counts['articles_fetched']:>6} articles "
            f"({counts['new']} new, {counts['updated']} updated, {counts['failed']} failed)",
            err=True,
        )


def print_summary(rows: list[dict]) -> None:
    click.echo(f"{'site':<13} {'status':<11} {'pages':>6} {'articles':>8} {'new':>6} {'updated':>7} {'failed':>6}")
    for row in rows:
        click.echo(
            f"{row['site']:<13} {row['status']:<11} {row['listing_pages']:>6} {row['articles_fetched']:>8} "
            f"{row['new']:>6} {row['updated']:>7} {row['failed']:>6}"
            + (f"  {row['error']}" if row["status"] != "ok" and row["error"] else "")
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ansinh")
def main() -> None:
    """ansinh: an archive of Vietnamese social-security news ("an sinh xã hội").

    Crawls the social-security sections of the labour ministry's news outlets into a SQLite archive and serves
    it as full-text search in datasette.
    """


@main.command()
@click.argument("site", nargs=-1)
@DB_OPTION
@click.option("--max-pages", type=click.IntRange(min=1), help="Listing pages per section (default: all).")
@click.option(
    "--mirror", "mirrors", multiple=True, metavar="SITE=URL",
    help="Send SITE's requests to a copy at URL (same path and query); the archive keeps the real URLs. Repeatable.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log.")
def crawl(site: tuple[str, ...], db: Path, max_pages: int | None, mirrors: tuple[str, ...], verbose: bool) -> None:
    """Crawl SITE ... (default: all sites) into the archive.

    Prints progress while it runs and a summary per site at the end; exits with 1 if a site failed.
    """
    from crawler.run import run_crawls

    sites = resolve_sites(site)
    mirror_map = parse_mirrors(mirrors)
    open_archive(db)
    rows = run_crawls(sites, db, max_pages=max_pages, mirrors=mirror_map, progress=print_progress,
                      LOG_LEVEL="INFO" if verbose else "WARNING")
    print_summary(rows)
    if any(row["status"] == "failed" for row in rows):
        sys.exit(1)


@main.command()
def sites() -> None:
    """List the sites and their sections."""
    for site in load_sites().values():
        click.echo(f"{site.key:<13} {site.name} ({site.base})  schedule: {site.schedule}")
        for section in site.sections:
            click.echo(f"{'':<15}{section.name}: {section.url}")
        for feed in site.feeds + site.sitemaps:
            click.echo(f"{'':<15}feed: {feed}")
