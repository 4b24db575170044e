"""What a spider hands to the pipelines."""

from __future__ import annotations

from dataclasses import dataclass

from archive.derived import Derived
from archive.warc import RecordAt
from crawler.encoding import decode_html
from crawler.extract import Article, ExtractionError, extract
from crawler.sites import Site


@dataclass
class ArticlePage:
    """A fetched article page: where its response record is (or its raw bytes), and the extracted article or why
    there is none.

    Every collector reads a page with :meth:`read` and stores it with :meth:`store`: a crawled page, an imported
    WARC record and a re-extracted kept page become the same rows.
    """

    url: str
    site: str
    status: int
    #: the page's response record in the archive's WARC files; or its bytes, written there when stored; or None
    #: when the response is not kept (a crawl with WARC writing turned off)
    raw: RecordAt | bytes | None
    content_type: str | None = None
    article: Article | None = None
    error: str | None = None
    #: when the page was fetched (ISO 8601), if not just now: an imported capture's date
    fetched: str | None = None
    # "live", or "wayback" with the capture's time (ISO 8601, UTC): see the archive's ``source`` column.
    source: str = "live"
    captured: str | None = None
    #: what the archive stores beside the article, where the extraction worker computed it (else the archive does)
    derived: Derived | None = None

    @classmethod
    def read(cls, site: Site, url: str, body: bytes, content_type: str | None = None, status: int = 200,
             section: str | None = None, fetched: str | None = None,
             raw: RecordAt | bytes | None = None) -> ArticlePage:
        """An article page decoded (:func:`crawler.encoding.decode_html`) and extracted; a page that gives no
        article keeps why in ``error``.

        :param url: the page's canonical URL.
        :param section: the name of the section whose listing linked to it: the category of a page that names none.
        :param raw: where ``body`` is kept already (its WARC record), if it is; else ``body`` is kept when stored.
        """
        page = cls(url=url, site=site.key, status=status, raw=body if raw is None else raw,
                   content_type=content_type, fetched=fetched)
        try:
            page.found(extract(site, url, decode_html(body, content_type)), section)
        except (ExtractionError, ValueError, AttributeError) as error:
            page.error = str(error)
        return page

    def found(self, article: Article, section: str | None = None, derived: Derived | None = None) -> None:
        """The page's extracted article (and what the archive stores beside it, if computed already); one whose page
        names no section takes that of the listing it was found on."""
        if not article.category and section:
            article.category, article.category_source = section, "listing"
        self.article = article
        self.derived = derived

    def row(self) -> dict | None:
        """The article's columns as stored, with where it came from; None without an article."""
        return {**self.article.row(), "source": self.source, "captured": self.captured} if self.article else None

    def store(self, archive) -> str | None:
        """Keep the page in the archive with its article, or as a failed page (see ``Archive.store_page``).

        :return: the article's outcome ("new", "updated", "unchanged"), or None without an article.
        """
        article = self.article
        return archive.store_page(
            self.url, self.site, self.raw, self.status, self.content_type,
            article=self.row(), images=article.images if article else None, error=self.error,
            reason=self.error if (self.error or "").startswith("HTTP ") else "unextractable", fetched=self.fetched,
            derived=self.derived,
        )


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
