"""The archive: one SQLite file with a standard schema, written through sqlite-utils.

Any collector (the Scrapy crawler, a WARC import, a Wayback rescue) writes through :class:`Archive`;
readers (datasette, the sqlite3 shell, sqlite-utils) need nothing but the file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, NamedTuple

import sqlite_utils

from archive.derived import Derived, article_row, derive
from archive.duplicates import link_copies
from archive.health import unhealthy
from archive.schema import (ARTICLE_COLUMNS, CONTENT_COLUMNS, CRAWL_COUNTS, VERSION_COLUMNS, NotAnArchive,
                            check_archive, create_schema)
from archive.search import enable_search, pause_search
from archive.tagging import retag, write_tags
from archive.warc import RawPage, RecordAt, WarcWriter, raw_page, read_response, warc_folder

# A page that failed is asked for again on later runs, each wait twice the last (the first retry is the
# next run), until it has failed this many times: then it is given up, and said so.
FAILURE_ATTEMPTS = 8
FAILURE_BACKOFF = timedelta(hours=1)
# The ``source`` of an article fetched from the site itself (a rescue's are "wayback").
LIVE = "live"


class KeptPage(NamedTuple):
    """A fetched page as the archive keeps it: its raw bytes, and how and when it was fetched."""

    url: str
    site: str
    fetched: str
    status: int
    content_type: str | None
    body: bytes


def utc_now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Archive:
    """An archive file: written by collectors, created with its schema on first use; or read.

    :param path: the SQLite file; to write, its folder must exist and be writable.
    :param readonly: open for reading only (``serve``, the scheduler's log lines, "is it empty?"): no schema is
        created and nothing is written; the file must exist.
    :raises NotAnArchive: when the file is something else (another application's database, not SQLite).
    :raises FileNotFoundError: when ``readonly`` and there is no file.
    """

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        # The raw responses, beside the database (see archive.warc).
        self.warc_folder = warc_folder(self.path)
        self._writer: WarcWriter | None = None
        self._upserts: dict[tuple, str] = {}
        if readonly:
            if not self.path.is_file():
                raise FileNotFoundError(f"no archive at {self.path}")
            # mode=ro still sees a crawl's fresh writes through the WAL.
            self.db = sqlite_utils.Database(sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True))
        else:
            self.db = sqlite_utils.Database(self.path)
        try:
            check_archive(self.db, self.path)
        except NotAnArchive:
            self.db.close()
            raise
        self.db.execute("pragma busy_timeout = 10000")
        if not readonly:
            # WAL lets datasette read while a crawl writes; NORMAL sync is still crash-safe in WAL mode.
            self.db.execute("pragma journal_mode = wal")
            self.db.execute("pragma synchronous = normal")
            create_schema(self.db, self.warc_folder)

    def check_writable(self) -> None:
        """Take the write lock and let it go: proves the file writable, and changes nothing.

        :raises sqlite3.Error: when it cannot be written.
        """
        self.db.execute("begin immediate")
        self.db.execute("rollback")

    # Reading

    def is_empty(self) -> bool:
        """Whether the archive holds no article yet."""
        # exists(), not count(*): one row read, however large the archive.
        return not self.db["articles"].exists() or not self.db.execute("select exists(select 1 from articles)").fetchone()[0]

    def last_crawl_id(self) -> int:
        """The id of the latest ``crawls`` row (0 when there is none): what a run's own rows come after."""
        if not self.db["crawls"].exists():
            return 0
        return self.db.execute("select coalesce(max(id), 0) from crawls").fetchone()[0]

    def crawls_since(self, crawl_id: int) -> list[dict]:
        """The ``crawls`` rows after ``crawl_id``, in order: one per site of a run that began after it."""
        if not self.db["crawls"].exists():
            return []
        return list(self.db["crawls"].rows_where("id > ?", [crawl_id], order_by="id"))

    def last_crawl(self, site: str) -> dict | None:
        """A site's latest ``crawls`` row, or None."""
        if not self.db["crawls"].exists():
            return None
        return next(self.db["crawls"].rows_where("site = ?", [site], order_by="id desc", limit=1), None)

    def unhealthy(self) -> list[dict]:
        """The sites whose ``site_health`` is not "ok", with what is wrong."""
        return unhealthy(self.db) if "site_health" in self.db.view_names() else []

    # Tags

    def retag(self) -> dict[str, int]:
        """Tag every article again with its provinces and subtopics; counts of articles and tags."""
        return retag(self.db)

    # Articles

    def store_article(self, article: dict, images: list[dict] | None = None) -> str:
        """Insert or update one article by its canonical URL, keeping the earlier version if its content changed.

        :param article: the columns of ``ARTICLE_COLUMNS``; ``tags`` may be a list.
        :param images: ``{"src", "caption"}`` dicts in page order; they replace the article's earlier images.
        :return: ``"new"``, ``"updated"`` or ``"unchanged"``.
        """
        with self.db.atomic():
            return self._store_article(article, images)

    def raw_page(self, url: str) -> RawPage | None:
        """A kept page's raw response (status, headers, the body as fetched), read from its WARC record; None when
        none is kept. What any reader of raw pages uses (see :func:`archive.warc.raw_page`)."""
        return raw_page(self.db.conn, self.warc_folder, url)

    def keep_response(self, url: str, body: bytes, status: int = 200, content_type: str | None = None) -> RecordAt:
        """Write a page received outside a crawl (which writes its own) to the WARC files, as a response record
        whose HTTP headers are made from ``status`` and ``content_type`` (the record says so)."""
        if self._writer is None:
            self._writer = WarcWriter(self.warc_folder, "ansinh-kept",
                                      {"isPartOf": "ansinh: pages kept outside a crawl"}, fsync=True)
        headers = [("Content-Type", content_type)] if content_type else []
        return self._writer.write_response(url, status, [*headers, ("Content-Length", str(len(body)))], body,
                                           notes={"ansinh-Note": "HTTP headers synthesised by ansinh"})

    def store_page(
        self, url: str, site: str, raw: RecordAt | bytes | None, status: int = 200, content_type: str | None = None,
        article: dict | None = None, images: list[dict] | None = None, error: str | None = None,
        reason: str = "unextractable", fetched: str | None = None, derived: Derived | None = None,
    ) -> str | None:
        """Keep a fetched article page and store what was extracted from it, in one transaction: a crash
        never leaves a page kept whose article is missing. The URL leaves the frontier.

        :param raw: where the page's response record is in the WARC files (so extraction can be re-run without
            the network); or its bytes, which are written there first (see :meth:`keep_response`); or None when
            the response was not kept (a crawl with WARC writing turned off).
        :param article: the extracted columns, or None when extraction failed (say why in ``error``): the page
            is then recorded in ``failures`` (as ``reason``), to be asked for again. An article of another
            ``source`` than ``"live"`` (a Wayback capture) is stored only where no live page is.
        :param fetched: when the page was fetched (ISO 8601), if not now: the date of an imported capture.
        :param derived: what the archive stores beside the article (see :mod:`archive.derived`), where the
            caller computed it already (a crawl's extraction workers); else computed here.
        :return: the article's outcome (see :meth:`store_article`), or None without an article.
        """
        if isinstance(raw, bytes):
            raw = self.keep_response(url, raw, status, content_type)
        fetched = fetched or utc_now()
        with self.db.atomic():
            self.db.execute("delete from frontier where url = ?", [url])
            if article is not None and article.get("source", LIVE) != LIVE and self.is_live(url):
                # The live page wins: a capture never replaces what the site itself served.
                return "unchanged"
            self._upsert("pages", {
                "url": url, "site": site, "fetched": fetched, "status": status, "content_type": content_type,
                "warc_file": raw.file if raw else None, "warc_offset": raw.offset if raw else None, "error": error,
            }, ("url",))
            if article is None:
                self.record_failure(url, site, "article", reason, status=status, error=error)
                return None
            self.db.execute("delete from failures where url = ?", [url])
            return self._store_article({**article, "fetched": fetched}, images, derived)

    def _store_article(self, article: dict, images: list[dict] | None, derived: Derived | None = None) -> str:
        row = article_row(article)
        row["fetched"] = row["fetched"] or utc_now()
        row["source"] = row["source"] or LIVE
        if derived is None:
            captions = ([image.get("caption") for image in images] if images is not None else
                        [caption for (caption,) in self.db.execute("select caption from images where article = ?",
                                                                   [row["url"]])])
            derived = derive(row, captions)
        # The index's unmarked spelling of the searched columns, written with them (see archive.search).
        row.update(derived.folded)
        before = self.article(row["url"])
        if before is None:
            outcome = "new"
        elif any(before[name] != row[name] for name in CONTENT_COLUMNS):
            outcome = "updated"
            version = {name: before[name] for name in VERSION_COLUMNS}
            self._upsert("article_versions", {**version, "replaced": row["fetched"]}, ("url", "fetched"))
        else:
            outcome = "unchanged"
        self._upsert("articles", row, ("url",))
        if images is not None:
            self.db.execute("delete from images where article = ?", [row["url"]])
            self.db.conn.executemany(
                "insert into images (article, position, src, caption) values (?, ?, ?, ?)",
                [(row["url"], position, image["src"], image.get("caption")) for position, image in enumerate(images)],
            )
        # Every collector's articles get their provinces and subtopics, replaced whenever the article is stored.
        write_tags(self.db, row["url"], derived.tags)
        if outcome != "unchanged":
            # A new or changed body may be a copy of another paper's (or no longer be one).
            link_copies(self.db, row["url"], derived.minhash)
        return outcome

    def _upsert(self, table: str, row: dict, pk: tuple[str, ...]) -> None:
        """Insert ``row`` or update the row of its primary key: sqlite-utils' upsert as one plain statement, as it
        runs several times for every page stored (sqlite-utils reads the schema again on each call)."""
        columns = tuple(row)
        sql = self._upserts.get((table, columns))
        if sql is None:
            names = ", ".join(f"[{column}]" for column in columns)
            updates = ", ".join(f"[{column}] = excluded.[{column}]" for column in columns if column not in pk)
            sql = self._upserts[(table, columns)] = (
                f"insert into [{table}] ({names}) values ({', '.join('?' * len(columns))}) "
                f"on conflict ({', '.join(f'[{column}]' for column in pk)}) do "
                + (f"update set {updates}" if updates else "nothing")
            )
        self.db.execute(sql, list(row.values()))

    def article(self, url: str) -> dict | None:
        """The stored row of an article, or None."""
        # A plain statement: it runs for every article stored, and sqlite-utils reads the schema on each call.
        cursor = self.db.execute(f"select {', '.join(ARTICLE_COLUMNS)} from articles where url = ?", [url])
        row = cursor.fetchone()
        return dict(zip(ARTICLE_COLUMNS, row)) if row else None

    def images(self, url: str) -> list[dict]:
        """An article's images, ``{"src", "caption"}`` in page order."""
        return list(self.db["images"].rows_where("article = ?", [url], select="src, caption", order_by="position"))

    def kept_pages(self, sites: list[str]) -> Iterator[KeptPage]:
        """The kept raw pages of these sites, one at a time (memory stays flat on a large archive): what
        re-extraction reads instead of the network."""
        # The records' places come with the rows: one query, then one read of a WARC file per page.
        rows = self.db.execute(
            "select url, site, fetched, status, content_type, warc_file, warc_offset from pages "
            f"where site in ({', '.join('?' * len(sites))}) and warc_file is not null order by url", sites).fetchall()
        for *page, file, offset in rows:
            yield KeptPage(*page, read_response(self.warc_folder, RecordAt(file, offset)).payload)

    def known_urls(self, site: str) -> "KnownUrls":
        """The article URLs of a site that a crawl need not fetch again, as they stand now (see :class:`KnownUrls`)."""
        return KnownUrls(self, site)

    def article_urls(self, site: str) -> set[str]:
        """The URLs of a site's stored articles, from whichever source: what a rescue need not look for."""
        return {row[0] for row in self.db.execute("select url from articles where site = ?", [site])}

    def is_live(self, url: str) -> bool:
        """Whether an article is stored from its live page."""
        return self.db.execute("select 1 from articles where url = ? and source = ?", [url, LIVE]).fetchone() is not None

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
        A first crawl (no article yet) loads in bulk: the search index is filled when the archive is closed.
        """
        if self.is_empty():
            pause_search(self.db)
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
        if self._writer is not None:
            self._writer.close()
        if not self.readonly:
            # Fills a search index paused for a bulk load (a no-op otherwise).
            enable_search(self.db)
        self.db.close()


class KnownUrls:
    """The article URLs of a site that a crawl need not fetch again, as they stood when this was made: every page
    kept (extracted or not) but a rescued one (its live page, where the site still has it, replaces the capture),
    every URL waiting in the frontier, and every failed article (asked for again through ``failures``). ``url in known`` asks the archive through the pages' URL index, so its cost does not grow with
    the archive; pages stored later (above the highest rowid now: an upsert keeps a row's rowid) do not count.
    The frontier and the failed articles, a crawl's pending work, are read at once.
    """

    def __init__(self, archive: Archive, site: str):
        self.db = archive.db
        self.mark = self.db.execute("select coalesce(max(rowid), 0) from pages").fetchone()[0]
        rows = self.db.execute("select url from frontier where site = ? union "
                               "select url from failures where site = ? and kind = 'article'", [site, site])
        self.pending = {row[0] for row in rows}

    def __contains__(self, url: str) -> bool:
        if url in self.pending:
            return True
        return self.db.execute(
            "select 1 from pages where url = ? and rowid <= ? and not exists "
            "(select 1 from articles where articles.url = pages.url and source != ?)", [url, self.mark, LIVE]
        ).fetchone() is not None
