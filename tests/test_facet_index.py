"""Facets counted from the values held in memory (archive.facet_index) give exactly what SQL gives."""

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from archive import Archive, facet_index
from datasette_fixtures import DAK_NONG, DAK_NONG_BODY, NINH_THUAN, archive_path, datasette, facet_results

__all__ = ["archive_path", "datasette"]  # fixtures, used by name

PATHS = [
    "/archive/articles.json",
    "/archive/articles.json?_search=dak+nong&_facet_tagged=province",
    "/archive/articles.json?_search=b%E1%BA%A3o+hi%E1%BB%83m",
    "/archive/articles.json?_search=xa",
    "/archive/articles.json?site=dantri",
    f"/archive/articles.json?_province_2025={quote('Lâm Đồng')}",
    "/archive/articles.json?_topic=poverty_reduction",
    "/archive/articles.json?_from=2023-01-01&_to=2024-05-31",
    "/archive/articles.json?_repeat=no&_search=ho",
    "/archive/articles.json?_search=zzzz",
]


@pytest.fixture
def hostile(archive_path):
    """The test archive with the values a facet can trip on: tags repeated, of two types, not JSON, not an array;
    an empty category, no author, a date that is not one, a repeat."""
    with sqlite3.connect(archive_path) as conn:
        conn.execute("""update articles set tags = '["giảm nghèo", "giảm nghèo", 7, "7"]' where url = ?""", [DAK_NONG])
        conn.execute("update articles set tags = 'not json', category = '', author = null where url = ?",
                     [DAK_NONG_BODY])
        conn.execute("""update articles set tags = '{"a": 1}', published = 'unknown', repeat_of = ? where url = ?""",
                     [DAK_NONG, NINH_THUAN])
    return archive_path


@pytest.fixture
def memory(monkeypatch):
    """Every search reads its facets' pairs; records whether each page was counted from them."""
    monkeypatch.setattr(facet_index, "MANY", 0)
    used = []
    counted = facet_index.counted

    async def recorded(arms, limit):
        found = await counted(arms, limit)
        used.append(found is not None)
        return found

    monkeypatch.setattr(facet_index, "counted", recorded)
    return used


async def in_sql(datasette, path, monkeypatch) -> dict:
    with monkeypatch.context() as patch:
        async def nowhere(arms, limit):
            return None

        patch.setattr(facet_index, "counted", nowhere)
        return await facet_results(datasette, path)


async def from_memory(datasette, path, used) -> dict:
    await facet_results(datasette, path)
    facet_index.wait()
    used.clear()
    found = await facet_results(datasette, path)
    assert used == [True], path
    return found


@pytest.mark.parametrize("path", PATHS)
async def test_facets_from_memory_are_the_facets_counted_in_sql(hostile, datasette, memory, monkeypatch, path):
    expected = await in_sql(datasette, path, monkeypatch)
    assert await from_memory(datasette, path, memory) == expected
    assert len(expected) >= 9


async def test_the_hostile_values_are_counted_as_sql_counts_them(hostile, datasette, memory):
    facets = await from_memory(datasette, "/archive/articles.json", memory)
    tags = {value["value"]: value["count"] for value in facets["tags"]["results"]}
    # An article's repeated tag counts once; 7 and "7" are two values; the text and the object count nowhere.
    assert tags["giảm nghèo"] == 2 and tags[7] == 1 and tags["7"] == 1
    assert "" not in {value["value"] for value in facets["category"]["results"]}
    assert [(value["value"], value["count"]) for value in facets["repeat_of"]["results"]] == [("no", 7), ("yes", 1)]
    years = [value["value"] for value in facets["published"]["results"]]
    assert years == sorted(years, reverse=True) and "unkn" not in years


async def test_a_write_sends_the_facets_back_to_sql_until_read_again(datasette, archive_path, memory, monkeypatch):
    path = "/archive/articles.json?_search=dak+nong"
    before = await from_memory(datasette, path, memory)
    archive = Archive(archive_path)
    archive.store_article({
        "url": "https://dantri.com.vn/an-sinh/dak-nong-moi-20241201080000000.htm", "site": "dantri",
        "title": "Đắk Nông thêm việc làm", "text": "Đắk Nông có thêm việc làm.", "category": "Việc làm",
        "published": "2024-12-01T08:00:00+07:00",
    })
    archive.close()

    memory.clear()
    after = await facet_results(datasette, path)
    assert memory == [False]
    assert after == await in_sql(datasette, path, monkeypatch) != before
    assert {value["value"]: value["count"] for value in after["category"]["results"]}["Việc làm"] == 1
    assert await from_memory(datasette, path, memory) == after


async def test_a_write_while_the_matches_are_read_is_not_counted_from_the_old_values(
        datasette, archive_path, memory, monkeypatch):
    path = "/archive/articles.json?_search=dak+nong"
    await from_memory(datasette, path, memory)
    read_matches = facet_index._rowids

    def written_meanwhile(conn, *args):
        # The same matches, one of them in another category: only the file's state tells the values are old.
        with sqlite3.connect(archive_path) as writer:
            writer.execute("update articles set category = 'Đổi mới' where url = ?", [DAK_NONG])
        return read_matches(conn, *args)

    monkeypatch.setattr(facet_index, "_rowids", written_meanwhile)
    memory.clear()
    facets = await facet_results(datasette, path)
    assert memory == [False]
    assert {value["value"] for value in facets["category"]["results"]} >= {"Đổi mới"}


