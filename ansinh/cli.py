"""The `ansinh` command line: parses options, wires the crawler to the archive, reports. No logic of its own."""

from __future__ import annotations

import logging
import math
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.sites import SeedError, Site, UnknownSite, get_site, load_seeds, load_sites

DB_OPTION = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("archive.db"), show_default=True,
    help="The archive: a SQLite file, created if missing.",
)


WAIT_OPTION = click.option(
    "--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
    help="Wait this long for another crawl of the same archive to finish (default: give up at once).",
)


def fail(message: str) -> None:
    """A user's mistake: one line on stderr, exit status 2."""
    click.echo(f"ansinh: error: {message}", err=True)
    sys.exit(2)


def warn_broken_seeds() -> None:
    """One line per broken seed file: its site is left out, every other site goes on."""
    for message in load_seeds().errors.values():
        click.echo(f"ansinh: warning: {message} (this site is left out)", err=True)


def resolve_sites(keys: tuple[str, ...]) -> list[Site]:
    """The live sites named (default: every usable one); a broken, unknown or gone one named is a user's mistake,
    and so is one read through a browser where the browser path cannot run (left out with a warning when not
    named)."""
    try:
        sites = [get_site(key) for key in keys]
    except (UnknownSite, SeedError) as error:
        fail(error.args[0])
    for site in sites:
        if not site.live:
            fail(f"{site.key} is gone and can only be rescued from the Internet Archive: ansinh rescue {site.key}")
    warn_broken_seeds()
    from crawler.browser import readable

    kept, unreadable = readable(sites or [site for site in load_sites().values() if site.live])
    for reason in unreadable:
        if keys:
            fail(reason)
        click.echo(f"ansinh: warning: {reason} (this site is left out)", err=True)
    return kept


def parse_mirrors(values: tuple[str, ...]) -> dict[str, str]:
    sites = load_sites()
    mirrors = {}
    for value in values:
        key, sep, base = value.partition("=")
        try:
            parts = urlsplit(base)
            parts.port  # noqa: B018 - a port that is not a number raises here
        except ValueError:
            parts = None
        if not sep or parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            fail(f"--mirror takes SITE=URL, like dantri=http://127.0.0.1:8001; got {value!r}")
        if key not in sites:
            fail(f"--mirror names unknown site {key!r}; the sites are: {', '.join(sites)}")
        mirrors[key] = base.rstrip("/")
    return mirrors


def open_archive(db: Path):
    """Check that the file is an archive (or empty, or missing) and can be written, before any crawling starts."""
    from archive import Archive
    from archive.store import NotAnArchive

    try:
        archive = Archive(db)
        archive.check_writable()
        archive.close()
    except NotAnArchive as error:
        fail(f"{error}: not crawling into it")
    except (sqlite3.Error, OSError) as error:
        fail(f"cannot write the archive {db}: {error}")


@contextmanager
def archive_lock(db: Path, wait: float | None = None):
    """Hold the archive's lock (as a crawl does) while writing it, waiting up to ``wait`` seconds (a command's
    --wait; None for a command without one) for another run to let it go; exit 75 if another run still holds it.
    The archive is checked first (see :func:`open_archive`)."""
    from archive.lock import ArchiveLock, ArchiveLocked

    open_archive(db)
    try:
        lock = ArchiveLock(db, wait=wait or 0, say=lambda message: click.echo(f"ansinh: {message}", err=True)).acquire()
    except ArchiveLocked as error:
        click.echo(f"ansinh: {error}; try again later" + (", or pass --wait" if wait is not None else ""), err=True)
        sys.exit(75)
    try:
        yield
    finally:
        lock.release()


def finite(ctx, param, value: float | None) -> float | None:
    """A number option that must be a number: FloatRange lets nan and inf through."""
    if value is not None and not math.isfinite(value):
        fail(f"{param.opts[0]} takes a number of days; got {value}")
    return value


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


