"""One generic spider for every site definition: it finds articles and parses them; pipelines store."""

from __future__ import annotations

from typing import Iterable

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from archive import Archive
from crawler.encoding import decode_html
from crawler.extract import ExtractionError, extract
from crawler.failures import failure_reason
from crawler.items import ArticlePage, ListingPage, PageFailure
from crawler.sites import Section, Site, get_site, load_sites

# Listings, feeds and sitemaps are revalidated on every run (a 304 when unchanged); articles are never cached,
# the archive keeps them. max-age=0, as a browser's reload sends: Scrapy's RFC 2616 policy then asks with the
# cached ETag / Last-Modified ("no-cache" would make it fetch the whole page again).
REVALIDATE = {"Cache-Control": "max-age=0"}


class SiteSpider(scrapy.Spider):
    """Crawls one site's social-security sections, plus its feeds and sitemaps, fetching what the archive lacks.

    A section's listing is read in one of two ways. The *head* reads from page 1 until it reaches articles the
    archive has, then ``overlap`` pages more (a pinned old article must not hide new ones below it), for as long
    as they bring new articles: the cheap path of a scheduled re-crawl. The *walk* reads every
    page to the end, and the archive records how far it got, so that a walk cut short (a kill, ``--max-pages``)
    goes on from there next run. A section walks until its walk has once reached the end; ``full`` walks
    again and fetches every article.

    :param site: the site's key or definition.
    :param archive: the archive file, read for what is already known.
    :param max_pages: listing pages per section and run, for the head and the walk each (default: no limit).
    :param full: walk every listing page and fetch every article again.
    :param refresh_days: also re-fetch known articles published in the last N days, to catch corrections.
    """

    name = "site"

    def __init__(self, site: str | Site, archive: str = "archive.db", max_pages: int | str | None = None,
                 full: bool | str = False, refresh_days: float | str | None = None, **kwargs):
        self.site = site if isinstance(site, Site) else get_site(site)
        super().__init__(name=self.site.key, **kwargs)
        self.max_pages = int(max_pages) if max_pages else None
        self.full = full not in (False, "", "0", "false", None)
        self.refresh_days = float(refresh_days) if refresh_days else None
        self.archive_path = archive
        self.seen: dict[str, set[str]] = {}
        # An article request carries its section's name (its category); a failure remembers the section's URL.
        self.section_urls = {section.name: section.url for section in self.site.sections}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        kwargs.setdefault("archive", crawler.settings.get("ANSINH_DB"))
        return super().from_crawler(crawler, *args, **kwargs)

    async def start(self):
        archive = Archive(self.archive_path)
        self.known = set() if self.full else archive.known_urls(self.site.key)
        pending = archive.frontier(self.site.key)
        refresh = archive.recent_urls(self.site.key, self.refresh_days) if self.refresh_days else []
        walks = {section.url: archive.walk(self.site.key, section.url) for section in self.site.sections}
        failed_articles = archive.due_failures(self.site.key, "article")
        failed_listings = archive.due_failures(self.site.key, "listing")
        waiting = archive.waiting_failures(self.site.key)
        archive.close()

        # The frontier remembers the section by its URL; its name is the category a page may not give.
        names = {section.url: section.name for section in self.site.sections}
        # Pages that failed on earlier runs and are due again; those that are not (backoff, given up) wait.
        due = {row["url"]: row["section"] for row in failed_articles}
        for url, section in [*pending, *due.items()]:
            if url not in waiting:
                yield self.article_request(url, names.get(section))
        sections = {section.url: section for section in self.site.sections}
        for row in failed_listings:
            section, walk = sections.get(row["section"]), walks.get(row["section"])
            # (A walk that goes on at this very page asks for it below.)
            resumed = bool(row["walked"]) and walk is not None and not walk["finished"] and walk["next_page"] == row["page"]
            if section is not None and not resumed and not (row["walked"] and (self.full or walk is None)):
                yield self.listing_request(section, row["page"], walked=bool(row["walked"]))
        for url, category in refresh:
            # A page that does not name its section keeps the category it was stored with.
            yield self.article_request(url, category)
        for section in self.site.sections:
            walk = walks[section.url]
            if self.full or walk is None:
                yield self.listing_request(section, 1, walked=True)
            elif walk["finished"]:
                yield self.listing_request(section, 1)
            else:
                # New articles at the head, and the unfinished walk where it stopped: articles only move
                # down the listing, so nothing between the two is skipped.
                yield self.listing_request(section, 1)
                yield self.listing_request(section, walk["next_page"], walked=True)
        for feed in self.site.feeds:
            yield scrapy.Request(feed, callback=self.parse_feed, errback=self.on_error, headers=REVALIDATE,
                                 meta={"ansinh_kind": "feed"})
        for sitemap in self.site.sitemaps:
            yield scrapy.Request(sitemap, callback=self.parse_sitemap, errback=self.on_error, headers=REVALIDATE,
                                 meta={"ansinh_kind": "feed"})

    def listing_request(self, section: Section, page: int, walked: bool = False, beyond: int = 0,
                        read: int = 1) -> scrapy.Request:
        """A listing page; ``read`` counts the pages of this head or walk so far, for ``max_pages``."""
        return scrapy.Request(
            section.page_url(page),
            callback=self.parse_listing,
            errback=self.on_error,
            cb_kwargs={"section": section, "page": page, "walked": walked, "beyond": beyond, "read": read},
            headers=None if self.full else REVALIDATE,
            meta={"ansinh_kind": "listing", "dont_cache": self.full},
            # Deeper pages wait behind the articles already found: memory stays flat on deep archives.
            priority=-page,
            # The head and the walk may both read a page.
            dont_filter=True,
        )

    def article_request(self, url: str, section: str | None) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, cb_kwargs={"section": section},
                              meta={"ansinh_kind": "article", "dont_cache": True})

    def new_articles(self, urls: Iterable[str]) -> list[str]:
        """The canonical article URLs among ``urls`` that the archive lacked when the run began, in order, once
        each. (What this run found elsewhere still counts as new here: the stop rule must not depend on whether
        a feed or a listing was read first; Scrapy's duplicate filter fetches each article once.)"""
        found = dict.fromkeys(self.site.canonical(url) for url in urls if self.site.is_article(url))
        # Known or not: a listing that suddenly links to no article at all says the template changed.
        self.crawler.stats.inc_value("ansinh/links_found", len(found))
        return [url for url in found if url not in self.known]

    def parse_listing(self, response: Response, section: Section, page: int, walked: bool, beyond: int,
                      read: int):
        self.crawler.stats.inc_value("ansinh/listing_pages")
        links = [response.urljoin(a.attrib["href"]) for a in response.css(self.site.listing_links) if "href" in a.attrib]
        any_article = any(self.site.is_article(url) for url in links)
        new = self.new_articles(links)
        yield ListingPage(self.site.key, section.url, page, new, walked=walked, last=not any_article)
        for url in new:
            yield self.article_request(url, section.name)
        # Pages repeat items of other pages (a "highlight" of the newest): only what this section's listing has
        # not shown yet in this run keeps the head reading.
        seen = self.seen.setdefault(section.url, set())
        unseen = [url for url in new if url not in seen]
        seen.update(new)
        known_here = any(self.site.canonical(url) in self.known for url in links if self.site.is_article(url))
        # Pages read since the head reached what the archive knows (the listing is newest first).
        beyond = 0 if unseen and not known_here else 1 if unseen else beyond + 1
        # A page that lists no article at all is past the end of the listing.
        more = any_article and (walked or beyond <= self.site.overlap)
        if more and (self.max_pages is None or read < self.max_pages):
            yield self.listing_request(section, page + 1, walked=walked, beyond=beyond, read=read + 1)

    def parse_feed(self, response: Response):
        """RSS items' links."""
        response.selector.remove_namespaces()
        yield from self.feed_articles(map(str.strip, response.xpath("//item/link/text()").getall()))

    def parse_sitemap(self, response: Response):
        """A sitemap's article URLs; a sitemap index's sitemaps."""
        sitemap = Sitemap(response.body)
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                yield scrapy.Request(entry["loc"], callback=self.parse_sitemap, errback=self.on_error,
                                     headers=REVALIDATE, meta={"ansinh_kind": "feed"})
        else:
            yield from self.feed_articles(entry["loc"] for entry in sitemap)

    def feed_articles(self, urls: Iterable[str]):
        new = self.new_articles(urls)
        yield ListingPage(self.site.key, "", 0, new)
        for url in new:
            yield self.article_request(url, None)

    def parse_article(self, response: Response, section: str | None):
        url = self.site.canonical(response.url)
        page = ArticlePage(url=url, site=self.site.key, status=response.status, html=response.body,
                           content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None)
        try:
            page.article = extract(self.site, url, decode_html(response.body, response.headers.get("Content-Type")))
        except (ExtractionError, ValueError, AttributeError) as error:
            # A broken page is kept raw and counted; the crawl goes on.
            self.logger.warning("could not extract %s: %s", url, error)
            page.error = str(error)
        else:
            page.article.category = page.article.category or section
        yield page

    def on_error(self, failure):
        """A request that finally failed (after Scrapy's retries): counted, and an article or listing page recorded
        in ``failures``, to be asked for again on later runs. robots.txt's no is policy, not a failure."""
        request = failure.request
        kind = request.meta.get("ansinh_kind", "page")
        url = request.meta.get("ansinh_real_url", request.url)
        response = getattr(failure.value, "response", None)
        gone = response is not None and response.status in (404, 410)
        args = request.cb_kwargs
        reason = failure_reason(failure)
        if reason is None:
            self.crawler.stats.inc_value("ansinh/forbidden")
            self.logger.info("not fetching %s %s: %s", kind, url, failure.getErrorMessage())
            return
        if kind == "listing" and gone and args["page"] > 1:
            # Past the last page: the end of the listing. A walk is complete.
            if args["walked"]:
                yield ListingPage(self.site.key, args["section"].url, args["page"], [], walked=True, last=True)
            return
        self.logger.warning("could not fetch %s %s: %s", kind, url, failure.getErrorMessage())
        self.crawler.stats.set_value("ansinh/last_error", f"{url}: {failure.getErrorMessage()}")
        status = response.status if response is not None else None
        if kind == "article" and gone:
            # Kept as a failed page (it is known, not found again as new), and asked for again on later runs.
            yield ArticlePage(url=self.site.canonical(url), site=self.site.key, status=status,
                              html=response.body, error=f"HTTP {status}")
            return
        self.crawler.stats.inc_value(f"ansinh/{kind}_errors")
        if kind == "article":
            yield PageFailure(self.site.canonical(url), kind, reason, status, failure.getErrorMessage(),
                              section=self.section_urls.get(args.get("section")))
        elif kind == "listing":
            yield PageFailure(url, kind, reason, status, failure.getErrorMessage(), section=args["section"].url,
                              page=args["page"], walked=args["walked"])


class SiteSpiderLoader:
    """Makes ``scrapy crawl <site key>`` work: every definition in seeds/ is a spider of that name."""

    def __init__(self, settings=None):
        self.sites = load_sites()

    @classmethod
    def from_settings(cls, settings):
        return cls(settings)

    def load(self, spider_name: str) -> type[SiteSpider]:
        if spider_name not in self.sites:
            raise KeyError(f"Spider not found: {spider_name}")
        site = self.sites[spider_name]

        def __init__(spider, **kwargs):
            SiteSpider.__init__(spider, site, **kwargs)

        return type(f"{site.key.title()}Spider", (SiteSpider,), {"name": site.key, "__init__": __init__})

    def list(self) -> list[str]:
        return list(self.sites)

    def find_by_request(self, request) -> list[str]:
        return [key for key, site in self.sites.items() if site.is_article(request.url)]
