"""The one sample-site engine: a folder of templates and a scenario, filled with generated articles.

A site folder (``ansinh/samples/sites/<key>/``) holds the pages of one site as Jinja templates and a
``scenario.toml`` of what is particular to it: how article URLs look, what a listing page past the last
answers, which other sections it links, its byline. This class keeps the articles in order, decides what
each listing page shows, applies ``publish`` / ``add_article`` changes; the templates
(:mod:`ansinh.samples.pages`) turn that into markup.
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
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import parse_qsl

from crawler.sites import definition as load_seed

from .model import VN, Article, Category, Listing, Section
from .folders import read_scenario
from .pages import Pages
from .text import TextGen, nfc, words


class SampleSite(Pages):
    """An in-memory news site whose pages are rendered on first request.

    ``articles`` (newest first) are the in-section articles with their expected fields; ``foreign`` holds
    served pages that are not (other sections, video, photo, taken down); ``get(path)`` answers one request path
    (None means 404).
    """

    def __init__(self, folder: Path, articles: int = 30, seed: int = 0, per_page: int = 10) -> None:
        """Build the site of ``folder`` with ``articles`` in-section articles.

        :param folder: the site's folder: ``scenario.toml`` and the templates
        :param articles: how many in-section articles to generate
        :param seed: the generator's seed (the same arguments always give the same site)
        :param per_page: items per listing page
        """
        self.folder = Path(folder)
        self.scenario: dict = read_scenario(self.folder / "scenario.toml")
        self.key: str = self.scenario.get("key", self.folder.name)
        self.definition = load_seed(self.key)
        self.name: str = self.definition["name"]
        # ``real_base`` stays the real site's; ``base`` (absolute links, feeds) may be re-pointed.
        self.real_base: str = self.definition["base"].rstrip("/")
        self.base: str = self.real_base
        self.byline: str = self.scenario.get("byline", "")
        # The newest article of a freshly built site (fixed, so builds are reproducible).
        self.newest: datetime = self.scenario["newest"].astimezone(VN)
        # What a listing page past the last answers: "404", or "empty" (200 with no items).
        self.beyond_last: str = self.scenario.get("beyond_last", "404")
        self.per_page = per_page
        self.seed = seed
        self.sections = [Section(s["name"], s["url"], s["pages"], i) for i, s in enumerate(self.definition["sections"])]
        self.others = [Category(**c) for c in self.scenario["others"]]
        self.noise_categories = [Category(**c) for c in self.scenario["noise"]]
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
        self._cache: OrderedDict = OrderedDict()
        self._derived: dict[str, object] = {}
        self._next_id = self.scenario.get("first_id", 1_000_000)
        self._dak_index = articles // 2
        self._nfd_index = articles // 3 if articles // 3 != articles // 2 else 0
        super().__init__()
        for when in self._timeline(articles):
            self._generate(when)
        self._cross_list()
        self._make_foreign()

    # --- URLs ----------------------------------------------------------------------------------
    def make_path(self, title: str, when: datetime, category: Category) -> tuple[str, str]:
        """Return (ident, path) of a new article of ``category``, in the scenario's URL scheme."""
        if self.scenario.get("ident") == "stamp":
            # A 17-digit creation time to the millisecond: the minute is the publication's.
            ident = f"{when:%Y%m%d%H%M}{self._rng.randint(0, 59):02d}{self._rng.randint(0, 999):03d}"
        else:
            self._next_id += self._rng.randint(1, 37)
            ident = str(self._next_id)
        scheme = category.article or self.scenario["article"]
        return ident, self.fill_url(scheme, title=title, ident=ident, slug=category.slug, url=category.url)

    def tag_path(self, tag: str) -> str | None:
        """Return the path of a tag page, or None when the site has none."""
        return self.fill_url(self.scenario["tag"], name=tag) if "tag" in self.scenario else None

    def author_path(self, author: str) -> str | None:
        """Return the path of an author page, or None when the site has none."""
        return self.fill_url(self.scenario["author"], name=author) if "author" in self.scenario else None

    def load_more_path(self) -> str | None:
        """The "load more" endpoint linked from the first listing page, if the site has one."""
        scheme = self.scenario.get("load_more")
        return self.fill_url(scheme, slug=self.sections[0].slug) if scheme else None

    def canonical_path(self, path: str) -> str:
        """Return the key under which ``path`` is stored: the seed's ``drop_params`` gone and the query in the
        scenario's ``query_order``, where the site answers any order (bhxh)."""
        order = self.scenario.get("query_order")
        head, sep, query = path.partition("?")
        if not order or not sep:
            return path
        drop = set(self.definition.get("drop_params", []))
        params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in drop]
        params.sort(key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))
        return head + "?" + "&".join(f"{k}={v}" for k, v in params)

    def link(self, article: Article) -> str:
        """How listings spell a link to ``article``: with a scenario ``link_extra``, one article in four as is,
        the others with the query reversed, ``link_extra`` appended, or both (bhxh's CMS does all four)."""
        extra = self.scenario.get("link_extra")
        head, sep, query = article.path.partition("?")
        if not extra or not sep or not article.ident.isdigit():
            return article.path
        params, variant = query.split("&"), int(article.ident) % 4
        if variant in (1, 3):
            params.reverse()
        if variant in (2, 3):
            params.append(extra)
        return head + "?" + "&".join(params)

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

    def _section_for(self, index: int) -> Section:
        """Spread articles unevenly (70/30 or 70/20/10) so the first section has the most pages."""
        slot, k = index % 10, len(self.sections)
        if k >= 3 and slot == 8:
            return self.sections[2]
        if k >= 2 and slot in ((2, 5, 8) if k == 2 else (2, 5)):
            return self.sections[1]
        return self.sections[0]

    def _decorate(self, article: Article) -> None:
        """Set the scenario's particular fields of a new article: source line, authors, date display."""
        rng, scenario = self._rng, self.scenario
        source = scenario.get("source")
        if source and rng.random() < source["share"]:
            article.source = rng.choice(source["names"])
        if rng.random() < scenario.get("second_author", 0):
            article.author = f"{article.author}, {self._text.author()}"
        if "authors" in scenario:
            article.author = rng.choice(scenario["authors"])
        if not scenario.get("tags", True):
            article.tags = []
        article.published_has_time = rng.random() < scenario.get("time_shown", 1)

    def _new(self, title: str, when: datetime, category: Category, province: str, tags: list[str], seed: str,
             nfd: bool = False) -> Article:
        ident, path = self.make_path(title, when, category)
        article = Article(site=self.key, path=path, title=title, sapo=self.byline + self._text.sapo(province, when),
                          author=self._text.author(), published_at=when, category=category.name,
                          category_url=category.url, tags=tags, sections=[category.url], ident=ident,
                          byline=self.byline, nfd=nfd)
        self._decorate(article)
        article._make = partial(self._make_text, f"{self.key}:{self.seed}:{seed}{ident}", province, when)
        return article

    def _generate(self, when: datetime, section: Section | None = None) -> Article:
        index = len(self._generated)
        section = section or self._section_for(index)
        title, tags, province = self._text.title(when, words.dak_nong if index == self._dak_index else None)
        article = self._new(title, when, section, province, tags, "", nfd=index == self._nfd_index)
        self._generated.append(article)
        self._by_path[article.path] = article
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
        """Create the served pages of other sections, linked from listings (traps), and the taken-down one."""
        for i in range(6 if self.others else 0):
            category = self.others[i % len(self.others)]
            when = self.newest - timedelta(minutes=53 * i + 17)
            on_topic = self.scenario.get("on_topic_others", False)
            self._add_foreign(self._text.title(when)[0] if on_topic else self._text.other_title(self.seed + i),
                              when, category)
        for i, category in enumerate(self.noise_categories):
            when = self.newest - timedelta(minutes=41 * i + 29)
            self._noise_paths.append(self._add_foreign(self._text.title(when)[0], when, category).path)
        if self.scenario.get("takedown"):
            # An article taken down: still served and listed, but robots.txt forbids it by path.
            when = self.newest - timedelta(minutes=211)
            self._takedown.append(self._add_foreign(self._text.title(when)[0], when, self.sections[0]))

    def _add_foreign(self, title: str, when: datetime, category: Category) -> Article:
        article = self._new(title, when, category, self._text.province(), [], "x")
        self.foreign[article.path] = article
        return article

    # --- changes -------------------------------------------------------------------------------
    def publish(self, n: int = 1, section: int | None = None) -> list[Article]:
        """Add ``n`` articles newer than all others (top of listings, in feeds); returns them, oldest first.

        :param n: how many
        :param section: the number of the section they all go to; by default they spread as at build time
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
        ident, made = self.make_path(title, when, target)
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
        """What listing page ``page`` of ``section`` shows; None where the site answers 404."""
        last = self.last_page(section)
        if page < 1 or (page > last and self.beyond_last == "404"):
            return None
        listing = Listing(section, page, last, section.path(page))
        if page > last:
            return listing
        arts = self.section_articles(section)
        listing.items = self._pinned.get((section.url, page), []) + arts[(page - 1) * self.per_page:page * self.per_page]
        listing.highlight = arts[:1] if page >= 2 else []
        listing.offsite = self.latest_elsewhere()
        listing.noise = self.listing_noise()
        if section == self.sections[0] and page == 1:
            more = self.load_more_path()
            listing.disallowed = [(a.path, a.title) for a in self._takedown] + ([(more, "Xem thêm")] if more else [])
        return listing

    def latest_elsewhere(self) -> list[Article]:
        """The served pages of other sections, linked from every page ("latest news" boxes)."""
        return [a for a in self.foreign.values() if a.path not in self._noise_paths and a not in self._takedown]

    def media(self) -> list[Article]:
        """The video and photo pages, linked from every page."""
        return [self.foreign[p] for p in self._noise_paths]

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

    def listings(self) -> Iterator[Listing]:
        """Every listing page of every section, in order."""
        for section in self.sections:
            for page in range(1, self.last_page(section) + 1):
                listing = self.listing(section, page)
                if listing:
                    yield listing

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

    def printed(self, article: Article, text: str) -> str:
        """Return body text as the page prints it: NFD for the article chosen to test normalisation."""
        return unicodedata.normalize("NFD", text) if article.nfd else text
