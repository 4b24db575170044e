"""Extraction: a pure function of (site definition, URL, HTML) to an article's fields and their provenance.

Each field is taken from the strongest source that has it: the site's own selectors first, then the
strongest generic sources, in the order measured on these sites (../shared/notes/extraction-pitfalls.md):

- title: JSON-LD headline, og:title, the first ``h1``, then ``<title>`` without the paper's name;
- sapo: JSON-LD description, og:description / description meta;
- body: the site's body element, else trafilatura with the site's exclusions applied;
- author: a byline closing the body (right-aligned or bold, however deep), an author-like element, then
  JSON-LD and meta (never the paper's own name);
- published: JSON-LD, meta, a date the page labels ("Ngày đăng:", "(GMT+7)", "date | time"), the first date
  after the headline, and the URL last (a creation time, not the publication: marked "approximate"); htmldate
  only where none of these, nor the URL, gives a date;
- category: the breadcrumb's deepest link, JSON-LD's BreadcrumbList and articleSection, meta (the crawler adds
  the listing's section last).

Every field records its source (``*_source``), so a template change shows up as a shift from ``selector`` to a
fallback; :data:`STRONG_SOURCES` are the sources that are no fallback. Each rule returns the elements it
consumed (a sapo or byline inside the body, captions): the body leaves those out, whatever order the rules
run in. Selectors of the site that matched nothing are listed in ``Article.missed``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin

import trafilatura
from htmldate import find_date as htmldate
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from crawler.dates import date_in_url, find_date, find_labelled_date, parse_date, precision
from crawler.html import NOISE, breadcrumb_names, clean, meta, paragraphs, remove, text_of
from crawler.page import NOT_FOUND, Found, Page, as_list, elements, first
from crawler.sites import Site

# The sources that are the site's own markup rather than a guess.
STRONG_SOURCES = frozenset({"selector", "json-ld", "meta"})
# Read after the headline for the first unlabelled date: where CMSs print it, before the body starts.
DATE_NEAR_TITLE = 250
# A byline is a name or two, not a sentence.
BYLINE_MAX = 60
AUTHOR_LIKE = ('[class*="author-name"], [class~="author"], [class*="tacgia"], [class*="tac-gia"], [class*="byline"], '
               '[itemprop="author"], a[rel="author"]')
# Separators between a page's title and the paper's name in <title>.
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:]\s+")


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
    title_source: str | None = None
    sapo_source: str | None = None
    text_source: str | None = None
    author_source: str | None = None
    published_source: str | None = None
    #: "time" (a time of day is known), "day" (only the day), or "approximate" (the URL's creation time)
    published_precision: str | None = None
    category_source: str | None = None
    #: the fields whose site selectors matched nothing on this page
    missed: list[str] = field(default_factory=list)

    def row(self) -> dict:
        """The article's columns for the archive (images go to their own table)."""
        row = asdict(self)
        del row["images"], row["missed"]
        return row


def _without_site_name(page: Page, title: str | None) -> str | None:
    """A title without the paper's name before or after it ("… | Báo Dân trí")."""
    if not title:
        return None
    parts = TITLE_SEPARATORS.split(title)
    names = page.site_names()
    while len(parts) > 1 and parts[-1].casefold().strip() in names:
        parts.pop()
    while len(parts) > 1 and parts[0].casefold().strip() in names:
        parts.pop(0)
    kept = " - ".join(parts) if len(parts) > 1 else parts[0]
    return None if kept.casefold() in names else kept


def _title(page: Page) -> Found:
    return first(
        ("selector", lambda: page.selected("title", first=True)),
        ("json-ld", lambda: _without_site_name(page, clean(page.json_ld.get("headline")))),
        ("meta", lambda: _without_site_name(page, next(iter(meta(page.doc, "og:title", "twitter:title")), None))),
        ("h1", lambda: next(iter(map(text_of, page.doc.css("body h1"))), None)),
        ("title", lambda: _without_site_name(page, clean(page.doc.xpath("string(//head/title)").get()))),
    )


def _sapo(page: Page) -> Found:
    return first(
        ("selector", lambda: page.selected("sapo", first=True)),
        ("json-ld", lambda: clean(page.json_ld.get("description"))),
        ("meta", lambda: next(iter(meta(page.doc, "og:description", "description")), None)),
    )


def _not_site_name(page: Page, name: str | None) -> str | None:
    # trafilatura and some JSON-LD give the paper's name as the author.
    return name if name and name.casefold() not in page.site_names() else None


