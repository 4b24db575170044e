"""The archive: one SQLite file with a standard schema, written through sqlite-utils.

Any collector (the Scrapy crawler, a WARC import, a Wayback rescue) writes through :class:`Archive`;
readers (datasette, the sqlite3 shell, sqlite-utils) need nothing but the file.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from archive.health import create_health_view
from archive.search import enable_search, folded_columns
from archive.tagging import create_tag_tables, tag_article

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
    # Where each field was found (the extractor's sources: "selector", "json-ld", "meta", or a fallback).
    "title_source": str,
    "sapo_source": str,
    "text_source": str,
    "author_source": str,
    "published_source": str,
    # "time", "day" (only the day is known: `published` is a bare date) or "approximate" (from the URL).
    "published_precision": str,
    "category_source": str,
}
# A re-fetch that changes none of these is "unchanged"; `fetched` alone does not make an update.
CONTENT_COLUMNS = ("title", "sapo", "text", "author", "published", "category", "tags")

# A page that failed is asked for again on later runs, each wait twice the last (the first retry is the
# next run), until it has failed this many times: then it is given up, and said so.
FAILURE_ATTEMPTS = 8
FAILURE_BACKOFF = timedelta(hours=1)

CRAWL_COUNTS = ("listing_pages", "links_found", "articles_fetched", "new", "updated", "unchanged", "failed", "requests",
                "bytes", "listing_selector_missed", "walks_bounded")
VERSION_COLUMNS = {name: ARTICLE_COLUMNS[name] for name in ("url", "fetched", *CONTENT_COLUMNS)}


def utc_now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _add_missing_columns(table: sqlite_utils.db.Table, columns: dict) -> None:
    """Bring a table of an earlier archive up to date: the columns added since are added, empty."""
    present = table.columns_dict
    for name, kind in columns.items():
        if name not in present:
            table.add_column(name, kind)


class NotAnArchive(ValueError):
    """A file that is not an ansinh archive: not SQLite, or another application's database."""


