"""Cheap markup building: a tiny template type, escaping, and filler blobs for page weight.

Benchmarks render thousands of pages, so templates are split once into literal chunks and
filled by a join; the heavy boilerplate (inline CSS, scripts, SharePoint view state) is
generated once per process and reused.
"""

from __future__ import annotations

import base64
import html
import random
import re
from functools import lru_cache
from typing import Mapping

_SLOT = re.compile(r"\{\{(\w+)\}\}")


class Template:
    """A text with ``{{name}}`` slots; braces of CSS and scripts are left alone."""

    def __init__(self, text: str) -> None:
        parts = _SLOT.split(text)
        self._literals = parts[0::2]
        self._names = parts[1::2]

    @property
    def names(self) -> set[str]:
        """The slot names this template needs."""
        return set(self._names)

    def render(self, values: Mapping[str, str]) -> str:
        """Return the text with every slot replaced by ``values[name]`` (a KeyError names a missing slot)."""
        out = [self._literals[0]]
        for name, literal in zip(self._names, self._literals[1:]):
            out.append(values[name])
            out.append(literal)
        return "".join(out)


def esc(text: str) -> str:
    """Escape text for HTML element content and double-quoted attributes."""
    return html.escape(text, quote=True)


_BLOCKS = ["header", "menu", "nav-full", "article", "article-item", "article-thumb", "article-title",
           "singular", "author", "sidebar", "footer", "banner", "grid", "box", "tags", "video", "photo",
           "poll", "comment", "search", "weather", "breadcrumb", "pagination", "popup", "dt-audio",
           "topic", "event", "emagazine", "infographic", "share", "rating", "ads", "note", "quote"]
_ELEMENTS = ["wrap", "title", "link", "icon", "list", "item", "meta", "text", "image", "button",
             "caption", "head", "body", "col", "row", "label", "count", "time", "avatar", "more"]
_TAILS = ["", "", ":hover", "::before", "::after", ".active", " > a", " img", ":first-child",
          ":last-child", " span", " svg"]
_PROPS = [
    ("display", ["block", "flex", "none", "inline-block", "grid"]), ("position", ["relative", "absolute"]),
    ("margin", ["0", "0 auto", "8px 0", "0 0 16px", "12px 0 0"]), ("padding", ["0", "4px 8px", "12px", "16px 0"]),
    ("font-size", ["13px", "14px", "15px", "16px", "18px", "20px", "24px"]), ("font-weight", ["400", "500", "700"]),
    ("line-height", ["1.3", "1.4", "1.5", "1.6", "22px"]), ("color", ["#222", "#333", "#666", "#999", "#1e5ba5", "#fff"]),
    ("background", ["#fff", "#f5f5f5", "transparent", "#eef3f8", "rgba(0,0,0,.5)"]),
    ("border", ["0", "1px solid #e5e5e5", "1px solid #ddd"]), ("border-radius", ["2px", "4px", "50%"]),
    ("width", ["100%", "auto", "240px", "300px", "680px"]), ("height", ["auto", "40px", "100%"]),
    ("align-items", ["center", "flex-start"]), ("justify-content", ["space-between", "center"]),
    ("overflow", ["hidden", "auto"]), ("text-align", ["left", "center", "right"]),
    ("transition", ["all .2s ease", "color .15s"]), ("z-index", ["1", "10", "99"]),
    ("font-family", ['"Noto Serif",serif', "Roboto,Arial,sans-serif"]), ("cursor", ["pointer"]),
]


@lru_cache(maxsize=16)
def css_blob(size: int, seed: str) -> str:
    """Return about ``size`` bytes of plausible, deterministic CSS (inline styles of a news page)."""
    rng = random.Random(f"css:{seed}")
    rules: list[str] = []
    total = 0
    while total < size:
        block = rng.choice(_BLOCKS)
        selector = f".{block}" + (f"__{rng.choice(_ELEMENTS)}" if rng.random() < 0.7 else "") + rng.choice(_TAILS)
        props = rng.sample(_PROPS, rng.randint(2, 6))
        body = ";".join(f"{name}:{rng.choice(values)}" for name, values in props)
        rule = f"{selector}{{{body}}}"
        if rng.random() < 0.08:
            rule = f"@media (max-width:{rng.choice([767, 991, 1199])}px){{{rule}}}"
        rules.append(rule)
        total += len(rule) + 1
    return "\n".join(rules)


@lru_cache(maxsize=16)
def js_blob(size: int, seed: str) -> str:
    """Return about ``size`` bytes of deterministic script text (config and tracking boilerplate)."""
    rng = random.Random(f"js:{seed}")
    names = ["ads", "track", "lazy", "menu", "share", "video", "poll", "audio", "comment", "login"]
    parts = ["window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"]
    total = len(parts[0])
    while total < size:
        name = rng.choice(names)
        key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
        line = (f"(function(w,d){{var {key}=d.querySelectorAll('[data-module=\"{name}\"]');"
                f"for(var i=0;i<{key}.length;i++){{w.__{name}=w.__{name}||[];"
                f"w.__{name}.push({{el:{key}[i],id:{rng.randint(1000, 99999)},t:{rng.randint(10, 900)}}})}}}})(window,document);")
        parts.append(line)
        total += len(line) + 1
    return "\n".join(parts)


@lru_cache(maxsize=16)
def viewstate(size: int, seed: str) -> str:
    """Return a deterministic base64 blob like an ASP.NET ``__VIEWSTATE`` of about ``size`` bytes."""
    rng = random.Random(f"vs:{seed}")
    raw = bytes(rng.getrandbits(8) for _ in range(size * 3 // 4))
    return "/wEP" + base64.b64encode(raw).decode("ascii")
