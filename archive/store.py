"""The archive: one SQLite file with a standard schema, written through sqlite-utils.

Any collector (the Scrapy crawler, a WARC import, a Wayback rescue) writes through :class:`Archive`;
readers (datasette, the sqlite3 shell, sqlite-utils) need nothing but the file.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from archive.health import create_health_view
from archive.search import enable_search, folded_columns

ARTICLE_COLUMNS = {
    "url": str,
    "site": str,
    "title": str,
    "sapo": str,
    "text": str,
    "author": str,
    "published": str,
    "category": str,
    "tags": str,
    "fetched": str,
    "published_source": str,
    "author_source": str,
    "text_source": str,
}
# A re-fetch that changes none of these is "unchanged"; `fetched` alone does not make an update.
CONTENT_COLUMNS = ("title", "sapo", "text", "author", "published", "category", "tags")

CRAWL_COUNTS = ("listing_pages", "links_found", "articles_fetched", "new", "updated", "unchanged", "failed", "requests", "bytes")
VERSION_COLUMNS = {name: ARTICLE_COLUMNS[name] for name in ("url", "fetched", *CONTENT_COLUMNS)}


def utc_now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Archive:
    """An archive file, created with its schema on first use.

    :param path: the SQLite file; its folder must exist and be writable.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = sqlite_utils.Database(self.path)
        # WAL lets datasette read while a crawl writes; NORMAL sync is still crash-safe in WAL mode.
        self.db.execute("pragma journal_mode = wal")
        self.db.execute("pragma synchronous = normal")
        self.db.execute("pragma busy_timeout = 10000")
        self.ensure_schema()

    def ensure_schema(self) -> None:
        db = self.db
        db["articles"].create(ARTICLE_COLUMNS, pk="url", not_null={"site"}, if_not_exists=True)
        db["articles"].create_index(["site", "published"], if_not_exists=True)
        db["articles"].create_index(["published"], if_not_exists=True)
        # datasette's facets on these would otherwise read past every article's body.
        for column in ("category", "author"):
            db["articles"].create_index([column], if_not_exists=True)
        db["images"].create(
            {"article": str, "position": int, "src": str, "caption": str},
            pk=("article", "position"),
            foreign_keys=[("article", "articles", "url")],
            if_not_exists=True,
        )
        db["pages"].create(
            {"url": str, "site": str, "fetched": str, "status": int, "content_type": str, "html": bytes, "error": str},
            pk="url",
            if_not_exists=True,
        )
        # What the site keys stand for, so that the archive explains itself to any reader.
        db["sites"].create({"key": str, "name": str, "base": str}, pk="key", if_not_exists=True)
        # Earlier versions of articles whose content changed on a re-fetch.
        db["article_versions"].create(
            {**VERSION_COLUMNS, "replaced": str}, pk=("url", "fetched"), if_not_exists=True
        )
        # The crawl's own frontier, so that a killed crawl is completed by the next run: article URLs found
        # but not yet stored, and how far each section's listing walk got.
        db["frontier"].create({"url": str, "site": str, "section": str, "found": str}, pk="url", if_not_exists=True)
        db["walks"].create(
            {"site": str, "section": str, "next_page": int, "started": str, "finished": str},
            pk=("site", "section"),
            if_not_exists=True,
        )
        db["crawls"].create(
            {
                "id": int,
                "site": str,
                "started": str,
                "finished": str,
                "status": str,
                **{name: int for name in CRAWL_COUNTS},
                "requests_per_new": float,
                "error": str,
            },
            pk="id",
            if_not_exists=True,
        )
        db["crawls"].create_index(["site", "started"], if_not_exists=True)
        create_health_view(db)
        enable_search(db)

    # Articles

    def store_article(self, article: dict, images: list[dict] | None = None) -> str:
        """Insert or update one article by its canonical URL, keeping the earlier version if its content changed.

        :param article: the columns of ``ARTICLE_COLUMNS``; ``tags`` may be a list.
        :param images: ``{"src", "caption"}`` dicts in page order; they replace the article's earlier images.
        :return: ``"new"``, ``"updated"`` or ``"unchanged"``.
        """
        with self.db.conn:
            return self._store_article(article, images)

    def store_page(
        self, url: str, site: str, html: bytes, status: int = 200, content_type: str | None = None,
        article: dict | None = None, images: list[dict] | None = None, error: str | None = None,
    ) -> str | None:
        """Keep a fetched article page and store what was extracted from it, in one transaction: a crash
        never leaves a page kept whose article is missing. The URL leaves the frontier.

        :param html: the page's raw bytes, kept compressed so extraction can be re-run without the network.
        :param article: the extracted columns, or None when extraction failed (say why in ``error``).
        :return: the article's outcome (see :meth:`store_article`), or None without an article.
        """
        with self.db.conn:
            self.db["frontier"].delete_where("url = ?", [url])
            self.db["pages"].upsert(
                {"url": url, "site": site, "fetched": utc_now(), "status": status, "content_type": content_type,
                 "html": zlib.compress(html, 6), "error": error},
                pk="url",
            )
            return self._store_article(article, images) if article is not None else None

    def _store_article(self, article: dict, images: list[dict] | None) -> str:
        row = {name: article.get(name) for name in ARTICLE_COLUMNS}
        if isinstance(row["tags"], list):
            row["tags"] = json.dumps(row["tags"], ensure_ascii=False)
        row["fetched"] = row["fetched"] or utc_now()
        # The index's unmarked spelling of the searched columns, written with them (see archive.search).
        row.update(folded_columns(row))
        before = self.article(row["url"])
        if before is None:
            outcome = "new"
        elif any(before[name] != row[name] for name in CONTENT_COLUMNS):
            outcome = "updated"
            version = {name: before[name] for name in VERSION_COLUMNS}
            self.db["article_versions"].insert({**version, "replaced": row["fetched"]}, replace=True)
        else:
            outcome = "unchanged"
        self.db["articles"].upsert(row, pk="url")
        if images is not None:
            self.db["images"].delete_where("article = ?", [row["url"]])
            self.db["images"].insert_all(
                {"article": row["url"], "position": position, "src": image["src"], "caption": image.get("caption")}
                for position, image in enumerate(images)
            )
        return outcome

    def article(self, url: str) -> dict | None:
        """The stored row of an article, or None."""
        rows = list(self.db["articles"].rows_where("url = ?", [url], select=", ".join(ARTICLE_COLUMNS)))
        return rows[0] if rows else None

    def known_urls(self, site: str) -> set[str]:
        """The article URLs of a site that a crawl need not fetch again: every page kept (extracted or not)
        and every URL waiting in the frontier."""
        rows = self.db.execute("select url from pages where site = ? union select url from frontier where site = ?",
                               [site, site])
        return {row[0] for row in rows}

    def recent_urls(self, site: str, days: float) -> list[tuple[str, str | None]]:
        """(URL, category) of a site's articles published in the last ``days`` days, to re-fetch for corrections."""
        since = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat()
        # Stored offsets differ (+07:00, Z): compare instants, not strings.
        rows = self.db.execute(
            "select url, category from articles where site = ? and unixepoch(published) >= unixepoch(?)", [site, since]
        )
        return [tuple(row) for row in rows]

    # Frontier

    def add_to_frontier(self, site: str, urls: list[str], section: str | None) -> None:
        """Remember article URLs found on a listing until they are stored (or given up)."""
        found = utc_now()
        with self.db.conn:
            # A URL whose page is kept already (listed again on a later page) has nothing left to wait for.
            self.db.conn.executemany(
                "insert or ignore into frontier (url, site, section, found) select ?, ?, ?, ? "
                "where not exists (select 1 from pages where url = ?)",
                [(url, site, section, found, url) for url in urls],
            )

    def frontier(self, site: str) -> list[tuple[str, str | None]]:
        """(URL, section) of a site's articles found but not stored yet."""
        return [tuple(row) for row in self.db.execute("select url, section from frontier where site = ?", [site])]

    def walk(self, site: str, section: str) -> dict | None:
        """How far the last walk through a section's listing got: ``next_page``, ``finished``."""
        rows = list(self.db["walks"].rows_where("site = ? and section = ?", [site, section]))
        return rows[0] if rows else None

    def record_walk(self, site: str, section: str, next_page: int, finished: bool = False) -> None:
        """Note that a walk through a section's listing has read every page before ``next_page``."""
        with self.db.conn:
            earlier = self.walk(site, section)
            started = earlier["started"] if earlier and not earlier["finished"] else utc_now()
            self.db["walks"].upsert(
                {"site": site, "section": section, "next_page": next_page, "started": started,
                 "finished": utc_now() if finished else None},
                pk=("site", "section"),
            )

    # Sites and crawls

    def describe_site(self, key: str, name: str, base: str) -> None:
        """Record a site's name and address under its key (the collector knows them; readers show them)."""
        with self.db.conn:
            self.db["sites"].upsert({"key": key, "name": name, "base": base}, pk="key")


    def start_crawl(self, site: str) -> int:
        """Open the ``crawls`` row of one site's run; returns its id.

        The caller holds the archive's lock, so a row of the site still "running" is a run that was killed.
        """
        self.db.execute("update crawls set status = 'killed' where site = ? and status = 'running'", [site])
        table = self.db["crawls"].insert(
            {"site": site, "started": utc_now(), "status": "running", **{name: 0 for name in CRAWL_COUNTS}}
        )
        return table.last_pk

    def finish_crawl(self, crawl_id: int, status: str, counts: dict[str, int], error: str | None = None) -> None:
        """Close a ``crawls`` row with its status (ok, failed, interrupted) and counts."""
        counts = {name: counts.get(name, 0) for name in CRAWL_COUNTS}
        per_new = round(counts["requests"] / counts["new"], 2) if counts["new"] else None
        self.db["crawls"].update(
            crawl_id,
            {"finished": utc_now(), "status": status, "error": error, "requests_per_new": per_new, **counts},
        )

    def close(self) -> None:
        self.db.close()
