"""The archive as a named API: readers open it read-only and change nothing; callers ask by name, not by SQL."""

from __future__ import annotations

import sqlite3

import pytest

from archive import Archive


def test_a_reader_changes_nothing(tmp_path):
    path = tmp_path / "archive.db"
    archive = Archive(path)
    crawl = archive.start_crawl("dantri")
    archive.finish_crawl(crawl, "ok", {"new": 1})
    archive.checkpoint()
    archive.close()
    before = path.read_bytes()
    reader = Archive(path, readonly=True)
    assert reader.is_empty() and reader.last_crawl_id() == crawl
    assert [row["id"] for row in reader.crawls_since(0)] == [crawl] and reader.crawls_since(crawl) == []
    assert reader.last_crawl("dantri")["status"] == "ok" and reader.last_crawl("bhxh") is None
    assert reader.unhealthy() == []
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.store_article({"url": "https://dantri.com.vn/a", "site": "dantri", "title": "t", "text": "x"})
    reader.close()
    assert path.read_bytes() == before


def test_a_reader_of_an_empty_file_creates_no_schema(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    reader = Archive(path, readonly=True)
    assert reader.is_empty() and reader.last_crawl_id() == 0 and reader.crawls_since(0) == []
    reader.close()
    assert path.read_bytes() == b""
    with pytest.raises(FileNotFoundError):
        Archive(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


def test_writability_is_checked_without_a_probe_table(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    tables = archive.db.table_names()
    archive.check_writable()
    assert archive.db.table_names() == tables
    archive.close()
