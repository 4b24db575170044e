"""Pipelines: hand what the spiders found to the archive."""

from __future__ import annotations

from scrapy import signals

from archive import Archive
from crawler.items import ArticlePage, ListingPage


class ArchivePipeline:
    """Stores each article page (raw bytes always, the article when it was extracted) and keeps the site's
    row in ``crawls``: opened when the spider opens, closed with its counts and status when it closes.

    ``ANSINH_DB`` names the archive file.
    """

    def __init__(self, crawler, path: str):
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive = Archive(path)
        self.crawl_id: int | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.get("ANSINH_DB", "archive.db"))

    def open_spider(self, spider=None) -> None:
        site = self.crawler.spider.site
        self.archive.describe_site(site.key, site.name, site.base)
        self.crawl_id = self.archive.start_crawl(site.key)

    def process_item(self, item, spider=None):
        if isinstance(item, ListingPage):
            self.archive.add_to_frontier(item.site, item.new_urls, item.section or None)
            if item.walked:
                self.archive.record_walk(item.site, item.section, item.page + 1, finished=item.last)
            return item
        if not isinstance(item, ArticlePage):
            return item
        self.stats.inc_value("ansinh/articles_fetched")
        article = item.article
        for field in article.missed if article else ():
            self.stats.inc_value(f"ansinh/missed/{field}")
        outcome = self.archive.store_page(
            item.url, item.site, item.html, item.status, item.content_type,
            article=article.row() if article else None, images=article.images if article else None, error=item.error,
        )
        self.stats.inc_value(f"ansinh/{outcome or 'failed'}")
        return item

    def spider_closed(self, spider, reason: str) -> None:
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
        missed = {key.removeprefix("ansinh/missed/"): value for key, value in self.stats.get_stats().items()
                  if key.startswith("ansinh/missed/")}
        reached = get("downloader/response_count", 0) > 0 and (counts["listing_pages"] or counts["articles_fetched"])
        # A spider that raised (a template the code does not expect) has missed what that page held.
        raised = get("spider_exceptions/count", 0)
        if reason != "finished":
            status = "interrupted"
        elif not reached:
            status = "failed"
        else:
            status = "errors" if raised else "ok"
        error = get("ansinh/last_error") if status != "ok" or counts["failed"] else None
        if raised:
            error = f"{raised} pages raised an error in the spider (see the log)" + (f"; {error}" if error else "")
        self.archive.finish_crawl(self.crawl_id, status, counts, error, selectors_missed=missed)
        self.archive.close()
