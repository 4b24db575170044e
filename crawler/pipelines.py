"""Pipelines: hand what the spiders found to the archive."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future

from archive.store import FAILURE_ATTEMPTS
from archive.writer import release, shared_writer
from crawler.items import ArticlePage, ListingPage, PageFailure
from crawler.workers import on_reactor

# How the summary names each kind of page, one and many.
KIND_NAMES = {"listing": ("listing page", "listing pages"), "article": ("article", "articles"),
              "feed": ("feed", "feeds"), "wayback": ("Wayback request", "Wayback requests")}


class ArchivePipeline:
    """Stores each article page (where its response record is, the article when it was extracted), records the pages
    that failed (and clears them once read), and keeps the site's row in ``crawls``: opened when the spider opens,
    closed with its counts and status when it closes. A run that missed pages is ``partial`` and says which.
    It hands on only the articles, as plain dicts of their fields: what ``scrapy crawl dantri -o x.jsonl``
    exports (listing pages, failures and raw bytes stay in the archive).

    ``ANSINH_DB`` names the archive file. Every write goes through the archive's one writer thread
    (:mod:`archive.writer`), which commits in batches: an item is done once its batch is committed, and the
    reactor thread never waits on SQLite.
    """

    def __init__(self, crawler, path: str):
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = shared_writer(path)
        self.crawl_id: int | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.get("ANSINH_DB", "archive.db"))

    async def write(self, job):
        """``job(archive)`` run by the writer; its result once committed."""
        return await maybe_deferred_to_future(on_reactor(self.writer.submit(job)))

    async def open_spider(self, spider=None) -> None:
        site = self.crawler.spider.site

        def start(archive):
            archive.describe_site(site.key, site.name, site.base)
            return archive.start_crawl(site.key)

        self.crawl_id = await self.write(start)
        # What the crawl's WARC files name it by.
        self.stats.set_value("ansinh/crawl_id", self.crawl_id)

    async def process_item(self, item, spider=None):
        if isinstance(item, ListingPage):
            section = next((s for s in self.crawler.spider.site.sections if s.url == item.section), None)
            await self.write(lambda archive: store_listing(archive, item, section))
            raise DropItem("a listing page, stored in the archive's frontier", log_level="DEBUG")
        if isinstance(item, PageFailure):
            site = self.crawler.spider.site.key
            self.failed(item.kind, item.reason, await self.write(lambda archive: archive.record_failure(
                item.url, site, item.kind, item.reason, status=item.status, error=item.error,
                section=item.section, page=item.page, walked=item.walked)))
            raise DropItem("a failed page, recorded in the archive's failures", log_level="DEBUG")
        if not isinstance(item, ArticlePage):
            return item
        self.stats.inc_value("ansinh/articles_fetched")
        article = item.article
        for field in article.missed if article else ():
            self.stats.inc_value(f"ansinh/missed/{field}")
        outcome, failure = await self.write(lambda archive: store_article_page(archive, item))
        self.stats.inc_value(f"ansinh/{outcome or 'failed'}")
        if outcome is None:
            self.failed("article", failure["reason"], failure)
            raise DropItem("a page with no article, kept raw in the archive", log_level="DEBUG")
        # What a feed export (`scrapy crawl dantri -o articles.jsonl`) gets: the article, not the raw bytes.
        return {**item.row(), "images": article.images}

    def failed(self, kind: str, reason: str, row: dict | None) -> None:
        """Count a failed page of this run by kind and reason, and say so loudly if it was given up."""
        self.stats.inc_value(f"ansinh/failures/{kind}")
        self.stats.inc_value(f"ansinh/reasons/{kind}/{reason}")
        if row and row["given_up"]:
            self.stats.inc_value("ansinh/given_up")
            self.crawler.spider.logger.error("giving up %s after %d attempts: %s", row["url"], row["attempts"], reason)

    def failure_summary(self) -> str | None:
        """What this run missed, per kind with counts and reasons: "2 listing pages failed (HTTP 500 ×2)"."""
        stats = self.stats.get_stats()
        # Feeds are asked for on every run anyway: counted here, not recorded in failures.
        feeds = stats.get("ansinh/feed_errors", 0)
        parts = []
        for kind, (one, many) in KIND_NAMES.items():
            count = stats.get(f"ansinh/failures/{kind}", 0) + (feeds if kind == "feed" else 0)
            if count:
                prefix = f"ansinh/reasons/{kind}/"
                reasons = ", ".join(f"{key[len(prefix):]} ×{n}" for key, n in sorted(stats.items()) if key.startswith(prefix))
                parts.append(f"{count} {one if count == 1 else many} failed" + (f" ({reasons})" if reasons else ""))
        given_up = stats.get("ansinh/given_up", 0)
        if given_up:
            parts.append(f"{given_up} given up after {FAILURE_ATTEMPTS} attempts")
        return ", ".join(parts) or None

    async def spider_closed(self, spider, reason: str) -> None:
        get = self.stats.get_value
        counts = {
            "listing_pages": get("ansinh/listing_pages", 0),
            "links_found": get("ansinh/links_found", 0),
            "articles_fetched": get("ansinh/articles_fetched", 0),
            "new": get("ansinh/new", 0),
            "updated": get("ansinh/updated", 0),
            "unchanged": get("ansinh/unchanged", 0),
            "failed": get("ansinh/failed", 0) + get("ansinh/article_errors", 0),
            # What reached the site: answers from the HTTP cache (fresh, not revalidated) cost it nothing.
            "requests": get("downloader/request_count", 0) - get("httpcache/hit", 0),
            "bytes": get("downloader/response_bytes", 0),
            "listing_selector_missed": get("ansinh/listing_selector_missed", 0),
            "walks_bounded": get("ansinh/walks_bounded", 0),
        }
        # Per field, the articles on which the seed's selectors matched nothing.
        selectors_missed = {key.removeprefix("ansinh/missed/"): value for key, value in self.stats.get_stats().items()
                            if key.startswith("ansinh/missed/")}
        reached = get("downloader/response_count", 0) > 0 and (counts["listing_pages"] or counts["articles_fetched"])
        # A spider that raised (a template the code does not expect) has missed what that page held.
        raised = get("spider_exceptions/count", 0)
        missed = self.failure_summary()
        if reason != "finished":
            status = "interrupted"
        elif not reached:
            status = "failed"
        else:
            status = "partial" if raised or missed else "ok"
        error = "; ".join(filter(None, [
            f"{raised} pages raised an error in the spider (see the log)" if raised else None,
            missed,
            get("ansinh/last_error") if status == "failed" else None,
        ])) or None
        try:
            await self.write(lambda archive: archive.finish_crawl(self.crawl_id, status, counts, error,
                                                                  selectors_missed=selectors_missed))
        finally:
            release(self.writer)


def store_listing(archive, item: ListingPage, section) -> None:
    """A listing page's new article URLs into the frontier, how far its walk got, and its failure cleared."""
    archive.add_to_frontier(item.site, item.new_urls, item.section or None)
    if item.walked:
        archive.record_walk(item.site, item.section, item.page + 1, finished=item.last)
    if section is not None:
        archive.clear_failure(section.page_url(item.page))


def store_article_page(archive, item: ArticlePage) -> tuple[str | None, dict | None]:
    """An article page kept with its article (one transaction: the writer's savepoint and store_page's own), and
    the page's failures row when it gave no article."""
    outcome = item.store(archive)
    return outcome, archive.failure(item.url) if outcome is None else None
