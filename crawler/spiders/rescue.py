"""The rescue spider: a site's articles from the Internet Archive's Wayback Machine, for a site that is gone.

It runs with the live crawl's settings and pipeline (robots.txt, AutoThrottle, retries, the archive's rows,
crawls and site_health), only slower (a delay between requests: the Wayback Machine is a shared service), and
it asks nothing of the site's own hosts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from archive import Archive
from crawler.encoding import decode_html
from crawler.extract import ExtractionError, extract
from crawler.failures import failure_reason
from crawler.items import ArticlePage, PageFailure
from crawler.listing import article_links
from crawler.sites import Section, Site, get_site
from crawler.wayback import WAYBACK, capture_url, captured_at, cdx_query, parse_capture_url, parse_cdx

# A page number no listing reaches: it marks where the number goes in a section's page URLs.
PAGE_MARK = 987654321


class RescueSpider(scrapy.Spider):
    """Rescues one site's social-security sections from the Wayback Machine.

    First the listings: the CDX API lists every distinct capture of each section's listing pages; each is
    fetched and its article links followed, as captures near the listing's own time (the Wayback Machine
    redirects to the nearest one it has). Then, once the listings are done, the articles the listings missed:
    the site's captured URLs that its article rule accepts, kept where the page names no other section.

    Articles are extracted with the site's own definition and stored under their original URLs, with
    ``source = "wayback"`` and the capture's time. What the archive already has (live or rescued) is not asked
    for; a live row is never replaced. A capture that is no article of the site (an error page, a soft 404, a
    redirect elsewhere) and every request that failed are recorded in ``failures`` (kind ``wayback``).

    :param site: the site's key or definition.
    :param archive: the archive file, read for what is already stored.
    :param wayback: the Wayback Machine's base URL.
    :param since: the first day of captures, ``YYYYMMDD`` (or shorter: see :func:`crawler.wayback.cdx_day`).
    :param until: the last day of captures, included.
    """

    name = "rescue"

    def __init__(self, site: str | Site, archive: str = "archive.db", wayback: str = WAYBACK,
                 since: str | None = None, until: str | None = None, **kwargs):
        self.site = site if isinstance(site, Site) else get_site(site)
        super().__init__(name=self.site.key, **kwargs)
        self.archive_path = archive
        self.wayback = wayback.rstrip("/")
        # Read by SiteGuardMiddleware: every request goes to the Wayback Machine, none to the site itself.
        self.service_netloc = urlsplit(self.wayback).netloc
        self.since, self.until = since, until
        self.section_names = {section.name for section in self.site.sections}
        # Canonical article URLs stored or asked for already: each is fetched once.
        self.asked: set[str] = set()
        self.direct_query_done = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        kwargs.setdefault("archive", crawler.settings.get("ANSINH_DB"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.listings_done, signal=signals.spider_idle)
        return spider

    async def start(self):
        archive = Archive(self.archive_path, readonly=True)
        self.asked = archive.article_urls(self.site.key)
        archive.close()
        for section in self.site.sections:
            # Every distinct capture of every page of the section: each may list other articles.
            yield self.cdx_request(section.url, "prefix", "digest", section=section)

    def listings_done(self) -> None:
        """Once the listings are read: the captured article URLs they did not lead to."""
        if self.direct_query_done:
            return
        self.direct_query_done = True
        host = urlsplit(self.site.base).hostname
        self.crawler.engine.crawl(self.cdx_request(host, "domain", "urlkey"))
        raise DontCloseSpider

    # CDX

    def cdx_request(self, url: str, match_type: str, collapse: str, section: Section | None = None,
                    resume_key: str | None = None) -> scrapy.Request:
        query = cdx_query(self.wayback, url, match_type, collapse, self.since, self.until, resume_key)
        return scrapy.Request(query, callback=self.parse_cdx, errback=self.on_error, dont_filter=True,
                              cb_kwargs={"query": (url, match_type, collapse), "section": section},
                              meta={"ansinh_kind": "wayback", "dont_cache": True})

    def parse_cdx(self, response: Response, query: tuple[str, str, str], section: Section | None):
        try:
            rows, resume_key = parse_cdx(response.body)
        except ValueError as error:
            self.logger.warning("%s: %s", response.url, error)
            yield PageFailure(response.url, "wayback", "not a CDX answer", response.status, str(error))
            return
        for row in rows:
            original = row["original"]
            if section is not None:
                if self.is_listing_page(section, original):
                    yield self.capture_request(row["timestamp"], original, self.parse_listing, section=section)
            elif self.site.is_article(original):
                yield from self.article_capture(row["timestamp"], original, section=None)
        if resume_key:
            yield self.cdx_request(*query, section=section, resume_key=resume_key)

    def is_listing_page(self, section: Section, url: str) -> bool:
        """Whether a captured URL is one of a section's listing pages (another section may share its prefix)."""
        canonical = self.site.canonical(url)
        pattern = re.escape(self.site.canonical(section.page_url(PAGE_MARK))).replace(str(PAGE_MARK), r"\d+")
        return canonical == self.site.canonical(section.url) or re.fullmatch(pattern, canonical) is not None

    # Captures

    def capture_request(self, timestamp: str, original: str, callback, **cb_kwargs) -> scrapy.Request:
        return scrapy.Request(capture_url(self.wayback, timestamp, original), callback=callback,
                              errback=self.on_error, cb_kwargs=cb_kwargs,
                              meta={"ansinh_kind": "wayback", "dont_cache": True})

    def article_capture(self, timestamp: str, original: str, section: str | None):
        url = self.site.canonical(original)
        if url not in self.asked:
            self.asked.add(url)
            self.crawler.stats.inc_value("ansinh/links_found")
            yield self.capture_request(timestamp, original, self.parse_article, section=section)

    def capture_of(self, response: Response) -> tuple[str, str] | None:
        """(timestamp, original URL) of the capture a response is, after the Wayback Machine's redirects."""
        capture = parse_capture_url(response.url)
        if capture is None or urlsplit(response.url).netloc != self.service_netloc:
            return None
        return capture

    def parse_listing(self, response: Response, section: Section):
        capture = self.capture_of(response)
        if capture is None or not self.is_listing_page(section, capture[1]) or not hasattr(response, "selector"):
            self.crawler.stats.inc_value("ansinh/captures_skipped")
            self.logger.info("not a listing page of %s: %s", section.name, response.url)
            return
        timestamp, original = capture
        self.crawler.stats.inc_value("ansinh/listing_pages")
        # Links are resolved against the page's original address: they lead back into the site.
        links, _ = article_links(self.site, response.selector, original)
        for link in links:
            yield from self.article_capture(timestamp, link, section=section.name)

    def parse_article(self, response: Response, section: str | None):
        capture = self.capture_of(response)
        if capture is None or not self.site.is_article(capture[1]):
            # A capture that redirects to no article of the site (its home page, a login): nothing to keep.
            self.crawler.stats.inc_value("ansinh/captures_skipped")
            self.logger.info("a capture that is no article of %s: %s", self.site.key, response.url)
            return
        timestamp, original = capture
        url = self.site.canonical(original)
        # Reached by a redirect, it is not asked for again under its own URL.
        self.asked.add(url)
        html = decode_html(response.body, response.headers.get("Content-Type"))
        try:
            article = extract(self.site, url, html)
        except (ExtractionError, ValueError, AttributeError) as error:
            yield self.not_an_article(response, str(error))
            return
        if self.site.selectors.get("body") and article.text_source != "selector":
            # The site's own body is missing: an error page or a soft 404 that answered 200, not an article.
            yield self.not_an_article(response, "the site's body selector matched nothing")
            return
        if section and not article.category:
            # The page does not name its section: the listing it was found on does.
            article.category, article.category_source = section, "listing"
        elif not section and article.category and article.category not in self.section_names:
            # Found without a listing: an article of another section of the site.
            self.crawler.stats.inc_value("ansinh/captures_off_section")
            return
        yield ArticlePage(url=url, site=self.site.key, status=response.status, raw=response.meta.get("ansinh_warc"),
                          content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
                          article=article, source="wayback", captured=captured_at(timestamp))

    def not_an_article(self, response: Response, error: str) -> PageFailure:
        self.crawler.stats.inc_value("ansinh/article_errors")
        self.logger.warning("a capture that is not an article: %s: %s", response.url, error)
        return PageFailure(response.url, "wayback", "not an article", response.status, error)

    def on_error(self, failure):
        """A request to the Wayback Machine that finally failed (a capture it does not have answers 404):
        recorded in ``failures``, so that the run says what it could not rescue. robots.txt's no is policy."""
        request = failure.request
        reason = failure_reason(failure)
        if reason is None:
            self.crawler.stats.inc_value("ansinh/forbidden")
            return
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        self.logger.warning("could not fetch %s: %s", request.url, failure.getErrorMessage())
        self.crawler.stats.set_value("ansinh/last_error", f"{request.url}: {failure.getErrorMessage()}")
        if request.callback == self.parse_article:
            self.crawler.stats.inc_value("ansinh/article_errors")
        yield PageFailure(request.url, "wayback", reason, status, failure.getErrorMessage())
