"""The archive's one writer: jobs committed in batches, in order, each all or nothing, and told only once committed."""

import sqlite3

import pytest

from archive import Archive
from archive.schema import NotAnArchive
from archive.writer import Writer, release, shared_writer


def stored(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("select url from pages order by rowid")]


def keep(url):
    return lambda archive: archive.store_page(url, "dantri", b"<html></html>", article=None)


def test_jobs_are_committed_in_order_and_told_once_committed(tmp_path):
    path = tmp_path / "a.db"
    writer = Writer(path, batch=3, wait=5)
    futures = [writer.submit(keep(f"https://dantri.com.vn/{n}.htm")) for n in range(7)]
    # The first two batches are full: committed without waiting; what a future says is in the file.
    futures[5].result(timeout=30)
    assert stored(path) == [f"https://dantri.com.vn/{n}.htm" for n in range(6)]
    writer.close()
    assert futures[6].done() and len(stored(path)) == 7


def test_a_failing_job_leaves_the_rest_of_its_batch_alone(tmp_path):
    path = tmp_path / "a.db"
    writer = Writer(path, batch=10, wait=0.2)

    def half_then_fail(archive):
        keep("https://dantri.com.vn/half.htm")(archive)
        raise ValueError("broken")

    first = writer.submit(keep("https://dantri.com.vn/1.htm"))
    broken = writer.submit(half_then_fail)
    last = writer.submit(keep("https://dantri.com.vn/2.htm"))
    writer.close()
    assert first.result() is None and last.result() is None
    with pytest.raises(ValueError):
        broken.result()
    # The failed job's own write is rolled back with it.
    assert stored(path) == ["https://dantri.com.vn/1.htm", "https://dantri.com.vn/2.htm"]


def test_crawls_of_one_archive_share_its_writer(tmp_path):
    first, second = shared_writer(tmp_path / "a.db"), shared_writer(tmp_path / "a.db")
    assert first is second
    release(first)
    second.submit(keep("https://dantri.com.vn/1.htm")).result(timeout=30)
    release(second)
    assert not second.thread.is_alive()
    assert "https://dantri.com.vn/1.htm" in Archive(tmp_path / "a.db", readonly=True).known_urls("dantri")


def test_a_file_that_is_no_archive_fails_at_once(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("create table x (y)").connection.commit()
    with pytest.raises(NotAnArchive):
        Writer(path)
