"""Extraction: a pure function of (site definition, URL, HTML) to an article's fields and their provenance.

Each field is taken from the strongest source that has it. The order follows what was measured on these sites
(../shared/notes/extraction-pitfalls.md): the site's own selectors and structured data (JSON-LD, meta) first;
trafilatura and htmldate only where those are missing, since they drop the sapo, give the site's name as
author and take a footer's copyright year for the date. ``*_source`` records which source won, so a template
change shows up as a shift from "selector" to "generic".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Callable
from urllib.parse import urljoin

import trafilatura
from parsel import Selector

from crawler.dates import date_in_url, find_date, parse_date
from crawler.html import NOISE, clean, json_ld_articles, meta, paragraphs, remove, text_of
from crawler.sites import Site

class ExtractionError(ValueError):
    """A page that gives no article: no title or no text."""


@dataclass
class Article:
    url: str
    site: str
    title: str
    sapo: str | None
    text: str
    author: str | None
    published: str | None
    category: str | None
    tags: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    published_source: str | None = None
    author_source: str | None = None
    text_source: str | None = None

    def row(self) -> dict:
        """The article's columns for the archive (images go to their own table)."""
        row = asdict(self)
        del row["images"]
        return row


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class _Page:
    """One parsed page and the lookups the field rules share, each done at most once."""

    def __init__(self, site: Site, url: str, html: str):
        self.site = site
        self.url = url
        self.html = html
        self.doc = Selector(text=html)
        # Elements read as another field (a sapo or byline inside the body) are not body text.
        self.used: list = []

    def select(self, name: str) -> list[Selector]:
        """Matches of the site's selector(s) for a field: the first selector that matches anything wins."""
        for css in _as_list(self.site.selectors.get(name)):
            found = self.doc.css(css)
            if found:
                return list(found)
        return []

    def selected_texts(self, name: str, first: bool = False) -> list[str]:
        """Texts of a field's matches (only the first, if ``first``), remembered as not body text."""
        found = self.select(name)[:1] if first else self.select(name)
        self.used.extend(match.root for match in found if not isinstance(match.root, str))
        return [text for text in map(text_of, found) if text]

    @cached_property
    def json_ld(self) -> dict:
        articles = json_ld_articles(self.doc)
        return articles[0] if articles else {}

    @cached_property
    def generic(self):
        """trafilatura's metadata (title, author, date via htmldate, tags), only computed when needed."""
        return trafilatura.extract_metadata(self.html, default_url=self.url)

    @cached_property
    def body(self) -> Selector | None:
        found = self.select("body")
        return found[0] if found else None


def _first(*candidates: tuple[Callable[[], str | None], str]) -> tuple[str | None, str | None]:
    """The first candidate whose value is not empty, with the name of its source. Candidates are computed in
    order and only as far as needed: trafilatura's metadata costs as much as the rest of extraction."""
    for compute, source in candidates:
        value = compute()
        if value:
            return value, source
    return None, None


def _title(page: _Page) -> str | None:
    title, _ = _first(
        (lambda: next(iter(page.selected_texts("title", first=True)), None), "selector"),
        (lambda: clean(page.json_ld.get("headline")), "json-ld"),
        (lambda: next(iter(meta(page.doc, "og:title")), None), "meta"),
        (lambda: next(iter(map(text_of, page.doc.css("h1"))), None), "generic"),
    )
    return title


def _sapo(page: _Page) -> str | None:
    sapo, _ = _first(
        (lambda: next(iter(page.selected_texts("sapo", first=True)), None), "selector"),
        (lambda: clean(page.json_ld.get("description")), "json-ld"),
        (lambda: next(iter(meta(page.doc, "og:description", "description")), None), "meta"),
    )
    return sapo


def _json_ld_author(page: _Page) -> str | None:
    authors = page.json_ld.get("author")
    names = [a.get("name") if isinstance(a, dict) else a for a in _as_list(authors) if a]
    return ", ".join(clean(n) for n in names if isinstance(n, str) and clean(n)) or None


def _author(page: _Page) -> tuple[str | None, str | None]:
    def not_site_name(name: str | None) -> str | None:
        # trafilatura and some JSON-LD give the paper's name as the author.
        if name and name.casefold() not in {page.site.name.casefold(), page.site.name.casefold().removeprefix("báo ")}:
            return name
        return None

    return _first(
        (lambda: ", ".join(page.selected_texts("author")) or None, "selector"),
        (lambda: not_site_name(_json_ld_author(page)), "json-ld"),
        (lambda: not_site_name(next(iter(meta(page.doc, "author", "article:author")), None)), "meta"),
        (lambda: not_site_name(clean(page.generic.author) if page.generic else None), "generic"),
    )


