"""Downloader middlewares: mirrors (a site's requests sent to a local copy) and retries with backoff."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response


def is_loopback(base: str) -> bool:
    host = urlsplit(base).hostname or ""
    return host == "localhost" or host == "::1" or host.startswith("127.")


class MirrorMiddleware:
    """Send every request for a mirrored site's hosts to the mirror's base URL, same path and query, and give
    the spider the response under the real URL: the archive only ever sees real URLs.

    ``ANSINH_MIRRORS`` maps real hosts to a base URL (``{"dantri.com.vn": "http://127.0.0.1:8001"}``).
    A loopback mirror is our own copy: its requests go to a download slot of their own, which settings leave
    without delay, and AutoThrottle leaves alone. robots.txt is still fetched from the mirror and obeyed.
    """

    def __init__(self, mirrors: dict[str, str]):
        self.mirrors = {host: base.rstrip("/") for host, base in mirrors.items()}
        self.mirror_netlocs = {urlsplit(base).netloc for base in self.mirrors.values()}

    @classmethod
    def from_crawler(cls, crawler):
        mirrors = crawler.settings.getdict("ANSINH_MIRRORS")
        if not mirrors:
            raise NotConfigured
        return cls(mirrors)

    def process_request(self, request: Request) -> Request | None:
        parts = urlsplit(request.url)
        base = self.mirrors.get(parts.hostname or "")
        if base is not None:
            mirrored = base + parts.path + ("?" + parts.query if parts.query else "")
            real_origin = f"{parts.scheme}://{parts.netloc}"
            meta = {**request.meta, "ansinh_mirror": (base, real_origin), "ansinh_real_url": request.url}
            # Already deduplicated under its real URL.
            return request.replace(url=mirrored, meta=meta, dont_filter=True)
        netloc = parts.netloc
        if netloc in self.mirror_netlocs:
            request.meta.setdefault("download_slot", netloc)
            if is_loopback(request.url):
                request.meta["autothrottle_dont_adjust_delay"] = True
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        base, real_origin = request.meta.get("ansinh_mirror", (None, None))
        if base and response.url.startswith(base):
            return response.replace(url=real_origin + response.url[len(base):])
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (timeouts, 5xx, dropped connections), each one waiting twice as long as the last:
    ``RETRY_BACKOFF_BASE`` seconds, then twice that, up to ``RETRY_BACKOFF_MAX``."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def _retry(self, request, reason):
        retry = super()._retry(request, reason)
        if retry is not None:
            attempt = retry.meta.get("retry_times", 1)
            retry.meta["ansinh_backoff"] = min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)
        return retry

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop("ansinh_backoff", 0)
        if delay:
            await asyncio.sleep(delay)


class RobotsRevalidateMiddleware:
    """Ask for robots.txt again on every run (RFC 9309: a cached copy is good for a day at most). Scrapy's HTTP
    cache would otherwise serve it as fresh for a tenth of its age since Last-Modified: weeks."""

    def process_request(self, request: Request) -> None:
        if urlsplit(request.url).path == "/robots.txt":
            request.headers.setdefault("Cache-Control", "max-age=0")
