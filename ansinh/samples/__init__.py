"""Sample copies of the archived news sites, served on 127.0.0.1 for tests, benchmarks and demos.

The real sites cannot be reached from here, so each site key of ``seeds/`` gets a deterministic
generator of pages in that site's own markup (see shared/sites.md), with the traps a crawler must
handle. Typical use::

    from ansinh.samples import build_sites, serve

    sites = build_sites(articles=30)
    with serve(sites) as server:
        crawl(mirrors=server.mirrors())           # {"dantri": "http://127.0.0.1:PORT", ...}
        for article in sites["dantri"].articles:  # the truth to compare with
            article.expected()
"""

from __future__ import annotations

from .bhxh import BhxhSite
from .dantri import DansinhSite, DantriSite
from .laodongxahoi import LaodongxahoiSite
from .model import Article, Listing, Page, Section, Traps
from .server import Fault, Hit, RequestLog, SampleServer, serve
from .site import SampleSite

SITE_CLASSES: dict[str, type[SampleSite]] = {
    "bhxh": BhxhSite, "dansinh": DansinhSite, "dantri": DantriSite, "laodongxahoi": LaodongxahoiSite,
}
SITE_KEYS = tuple(SITE_CLASSES)


def build_site(key: str, articles: int = 30, seed: int = 0, per_page: int = 10) -> SampleSite:
    """Build the sample site ``key`` (a key of seeds/) with ``articles`` in-section articles.

    The same arguments always give the same site. ``per_page`` is the number of items per listing page.
    """
    try:
        cls = SITE_CLASSES[key]
    except KeyError:
        raise KeyError(f"no sample site {key!r}; the sample sites are: {', '.join(SITE_KEYS)}") from None
    return cls(articles=articles, seed=seed, per_page=per_page)


def build_sites(articles: int = 30, seed: int = 0, per_page: int = 10,
                keys: tuple[str, ...] | list[str] = SITE_KEYS) -> dict[str, SampleSite]:
    """Build the sample sites ``keys`` (default all four), by key."""
    return {key: build_site(key, articles, seed, per_page) for key in keys}


__all__ = [
    "Article", "BhxhSite", "DansinhSite", "DantriSite", "Fault", "Hit", "LaodongxahoiSite", "Listing", "Page",
    "RequestLog", "SITE_CLASSES", "SITE_KEYS", "SampleServer", "SampleSite", "Section", "Traps", "build_site",
    "build_sites", "serve",
]
