"""The archive's schema: its tables, what makes a file an archive, and bringing an earlier archive up to date.

Besides the articles and what readers need (images, versions, sites, crawls, failures, the search index and
tags), an archive keeps two tables of a collector's own state, which any collector may write and no reader
needs: ``frontier`` (article URLs found but not stored yet, so that a killed crawl is completed by the next
run) and ``walks`` (how far each walk through a section's listing got).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from archive.duplicates import create_duplicate_tables
from archive.health import create_health_view
from archive.search import enable_search
from archive.tagging import create_tag_tables

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

CRAWL_COUNTS = ("listing_pages", "links_found", "articles_fetched", "new", "updated", "unchanged", "failed", "requests",
                "bytes", "listing_selector_missed", "walks_bounded")
VERSION_COLUMNS = {name: ARTICLE_COLUMNS[name] for name in ("url", "fetched", *CONTENT_COLUMNS)}


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


def create_schema(db: sqlite_utils.Database) -> None:
    """Create what is missing of the archive's schema (every table, index, view and the search index)."""
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
    create_duplicate_tables(db)
