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
from crawler.spiders.site import SiteSpider


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
    """The settings of a crawl into the archive ``db``, its HTTP cache beside it."""
    return project_settings(sites, mirrors, ANSINH_DB=str(db),
                            HTTPCACHE_DIR=str(Path(f"{db}.httpcache").resolve()), **overrides)


def check_settings(sites: list[Site], mirrors: dict[str, str] | None = None, **overrides) -> Settings:
    """The settings of ``ansinh check``: the crawl's politeness, and nothing stored, cached or reported."""
    return project_settings(sites, mirrors, ITEM_PIPELINES={}, HTTPCACHE_ENABLED=False,
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
    archive = Archive(db, readonly=True)
    before = archive.last_crawl_id()
    archive.close()
    if progress is not None:
        overrides["ANSINH_PROGRESS"] = progress
    process = CrawlerProcess(crawl_settings(db, sites, mirrors, **overrides))
    # An unreachable robots.txt is logged with a traceback there; the spider reports the failed request itself.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    for site in sites:
        # Each site its own crawler: only that of a site whose pages are rendered starts a browser.
        process.crawl(with_browser(SiteSpider, site, (mirrors or {}).get(site.key)), site=site, archive=str(db), max_pages=max_pages, full=full,
                      refresh_days=refresh_days)
    process.start()
    archive = Archive(db)
    rows = archive.crawls_since(before)
    # Every crawl has stopped: fold the WAL into the file, so that the .db alone is complete.
    archive.checkpoint()
    archive.close()
    return rows