def _published(page: _Page) -> tuple[str | None, str | None]:
    def from_selector() -> str | None:
        return next(filter(None, map(parse_date, page.selected_texts("published"))), None)

    def from_pattern() -> str | None:
        # The first dd/mm/yyyy after the headline: where CMSs print the date when nothing marks it up.
        after = page.doc.xpath("//h1[1]/following::text()").getall()
        return find_date(clean(" ".join(after))[:2000])

    def from_generic() -> str | None:
        return page.generic.date if page.generic and page.generic.date else None

    return _first(
        (lambda: parse_date(page.json_ld.get("datePublished")), "json-ld"),
        (lambda: parse_date(next(iter(meta(page.doc, "article:published_time", "datePublished")), None)), "meta"),
        (from_selector, "selector"),
        (lambda: date_in_url(page.url, page.site.url_date), "url"),
        (from_pattern, "pattern"),
        (from_generic, "generic"),
    )


def _category(page: _Page) -> str | None:
    section = page.json_ld.get("articleSection")
    category, _ = _first(
        (lambda: next(reversed(page.selected_texts("category")), None), "selector"),
        (lambda: clean(section) if isinstance(section, str) else None, "json-ld"),
        (lambda: next(iter(meta(page.doc, "article:section")), None), "meta"),
    )
    return category


def _tags(page: _Page) -> list[str]:
    keywords = page.json_ld.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    # news_keywords is the tag list that Google News asks of publishers; plain "keywords" is left out (SEO).
    news_keywords = ",".join(meta(page.doc, "news_keywords")).split(",")
    for candidates in (page.selected_texts("tags"), meta(page.doc, "article:tag"), _as_list(keywords), news_keywords):
        tags = list(dict.fromkeys(filter(None, map(clean, candidates))))
        if tags:
            return tags
    return []


def _caption(image: Selector, page: _Page) -> str | None:
    """An image's caption: its figure's figcaption, the text cell of its table, or, as CMSs print it, an
    italic paragraph right after the image's own paragraph (then not body text)."""
    for found in (image.xpath("ancestor::figure[1]//figcaption"), image.xpath("ancestor::table[1]//td[not(.//img)]")):
        if found:
            return text_of(found[0])
    after = image.xpath("ancestor::p[1]/following-sibling::*[1][self::p]")
    if after and after[0].css("em, i") and text_of(after[0]) == " ".join(map(text_of, after[0].css("em, i"))):
        page.used.append(after[0].root)
        return text_of(after[0])
    return None


def _images(page: _Page) -> list[dict]:
    if page.body is None:
        return []
    images = []
    for image in page.body.css("img"):
        src = image.attrib.get("data-src") or image.attrib.get("src")
        if src and not src.startswith("data:"):
            images.append({"src": urljoin(page.url, src), "caption": _caption(image, page)})
    return images


def _text(page: _Page) -> tuple[str | None, str | None]:
    if page.body is not None:
        body = page.body.root
        for element in page.used:
            if any(ancestor is body for ancestor in element.iterancestors()):
                remove(element)
        for css in [NOISE, "table:has(img)", *_as_list(page.site.selectors.get("exclude"))]:
            for element in page.body.css(css):
                remove(element.root)
        text = "\n\n".join(paragraphs(body))
        if text:
            return text, "selector"
    generic = trafilatura.extract(page.html, url=page.url, include_comments=False, include_tables=False)
    if generic:
        return "\n\n".join(clean(line) for line in generic.splitlines() if clean(line)), "generic"
    return None, None


def extract(site: Site, url: str, html: str) -> Article:
    """Extract one article page.

    :param site: the site's definition (its selectors take precedence).
    :param url: the page's canonical URL, used for relative links and stored as is.
    :param html: the page as text.
    :raises ExtractionError: when the page has no title or no text.
    """
    page = _Page(site, url, html)
    author, author_source = _author(page)
    published, published_source = _published(page)
    article = Article(
        url=url,
        site=site.key,
        title=_title(page),
        sapo=_sapo(page),
        text="",
        author=author,
        published=published,
        category=_category(page),
        tags=_tags(page),
        images=_images(page),
        published_source=published_source,
        author_source=author_source,
    )
    # The body is edited in place: it goes last, once every other field has been read.
    article.text, article.text_source = _text(page)
    if not article.title or not article.text:
        raise ExtractionError(f"no {'title' if not article.title else 'text'} found on {url}")
    return article
