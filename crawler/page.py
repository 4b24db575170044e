"""One parsed page and the lookups extraction's field rules share, each done at most once.

:class:`Found` is what a rule gives: a value, its source, and the elements it consumed (not body text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable
from urllib.parse import urlsplit

from parsel import Selector

from crawler.html import clean, json_ld_articles, text_of
from crawler.sites import Site


@dataclass(frozen=True)
class Found:
    """A field's value, where it came from, and the elements it consumed (not body text)."""

    value: object = None
    source: str | None = None
    consumed: tuple = ()


NOT_FOUND = Found()


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def elements(matches) -> tuple:
    return tuple(match.root for match in matches if not isinstance(match.root, str))


def first(*candidates: tuple[str, Callable[[], object]]) -> Found:
    """The first candidate whose value is not empty, as a :class:`Found` of its source. Candidates are computed in
    order and only as far as needed (trafilatura and htmldate cost as much as the rest of extraction); one may
    return a :class:`Found` of its own, to say what it consumed."""
    for source, compute in candidates:
        value = compute()
        if isinstance(value, Found):
            if value.value:
                return value
        elif value:
            return Found(value, source)
    return NOT_FOUND


class Page:
    """One parsed page and the lookups the field rules share, each done at most once."""

    def __init__(self, site: Site, url: str, html: str):
        self.site = site
        self.url = url
        self.html = html
        self.doc = Selector(text=html)
        self.missed: dict[str, None] = {}

    def select(self, name: str) -> list[Selector]:
        """Matches of the site's selector(s) for a field: the first selector that matches anything wins. A field
        whose selectors all match nothing is noted in ``missed``."""
        selectors = as_list(self.site.selectors.get(name))
        for css in selectors:
            found = self.doc.css(css)
            if found:
                return list(found)
        if selectors:
            self.missed[name] = None
        return []

    def selected(self, name: str, first: bool = False, join: str | None = None) -> Found:
        """A field from the site's selector: the text of its first match (``first``), of its last, or of every
        match joined by ``join``."""
        found = self.select(name)
        if not found:
            return NOT_FOUND
        if first:
            found = found[:1]
        # Nested matches (a right-aligned paragraph in a right-aligned block) say the same thing once.
        texts = list(dict.fromkeys(text for text in map(text_of, found) if text))
        if not texts:
            return NOT_FOUND
        value = join.join(texts) if join is not None else texts[-1]
        return Found(value, "selector", elements(found))

    @cached_property
    def json_ld(self) -> dict:
        articles = json_ld_articles(self.doc)
        return articles[0] if articles else {}

    @cached_property
    def body(self) -> Selector | None:
        found = self.select("body")
        return found[0] if found else None

    @cached_property
    def texts(self) -> list[tuple[object, str]]:
        """The page's visible text nodes in document order, with their clean text."""
        nodes = self.doc.root.xpath(
            "//body//text()[normalize-space()][not(ancestor::script or ancestor::style or ancestor::noscript)]"
        )
        return [(node, clean(node)) for node in nodes]

    def text_after_title(self, title: str | None, limit: int) -> str:
        """The visible text that follows the headline (the first ``h1``, else the element showing the title)."""
        nodes = [node for node, _ in self.texts]
        anchor = None
        headings = self.doc.root.xpath("//body//h1[normalize-space()][1]")
        if headings:
            inside = set(map(id, headings[0].xpath(".//text()")))
            anchor = max((i for i, node in enumerate(nodes) if id(node) in inside), default=None)
        if anchor is None and title:
            wanted = title.casefold()
            anchor = next((i for i, (_, text) in enumerate(self.texts) if text.casefold() == wanted), None)
        if anchor is None:
            return ""
        return " ".join(text for _, text in self.texts[anchor + 1:anchor + 60])[:limit]

    def site_names(self) -> set[str]:
        """How the paper names itself: its name with and without "Báo ", and its host."""
        name = self.site.name.casefold()
        return {name, name.removeprefix("báo "), urlsplit(self.site.base).hostname or ""}
