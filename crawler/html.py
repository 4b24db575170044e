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


def json_ld_articles(page: Selector) -> list[dict]:
    """The Article-like objects of the page's JSON-LD blocks (``@graph`` and lists unwrapped)."""
    found = []
    for block in page.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item.get("@graph", []))
                kinds = item.get("@type", [])
                kinds = [kinds] if isinstance(kinds, str) else kinds
                if any(kind.endswith("Article") or kind == "BlogPosting" for kind in kinds):
                    found.append(item)
    return found


def meta(page: Selector, *names: str) -> list[str]:
    """The contents of ``<meta>`` tags with any of these names or properties, in page order."""
    query = " | ".join(f'//meta[@name="{n}" or @property="{n}" or @itemprop="{n}"]/@content' for n in names)
    return [value for value in map(clean, page.xpath(query).getall()) if value]
