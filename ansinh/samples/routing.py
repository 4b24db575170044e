"""Answering paths: routes, lazy rendering and the page cache of a sample site.

A mixin of :class:`ansinh.samples.site.SampleSite`; it uses the site's articles, listings and
render hooks, and keeps rendered pages in ``_cache`` until a change drops them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from .model import HTML, Article, Page, Section

if TYPE_CHECKING:
    from .site import SampleSite


class Routing:
    """Path → page for a sample site (mixed into :class:`SampleSite`)."""

    # Rendered pages kept per site (least recently used dropped first).
    cache_size = 400

    def _routes(self) -> dict[str, Callable[[], Page]]:
        def make() -> dict[str, Callable[[], Page]]:
            routes = dict(self.extra_routes())
            by_tag: dict[str, list[Article]] = {}
            by_author: dict[str, list[Article]] = {}
            for a in self.articles:
                for tag in a.tags:
                    by_tag.setdefault(tag, []).append(a)
                by_author.setdefault(a.author, []).append(a)
            for label, groups, path_of in (("Tag", by_tag, self.tag_path), ("Tác giả", by_author, self.author_path)):
                for name, items in groups.items():
                    path = path_of(name)
                    if path:
                        routes[path] = partial(self._index_page, f"{label}: {name}", path, items[:20])
            return routes
        return self._memo("routes", make)

    def _index_page(self, title: str, path: str, items: list[Article]) -> Page:
        return Page(self.render_index(title, path, items).encode(), HTML, items[0].published_at if items else None)

    def _match_listing(self, path: str) -> tuple[Section, int] | None:
        for section, pattern in self._patterns:
            if path == section.url:
                return section, 1
            m = pattern.match(path)
            if m:
                return section, int(m.group(1))
        return None

    def _render(self, path: str) -> Page | None:
        article = self._by_path.get(path) or self.foreign.get(path)
        if path in self._raw_html:
            return Page(self._raw_html[path].encode(), HTML, article.published_at if article else None)
        if article:
            return Page(self.render_article(article).encode(), HTML, article.published_at)
        route = self._routes().get(path)
        if route:
            return route()
        found = self._match_listing(path)
        if found:
            listing = self.listing(*found)
            if listing is None:
                return None
            times = [a.published_at for a in listing.items + listing.highlight]
            return Page(self.render_listing(listing).encode(), HTML, max(times) if times else self.newest)
        return None

    def get(self, path: str) -> Page | None:
        """Return the page served at ``path`` (path plus query), or None for a 404."""
        key = self.canonical_path(path)
        with self._lock:
            page = self._cache.get(key)
            if page is not None:
                self._cache.move_to_end(key)
                return page
            page = self._render(key)
            if page is not None:
                # Bounded: 2,000 Dân trí pages would hold 260 MB. Rendering is deterministic, so an
                # evicted page comes back byte for byte (same ETag).
                self._cache[key] = page
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            return page

    def paths(self) -> list[str]:
        """Every path this site serves with 200 (listings 1..last, articles, other pages, feeds)."""
        listing_paths = [lst.path for lst in self.listings()]
        return listing_paths + list(self._by_path) + list(self.foreign) + list(self._routes())

    @property
    def pages(self) -> "PageView":
        """Every served page by path (rendered on access)."""
        return PageView(self)


class PageView(Mapping):
    """A read-only mapping path → :class:`Page` over a site, rendering on access."""

    def __init__(self, site: SampleSite) -> None:
        self._site = site
        self._paths = site.paths()

    def __getitem__(self, path: str) -> Page:
        page = self._site.get(path)
        if page is None:
            raise KeyError(path)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
