"""Downloader middlewares: nothing leaves the site, mirrors (a site's requests sent to a local copy), retries
with backoff that honour Retry-After, and meta refresh redirects read from the head of a page."""

from __future__ import annotations

import asyncio
import ipaddress
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response


def is_loopback(base: str) -> bool:
    host = urlsplit(base).hostname or ""
    return host == "localhost" or host == "::1" or host.startswith("127.")


class OffsiteRequest(IgnoreRequest):
    """A request (a redirect, a sitemap's entry) for a host that is not the site's, nor its mirror's."""


def is_private_literal(host: str) -> bool:
    """Whether a host is ``localhost`` or an IP literal of a loopback, private, link-local or reserved address."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


class SiteGuardMiddleware:
    """Nothing leaves the site: every request, redirects included, must be http(s) to one of the spider's site
    ``hosts`` (never a loopback or private address literal), or to a ``--mirror``'s own address, or for a
    spider with a ``service_netloc`` (a rescue) to that address only. Anything else
    is refused with :class:`OffsiteRequest`, which the spider records as a failure."""

    def __init__(self, crawler, mirrors: dict[str, str]):
        self.crawler = crawler
        self.mirror_netlocs = {urlsplit(base).netloc for base in mirrors.values()}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getdict("ANSINH_MIRRORS"))

    def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        # A collector that reaches the site only through an archive (a rescue, through the Wayback Machine)
        # names that archive's address, and is kept to it: never the site's own hosts.
        service = getattr(self.crawler.spider, "service_netloc", None)
        if parts.netloc in {*self.mirror_netlocs, service} and parts.scheme in ("http", "https"):
            return None
        hosts = () if service else getattr(getattr(self.crawler.spider, "site", None), "hosts", None)
        host = parts.hostname or ""
        if parts.scheme in ("http", "https") and (hosts is None or host in hosts) and not is_private_literal(host):
            return None
        what = "redirect" if request.meta.get("redirect_urls") else "request"
        raise OffsiteRequest(f"offsite {what} to {request.url}")


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


def retry_after(response: Response) -> float | None:
    """The seconds a response's Retry-After asks for (delta-seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After", b"").decode("latin-1").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max((moment - datetime.now(timezone.utc)).total_seconds(), 0.0)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (timeouts, 5xx, 429, dropped connections), each one waiting twice as long as the last:
    ``RETRY_BACKOFF_BASE`` seconds, then twice that, up to ``RETRY_BACKOFF_MAX``. A response's Retry-After is
    honoured up to ``RETRY_AFTER_MAX`` seconds; a server that asks for longer gets no retry in this run (the
    page is recorded as failed and asked for on a later run)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    def process_response(self, request: Request, response: Response):
        wait = retry_after(response) if response.status in self.retry_http_codes else None
        if wait is not None and wait > self.retry_after_max:
            return response
        result = super().process_response(request, response)
        if wait is not None and isinstance(result, Request):
            result.meta["ansinh_backoff"] = max(result.meta.get("ansinh_backoff", 0), wait)
        return result

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


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh redirects, found where Scrapy looks for them (the first 4,096 characters of the page),
    but only looked for in a page whose head has the word.

    Scrapy's own middleware decoded every page whole on the reactor and ran w3lib's tag-stripping expressions over
    its start: about 1 ms a page, an eighth of the reactor's work (py-spy on bench/crawl.py), spent on pages that
    almost never refresh. No character takes more than 4 bytes, so the first ``HEAD_BYTES`` bytes hold those
    characters; a page in UTF-16 (whose bytes do not spell the word) is read as Scrapy reads it.
    """

    HEAD_BYTES = 4 * 4096

    def process_response(self, request: Request, response: Response, spider=None) -> Request | Response:
        if not isinstance(response, HtmlResponse):
            return response
        head = response.body[:self.HEAD_BYTES]
        if b"refresh" not in head.lower() and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return response
        result = super().process_response(request, response.replace(body=head))
        return result if isinstance(result, Request) else response
