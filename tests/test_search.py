"""The search index in the file itself, and the query folding, without datasette."""

import sqlite3

import pytest
import sqlite_utils

from archive import Archive
from archive.store import ARTICLE_COLUMNS
from archive.search import FTS_TABLE, enable_search, fts_query, search_is_ready
from datasette_fixtures import ARTICLES, DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN, build_archive


def matches(db, query: str) -> set[str]:
    sql = f"select articles.url from {FTS_TABLE} join articles on articles.rowid = {FTS_TABLE}.rowid where {FTS_TABLE} match ?"
    return {row[0] for row in db.execute(sql, [query])}


def schema(db) -> list:
    return db.execute("select type, name, sql from sqlite_master order by name").fetchall()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("dak nong", '("dak" OR "đak") AND "nong"'),
        ("ĐẮK   Nông", '("dắk" OR "đắk") AND "nông"'),
        ('"giảm nghèo bền vững"', '"giảm nghèo bền vững"'),
        ('giảm OR nghèo" NOT', '"giảm" AND "nghèo"'),
        ("(ngh*) a:b -x ^y", '"ngh" AND "a" AND "b" AND "x" AND "y"'),
        ("“đào tạo”", '("dào tạo" OR "đào tạo")'),
        ("and or", '"and" AND "or"'),
        ('" * ()', '""'),
    ],
)
def test_fts_query_reads_words_phrases_and_folds_d(typed, expected):
    assert fts_query(typed) == expected


def test_a_phrase_with_many_d_words_keeps_one_spelling():
    query = fts_query('"dân đi đến đâu đó dù dở"')
    assert query == '"dân di dến dâu dó dù dở"'


def test_the_file_alone_finds_d_without_marks(tmp_path):
    """A plain sqlite3 connection, with no function of ours, finds "Đắk Nông" for "dak nong"."""
    build_archive(tmp_path / "a.db")
    db = sqlite3.connect(tmp_path / "a.db")
    assert matches(db, "dak nong") == {DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}
    assert matches(db, '"ninh thuan"') == {ARTICLES[3]["url"]}


def test_enable_search_is_idempotent(tmp_path):
    archive = Archive(build_archive(tmp_path / "a.db"))
    before = schema(archive.db)
    assert search_is_ready(archive.db)
    enable_search(archive.db)
    assert schema(archive.db) == before
    assert archive.db.execute(f"select count(*) from {FTS_TABLE}").fetchone()[0] == len(ARTICLES)


def test_an_archive_from_before_search_gets_indexed_when_opened(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["articles"].insert({"url": DAK_NONG, "site": "dantri", "title": "Đắk Nông"}, pk="url", columns=ARTICLE_COLUMNS)
    db.close()
    archive = Archive(tmp_path / "old.db")
    assert matches(archive.db, fts_query("dak nong")) == {DAK_NONG}


def test_updates_and_deletes_keep_the_index_in_step(tmp_path):
    archive = Archive(build_archive(tmp_path / "a.db"))
    changed = {**ARTICLES[0], "title": "Đồng Nai hỗ trợ hộ nghèo", "sapo": None, "tags": None, "text": "Đồng Nai."}
    assert archive.store_article(changed) == "updated"
    assert matches(archive.db, fts_query("dong nai")) == {DAK_NONG}
    assert DAK_NONG not in matches(archive.db, fts_query("dak nong"))

    archive.db["articles"].delete(DAK_NONG)
    archive.db.conn.commit()
    assert matches(archive.db, fts_query("dong nai")) == set()
    # No ghost entries: the index agrees with the table row for row.
    archive.db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rank) values ('integrity-check', 1)")
    assert archive.db.execute(f"select count(*) from {FTS_TABLE}").fetchone()[0] == len(ARTICLES) - 1