@pytest.mark.parametrize("args", ["", "&_nocount=1"])
async def test_a_small_search_reads_no_pairs(datasette, archive_path, args):
    await facet_results(datasette, f"/archive/articles.json?_search=dak+nong{args}")
    assert not any(state.asked for (path, _), state in facet_index._states.items() if path == str(archive_path))


def _write(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        conn.execute(sql, params)


@pytest.mark.parametrize("rowid", [-1, 2**62])
async def test_rowids_far_from_the_others_are_counted_as_sql_counts_them(datasette, archive_path, memory,
                                                                         monkeypatch, rowid):
    _write(archive_path, "update articles set rowid = ? where url = ?", [rowid, DAK_NONG])
    path = "/archive/articles.json?site=dantri"
    assert await from_memory(datasette, path, memory) == await in_sql(datasette, path, monkeypatch)


@pytest.mark.parametrize("path", [
    # A view: datasette selects no rowid from it, and SQLite gives none.
    "/archive/site_health.json?_facet_value=site",
    # Versions repeat an article's url: the tag facet counts articles there, not rows.
    "/archive/article_versions.json?_facet_tagged=province",
])
async def test_tables_whose_rows_are_not_articles_keep_their_facets_in_sql(datasette, archive_path, memory,
                                                                          monkeypatch, path):
    with sqlite3.connect(archive_path) as conn:
        conn.row_factory = sqlite3.Row
        columns = [row[1] for row in conn.execute("pragma table_info(article_versions)")]
        article = dict(conn.execute("select * from articles where url = ?", [DAK_NONG]).fetchone())
        for fetched in ("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"):
            version = {**{column: article.get(column) for column in columns}, "fetched": fetched, "replaced": fetched}
            conn.execute(f"insert into article_versions ({', '.join(version)}) values ({', '.join('?' * len(version))})",
                         list(version.values()))
    expected = await in_sql(datasette, path, monkeypatch)
    await facet_results(datasette, path)
    facet_index.wait()
    memory.clear()
    assert await facet_results(datasette, path) == expected
    assert memory == [False]


async def test_one_read_at_a_time_while_a_crawl_writes(datasette, archive_path, memory, monkeypatch):
    read, running, most = facet_index.Pairs.read.__func__, [0], [0]

    def slow(cls, *args):
        running[0] += 1
        most[0] = max(most[0], running[0])
        time.sleep(0.2)
        try:
            return read(cls, *args)
        finally:
            running[0] -= 1

    monkeypatch.setattr(facet_index.Pairs, "read", classmethod(slow))
    for number in range(3):
        _write(archive_path, "update articles set category = ? where url = ?", [f"Mục {number}", DAK_NONG])
        await facet_results(datasette, "/archive/articles.json?_search=xa")
    facet_index.wait()
    assert most == [1]


async def test_a_write_that_leaves_the_logs_size_and_time_alone_is_seen(datasette, archive_path, memory,
                                                                        monkeypatch):
    """After a checkpoint the log is reused from its start; a file clock coarser than the writes (simulated by
    putting the times back) then shows the same size and time for two states."""
    path = "/archive/articles.json?_search=dak+nong"
    wal = archive_path.with_name(archive_path.name + "-wal")
    await from_memory(datasette, path, memory)  # the server's connections keep the log from being removed
    _write(archive_path, "update articles set category = 'Khác' where url = ?", [DAK_NONG_BODY])
    _write(archive_path, "pragma wal_checkpoint(PASSIVE)")
    await from_memory(datasette, path, memory)
    times = {name: os.stat(name) for name in (archive_path, wal)}
    _write(archive_path, "update articles set category = 'Mới' where url = ?", [DAK_NONG_BODY])
    for name, status in times.items():
        assert os.stat(name).st_size == status.st_size
        os.utime(name, ns=(status.st_atime_ns, status.st_mtime_ns))
    memory.clear()
    facets = await facet_results(datasette, path)
    assert memory == [False]
    assert "Mới" in {value["value"] for value in facets["category"]["results"]}


def test_a_server_that_stops_does_not_wait_for_a_read(archive_path):
    script = textwrap.dedent(f"""
        import asyncio, time
        from archive import facet_index
        from archive.web import make_datasette

        facet_index.MANY = 0
        read = facet_index.Pairs.read.__func__
        def slow(cls, *args):
            time.sleep(2)
            return read(cls, *args)
        facet_index.Pairs.read = classmethod(slow)

        async def serve():
            datasette = make_datasette({str(archive_path)!r})
            await datasette.invoke_startup()
            await datasette.client.get("/archive/articles.json?_search=xa&_extra=facet_results")
            assert any(reader.is_alive() for reader in facet_index._readers.values())
        asyncio.run(serve())
    """)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60, cwd=Path(__file__).parents[1])
    assert time.monotonic() - started < 10  # ten facets, 2 s each, if the process waited
