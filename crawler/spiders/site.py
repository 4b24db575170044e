"""One generic spider for every site definition: it finds articles and parses them; pipelines store."""

from __future__ import annotations

from typing import Iterable

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from archive import Archive
from crawler.extract import ExtractionError
from crawler.failures import failure_reason
from crawler.items import ArticlePage, ListingPage, PageFailure
from crawler.listing import Reading, article_links, next_step
from crawler.sites import Section, Site, get_site, load_sites
from crawler.workers import release, shared_extraction

# Listings, feeds and sitemaps are revalidated on every run (a 304 when unchanged); articles are never cached,
# the archive keeps them. max-age=0, as a browser's reload sends: Scrapy's RFC 2616 policy then asks with the
# cached ETag / Last-Modified ("no-cache" would make it fetch the whole page again).
REVALIDATE = {"Cache-Control": "max-age=0"}


class SiteSpider(scrapy.Spider):
    """Crawls one site's social-security sections, plus its feeds and sitemaps, fetching what the archive lacks.

    A section's listing is read in one of two ways. The *head* reads from page 1 until it reaches articles the
    archive has, then ``overlap`` pages more (a pinned old article must not hide new ones below it), for as long
    as they bring new articles: the cheap path of a scheduled re-crawl. The *walk* reads every page to the end,
    and the archive records how far it got, so that a walk cut short (a kill, the bound of pages per run) goes
    on from there next run. A section walks until its walk has once reached the end; ``full`` walks again and
    fetches every article. When to stop is :func:`crawler.listing.next_step`'s decision, which no single bad
    page can make.

    :param site: the site's key or definition.
    :param archive: the archive file, read for what is already known.
    :param max_pages: listing pages per section and run, for the head and the walk each (default:
        ``ANSINH_MAX_PAGES``); a walk stopped there goes on where it stopped next run.
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
        # Article links each head and walk has seen in this run, by (section URL, walked).
        self.seen: dict[tuple[str, bool], set[str]] = {}
        # An article request carries its section's name (its category); a failure remembers the section's URL.
        self.section_urls = {section.name: section.url for section in self.site.sections}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        kwargs.setdefault("archive", crawler.settings.get("ANSINH_DB"))
        if not kwargs.get("max_pages"):
            kwargs["max_pages"] = crawler.settings.getint("ANSINH_MAX_PAGES") or None
        spider = super().from_crawler(crawler, *args, **kwargs)
        workers = crawler.settings.get("ANSINH_EXTRACT_WORKERS")
        spider.extraction = shared_extraction(None if workers is None else int(workers))
        crawler.signals.connect(lambda: release(spider.extraction), signal=signals.spider_closed, weak=False)
        return spider

    async def start(self):
        archive = Archive(self.archive_path, readonly=True)
        # Asked page by page through the archive's index: the start costs the same for any size of archive.
        self.known = set() if self.full else archive.known_urls(self.site.key)
        pending = archive.frontier(self.site.key)
        refresh = archive.recent_urls(self.site.key, self.refresh_days) if self.refresh_days else []
        walks = {section.url: archive.walk(self.site.key, section.url) for section in self.site.sections}
        failed_articles = archive.due_failures(self.site.key, "article")
        failed_listings = archive.due_failures(self.site.key, "listing")
        waiting = archive.waiting_failures(self.site.key)
        if self.full:
            archive.close()
        else:
            # Kept open for self.known, closed with the spider.
            self.crawler.signals.connect(archive.close, signal=signals.spider_closed, weak=False)

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
            # (A walk that goes on at this very page, or walks from the start, asks for it below.)
            resumed = walk is not None and not walk["finished"] and walk["next_page"] == row["page"]
            if section is not None and not resumed and not (self.full or walk is None):
                # Read again as a head from there: it stops once it is past what the archive has.
                yield self.listing_request(section, Reading(page=row["page"]))
        for url, category in refresh:
            # A page that does not name its section keeps the category it was stored with.
            yield self.article_request(url, category)
        for section in self.site.sections:
            walk = walks[section.url]
            if self.full or walk is None:
                yield self.listing_request(section, Reading(), walked=True)
            elif walk["finished"]:
                yield self.listing_request(section, Reading())
            else:
                # New articles at the head, and the unfinished walk where it stopped: articles only move
                # down the listing, so nothing between the two is skipped.
                yield self.listing_request(section, Reading())
                yield self.listing_request(section, Reading(page=walk["next_page"]), walked=True)
        for feed in self.site.feeds:
            yield scrapy.Request(feed, callback=self.parse_feed, errback=self.on_error, headers=REVALIDATE,
                                 meta={"ansinh_kind": "feed"})
        for sitemap in self.site.sitemaps:
            yield scrapy.Request(sitemap, callback=self.parse_sitemap, errback=self.on_error, headers=REVALIDATE,
                                 meta={"ansinh_kind": "feed"})

    def listing_request(self, section: Section, state: Reading, walked: bool = False) -> scrapy.Request:
        """A listing page of a head or walk (``state.page``; see :mod:`crawler.listing`)."""
        return scrapy.Request(
            section.page_url(state.page),
            callback=self.parse_listing,
            errback=self.on_error,
            cb_kwargs={"section": section, "state": state, "walked": walked},
            headers=None if self.full else REVALIDATE,
            meta={"ansinh_kind": "listing", "dont_cache": self.full},
            # Deeper pages wait behind the articles already found: memory stays flat on deep archives.
            priority=-state.page,
            # The head and the walk may both read a page.
            dont_filter=True,
        )

    def article_request(self, url: str, section: str | None) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, cb_kwargs={"section": section},
                              meta={"ansinh_kind": "article", "dont_cache": True})

    def article_links(self, response: Response) -> list[str]:
        """The canonical article URLs a listing page links to (:func:`crawler.listing.article_links`), with the
        links found and a listing selector that matched nothing counted for ``site_health``."""
        found, matched = article_links(self.site, response.selector, response.url)
        if not matched:
            self.crawler.stats.inc_value("ansinh/listing_selector_missed")
            self.logger.warning("the listing selector %r matched nothing on %s", self.site.listing_links,
                                response.meta.get("ansinh_real_url", response.url))
        # Known or not: a listing that suddenly links to no article at all says the template changed.
        self.crawler.stats.inc_value("ansinh/links_found", len(found))
        return found

    def parse_listing(self, response: Response, section: Section, state: Reading, walked: bool):
        self.crawler.stats.inc_value("ansinh/listing_pages")
        links = self.article_links(response)
        yield from self.after_listing_page(section, state, walked, "ok", links)

    def after_listing_page(self, section: Section, state: Reading, walked: bool, outcome: str, links: list[str]):
        """Store what a listing page brought, and read the next page if the stop rule says so."""
        # Pages repeat items of other pages (a "highlight" of the newest, a sidebar): what counts is what this
        # head or walk has not shown yet in this run.
        seen = self.seen.setdefault((section.url, walked), set())
        unseen = [url for url in links if url not in seen]
        seen.update(links)
        # What this run found elsewhere still counts as new here: the stop rule must not depend on whether a
        # feed or a listing was read first; Scrapy's duplicate filter fetches each article once.
        new = [url for url in unseen if url not in self.known]
        known = [index for index, url in enumerate(links) if url in self.known]
        # A new link below the first known one: perhaps a pinned old article on top, the head reads on.
        below = bool(known) and not set(new).isdisjoint(links[known[0] + 1:])
        step = next_step(state, walk=walked, outcome=outcome, links=len(links), unseen=len(unseen), new=len(new),
                         known=bool(known), boundary=bool(known) and not below, overlap=self.site.overlap,
                         bound=self.max_pages)
        for page in step.anomalies:
            yield self.listing_anomaly(section, page, walked)
        if outcome == "ok" or walked and outcome == "gone":
            # A walk has read every page before the next one; it ends only where the stop rule says so.
            yield ListingPage(self.site.key, section.url, state.page, new, walked=walked, last=step.reason == "end")
        for url in new:
            yield self.article_request(url, section.name)
        if step.reason == "bound" and walked:
            # The walk records how far it got, and goes on from there next run.
            self.crawler.stats.inc_value("ansinh/walks_bounded")
            self.logger.warning("%s: the walk of %s stopped at page %d, the bound of pages per run; it goes on "
                                "next run", self.site.key, section.name, state.page)
        elif step.reason == "bound" and new:
            # A head stopped among new articles records nothing of how far it got: the next page is kept as a
            # failed listing page, read again next run, or the next head would stop at what this one stored.
            self.logger.warning("%s: the head of %s stopped at page %d among new articles, the bound of pages per "
                                "run; page %d is read next run", self.site.key, section.name, state.page,
                                state.page + 1)
            yield PageFailure(section.page_url(state.page + 1), "listing", "bound of pages per run",
                              section=section.url, page=state.page + 1)
        if step.go_on:
            yield self.listing_request(section, step.following, walked=walked)

    def listing_anomaly(self, section: Section, page: int, walked: bool) -> PageFailure:
        """A listing page that answered 404 or listed nothing, although later pages list articles: a failed
        listing page, to be read again."""
        self.logger.warning("%s: listing page %d of %s was empty or missing although later pages list articles",
                            self.site.key, page, section.name)
        return PageFailure(section.page_url(page), "listing", "empty or missing", section=section.url, page=page,
                           walked=walked)

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
        found = dict.fromkeys(self.site.canonical(url) for url in urls if self.site.is_article(url))
        self.crawler.stats.inc_value("ansinh/links_found", len(found))
        new = [url for url in found if url not in self.known]
        yield ListingPage(self.site.key, "", 0, new)
        for url in new:
            yield self.article_request(url, None)

    async def parse_article(self, response: Response, section: str | None):
        url = self.site.canonical(response.url)
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        page = ArticlePage(url=url, site=self.site.key, status=response.status, raw=response.meta.get("ansinh_warc"),
                           content_type=content_type)
        try:
            # In a worker process (crawler.workers): the reactor goes on fetching meanwhile.
            article, derived = await self.extraction.extract(self.site, url, response.body, content_type)
            page.found(article, section, derived)
        except (ExtractionError, ValueError, AttributeError) as error:
            # A broken page is kept raw and counted; the crawl goes on.
            page.error = str(error)
            self.logger.warning("could not extract %s: %s", page.url, page.error)
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
        if kind == "listing" and gone:
            # Perhaps past the last page, perhaps a page missing once: the stop rule tells which.
            yield from self.after_listing_page(args["section"], args["state"], args["walked"], "gone", [])
            return
        self.logger.warning("could not fetch %s %s: %s", kind, url, failure.getErrorMessage())
        self.crawler.stats.set_value("ansinh/last_error", f"{url}: {failure.getErrorMessage()}")
        status = response.status if response is not None else None
        if kind == "article" and gone:
            # Kept as a failed page (it is known, not found again as new), and asked for again on later runs.
            yield ArticlePage(url=self.site.canonical(url), site=self.site.key, status=status,
                              raw=request.meta.get("ansinh_warc"), error=f"HTTP {status}")
            return
        self.crawler.stats.inc_value(f"ansinh/{kind}_errors")
        if kind == "article":
            yield PageFailure(self.site.canonical(url), kind, reason, status, failure.getErrorMessage(),
                              section=self.section_urls.get(args.get("section")))
        elif kind == "listing":
            state = args["state"]
            yield PageFailure(url, kind, reason, status, failure.getErrorMessage(), section=args["section"].url,
                              page=state.page, walked=args["walked"])
            yield from self.after_listing_page(args["section"], state, args["walked"], "failed", [])


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
