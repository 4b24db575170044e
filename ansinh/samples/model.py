"""The data of a sample site: sections, articles with their expected fields, pages, listings.

These are plain records; :mod:`ansinh.samples.site` builds them and :mod:`ansinh.samples.pages` serves them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

# Vietnam's local time, which every date on these sites is in.
VN = timezone(timedelta(hours=7), "ICT")

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Category:
    """A category of a site that is not one of its seed's sections (scenario.toml's ``others`` and ``noise``).

    ``slug`` and ``url`` fill the article URL scheme (``article``, else the scenario's own).
    """

    slug: str
    name: str
    url: str
    article: str = ""


@dataclass(frozen=True)
class Section:
    """A listed section of a site, as in seeds/<key>.toml: page 1 is ``url``, page n is ``pages``."""

    name: str
    url: str
    pages: str
    index: int
    # Sections use the scenario's article URL scheme.
    article = ""

    def path(self, page: int) -> str:
        """Return the path (with query) of listing page ``page``."""
        return self.url if page == 1 else self.pages.format(page=page)

    @property
    def slug(self) -> str:
        """The category slug of Dân trí-style sections: "/an-sinh.htm" → "an-sinh"."""
        return self.url.strip("/").removesuffix(".htm")

    def page_pattern(self) -> re.Pattern:
        """A regex matching the paths of pages 2.. (and 1, which the CMSs also answer)."""
        return re.compile(re.escape(self.pages).replace(re.escape("{page}"), r"(\d+)") + "$")


@dataclass(eq=False)
class Article:
    """One article page of a sample site and the fields a crawler should extract from it.

    ``sapo`` is the text as printed, with the paper's byline ("(Dân trí) - …"); ``sapo_plain``
    drops the byline. ``body`` is the list of body paragraphs only (no sapo, captions, author
    or source line). ``published`` is ISO 8601 with +07:00; on pages that show only a day
    (some bhxh pages) ``published_has_time`` is False and only the date can be extracted.
    ``author`` joins several bylines with ", ". All text fields are NFC.
    """

    site: str
    path: str
    title: str
    sapo: str
    author: str
    published_at: datetime
    category: str
    category_url: str
    tags: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    ident: str = ""
    byline: str = ""
    source: str | None = None
    nfd: bool = False
    published_has_time: bool = True
    pinned: bool = False

    def __post_init__(self) -> None:
        self._text: tuple[list[str], list[str]] | None = None
        self._make: Callable[[], tuple[list[str], list[str]]] | None = None

    def set_text(self, body: list[str], captions: list[str] | None = None) -> "Article":
        """Give the article its body paragraphs and image captions (hand-built articles); returns self."""
        self._text = (list(body), list(captions or []))
        return self

    def _load(self) -> tuple[list[str], list[str]]:
        # Generated bodies are made on first use: building 2,000 articles stays cheap.
        if self._text is None:
            self._text = self._make() if self._make else ([], [])
        return self._text

    @property
    def body(self) -> list[str]:
        """The body paragraphs, NFC, without sapo, captions, author or source."""
        return self._load()[0]

    @property
    def captions(self) -> list[str]:
        """The image captions (one or two), not part of ``body``."""
        return self._load()[1]

    @property
    def published(self) -> str:
        """Publication time, ISO 8601 with +07:00, e.g. "2023-03-23T11:11:00+07:00"."""
        return self.published_at.isoformat()

    @property
    def sapo_plain(self) -> str:
        """The sapo without the paper's byline prefix."""
        return self.sapo.removeprefix(self.byline)

    @property
    def words(self) -> int:
        """Number of words in the body."""
        return sum(len(p.split()) for p in self.body)

    def expected(self) -> dict:
        """The fields a crawler should extract, as a plain dict."""
        return {
            "path": self.path, "title": self.title, "sapo": self.sapo, "body": self.body,
            "author": self.author, "published": self.published, "category": self.category,
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class Page:
    """One served resource: the bytes, their type, and the validators for conditional requests."""

    body: bytes
    content_type: str = HTML
    last_modified: datetime | None = None
    status: int = 200
    etag: str = ""

    def __post_init__(self) -> None:
        if not self.etag:
            digest = hashlib.blake2b(self.body, digest_size=10).hexdigest()
            object.__setattr__(self, "etag", f'"{digest}"')

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8")


@dataclass
class Listing:
    """What one listing page shows.

    ``items`` are the page's own articles, newest first (hand-pinned ones on top);
    ``highlight`` repeats an article of another page of the section (a deliberate duplicate);
    ``offsite`` are pages of other sections linked from this page; ``noise`` are tag, author,
    video or photo pages; ``disallowed`` are paths robots.txt forbids.
    """

    section: Section
    page: int
    last: int
    path: str
    items: list[Article] = field(default_factory=list)
    highlight: list[Article] = field(default_factory=list)
    offsite: list[Article] = field(default_factory=list)
    noise: list[tuple[str, str]] = field(default_factory=list)
    disallowed: list[tuple[str, str]] = field(default_factory=list)
