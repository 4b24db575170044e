"""Every response the crawler receives, with its request, kept in the archive's WARC files (see archive.warc)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.utils.defer import maybe_deferred_to_future

from archive.warc import WarcWriter, warc_folder
from crawler.workers import on_reactor


def header_list(headers: Headers) -> list[tuple[str, str]]:
    """Scrapy's headers as (name, value) pairs, one per value, as they went over the wire."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


class WarcMiddleware:
    """Writes each response as it comes from the network (articles, listings, feeds, sitemaps, robots.txt,
    redirects, errors) with its request, and puts where its record is in ``request.meta["ansinh_warc"]`` for the
    spider. It sits next to the downloader, inside the HTTP cache: a response the cache serves was written when
    it was fetched, and is not written again. A mirrored request is written under its real URL.

    Records are written by a thread of their own, one at a time in the order they come: compressing and digesting
    a page (2 of its 3 ms, measured on the real Dân trí pages) runs without holding the interpreter's lock, so on
    the other core while the reactor goes on. A response is passed on once its record is written.

    The files go beside ``ANSINH_DB`` (see :func:`archive.warc.warc_folder`). Settings: ``ANSINH_WARC_ENABLED``;
    ``ANSINH_WARC_MAX_BYTES`` (a file's size before the next is begun); ``ANSINH_WARC_FSYNC``.
    """

    def __init__(self, crawler, folder: Path):
        self.crawler = crawler
        self.folder = folder
        self.writer: WarcWriter | None = None
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="warc writer")
        self.mirror_netlocs = {urlsplit(base).netloc for base in crawler.settings.getdict("ANSINH_MIRRORS").values()}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("ANSINH_WARC_ENABLED"):
            raise NotConfigured
        # Always beside the database, where every reader looks for it (a symlink puts it on another disk).
        return cls(crawler, warc_folder(settings.get("ANSINH_DB", "archive.db")))

    async def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:
            return response
        if self.writer is None:
            # Begun at the first response: the crawl is open by now, and the files can name it.
            settings = self.crawler.settings
            self.writer = WarcWriter(self.folder, f"ansinh-{self.crawler.spider.name}", self.crawl_info(),
                                     settings.getint("ANSINH_WARC_MAX_BYTES"),
                                     fsync=settings.getbool("ANSINH_WARC_FSYNC"))
        url = self.real_url(request)
        request_headers = [("Host", urlsplit(url).netloc), *header_list(request.headers)]
        written = self.thread.submit(
            self.writer.write_response, url, response.status, header_list(response.headers), response.body,
            request_headers, method=request.method, protocol=response.protocol or "HTTP/1.1")
        request.meta["ansinh_warc"] = await maybe_deferred_to_future(on_reactor(written))
        return response

    def real_url(self, request: Request) -> str:
        """The URL asked for as the site knows it: a mirror's address turned back into the site's."""
        base, real_origin = request.meta.get("ansinh_mirror", (None, None))
        if base and request.url.startswith(base):
            return real_origin + request.url[len(base):]
        parts = urlsplit(request.url)
        site = getattr(self.crawler.spider, "site", None)
        if parts.netloc in self.mirror_netlocs and site is not None:
            # Asked for by a middleware at the mirror's address (robots.txt): the site's own.
            return site.base.rstrip("/") + request.url[len(f"{parts.scheme}://{parts.netloc}"):]
        return request.url

    def crawl_info(self) -> dict[str, str]:
        settings, spider = self.crawler.settings, self.crawler.spider
        site = getattr(spider, "site", None)
        crawl_id = self.crawler.stats.get_value("ansinh/crawl_id")
        return {
            "isPartOf": f"ansinh crawl {crawl_id} of {spider.name}" if crawl_id else f"ansinh crawl of {spider.name}",
            "description": f"{site.name} ({site.base})" if site else None,
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT"),
        }

    def spider_closed(self, spider) -> None:
        self.thread.shutdown()
        if self.writer is not None:
            self.writer.close()
