"""The archive under faults: one transaction per page, failures kept and retried with backoff, foreign files refused."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from archive import Archive
from archive.store import FAILURE_ATTEMPTS, NotAnArchive
from conftest import rows

URL = "https://dantri.com.vn/an-sinh/bai-1.htm"
ARTICLE = {"url": URL, "site": "dantri", "title": "Tiêu đề", "text": "Nội dung"}


def test_a_page_and_its_article_are_one_transaction(tmp_path, monkeypatch):
    archive = Archive(tmp_path / "archive.db")
    archive.add_to_frontier("dantri", [URL], None)

    def fail(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(archive, "_store_article", fail)
    with pytest.raises(sqlite3.OperationalError):
        archive.store_page(URL, "dantri", b"<html></html>", article=ARTICLE)
    archive.close()
    # Read through another connection: nothing of the page was committed, and it still waits in the frontier.
    db = tmp_path / "archive.db"
    assert rows(db, "select count(*) n from pages")[0]["n"] == 0
    assert rows(db, "select count(*) n from articles")[0]["n"] == 0
    assert [row["url"] for row in rows(db, "select url from frontier")] == [URL]


def test_a_failure_is_due_next_run_then_backs_off_then_is_given_up(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    archive.add_to_frontier("dantri", [URL], None)
    first = archive.record_failure(URL, "dantri", "article", "HTTP 500", status=500)
    assert first["attempts"] == 1 and first["given_up"] is None
    assert [row["url"] for row in archive.due_failures("dantri", "article")] == [URL]
    second = archive.record_failure(URL, "dantri", "article", "HTTP 500", status=500)
    third = archive.record_failure(URL, "dantri", "article", "HTTP 500", status=500)
    waits = [datetime.fromisoformat(row["next_due"]) - datetime.fromisoformat(row["last_seen"]) for row in (second, third)]
    assert waits[1] == 2 * waits[0] > timedelta(0)
    assert archive.due_failures("dantri", "article") == [] and archive.waiting_failures("dantri") == {URL}
    for _ in range(FAILURE_ATTEMPTS - 3):
        last = archive.record_failure(URL, "dantri", "article", "HTTP 500", status=500)
    assert last["attempts"] == FAILURE_ATTEMPTS and last["given_up"]
    # Given up: out of the frontier, still known (not found again as new), and never due again.
    assert archive.frontier("dantri") == [] and URL in archive.known_urls("dantri")
    assert archive.due_failures("dantri", "article") == []


def test_success_clears_the_failure_and_an_unextractable_page_records_one(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    archive.store_page(URL, "dantri", b"", status=200, error="empty page")
    [failure] = rows(tmp_path / "archive.db", "select * from failures")
    assert failure["kind"] == "article" and failure["last_error"] == "empty page"
    assert archive.store_page(URL, "dantri", b"<html/>", article=ARTICLE) == "new"
    assert rows(tmp_path / "archive.db", "select count(*) n from failures")[0]["n"] == 0


@pytest.mark.parametrize("make, message", [
    (lambda db: sqlite3.connect(db).executescript("create table notes (id integer, body text)"),
     "another application's SQLite database \\(tables: notes\\)"),
    (lambda db: sqlite3.connect(db).executescript(
        "create table articles (id integer); create table pages (x); create table crawls (y)"),
     "another application's SQLite database: its articles table has no fetched, published"),
    (lambda db: db.write_bytes(b"this is not a database at all" * 100), "is not a SQLite database"),
])
def test_a_foreign_file_is_refused_and_left_as_it_was(tmp_path, make, message):
    db = tmp_path / "other.db"
    make(db)
    before = db.read_bytes()
    with pytest.raises(NotAnArchive, match=message):
        Archive(db)
    assert db.read_bytes() == before


def test_checkpoint_leaves_the_db_file_complete(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    archive.store_page(URL, "dantri", b"<html/>", article=ARTICLE)
    archive.checkpoint()
    assert (tmp_path / "archive.db-wal").stat().st_size == 0
    archive.close()