def print_health(db: Path, keys: list[str]) -> None:
    """The crawled sites that look as if their templates changed (see the site_health view)."""
    from archive import Archive

    archive = Archive(db, readonly=True)
    for problem in archive.unhealthy():
        if problem["site"] in keys:
            click.echo(f"health: {problem['site']}: {problem['health']}")
    archive.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ansinh")
def main() -> None:
    """ansinh: an archive of Vietnamese social-security news ("an sinh xã hội").

    Crawls the social-security sections of the labour ministry's news outlets into a SQLite archive and serves
    it as full-text search in datasette.

    \b
    Exit status: 0 all ok; 1 some failure (a site failed or missed pages, a server that cannot serve);
    2 wrong usage (one line on stderr); 75 another crawl holds the archive.
    """


@main.command(short_help="Crawl the sites (default: all) into the archive.")
@click.argument("site", nargs=-1)
@DB_OPTION
@click.option("--max-pages", type=click.IntRange(min=1), help="Listing pages per section (default: all).")
@click.option(
    "--mirror", "mirrors", multiple=True, metavar="SITE=URL",
    help="Send SITE's requests to a copy at URL (same path and query); the archive keeps the real URLs. Repeatable.",
)
@click.option("--full", is_flag=True, help="Walk every listing page and fetch every article again.")
@click.option("--refresh-days", type=click.FloatRange(min=0, min_open=True), metavar="N", callback=finite,
              help="Also re-fetch articles published in the last N days, to catch corrections.")
@WAIT_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log.")
def crawl(site: tuple[str, ...], db: Path, max_pages: int | None, mirrors: tuple[str, ...], full: bool,
          refresh_days: float | None, wait: float, quiet: bool, verbose: bool) -> None:
    """Crawl SITE ... (default: all sites) into the archive.

    A re-crawl fetches only what is new: listings are read until they reach known articles (plus one
    page), known articles are not fetched again, and unchanged listings and feeds cost a 304. A crawl that was killed
    is completed by the next one. Prints progress while it runs and a summary per site at the end.

    Exit status: 0 all ok; 1 some failure (a site failed, or missed pages: status partial); 2 wrong usage
    or a file that is not an archive; 75 another crawl holds the archive.
    """
    from crawler.run import run_crawls

    sites = resolve_sites(site)
    mirror_map = parse_mirrors(mirrors)
    with archive_lock(db, wait):
        rows = run_crawls(sites, db, max_pages=max_pages, full=full, refresh_days=refresh_days, mirrors=mirror_map,
                          progress=None if quiet else print_progress, LOG_LEVEL="INFO" if verbose else "WARNING")
    print_summary(rows)
    print_health(db, [site.key for site in sites])
    if any(row["status"] != "ok" for row in rows):
        sys.exit(1)


@main.command()
def sites() -> None:
    """List the sites and their sections (and the seed files that are broken); a site that is gone can only be
    rescued."""
    warn_broken_seeds()
    for site in load_sites().values():
        when = f"schedule: {site.schedule}" if site.live else f"gone: only `ansinh rescue {site.key}`"
        click.echo(f"{site.key:<13} {site.name} ({site.base})  {when}")
        for section in site.sections:
            click.echo(f"{'':<15}{section.name}: {section.url}")
        for feed in site.feeds + site.sitemaps:
            click.echo(f"{'':<15}feed: {feed}")


