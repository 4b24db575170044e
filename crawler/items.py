"""What a spider hands to the pipelines."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extract import Article


@dataclass
class ArticlePage:
    """A fetched article page: its raw bytes, and the extracted article or why there is none."""

    url: str
    site: str
    status: int
    html: bytes
    content_type: str | None = None
    article: Article | None = None
    error: str | None = None
    # "live", or "wayback" with the capture's time (ISO 8601, UTC): see the archive's ``source`` column.
    source: str = "live"
    captured: str | None = None


@dataclass
class ListingPage:
    """A listing page read: the article URLs on it that the archive lacked, and how far a walk got.

    ``walked`` is set on pages of a section's whole walk (first crawl, resumed or ``--full``): the archive
    records that every page before ``page + 1`` has been read, and ``last`` that the walk reached the end.
    """

    site: str
    section: str
    page: int
    new_urls: list[str]
    walked: bool = False
    last: bool = False


@dataclass
class PageFailure:
    """An article or listing page that could not be had, to be recorded and asked for again on later runs.

    ``reason`` is the class of failure ("HTTP 500", "timeout", "offsite redirect"...); ``section`` the section's
    URL, and for a listing page its ``page`` and whether it was part of a ``walked`` walk.
    """

    url: str
    kind: str
    reason: str
    status: int | None = None
    error: str | None = None
    section: str | None = None
    page: int | None = None
    walked: bool = False
