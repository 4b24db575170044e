"""The archive's schema: its tables, what makes a file an archive, and bringing an earlier archive up to date.

Besides the articles and what readers need (images, versions, sites, crawls, failures, the search index and
tags), an archive keeps two tables of a collector's own state, which any collector may write and no reader
needs: ``frontier`` (article URLs found but not stored yet, so that a killed crawl is completed by the next
run) and ``walks`` (how far each walk through a section's listing got).
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import sqlite_utils

from archive.duplicates import create_duplicate_tables
from archive.health import create_health_view
from archive.search import enable_search
from archive.tagging import create_tag_tables
from archive.warc import WarcWriter, warc_date

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
    # Where the page came from: "live" (the site itself) or "wayback" (a capture in the Internet Archive's
    # Wayback Machine), and for a capture, when it was made (ISO 8601, UTC). A live page wins over a capture.
    "source": str,
    "captured": str,
}
# A re-fetch that changes none of these is "unchanged"; `fetched` alone does not make an update.
CONTENT_COLUMNS = ("title", "sapo", "text", "author", "published", "category", "tags")

CRAWL_COUNTS = ("listing_pages", "links_found", "articles_fetched", "new", "updated", "unchanged", "failed", "requests",
                "bytes", "listing_selector_missed", "walks_bounded")
VERSION_COLUMNS = {name: ARTICLE_COLUMNS[name] for name in ("url", "fetched", *CONTENT_COLUMNS)}
# A kept page: how it was fetched, and where its response record is in the archive's WARC files.
PAGE_COLUMNS = {"url": str, "site": str, "fetched": str, "status": int, "content_type": str, "warc_file": str,
                "warc_offset": int, "error": str}
# What the records made from an earlier archive's pages say of themselves (a WARC header of their own).
MIGRATED_NOTE = ("HTTP headers synthesised by ansinh from the status and content type it had kept; the body is "
                 "the page as fetched")


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
    # The columns every archive has had; the others are added when missing (see create_schema).
    missing = {"url", "site", "title", "text", "published", "fetched"} - set(db["articles"].columns_dict)
    if missing:
        raise NotAnArchive(f"{path} is another application's SQLite database: its articles table has no "
                           f"{', '.join(sorted(missing))}")


def move_html_to_warc(db: sqlite_utils.Database, folder: Path) -> None:
    """Bring an archive of an earlier version up to date: the raw pages it kept zlib-compressed in ``pages.html``
    go to the WARC files as response records, each row pointing at its record, and the column goes.

    The records are written and made durable first, the pointers set and the column dropped in one transaction
    after: a crash leaves the archive as it was (and some records that no row points at, written again next time).
    """
    writer = WarcWriter(folder, "ansinh-migrated", {"isPartOf": "ansinh: the raw pages of an earlier archive",
                                                    "description": MIGRATED_NOTE})
    moved = []
    rows = db.execute("select url, status, content_type, fetched, html from pages where html is not null")
    for url, status, content_type, fetched, html in rows:
        note = MIGRATED_NOTE
        try:
            body = zlib.decompress(html)
        except zlib.error:
            body, note = html, MIGRATED_NOTE + "; the bytes kept were not zlib data, and are kept as they were"
        headers = [("Content-Type", content_type)] if content_type else []
        headers.append(("Content-Length", str(len(body))))
        try:
            date = warc_date(fetched) if fetched else None
        except ValueError:
            date, note = None, note + f"; fetched {fetched!r}, which is not a date"
        at = writer.write_response(url, status or 200, headers, body, date=date, notes={"ansinh-Note": note})
        moved.append((at.file, at.offset, url))
    writer.close()
    with db.atomic():
        db.conn.executemany("update pages set warc_file = ?, warc_offset = ? where url = ?", moved)
        db.execute("alter table pages drop column html")


def create_schema(db: sqlite_utils.Database, warc_folder: Path) -> None:
    """Create what is missing of the archive's schema (every table, index, view and the search index), and move
    an earlier archive's raw pages into the WARC files of ``warc_folder``."""
    db["articles"].create(ARTICLE_COLUMNS, pk="url", not_null={"site"}, if_not_exists=True)
    from_before_rescue = "source" not in db["articles"].columns_dict
    _add_missing_columns(db["articles"], ARTICLE_COLUMNS)
    if from_before_rescue:
        # Every article of an archive from before rescues came from the live sites.
        db.execute("update articles set source = 'live'")
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
    db["pages"].create(PAGE_COLUMNS, pk="url", if_not_exists=True)
    _add_missing_columns(db["pages"], PAGE_COLUMNS)
    if "html" in db["pages"].columns_dict:
        move_html_to_warc(db, warc_folder)
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
    create_duplicate_tables(db)