def check_archive(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a database that is not an archive (an empty one is fine).

    :raises NotAnArchive: saying what the file is instead.
    """
    try:
        tables = set(db.table_names())
    except sqlite3.DatabaseError as error:
        raise NotAnArchive(f"{path} is not a SQLite database ({error})") from None
    if not tables:
        return
    # An archive is known by its articles table (the other tables came later and are added when missing).
    if "articles" not in tables:
        raise NotAnArchive(f"{path} is another application's SQLite database (tables: {', '.join(sorted(tables)[:5])})")
    # The columns every archive has had; the others are added when missing (see ensure_schema).
    missing = {"url", "site", "title", "text", "published", "fetched"} - set(db["articles"].columns_dict)
    if missing:
        raise NotAnArchive(f"{path} is another application's SQLite database: its articles table has no "
                           f"{', '.join(sorted(missing))}")


class Archive:
    """An archive file, created with its schema on first use.

    :param path: the SQLite file; its folder must exist and be writable.
    :raises NotAnArchive: when the file is something else (another application's database, not SQLite).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = sqlite_utils.Database(self.path)
        try:
            check_archive(self.db, self.path)
        except NotAnArchive:
            self.db.close()
            raise
        # WAL lets datasette read while a crawl writes; NORMAL sync is still crash-safe in WAL mode.
        self.db.execute("pragma journal_mode = wal")
        self.db.execute("pragma synchronous = normal")
        self.db.execute("pragma busy_timeout = 10000")
        self.ensure_schema()

    def ensure_schema(self) -> None:
        db = self.db
        db["articles"].create(ARTICLE_COLUMNS, pk="url", not_null={"site"}, if_not_exists=True)
        _add_missing_columns(db["articles"], ARTICLE_COLUMNS)
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
        # Pages that failed (article or listing), asked for again on later runs until given up.
        db["failures"].create(
            {"url": str, "site": str, "kind": str, "reason": str, "section": str, "page": int, "walked": int,
             "attempts": int, "first_seen": str, "last_seen": str, "next_due": str, "last_status": int,
             "last_error": str, "given_up": str},
            pk="url",
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
                # Per field, the articles whose site selectors matched nothing: {"title": 12, ...} (JSON).
                "selectors_missed": str,
                "error": str,
            },
            pk="id",
            if_not_exists=True,
        )
        _add_missing_columns(db["crawls"], {**{name: int for name in CRAWL_COUNTS}, "selectors_missed": str})
        db["crawls"].create_index(["site", "started"], if_not_exists=True)
        create_health_view(db)
        enable_search(db)
        create_tag_tables(db)

    # Articles

    def store_article(self, article: dict, images: list[dict] | None = None) -> str:
        """Insert or update one article by its canonical URL, keeping the earlier version if its content changed.

        :param article: the columns of ``ARTICLE_COLUMNS``; ``tags`` may be a list.
        :param images: ``{"src", "caption"}`` dicts in page order; they replace the article's earlier images.
        :return: ``"new"``, ``"updated"`` or ``"unchanged"``.
        """
        with self.db.atomic():
            return self._store_article(article, images)

    def store_page(
        self, url: str, site: str, html: bytes, status: int = 200, content_type: str | None = None,
        article: dict | None = None, images: list[dict] | None = None, error: str | None = None,
        reason: str = "unextractable",
    ) -> str | None:
        """Keep a fetched article page and store what was extracted from it, in one transaction: a crash
        never leaves a page kept whose article is missing. The URL leaves the frontier.

        :param html: the page's raw bytes, kept compressed so extraction can be re-run without the network.
        :param article: the extracted columns, or None when extraction failed (say why in ``error``): the page
            is then recorded in ``failures`` (as ``reason``), to be asked for again.
        :return: the article's outcome (see :meth:`store_article`), or None without an article.
        """
        with self.db.atomic():
            self.db["frontier"].delete_where("url = ?", [url])
            self.db["pages"].upsert(
                {"url": url, "site": site, "fetched": utc_now(), "status": status, "content_type": content_type,
                 "html": zlib.compress(html, 6), "error": error},
                pk="url",
            )
            if article is None:
                self.record_failure(url, site, "article", reason, status=status, error=error)
                return None
            self.db["failures"].delete_where("url = ?", [url])
            return self._store_article(article, images)

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
        # Every collector's articles get their provinces and subtopics, replaced whenever the article is stored.
        tag_article(self.db, row)
        return outcome

    def article(self, url: str) -> dict | None:
        """The stored row of an article, or None."""
        rows = list(self.db["articles"].rows_where("url = ?", [url], select=", ".join(ARTICLE_COLUMNS)))
        return rows[0] if rows else None

    def known_urls(self, site: str) -> set[str]:
        """The article URLs of a site that a crawl need not fetch again: every page kept (extracted or not),
        every URL waiting in the frontier, and every failed article (asked for again through ``failures``)."""
        rows = self.db.execute(
            "select url from pages where site = ? union select url from frontier where site = ? "
            "union select url from failures where site = ? and kind = 'article'", [site, site, site])
        return {row[0] for row in rows}

    def recent_urls(self, site: str, days: float) -> list[tuple[str, str | None]]:
        """(URL, category) of a site's articles published in the last ``days`` days, to re-fetch for corrections."""
        since = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat()
        # Stored offsets differ (+07:00, Z): compare instants, not strings.
        rows = self.db.execute(
            "select url, category from articles where site = ? and unixepoch(published) >= unixepoch(?)", [site, since]
        )
        return [tuple(row) for row in rows]

    # Failures

    def record_failure(self, url: str, site: str, kind: str, reason: str, status: int | None = None,
                       error: str | None = None, section: str | None = None, page: int | None = None,
                       walked: bool = False) -> dict:
        """Note that a page failed once more; it is due again after a wait that doubles with each attempt, and
        given up (out of the frontier too) after ``FAILURE_ATTEMPTS``.

        :param kind: ``article`` or ``listing``.
        :param reason: the class of failure, for the summary ("HTTP 500", "timeout", "offsite redirect"...).
        :param section: the section's URL; with ``page`` and ``walked``, where a listing page belongs.
        :return: the failure's row.
        """
        now = datetime.now(timezone.utc).replace(microsecond=0)
        with self.db.atomic():
            rows = list(self.db["failures"].rows_where("url = ?", [url]))
            before = rows[0] if rows else {"attempts": 0, "first_seen": now.isoformat()}
            attempts = before["attempts"] + 1
            given_up = attempts >= FAILURE_ATTEMPTS
            wait = FAILURE_BACKOFF * (2 ** (attempts - 2)) if attempts > 1 else timedelta(0)
            row = {
                "url": url, "site": site, "kind": kind, "reason": reason, "section": section, "page": page,
                "walked": int(walked), "attempts": attempts, "first_seen": before["first_seen"],
                "last_seen": now.isoformat(), "next_due": (now + wait).isoformat(), "last_status": status,
                "last_error": error, "given_up": now.isoformat() if given_up else None,
            }
            self.db["failures"].upsert(row, pk="url")
            if given_up:
                self.db["frontier"].delete_where("url = ?", [url])
        return row

    def failure(self, url: str) -> dict | None:
        """The failures row of a page, or None."""
        return next(self.db["failures"].rows_where("url = ?", [url]), None)

    def clear_failure(self, url: str) -> None:
        """A page that failed before has now been read."""
        with self.db.atomic():
            self.db["failures"].delete_where("url = ?", [url])

    def due_failures(self, site: str, kind: str) -> list[dict]:
        """A site's failed pages of one kind that are due to be asked for again."""
        return list(self.db["failures"].rows_where(
            "site = ? and kind = ? and given_up is null and unixepoch(next_due) <= unixepoch('now')",
            [site, kind], order_by="page"))

    def waiting_failures(self, site: str) -> set[str]:
        """The URLs of a site's failed pages not to ask for this run: not due yet, or given up."""
        rows = self.db.execute(
            "select url from failures where site = ? and (given_up is not null or unixepoch(next_due) > unixepoch('now'))",
            [site])
        return {row[0] for row in rows}

    # Frontier

    def add_to_frontier(self, site: str, urls: list[str], section: str | None) -> None:
        """Remember article URLs found on a listing until they are stored (or given up)."""
        found = utc_now()
        with self.db.atomic():
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
        with self.db.atomic():
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
        with self.db.atomic():
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

    def finish_crawl(self, crawl_id: int, status: str, counts: dict[str, int], error: str | None = None,
                     selectors_missed: dict[str, int] | None = None) -> None:
        """Close a ``crawls`` row with its status (ok, failed, interrupted) and counts.

        :param selectors_missed: per field, how many articles' site selectors matched nothing.
        """
        counts = {name: counts.get(name, 0) for name in CRAWL_COUNTS}
        per_new = round(counts["requests"] / counts["new"], 2) if counts["new"] else None
        missed = json.dumps(dict(sorted((selectors_missed or {}).items())), ensure_ascii=False)
        self.db["crawls"].update(
            crawl_id,
            {"finished": utc_now(), "status": status, "error": error, "requests_per_new": per_new,
             "selectors_missed": missed, **counts},
        )

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file, so that the .db alone is complete (after a clean stop)."""
        self.db.execute("pragma wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.db.close()
