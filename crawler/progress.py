"""Progress of a running crawl: a line per site every few seconds, and once at the end."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger("ansinh.progress")

COUNTS = ("listing_pages", "articles_fetched", "new", "updated", "failed")


def log_progress(site: str, counts: dict[str, int], final: bool) -> None:
    logger.info("%s %s: %s", site, "done" if final else "…", ", ".join(f"{k} {v}" for k, v in counts.items()))


class Progress:
    """Calls ``ANSINH_PROGRESS`` (a callable of site, counts, final; default: a log line) every
    ``ANSINH_PROGRESS_INTERVAL`` seconds while the site's crawl runs."""

    def __init__(self, crawler, interval: float, report):
        self.crawler = crawler
        self.interval = interval
        self.report = report
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("ANSINH_PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured
        return cls(crawler, interval, crawler.settings.get("ANSINH_PROGRESS") or log_progress)

    def counts(self) -> dict[str, int]:
        get = self.crawler.stats.get_value
        return {name: get(f"ansinh/{name}", 0) for name in COUNTS}

    def tick(self, final: bool = False) -> None:
        self.report(self.crawler.spider.name, self.counts(), final)

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider, reason) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.tick(final=True)
