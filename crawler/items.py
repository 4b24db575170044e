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