def _json_ld_author(page: Page) -> str | None:
    authors = page.json_ld.get("author")
    names = [a.get("name") if isinstance(a, dict) else a for a in as_list(authors) if a]
    return ", ".join(clean(n) for n in names if isinstance(n, str) and clean(n)) or None


def _looks_like_names(text: str) -> bool:
    """Whether a short text reads as one or a few names ("Thu Hằng", "Minh Anh - Hoàng Lan", "PV"): no sentence,
    no figure, no date, no source line."""
    if not text or len(text) > BYLINE_MAX or len(text.split()) > 8 or re.search(r"[\d:?!;]", text):
        return False
    if text.endswith(".") and text != "PV.":
        return False
    return not text.lower().startswith(("theo ", "nguồn", "ảnh", "(ảnh"))


def _is_byline(element) -> bool:
    """Whether a block closing the body reads as a byline: names, right-aligned or all bold."""
    text = clean("".join(element.itertext()))
    if not _looks_like_names(text):
        return False
    style = (element.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (element.get("align") or "").lower() == "right":
        return True
    bold = "".join("".join(b.itertext()) for b in element.xpath(".//strong | .//b"))
    return clean(bold) == text


def _byline(page: Page) -> Found:
    """The byline closing the body, however deep it sits: the last blocks of text, read from the end."""
    if page.body is None:
        return NOT_FOUND
    blocks = [block for block in page.body.root.xpath(".//p | .//div[not(.//p or .//div)]")
              if clean("".join(block.itertext()))]
    for block in reversed(blocks[-3:]):
        if _is_byline(block):
            return Found(clean("".join(block.itertext())), "byline", (block,))
    return NOT_FOUND


def _author_like(page: Page) -> Found:
    for match in page.doc.css(AUTHOR_LIKE):
        text = text_of(match)
        if _looks_like_names(text) and _not_site_name(page, text):
            return Found(text, "author-element", elements([match]))
    return NOT_FOUND


def _author(page: Page) -> Found:
    return first(
        ("selector", lambda: page.selected("author", join=", ")),
        ("byline", lambda: _byline(page)),
        ("author-element", lambda: _author_like(page)),
        ("json-ld", lambda: _not_site_name(page, _json_ld_author(page))),
        ("meta", lambda: _not_site_name(page, next(iter(meta(page.doc, "author", "article:author")), None))),
    )


def _published(page: Page, title: str | None) -> Found:
    def from_selector() -> str | None:
        return next(filter(None, map(parse_date, map(text_of, page.select("published")))), None)

    def from_labels() -> str | None:
        text = page.text_after_title(title, 3000) or " ".join(text for _, text in page.texts)[:20000]
        return find_labelled_date(text)

    def from_htmldate() -> str | None:
        # Without its page-wide search, which takes a footer's copyright year for the date. Even so it gave a
        # wrong day on 3 of 19 real Dân trí pages (an image's path, a related article): only where nothing
        # else, the URL included, gives a date.
        return htmldate(page.html, extensive_search=False, url=page.url)

    return first(
        ("selector", from_selector),
        ("json-ld", lambda: parse_date(page.json_ld.get("datePublished"))),
        ("meta", lambda: parse_date(next(iter(meta(page.doc, "article:published_time", "datePublished")), None))),
        ("labelled", from_labels),
        ("pattern", lambda: find_date(page.text_after_title(title, DATE_NEAR_TITLE))),
        ("url", lambda: date_in_url(page.url, page.site.url_date)),
        ("htmldate", from_htmldate),
    )


def _category(page: Page) -> Found:
    section = page.json_ld.get("articleSection")
    return first(
        ("selector", lambda: page.selected("category")),
        ("breadcrumb", lambda: next(reversed(breadcrumb_names(page.doc)), None)),
        ("json-ld", lambda: next(reversed(breadcrumb_names(page.doc, json_ld=True)), None)),
        ("json-ld", lambda: clean(section) if isinstance(section, str) else None),
        ("meta", lambda: next(iter(meta(page.doc, "article:section")), None)),
    )


def _tags(page: Page) -> Found:
    keywords = page.json_ld.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    # news_keywords is the tag list that Google News asks of publishers; plain "keywords" is left out (SEO).
    news_keywords = ",".join(meta(page.doc, "news_keywords")).split(",")
    selected = page.select("tags")
    for source, candidates in (("selector", map(text_of, selected)), ("meta", meta(page.doc, "article:tag")),
                               ("json-ld", as_list(keywords)), ("meta", news_keywords)):
        tags = list(dict.fromkeys(filter(None, map(clean, candidates))))
        if tags:
            return Found(tags, source, elements(selected) if source == "selector" else ())
    return NOT_FOUND


def _caption(image: Selector) -> tuple[str | None, tuple]:
    """An image's caption: its figure's figcaption, the text cell of its table, or, as CMSs print it, an
    italic paragraph right after the image's own paragraph (then consumed: not body text)."""
    for found in (image.xpath("ancestor::figure[1]//figcaption"), image.xpath("ancestor::table[1]//td[not(.//img)]")):
        if found:
            return text_of(found[0]), ()
    after = image.xpath("ancestor::p[1]/following-sibling::*[1][self::p]")
    if after and after[0].css("em, i") and text_of(after[0]) == " ".join(map(text_of, after[0].css("em, i"))):
        return text_of(after[0]), (after[0].root,)
    return None, ()


def _images(page: Page) -> Found:
    if page.body is None:
        image = next(iter(meta(page.doc, "og:image")), None)
        return Found([{"src": urljoin(page.url, image), "caption": None}], "meta") if image else NOT_FOUND
    images, consumed = [], []
    for image in page.body.css("img"):
        src = image.attrib.get("data-src") or image.attrib.get("src")
        if src and not src.startswith("data:"):
            caption, used = _caption(image)
            images.append({"src": urljoin(page.url, src), "caption": caption})
            consumed.extend(used)
    return Found(images, "selector", tuple(consumed))


def _text(page: Page, consumed: list) -> Found:
    """The body, without what other fields consumed, noise and the site's exclusions. A body whose only text
    is its captions (a photo gallery) is its captions. Edits the page's tree: it runs last."""
    excluded = as_list(page.site.selectors.get("exclude"))
    if page.body is not None:
        body = page.body.root
        for element in consumed:
            if any(ancestor is body for ancestor in element.iterancestors()):
                remove(element)
        for element in page.body.css("table:has(img)"):
            remove(element.root)
        # The site's exclusions may name the body's ancestors ("article.d-magazine div… > h4"): read on the page.
        for css in excluded:
            for element in page.doc.css(css):
                remove(element.root)
        captions = [text_of(caption) for caption in page.body.css("figcaption")]
        for element in page.body.css(NOISE):
            remove(element.root)
        text = "\n\n".join(paragraphs(body)) or "\n\n".join(filter(None, captions))
        if text:
            return Found(text, "selector")
    prune = [HTMLTranslator().css_to_xpath(css) for css in excluded]
    generic = trafilatura.extract(page.html, url=page.url, include_comments=False, include_tables=False,
                                  prune_xpath=prune or None)
    if generic:
        return Found("\n\n".join(clean(line) for line in generic.splitlines() if clean(line)), "trafilatura")
    return NOT_FOUND


def extract(site: Site, url: str, html: str) -> Article:
    """Extract one article page.

    :param site: the site's definition (its selectors take precedence).
    :param url: the page's canonical URL, used for relative links and stored as is.
    :param html: the page as text.
    :raises ExtractionError: when the page has no title or no text.
    """
    page = Page(site, url, html)
    title = _title(page)
    fields = {
        "title": title,
        "sapo": _sapo(page),
        "author": _author(page),
        "published": _published(page, title.value),
        "category": _category(page),
        "tags": _tags(page),
        "images": _images(page),
    }
    # The body is edited in place: it is read once every other field has said what it consumed.
    text = _text(page, [element for found in fields.values() for element in found.consumed])
    published = fields["published"]
    article = Article(
        url=url,
        site=site.key,
        title=title.value,
        sapo=fields["sapo"].value,
        text=text.value,
        author=fields["author"].value,
        published=published.value,
        category=fields["category"].value,
        tags=fields["tags"].value or [],
        images=fields["images"].value or [],
        title_source=title.source,
        sapo_source=fields["sapo"].source,
        text_source=text.source,
        author_source=fields["author"].source,
        published_source=published.source,
        published_precision="approximate" if published.source == "url" else precision(published.value),
        category_source=fields["category"].source,
        missed=list(page.missed),
    )
    if not article.title or not article.text:
        raise ExtractionError(f"no {'title' if not article.title else 'text'} found on {url}")
    return article
