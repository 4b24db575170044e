"""Small HTML helpers for extraction: clean text, paragraphs of an element, JSON-LD and meta."""

from __future__ import annotations

import json
import re
import unicodedata

from lxml import etree
from parsel import Selector

_SPACE = re.compile(r"\s+")
BLOCK_TAGS = frozenset(
    "p div section article h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th br hr figure figcaption".split()
)
# Never text, wherever they appear in a body.
NOISE = "script, style, noscript, iframe, form, button, figure, figcaption, video, audio, object, embed"


def clean(text: str | None) -> str:
    """NFC, whitespace (non-breaking spaces included) collapsed to single spaces, trimmed."""
    if not text:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_of(selector: Selector) -> str:
    """The clean text of a matched element, or the value of a matched attribute or text node."""
    root = selector.root
    if isinstance(root, str):
        return clean(root)
    return clean("".join(root.itertext()))


def paragraphs(element: etree._Element) -> list[str]:
    """The element's text as paragraphs: each block-level element (and each ``<br>``) ends one."""
    found: list[str] = []
    current: list[str] = []

    def flush() -> None:
        paragraph = clean("".join(current))
        if paragraph:
            found.append(paragraph)
        current.clear()

    def walk(node: etree._Element) -> None:
        block = isinstance(node.tag, str) and node.tag.lower() in BLOCK_TAGS
        if block:
            flush()
        if isinstance(node.tag, str) and node.text:
            current.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    walk(element)
    flush()
    return found


def remove(element: etree._Element) -> None:
    """Take an element out of its tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def json_ld_objects(page: Selector, accept) -> list[dict]:
    """The objects of the page's JSON-LD blocks whose ``@type`` satisfies ``accept`` (``@graph`` and lists
    unwrapped, in page order)."""
    found = []
    for block in page.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                stack.extend(item.get("@graph", []))
                kinds = item.get("@type", [])
                kinds = [kinds] if isinstance(kinds, str) else kinds
                if any(isinstance(kind, str) and accept(kind) for kind in kinds):
                    found.append(item)
    return found


def json_ld_articles(page: Selector) -> list[dict]:
    """The Article-like objects of the page's JSON-LD blocks."""
    return json_ld_objects(page, lambda kind: kind.endswith("Article") or kind == "BlogPosting")


# Breadcrumbs as CMSs mark them (laodongxahoi.net spells it "breadcump").
BREADCRUMB = ('[class*="breadcrumb"] a, [class*="breadcump"] a, [id*="breadcrumb"] a, '
              'nav[aria-label*="readcrumb"] a, [itemtype*="BreadcrumbList"] a')
HOME = {"trang chủ", "trang chu", "home", "trang nhất"}


def breadcrumb_names(page: Selector, json_ld: bool = False) -> list[str]:
    """The names along the page's breadcrumb, outermost first, without "Trang chủ": from its markup, or
    from its JSON-LD BreadcrumbList."""
    if json_ld:
        names = []
        for crumbs in json_ld_objects(page, lambda kind: kind == "BreadcrumbList"):
            items = [item for item in crumbs.get("itemListElement", []) if isinstance(item, dict)]
            items.sort(key=lambda item: item.get("position") if isinstance(item.get("position"), int) else 0)
            for item in items:
                name = item.get("name") or (item.get("item") or {}).get("name") if isinstance(
                    item.get("item"), (dict, type(None))) else item.get("name")
                names.append(clean(name) if isinstance(name, str) else "")
    else:
        names = [clean("".join(a.root.itertext())) for a in page.css(BREADCRUMB)]
    return [name for name in names if name and name.casefold() not in HOME]


def meta(page: Selector, *names: str) -> list[str]:
    """The contents of ``<meta>`` tags with any of these names or properties, in page order."""
    query = " | ".join(f'//meta[@name="{n}" or @property="{n}" or @itemprop="{n}"]/@content' for n in names)
    return [value for value in map(clean, page.xpath(query).getall()) if value]
