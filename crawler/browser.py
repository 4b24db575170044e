"""The browser path: the pages a seed says are rendered by script (``render = "browser"`` for a whole site, under
``[listing]`` for its listings only) are read through scrapy-playwright, driving Debian's chromium; every other
request stays a plain Scrapy request.

Only the crawler of such a site gets the download handler, and only its flagged requests (``meta["playwright"]``)
go to the browser, through the same downloader middlewares as plain ones: robots.txt, the site guard, the mirrors,
the download slots and AutoThrottle, and the one archive writer. The page's own requests for scripts and data go
only to the page's site; images, media and fonts are not fetched at all.

Bounds, because long scrapy-playwright crawls are known to grow and hang: a few pages at a time per browser
context, a timeout per page, and each context closed once it has served ``ANSINH_BROWSER_PAGES_PER_CONTEXT``
pages (a fresh one takes its place), so that the browser's memory stays flat over a long crawl.

The path is optional (``pip install 'ansinh[browser]'`` and ``apt-get install chromium``): :func:`missing` says
what is lacking, in one line.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections import Counter
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# No network of its own: nothing that Chromium would fetch for itself at start.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
# What a page asks for that no extraction reads.
UNREAD = frozenset({"image", "media", "font"})


def chromium() -> str | None:
    """The chromium to drive: ``ANSINH_CHROMIUM``, else the one on the PATH (Debian's /usr/bin/chromium)."""
    return shutil.which(os.environ.get("ANSINH_CHROMIUM") or "chromium")


def missing() -> str | None:
    """What the browser path lacks on this machine, in one line; None when it can run."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        return "the browser path is not installed: pip install 'ansinh[browser]'"
    if chromium() is None:
        return "no chromium found: apt-get install chromium, or set ANSINH_CHROMIUM to its path"
    return None


def readable(sites: list) -> tuple[list, list[str]]:
    """The sites that can be read here, and a line for each site read through a browser when the browser path
    cannot run."""
    lacking = missing() if any(site.rendered for site in sites) else None
    if lacking is None:
        return sites, []
    return ([site for site in sites if not site.rendered],
            [f"{site.key} is read through a browser, and {lacking}" for site in sites if site.rendered])


def page_filter(netlocs: set[str]):
    """PLAYWRIGHT_ABORT_REQUEST: a page's own request is aborted unless it goes to one of ``netlocs`` (the site's
    hosts and its mirror) and is something extraction may need (a document, script, stylesheet or data)."""

    def abort(request) -> bool:
        return request.resource_type in UNREAD or urlsplit(request.url).netloc not in netlocs

    return abort


def browser_settings(rendered: frozenset[str], hosts: tuple[str, ...], mirror: str | None) -> dict:
    """The settings that send a site's ``rendered`` kinds of page to the browser (none when it has none)."""
    if not rendered:
        return {}
    netlocs = set(hosts) | ({urlsplit(mirror).netloc} if mirror else set())
    return {
        "ANSINH_RENDERED": sorted(rendered),
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": chromium(), "headless": True, "args": CHROMIUM_FLAGS},
        "PLAYWRIGHT_ABORT_REQUEST": page_filter(netlocs),
    }


def with_browser(spider: type, site, mirror: str | None = None) -> type:
    """``spider`` for one site's crawler: with the browser path in its own settings if the site's pages are
    rendered (so that no other crawler of the process starts a browser), else ``spider`` itself."""
    extra = browser_settings(site.rendered, site.hosts, mirror)
    if not extra:
        return spider
    return type(spider.__name__, (spider,), {"custom_settings": {**(spider.custom_settings or {}), **extra}})


class BrowserMiddleware:
    """Flags the requests for the rendered kinds of page (``ANSINH_RENDERED``) for scrapy-playwright, waiting
    for the network to go idle, and recycles browser contexts: each gets ``ANSINH_BROWSER_PAGES_PER_CONTEXT``
    pages, and is closed once the last of them is done (a retry goes to the current context)."""

    def __init__(self, kinds: list[str], per_context: int):
        self.kinds = frozenset(kinds)
        self.per_context = per_context
        self.generation = 0
        # Pages given to the current context, and pages in flight by context.
        self.given = 0
        self.in_flight: Counter[str] = Counter()
        self.contexts: dict = {}

    @classmethod
    def from_crawler(cls, crawler):
        kinds = crawler.settings.getlist("ANSINH_RENDERED")
        if not kinds:
            raise NotConfigured
        return cls(kinds, crawler.settings.getint("ANSINH_BROWSER_PAGES_PER_CONTEXT"))

    def context(self) -> str:
        return f"ansinh-{self.generation}"

    def process_request(self, request: Request) -> None:
        if request.meta.get("ansinh_kind") not in self.kinds:
            return None
        if self.given >= self.per_context:
            self.generation, self.given = self.generation + 1, 0
        self.given += 1
        name = self.context()
        self.in_flight[name] += 1
        request.meta.update(
            # This attempt's context, for done() alone (a retry is counted again, in the context it gets).
            ansinh_context=name,
            playwright=True,
            playwright_context=name,
            # The page comes back to be closed here, and its context with the last of its pages.
            playwright_include_page=True,
            playwright_page_goto_kwargs={"wait_until": "networkidle"},
            # A rendered page is the script's work, not the server's bytes: no HTTP cache revalidation.
            dont_cache=True,
        )
        return None

    async def process_response(self, request: Request, response: Response) -> Response:
        await self.done(request)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        await self.done(request)

    async def done(self, request: Request) -> None:
        """Close the request's page; and its context, once that has served its pages and none is in flight."""
        name = request.meta.pop("ansinh_context", None)
        page = request.meta.pop("playwright_page", None)
        if name is None:
            return
        self.in_flight[name] -= 1
        if page is not None:
            self.contexts.setdefault(name, page.context)
            await page.close()
        retired = name != self.context() or self.given >= self.per_context
        if retired and self.in_flight[name] <= 0:
            del self.in_flight[name]
            context = self.contexts.pop(name, None)
            if context is not None:
                await context.close()
