"""Answering paths: routes, the site folder's Jinja templates, and the page cache of a sample site.

A mixin of :class:`ansinh.samples.site.SampleSite`. Each page is one template of the site folder, given the
site and what the page shows: ``article.html`` (``article``, ``paras``, ``captions``), ``listing.html``
(``listing``), ``index.html`` (a tag or author page: ``title``, ``path``, ``items``), and where the folder has
them ``robots.txt``, ``feed.rss`` (``section``, ``items``, ``path``: one per feed of the seed), ``sitemap.xml``
(``items``) and ``load-more.json`` (``items``). A scenario's ``templates`` names a folder to take the
templates it lacks from (Dân sinh runs Dân trí's CMS).
"""

from __future__ import annotations

import hashlib
import zlib
from email.utils import format_datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import jinja2
from markupsafe import Markup

from .folders import site_folders
from .model import HTML, JSON, RSS, TEXT, XML, Article, Page, Section
from .text import slugify

if TYPE_CHECKING:
    from .site import SampleSite

TYPES = {".rss": RSS, ".xml": XML, ".txt": TEXT, ".json": JSON}


@lru_cache(maxsize=32)
def environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """The Jinja environment over ``folders`` (the first that has a template wins), built once per process."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=jinja2.select_autoescape(
        ["html", "xml", "rss"]), trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    env.filters.update(slug=slugify, crc=lambda text: zlib.crc32(str(text).encode()), rfc822=format_datetime,
                       hash=lambda text: hashlib.blake2b(str(text).encode(), digest_size=16).hexdigest())

    @lru_cache(maxsize=16)
    def asset(name: str) -> Markup:
        # Stylesheets, scripts and view state are page weight, copied in as they are.
        source = env.loader.get_source(env, name)[0]
        return Markup(source.rstrip("\n"))

    env.globals["asset"] = asset
    return env


@lru_cache(maxsize=256)
def url_template(text: str) -> jinja2.Template:
    """A URL scheme of a scenario (``/{{ slug }}/{{ title|slug }}-{{ ident }}.htm``), compiled once."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(slug=slugify, crc=lambda text: zlib.crc32(str(text).encode()))
    return env.from_string(text)


class Pages:
    """Path → page for a sample site (mixed into :class:`SampleSite`)."""

    # Rendered pages kept per site (least recently used dropped first).
    cache_size = 400

    def __init__(self: SampleSite) -> None:
        folders = [self.folder]
        if "templates" in self.scenario:
            folders.append(site_folders()[self.scenario["templates"]])
        self._env = environment(tuple(folders))
        self._templates = set(self._env.list_templates())

    def fill_url(self, scheme: str, **values: str) -> str:
        """Fill a URL scheme of the scenario with ``values``."""
        return url_template(scheme).render(values)

    def fragment(self: SampleSite, name: str) -> Markup:
        """Template ``name`` filled with the site alone: a piece every page shares (menus, sidebars), rendered
        once per state of the site."""
        return self._memo(f"fragment:{name}", lambda: Markup(self._env.get_template(name).render(site=self)))

    def _has(self, name: str) -> bool:
        return name in self._templates

    def _page(self, name: str, modified, **context) -> Page:
        text = self._env.get_template(name).render(site=self, **context)
        return Page(text.encode(), TYPES.get(Path(name).suffix, HTML), modified)

    def _routes(self: SampleSite) -> dict[str, Callable[[], Page]]:
        def make() -> dict[str, Callable[[], Page]]:
            routes: dict[str, Callable[[], Page]] = {}
            if self._has("robots.txt"):
                routes["/robots.txt"] = partial(self._page, "robots.txt", self.newest, takedowns=self._takedown)
            more = self.load_more_path()
            if more:
                items = self.section_articles(self.sections[0])[self.per_page:2 * self.per_page]
                routes[more] = partial(self._page, "load-more.json", self.newest, items=items)
            for path in self.definition.get("feeds", []) if self._has("feed.rss") else []:
                section = next((s for s in self.sections if f"/{s.slug}." in path), self.sections[0])
                items = self.section_articles(section)[:self.scenario.get("feed_size", 50)]
                routes[path] = partial(self._page, "feed.rss", items[0].published_at if items else self.newest,
                                       section=section, items=items, path=path)
            for path in self.definition.get("sitemaps", []) if self._has("sitemap.xml") else []:
                # The whole paper's news sitemap: other sections, video and photo pages are in it too.
                everything = self._generated + [a for a in self.foreign.values() if a not in self._takedown]
                items = sorted(everything, key=lambda a: a.published_at, reverse=True)
                items = items[:self.scenario.get("sitemap_size", 100)]
                routes[path] = partial(self._page, "sitemap.xml", items[0].published_at if items else self.newest,
                                       items=items)
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
                        routes[path] = partial(self._page, "index.html", items[0].published_at,
                                               title=f"{label}: {name}", path=path, items=items[:20])
            return routes
        return self._memo("routes", make)

    def _match_listing(self: SampleSite, path: str) -> tuple[Section, int] | None:
        for section, pattern in self._patterns:
            if path == section.url:
                return section, 1
            m = pattern.match(path)
            if m:
                return section, int(m.group(1))
        return None

    def _render(self: SampleSite, path: str) -> Page | None:
        article = self._by_path.get(path) or self.foreign.get(path)
        if path in self._raw_html:
            return Page(self._raw_html[path].encode(), HTML, article.published_at if article else None)
        if article:
            return self._page("article.html", article.published_at, article=article,
                              paras=[self.printed(article, p) for p in article.body],
                              captions=[self.printed(article, c) for c in article.captions])
        route = self._routes().get(path)
        if route:
            return route()
        found = self._match_listing(path)
        if found:
            listing = self.listing(*found)
            if listing is None:
                return None
            times = [a.published_at for a in listing.items + listing.highlight]
            return self._page("listing.html", max(times) if times else self.newest, listing=listing)
        return None

    def get(self: SampleSite, path: str) -> Page | None:
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