@main.command(short_help="Show what extraction finds on a site's pages, field by field.")
@click.argument("site")
@click.argument("urls", nargs=-1)
@click.option("--html", "html_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check a saved page instead of fetching (offline); give its --url too.")
@click.option("--url", "page_url", metavar="URL", help="The address of the page given with --html.")
@click.option("--articles", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Articles to fetch from each section's first listing page.")
@click.option("--mirror", "mirrors", multiple=True, metavar="SITE=URL", help="As for crawl.")
def check(site: str, urls: tuple[str, ...], html_file: Path | None, page_url: str | None, articles: int,
          mirrors: tuple[str, ...]) -> None:
    """Check SITE's definition against its pages: after a redesign, see which selector broke.

    Fetches each section's first listing page and a few of its articles, or the URLs given, or reads a saved
    page (--html FILE --url URL, offline). Prints, per field, the value found and where it came from, and names
    every selector of the seed that matched nothing. Exits with 1 when a listing yields no article or a title,
    body or date comes only from a weak fallback; nothing is written to any archive.
    """
    from crawler.check import check_page, fetch
    from crawler.run import check_settings

    [definition] = resolve_sites((site,))
    if html_file:
        if not page_url:
            fail("--html needs the page's address: --url URL")
        pages = {page_url: html_file.read_bytes().decode("utf-8", errors="replace")}
        listings = []
    else:
        if page_url:
            fail("--url goes with --html; to fetch pages, give their URLs as arguments")
        spider = fetch(definition, list(urls), check_settings([definition], parse_mirrors(mirrors),
                                                              LOG_LEVEL="ERROR"), articles=articles)
        pages, listings = spider.pages, spider.listings
    problems = 0
    for listing in listings:
        click.echo(f"listing {listing.url}  ({listing.status or 'no answer'}): {len(listing.links)} article links")
        for problem in listing.problems:
            click.echo(f"  ! {problem}")
            problems += 1
    for url, html in pages.items():
        click.echo(f"article {url}")
        if isinstance(html, Exception):
            click.echo(f"  ! could not be fetched: {html}")
            problems += 1
            continue
        report = check_page(definition, url, html)
        for name, (value, source) in report.fields.items():
            click.echo(f"  {name:<10} {source or '—':<15} {value}")
        for missed in report.missed:
            click.echo(f"  - matched nothing: {missed}")
        for problem in report.problems:
            click.echo(f"  ! {problem}")
        problems += len(report.problems)
    if not pages and not listings:
        click.echo("nothing to check")
        problems += 1
    click.echo(f"{problems} problem{'s' * (problems != 1)}" if problems else "ok")
    sys.exit(1 if problems else 0)


@main.command(short_help="Tag every article again with its provinces and subtopics.")
@DB_OPTION
def tag(db: Path) -> None:
    """Tag every article of the archive again with the provinces and subtopics it names.

    A crawl tags the articles it stores; this re-tags an existing archive, after the gazetteer
    (archive/data/places.toml) or the taxonomy (archive/data/topics.toml) changed. Exits with 75 if a crawl
    holds the archive.
    """
    from archive import Archive

    if not db.exists():
        fail(f"no archive at {db}")
    with archive_lock(db):
        archive = Archive(db)
        counts = archive.retag()
        archive.close()
    click.echo(f"tagged {counts['articles']} articles: {counts['places']} province tags, {counts['topics']} subtopic tags")


def parse_schedule(every: str | None, cron: str | None) -> float | None:
    from ansinh.schedule import parse_cron, parse_every

    if every and cron:
        fail("give --every or --cron, not both")
    try:
        if cron:
            parse_cron(cron)
        return parse_every(every) if every else None
    except ValueError as error:
        fail(str(error))


def log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S")


@main.command(short_help="Keep crawling the sites on their schedules.")
@click.argument("site", nargs=-1)
@DB_OPTION
@click.option("--every", metavar="PERIOD", help="Crawl every PERIOD (30s, 15m, 6h, 1d) instead of the sites' schedules.")
@click.option("--cron", metavar="EXPR", help="One crontab expression (Vietnam time) for every site instead of theirs.")
@click.option("--now", is_flag=True, help="Also crawl every site once right away.")
@click.option("--mirror", "mirrors", multiple=True, metavar="SITE=URL", help="As for crawl.")
def schedule(site: tuple[str, ...], db: Path, every: str | None, cron: str | None, now: bool,
             mirrors: tuple[str, ...]) -> None:
    """Keep crawling SITE ... (default: all) on their schedules, until stopped.

    Each site's definition in seeds/ carries a cron schedule; runs go one at a time, and never beside another
    crawl of the same archive. SIGINT or SIGTERM stops cleanly: a running crawl finishes its current requests.
    """
    from ansinh.schedule import CrawlSchedule

    sites = resolve_sites(site)
    period = parse_schedule(every, cron)
    mirror_map = parse_mirrors(mirrors)
    open_archive(db)
    log_to_stderr()
    CrawlSchedule(db, sites, mirror_map, every=period, cron=cron, now=now).run_until_signalled()


SERVE_OPTIONS = [
    click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on."),
    click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on."),
]


def serve_options(command):
    for option in reversed(SERVE_OPTIONS):
        command = option(command)
    return command


@main.command(short_help="Serve the archive in datasette (read-only).")
@DB_OPTION
@serve_options
def serve(db: Path, host: str, port: int) -> None:
    """Serve the archive in datasette, read-only, with Vietnamese search and article pages."""
    from archive.web import CannotServe
    from archive.web import serve as serve_archive

    if not db.exists():
        fail(f"no archive at {db}: run `ansinh crawl --db {db}` first")
    try:
        serve_archive(db, host=host, port=port)
    except CannotServe as error:
        fail(str(error))


@main.command(short_help="The main job: crawl, serve, keep crawling on schedule.")
@DB_OPTION
@serve_options
@click.option("--every", metavar="PERIOD", help="Crawl every PERIOD instead of the sites' schedules.")
@click.option("--mirror", "mirrors", multiple=True, metavar="SITE=URL", help="As for crawl.")
def up(db: Path, host: str, port: int, every: str | None, mirrors: tuple[str, ...]) -> None:
    """The main job: serve the archive and keep it crawled, until stopped.

    Crawls every site at once if the archive is empty, serves it in datasette at http://HOST:PORT/, and
    crawls each site on its schedule in the same process group. Exits non-zero when it cannot serve (the
    port is taken), or when the archive is empty and no site can be reached.
    """
    from ansinh.schedule import run_up

    period = parse_schedule(every, None)
    mirror_map = parse_mirrors(mirrors)
    open_archive(db)
    log_to_stderr()
    sys.exit(run_up(db, resolve_sites(()), host, port, mirror_map, every=period))


@main.command(short_help="The main job over bundled sample sites: no network needed.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="The archive (default: a new one in a temporary folder).")
@serve_options
@click.option("--articles", type=click.IntRange(1, 5000), default=40, show_default=True,
              help="Sample articles per site.")
@click.option("--every", metavar="PERIOD", help="Crawl every PERIOD instead of the sites' schedules.")
def demo(db: Path | None, host: str, port: int, articles: int, every: str | None) -> None:
    """The main job over a bundled sample of each site, served on 127.0.0.1.

    No network to the sites is needed: the samples are written in each site's real markup, and the crawl
    reaches them through --mirror while the archive keeps the real URLs. Stop with Ctrl-C.
    """
    import tempfile

    from ansinh.samples import SampleError, build_sites
    from ansinh.samples import serve as serve_samples
    from ansinh.schedule import run_up

    period = parse_schedule(every, None)
    try:
        sites = build_sites(articles=articles)
    except SampleError as error:
        fail(str(error))
    db = db or Path(tempfile.mkdtemp(prefix="ansinh-demo-")) / "archive.db"
    open_archive(db)
    log_to_stderr()
    with serve_samples(sites) as samples:
        for key, base in samples.mirrors().items():
            logging.getLogger("ansinh").info("sample of %s at %s", key, base)
        # A site without a sample would be crawled on the real network: the demo shows the sampled ones.
        sampled = [site for site in resolve_sites(()) if site.key in samples.mirrors()]
        code = run_up(db, sampled, host, port, samples.mirrors(), every=period)
    sys.exit(code)


# The other collectors' commands (rescue, import, reextract, dedupe) are in their own module, on this group.
from ansinh import collect  # noqa: E402,F401
