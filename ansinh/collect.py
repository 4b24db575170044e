"""The commands of the collectors besides the live crawl: rescue (the Wayback Machine), import (others' WARC
files), reextract (the kept pages) and dedupe (copies across papers). They register on :data:`ansinh.cli.main`
and use its options and checks.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from ansinh.cli import (DB_OPTION, WAIT_OPTION, archive_lock, fail, log_to_stderr, main, parse_mirrors,
                        print_progress, print_summary, resolve_sites, warn_broken_seeds)
from crawler.sites import SeedError, UnknownSite, get_site, load_sites
from crawler.wayback import RESCUE_DELAY, WAYBACK


@main.command(short_help="Rescue a site's articles from the Internet Archive's Wayback Machine.")
@click.argument("site")
@click.option("--from", "since", metavar="DATE", help="Only captures made on or after DATE (2023-01-31 or 31/01/2023).")
@click.option("--to", "until", metavar="DATE", help="Only captures made on or before DATE.")
@click.option("--wayback", metavar="URL", default=WAYBACK, show_default=True, help="The Wayback Machine's base URL.")
@click.option("--delay", type=click.FloatRange(min=0), default=RESCUE_DELAY, show_default=True, metavar="SECONDS",
              help="Seconds between two requests to the Wayback Machine.")
@DB_OPTION
@WAIT_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
def rescue(site: str, since: str | None, until: str | None, wayback: str, delay: float, db: Path, wait: float,
           quiet: bool) -> None:
    """Rescue SITE's social-security articles from the Wayback Machine, for a site that is gone or may go.

    Finds the captures of the site's listings and articles through the CDX API and stores each article under
    its original URL, with source "wayback" and when it was captured. A live page wins: a rescue never
    replaces it, and a later crawl replaces a rescued one. Exit status as for crawl.
    """
    from crawler.run import run_rescue
    from crawler.wayback import cdx_bounds

    try:
        definition = get_site(site)
        bounds = cdx_bounds(since, until)
    except (UnknownSite, SeedError, ValueError) as error:
        fail(error.args[0])
    if urlsplit(wayback).scheme not in ("http", "https") or not urlsplit(wayback).hostname:
        fail(f"--wayback takes the Wayback Machine's base URL, like {WAYBACK}; got {wayback!r}")
    with archive_lock(db, wait):
        row = run_rescue(definition, db, wayback, *bounds, delay=delay, progress=None if quiet else print_progress,
                         LOG_LEVEL="WARNING")
    print_summary([row])
    if row["status"] != "ok":
        sys.exit(1)


def print_tally(tally) -> None:
    click.echo(f"  {tally.read} read: {tally.stored} stored, {sum(tally.skipped.values())} skipped, "
               f"{sum(tally.failed.values())} failed", err=True)


@main.command(short_help="Extract the kept pages again, offline, after a fix of extraction or a seed.")
@click.argument("site", nargs=-1)
@DB_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
def reextract(site: tuple[str, ...], db: Path, quiet: bool) -> None:
    """Extract SITE's (default: every site's) kept pages again, with today's seeds and extractor: no page is
    fetched. Stores the articles whose fields changed (the earlier text, title or date is kept as a version)
    and says how many changed, per field. Exits with 1 when an article no longer extracts (its row is kept).
    """
    from crawler.offline import reextract as extract_again

    sites = resolve_sites(site)
    if not db.exists():
        fail(f"no archive at {db}")
    log_to_stderr()
    with archive_lock(db):
        tally = extract_again(db, sites, progress=None if quiet else print_tally)
    click.echo(tally.summary("re-extracted"))
    if tally.fields:
        click.echo("changed: " + ", ".join(f"{name} ×{n}" for name, n in tally.fields.most_common()))
    sys.exit(1 if tally.failed else 0)


@main.command("import", short_help="Import the articles of WARC or ARC files made by other tools.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE.warc.gz ...")
@DB_OPTION
@click.option("--mirror", "mirrors", multiple=True, metavar="SITE=URL",
              help="Read records under URL as SITE's pages, same path and query (a WARC recorded from a copy, "
                   "as crawl --mirror reads one). Repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
def import_warcs(files: tuple[Path, ...], db: Path, mirrors: tuple[str, ...], quiet: bool) -> None:
    """Import the articles in WARC or ARC files (gzipped or not): wget --warc-file, Browsertrix, Wayback
    Machine or Common Crawl downloads.

    Each response whose URL is an article of a known site and section is extracted and stored as a crawled
    page would be, dated by its capture (an older capture never replaces a later copy); other records are
    skipped and counted. Broken records are logged and counted, and the import goes on. Exits with 1 when
    something failed, 2 when a file is not a WARC.
    """
    from crawler.offline import NotAWarc, check_warc, import_warcs as import_files

    for path in files:
        try:
            check_warc(path)
        except NotAWarc as error:
            fail(str(error))
    mirror_map = parse_mirrors(mirrors)
    warn_broken_seeds()
    log_to_stderr()
    with archive_lock(db):
        tally = import_files(db, list(files), load_sites().values(), mirror_map,
                             progress=None if quiet else print_tally)
    click.echo(tally.summary("imported"))
    if not tally.stored and tally.skipped["not an article of a known site"] and not mirror_map:
        click.echo("ansinh: warning: no record is an article of a known site; a WARC recorded from a copy of a "
                   "site needs --mirror SITE=URL", err=True)
    sys.exit(1 if tally.failed else 0)


@main.command(short_help="Find the stories printed by several papers again, over the whole archive.")
@DB_OPTION
@click.option("--threshold", type=click.FloatRange(0.3, 1.0), default=None, metavar="0.3-1",
              help="Estimated similarity of two bodies from which they are copies (default: the archive's, 0.5; "
                   "below 0.3 the LSH bands miss pairs). New articles are always compared at the default.")
def dedupe(db: Path, threshold: float | None) -> None:
    """Link every article to its copies in other papers again, and mark the repeats of earlier ones.

    A crawl does this for each article it stores; this recomputes it over an existing archive (one made before
    copies were looked for, or with another --threshold). Exits with 75 if a crawl holds the archive.
    """
    from archive import Archive
    from archive.duplicates import THRESHOLD
    from archive.duplicates import dedupe as find_copies

    if not db.exists():
        fail(f"no archive at {db}")
    if threshold is not None and math.isnan(threshold):
        fail("--threshold takes a number from 0.3 to 1")
    with archive_lock(db):
        archive = Archive(db)
        counts = find_copies(archive.db, threshold or THRESHOLD,
                             progress=lambda done, total: click.echo(f"  compared {done}/{total} articles", err=True))
        archive.close()
    click.echo(f"compared {counts['articles']} articles: {counts['pairs']} pairs of copies, "
               f"{counts['repeats']} repeats of earlier articles")
