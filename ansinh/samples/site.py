"""The sample-site engine shared by all four sites: articles, listings, pages, traps.

A site subclass (one per CMS) says how URLs look and renders the HTML; this class keeps the
articles in order, decides what each listing page shows, renders pages lazily and caches them,
and applies ``publish`` / ``add_article`` changes.
"""

from __future__ import annotations

import bisect
import math
import random
import threading
import unicodedata
from collections import OrderedDict
from datetime import datetime, time, timedelta
from functools import partial
from typing import Callable, Iterator

from crawler.sites import definition as load_seed

from . import words
from .model import VN, Article, Listing, Page, Section, Traps
from .routing import Routing
from .text import TextGen, nfc


class SampleSite(Routing):
    """An in-memory news site whose pages are rendered on first request.

    ``articles`` (newest first) are the in-section articles with their expected fields;
    ``foreign`` holds served pages that are not (other sections, video, photo, taken down);
    ``pages`` maps every served path (with query) to its :class:`Page`; ``traps`` lists the
    deliberate traps; ``get(path)`` answers one request path (None means 404).
    """

    key = ""
    byline = ""
    # The newest article of a freshly built site (fixed, so builds are reproducible).
    newest = datetime(2025, 5, 9, 22, 0, tzinfo=VN)
    # What a listing page past the last answers: "404", or "empty" (200 with no items).
    beyond_last = "404"
    first_id = 1_000_000
    # Other sections of the same paper: (category slug, name, listing path).
    other_categories: list[tuple[str, str, str]] = []
    # Whether off-section pages are about social security too (a harder trap) or off topic.
    on_topic_others = False
    # Video and photo sections: (slug, name, listing path); one linked page each, served.
    noise_categories: list[tuple[str, str, str]] = []

    def __init__(self, articles: int = 30, seed: int = 0, per_page: int = 10) -> None:
        definition = load_seed(self.key)
        self.definition = definition
        self.name: str = definition["name"]
        # ``real_base`` stays the real site's; ``base`` (absolute links, feeds) may be re-pointed.
        self.real_base: str = definition["base"].rstrip("/")
        self.base: str = self.real_base
        self.per_page = per_page
        self.seed = seed
        self.sections = [Section(s["name"], s["url"], s["pages"], i) for i, s in enumerate(definition["sections"])]
        self._patterns = [(s, s.page_pattern()) for s in self.sections]
        self._lock = threading.RLock()
        self._rng = random.Random(f"{self.key}:{seed}")
        self._text = TextGen(self._rng)
        self._generated: list[Article] = []  # chronological, generated only
        self._handmade: list[Article] = []
        self._by_path: dict[str, Article] = {}
        self._raw_html: dict[str, str] = {}
        self._pinned: dict[tuple[str, int], list[Article]] = {}
        self.foreign: dict[str, Article] = {}
        self._noise_paths: list[str] = []
        self._takedown: list[Article] = []
        self._cache: OrderedDict[str, Page] = OrderedDict()
        self._derived: dict[str, object] = {}
        self._next_id = self.first_id
        self._dak_index = articles // 2
        self._nfd_index = articles // 3 if articles // 3 != articles // 2 else 0
        for when in self._timeline(articles):
            self._generate(when)
        self._cross_list()
        self._make_foreign()

    # --- hooks for the CMS subclasses ------------------------------------------------------
    def make_path(self, title: str, when: datetime, category: str) -> tuple[str, str]:
        """Return (ident, path) of a new article of ``category`` (a section slug or other category)."""
        raise NotImplementedError

    def render_article(self, article: Article) -> str:
        """Return the HTML of an article page."""
        raise NotImplementedError

    def render_listing(self, listing: Listing) -> str:
        """Return the HTML of a listing page."""
        raise NotImplementedError

    def render_index(self, title: str, path: str, items: list[Article]) -> str:
        """Return the HTML of a tag or author page listing ``items``."""
        raise NotImplementedError

    def extra_routes(self) -> dict[str, Callable[[], Page]]:
        """Return feeds, sitemaps, robots.txt and other fixed routes: path → page maker."""
        return {}

    def tag_path(self, tag: str) -> str | None:
        """Return the path of a tag page, or None when the CMS has none."""
        return None

    def author_path(self, author: str) -> str | None:
        """Return the path of an author page, or None when the CMS has none."""
        return None

    def canonical_path(self, path: str) -> str:
        """Return the key under which ``path`` is stored (bhxh reorders its query)."""
        return path

    def decorate(self, article: Article, rng: random.Random) -> None:
        """Set CMS-specific fields of a new generated article (source line, authors, date display)."""

    # --- building ------------------------------------------------------------------------------
    def _timeline(self, count: int) -> list[datetime]:
        """Return ``count`` publication times, oldest first: 1–3 a day between 06:00 and 21:59."""
        rng, out, day = self._rng, [], self.newest.date()
        while len(out) < count:
            minutes = rng.sample(range(6 * 60, 22 * 60), rng.randint(1, 3))
            if day == self.newest.date():
                minutes[0] = rng.randint(12 * 60, 12 * 60 + 59)  # a 12:xx PM, the classic %I trap
            for m in sorted(minutes, reverse=True):
                out.append(datetime.combine(day, time(m // 60, m % 60), VN))
            day -= timedelta(days=1)
        return out[:count][::-1]

    def _new_id(self) -> int:
        self._next_id += self._rng.randint(1, 37)
        return self._next_id

    def _section_for(self, index: int) -> Section:
        """Spread articles unevenly (70/30 or 70/20/10) so the first section has the most pages."""
        slot, k = index % 10, len(self.sections)
        if k >= 3 and slot == 8:
            return self.sections[2]
        if k >= 2 and slot in ((2, 5, 8) if k == 2 else (2, 5)):
            return self.sections[1]
        return self.sections[0]

    def _generate(self, when: datetime, section: Section | None = None) -> Article:
        index = len(self._generated)
        section = section or self._section_for(index)
        province = words.DAK_NONG if index == self._dak_index else None
        title, tags, province = self._text.title(when, province)
        ident, path = self.make_path(title, when, section.slug)
        article = Article(
            site=self.key, path=path, title=title, sapo=self.byline + self._text.sapo(province, when),
            author=self._text.author(), published_at=when, category=section.name, category_url=section.url,
            tags=tags, sections=[section.url], ident=ident, byline=self.byline, nfd=index == self._nfd_index,
        )
        self.decorate(article, self._rng)
        article._make = partial(self._make_text, f"{self.key}:{self.seed}:{ident}", province, when)
        self._generated.append(article)
        self._by_path[path] = article
        return article

    @staticmethod
    def _make_text(seed: str, province: str, when: datetime) -> tuple[list[str], list[str]]:
        gen = TextGen(random.Random(seed))
        body = gen.paragraphs(province, when)
        return body, gen.captions(province, when, gen.rng.choice([1, 2]))

    def _cross_list(self) -> None:
        """List one article of the second section in the first section too."""
        if len(self.sections) < 2:
            return
        second = [a for a in self._generated if a.sections[0] == self.sections[1].url]
        if second:
            chosen = second[-2] if len(second) > 1 else second[-1]
            chosen.sections.append(self.sections[0].url)

    def _make_foreign(self) -> None:
        """Create the served pages of other sections, linked from listings (traps)."""
        for i in range(6):
            slug, name, url = self.other_categories[i % len(self.other_categories)]
            when = self.newest - timedelta(minutes=53 * i + 17)
            title = self._text.title(when)[0] if self.on_topic_others else self._text.other_title(self.seed + i)
            self._add_foreign(title, when, slug, name, url)
        for i, (slug, name, url) in enumerate(self.noise_categories):
            when = self.newest - timedelta(minutes=41 * i + 29)
            self._noise_paths.append(self._add_foreign(self._text.title(when)[0], when, slug, name, url).path)

    def _add_foreign(self, title: str, when: datetime, slug: str, name: str, url: str) -> Article:
        ident, path = self.make_path(title, when, slug)
        province = self._text.province()
        article = Article(site=self.key, path=path, title=title, sapo=self.byline + self._text.sapo(province, when),
                          author=self._text.author(), published_at=when, category=name, category_url=url,
                          ident=ident, byline=self.byline)
        self.decorate(article, self._rng)
        article._make = partial(self._make_text, f"{self.key}:{self.seed}:x{ident}", province, when)
        self.foreign[path] = article
        return article

    # --- changes -------------------------------------------------------------------------------
    def publish(self, n: int = 1, section: int | None = None) -> list[Article]:
        """Add ``n`` articles newer than all others (top of listings, in feeds); returns them, oldest first.

        They spread over the sections as at build time, or all go to section number ``section``.
        """
        with self._lock:
            new = []
            for _ in range(n):
                when = self.newest_article_time() + timedelta(minutes=self._rng.randint(17, 150))
                new.append(self._generate(when, None if section is None else self.sections[section]))
            self._changed()
            return new

    def new_article(self, title: str, body: list[str], *, sapo: str, author: str, published: datetime | str,
                    tags: list[str] | None = None, captions: list[str] | None = None,
                    section: int = 0, path: str | None = None) -> Article:
        """Build (not add) a hand-made article in this site's URL format (or at ``path``); the paper's
        byline is put in front of ``sapo`` unless it is there already."""
        when = datetime.fromisoformat(published) if isinstance(published, str) else published
        when = when if when.tzinfo else when.replace(tzinfo=VN)
        target = self.sections[section]
        ident, made = self.make_path(title, when, target.slug)
        sapo = nfc(sapo) if sapo.startswith(self.byline) else self.byline + nfc(sapo)
        article = Article(site=self.key, path=path or made, title=nfc(title), sapo=sapo,
                          author=nfc(author), published_at=when, category=target.name, category_url=target.url,
                          tags=[nfc(t) for t in tags or []], sections=[target.url], ident=ident, byline=self.byline)
        return article.set_text([nfc(p) for p in body], [nfc(c) for c in captions or []])

    def add_article(self, article: Article, *, section: int = 0, page: int = 1, html: str | None = None) -> Article:
        """Serve ``article`` at its path (rendered by the site, or ``html`` as given) and list it on top of
        listing page ``page`` of section ``section`` only; it joins ``articles``. Returns it."""
        with self._lock:
            article.pinned = True
            article.sections = [self.sections[section].url]
            self._handmade.append(article)
            self._by_path[article.path] = article
            self._pinned.setdefault((self.sections[section].url, page), []).append(article)
            if html is not None:
                self._raw_html[article.path] = html
            self._changed()
            self._cache.pop(article.path, None)
            return article

    def set_base(self, base: str) -> None:
        """Use ``base`` in absolute URLs (canonical, feeds); e.g. the local server's URL."""
        with self._lock:
            self.base = base.rstrip("/")
            self._cache.clear()
            self._derived.clear()

    def _changed(self) -> None:
        # Article pages do not depend on other articles' order, so only they survive a change.
        self._derived.clear()
        self._cache = OrderedDict((p, page) for p, page in self._cache.items()
                                  if p in self._by_path or p in self.foreign)

    def _memo(self, name: str, make: Callable[[], object]):
        """Return a value derived from the current state (dropped on every change)."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = make()
            return self._derived[name]

    # --- queries -------------------------------------------------------------------------------
    @property
    def articles(self) -> list[Article]:
        """All in-section articles, generated and hand-made, newest first."""
        return self._memo("articles", lambda: sorted(self._generated + self._handmade,
                                                      key=lambda a: a.published_at, reverse=True))

    def article(self, path: str) -> Article | None:
        """Return the in-section article at ``path`` (any link spelling), or None."""
        return self._by_path.get(self.canonical_path(path))

    def newest_article_time(self) -> datetime:
        """The publication time of the newest generated article."""
        return self._generated[-1].published_at if self._generated else self.newest

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` on this site's base."""
        return self.base + path

    def section_articles(self, section: Section) -> list[Article]:
        """The articles a section lists by date (pinned ones excluded), newest first."""
        return self._memo(f"sec:{section.url}", lambda: [
            a for a in reversed(self._generated) if section.url in a.sections])

    def last_page(self, section: Section) -> int:
        """The number of the last listing page of ``section``."""
        count = len(self.section_articles(section))
        pinned = [p for (url, p) in self._pinned if url == section.url]
        return max([1, math.ceil(count / self.per_page), *pinned])

    def listing(self, section: Section, page: int) -> Listing | None:
        """What listing page ``page`` of ``section`` shows; None where the CMS answers 404."""
        last = self.last_page(section)
        if page < 1 or (page > last and self.beyond_last == "404"):
            return None
        listing = Listing(section, page, last, section.path(page))
        if page > last:
            return listing
        arts = self.section_articles(section)
        listing.items = self._pinned.get((section.url, page), []) + arts[(page - 1) * self.per_page:page * self.per_page]
        listing.highlight = arts[:1] if page >= 2 else []
        listing.offsite = [a for a in self.foreign.values() if a.path not in self._noise_paths and a not in self._takedown]
        listing.noise = self.listing_noise()
        listing.disallowed = self.listing_disallowed(section, page)
        return listing

    def listing_noise(self) -> list[tuple[str, str]]:
        """(path, label) of tag, author, video and photo links shown on listings."""
        out = [(p, self.foreign[p].title) for p in self._noise_paths]
        newest = self._generated[-1] if self._generated else None
        if newest:
            tag = self.tag_path(newest.tags[0]) if newest.tags else None
            author = self.author_path(newest.author)
            out += [(tag, newest.tags[0])] if tag else []
            out += [(author, newest.author)] if author else []
        return out

    def listing_disallowed(self, section: Section, page: int) -> list[tuple[str, str]]:
        """(path, label) of links robots.txt forbids, shown on this listing page."""
        return []

    def listings(self) -> Iterator[Listing]:
        """Every listing page of every section, in order."""
        for section in self.sections:
            for page in range(1, self.last_page(section) + 1):
                listing = self.listing(section, page)
                if listing:
                    yield listing

    def listed_on(self, path: str) -> list[str]:
        """The listing paths that link to the article at ``path`` (items or highlight)."""
        return [lst.path for lst in self.listings() if any(a.path == path for a in lst.items + lst.highlight)]

    def older(self, article: Article, count: int, same_section: bool = True) -> list[Article]:
        """Up to ``count`` generated articles published before ``article`` (for "Tin khác", related)."""
        times = self._memo("times", lambda: [a.published_at for a in self._generated])
        i = bisect.bisect_left(times, article.published_at) - 1
        out = []
        while i >= 0 and len(out) < count:
            a = self._generated[i]
            if not same_section or a.category_url == article.category_url:
                out.append(a)
            i -= 1
        return out

    def most_read(self, count: int = 5) -> list[Article]:
        """A fixed pick of articles for "most read" boxes (stable across publish)."""
        return self._generated[1::7][:count]

    def body_text(self, article: Article, text: str) -> str:
        """Return body text as the page prints it: NFD for the article chosen to test normalisation."""
        return unicodedata.normalize("NFD", text) if article.nfd else text

    @property
    def traps(self) -> Traps:
        """The deliberate traps of this site in its current state (see :class:`Traps`)."""
        traps = Traps(
            cross_section=[a.path for a in self._generated if len(a.sections) > 1],
            nfd=[a.path for a in self._generated if a.nfd],
            dak_nong=next((a.path for a in self._generated if words.DAK_NONG in a.title), ""),
        )
        for section in self.sections:
            arts = self.section_articles(section)
            if self.last_page(section) >= 2 and arts:
                traps.duplicate[arts[0].path] = self.listed_on(arts[0].path)
        first = self.listing(self.sections[0], 1)
        traps.off_section = [a.path for a in first.offsite]
        traps.noise = [p for p, _ in first.noise]
        traps.disallowed = [p for p, _ in first.disallowed]
        traps.link_variants = self.link_variants()
        return traps

    def link_variants(self) -> dict[str, list[str]]:
        """Article path → other spellings of it used in links (only bhxh has any)."""
        return {}
