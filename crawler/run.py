"""Running crawls: one Scrapy crawler per site, all in one process, into one archive."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive import Archive
from crawler.browser import with_browser
from crawler.middlewares import is_loopback
from crawler.sites import Site
from crawler.spiders.rescue import RescueSpider
from crawler.spiders.site import SiteSpider
from crawler.wayback import RESCUE_DELAY, WAYBACK


def project_settings(sites: list[Site], mirrors: dict[str, str] | None = None, **overrides) -> Settings:
    """The project's settings (crawl policy), with the mirrors by site key turned into mirrors by host.
    Loopback mirrors are our own copies: their download slots get no delay and more concurrency, so tests and
    benchmarks run at full speed."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    mirrors = mirrors or {}
    by_host = {host: mirrors[site.key] for site in sites if site.key in mirrors for host in site.hosts}
    slots = {
        urlsplit(base).netloc: {"concurrency": 8, "delay": 0, "jitter": 0}
        for base in mirrors.values()
        if is_loopback(base)
    }
    settings.set("ANSINH_MIRRORS", by_host, priority="cmdline")
    settings.set("DOWNLOAD_SLOTS", slots, priority="cmdline")
    if slots and len(slots) == len(mirrors) == len(sites):
        # Only our own copies are crawled: no reason to back off between retries either.
        settings.set("RETRY_BACKOFF_BASE", 0.1, priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl_settings(db: Path, sites: list[Site], mirrors: dict[str, str] | None = None, **overrides) -> Settings:
    """The settings of a crawl into the archive ``db``, its HTTP cache and WARC files beside it."""
    return project_settings(sites, mirrors, ANSINH_DB=str(db),
                            HTTPCACHE_DIR=str(Path(f"{db}.httpcache").resolve()), **overrides)


def check_settings(sites: list[Site], mirrors: dict[str, str] | None = None, **overrides) -> Settings:
    """The settings of ``ansinh check``: the crawl's politeness, and nothing stored, cached or reported."""
    return project_settings(sites, mirrors, ITEM_PIPELINES={}, HTTPCACHE_ENABLED=False,
                            ANSINH_WARC_ENABLED=False,
                            EXTENSIONS={"crawler.progress.Progress": None}, **overrides)


def run_crawls(
    sites: list[Site],
    db: Path,
    max_pages: int | None = None,
    full: bool = False,
    refresh_days: float | None = None,
    mirrors: dict[str, str] | None = None,
    progress: Callable[[str, dict, bool], None] | None = None,
    **overrides,
) -> list[dict]:
    """Crawl the sites, all at once, into the archive; blocks until every site is done.

    :param max_pages: listing pages per section.
    :param full: walk every listing page and fetch every article again.
    :param refresh_days: re-fetch known articles published in the last N days.
    :param mirrors: site key → base URL to send that site's requests to (the archive keeps real URLs).
    :param progress: called with (site key, counts, final) while the crawls run.
    :param overrides: further Scrapy settings, by name.
    :return: the ``crawls`` rows of this run, one per site.
    """
    if progress is not None:
        overrides["ANSINH_PROGRESS"] = progress
    # Each site its own crawler: only that of a site whose pages are rendered starts a browser.
    spiders = [(with_browser(SiteSpider, site, (mirrors or {}).get(site.key)),
                {"site": site, "archive": str(db), "max_pages": max_pages, "full": full, "refresh_days": refresh_days})
               for site in sites]
    return _run(db, crawl_settings(db, sites, mirrors, **overrides), spiders)


def run_rescue(site: Site, db: Path, wayback: str = WAYBACK, since: str | None = None, until: str | None = None,
               delay: float = RESCUE_DELAY, progress: Callable[[str, dict, bool], None] | None = None,
               **overrides) -> dict:
    """Rescue a site from the Wayback Machine into the archive (see :class:`RescueSpider`); blocks until done.

    :param since: the first day of captures, and ``until`` the last, as the CDX API's ``YYYYMMDD``.
    :param delay: seconds between two requests to the Wayback Machine (one at a time).
    :return: the run's ``crawls`` row.
    """
    if progress is not None:
        overrides["ANSINH_PROGRESS"] = progress
    # One request at a time, ``delay`` apart at least (AutoThrottle only ever waits longer). Captures never
    # change and CDX answers must be fresh: no HTTP cache.
    settings = crawl_settings(db, [site], DOWNLOAD_DELAY=delay, DOWNLOAD_DELAY_JITTER=0,
                              AUTOTHROTTLE_START_DELAY=delay, CONCURRENT_REQUESTS_PER_DOMAIN=1,
                              HTTPCACHE_ENABLED=False, **overrides)
    spider = {"site": site, "archive": str(db), "wayback": wayback, "since": since, "until": until}
    [row] = _run(db, settings, [(RescueSpider, spider)])
    return row


def _run(db: Path, settings: Settings, spiders: list[tuple[type, dict]]) -> list[dict]:
    """Run the spiders, all at once, into the archive; the ``crawls`` rows of this run."""
    archive = Archive(db, readonly=True)
    before = archive.last_crawl_id()
    archive.close()
    process = CrawlerProcess(settings)
    # An unreachable robots.txt is logged with a traceback there; the spider reports the failed request itself.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    for spider, arguments in spiders:
        process.crawl(spider, **arguments)
    process.start()
    archive = Archive(db)
    rows = archive.crawls_since(before)
    # Every crawl has stopped: fold the WAL into the file, so that the .db alone is complete.
    archive.checkpoint()
    archive.close()
    return rows
