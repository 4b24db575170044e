"""The search index in the file itself, and the query folding, without datasette."""

import sqlite3

import pytest
import sqlite_utils

from archive import Archive
from archive.store import ARTICLE_COLUMNS
from archive.search import (
    FTS_TABLE, HEAD, INDEXES, OLD_TRIGGERS, Hits, enable_search, fold, fts_query, has_phrases, search_is_ready,
)
from datasette_fixtures import ARTICLES, DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN, build_archive


def matches(db, query: str, table: str = FTS_TABLE) -> set[str]:
    sql = f"select articles.url from {table} join articles on articles.rowid = {table}.rowid where {table} match ?"
    return {row[0] for row in db.execute(sql, [query])}


def schema(db) -> list:
    return db.execute("select type, name, sql from sqlite_master order by name").fetchall()


AS_WRITTEN = "{title sapo text tags author}"
FOLDED = "{title_folded sapo_folded text_folded tags_folded author_folded}"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("dak nong", f'{FOLDED}: "dak" AND {FOLDED}: "nong"'),
        ("ĐẮK   Nông", f'{AS_WRITTEN}: "đắk" AND {AS_WRITTEN}: "nông"'),
        ("bảo hiem", f'{AS_WRITTEN}: "bảo" AND {FOLDED}: "hiem"'),
        ('"giảm nghèo bền vững"', f'{AS_WRITTEN}: "giảm nghèo bền vững"'),
        ('"giam ngheo"', f'{FOLDED}: "giam ngheo"'),
        # A phrase mixing both: the phrase folded, and each marked word as written.
        ('"bảo hiem xã hoi"', f'{FOLDED}: "bao hiem xa hoi" AND {AS_WRITTEN}: "bảo" AND {AS_WRITTEN}: "xã"'),
        ('giam OR ngheo" NOT', f'{FOLDED}: "giam" AND {FOLDED}: "ngheo"'),
        ("(ngh*) a:b -x ^y", " AND ".join(f'{FOLDED}: "{word}"' for word in ("ngh", "a", "b", "x", "y"))),
        ("“đào tạo”", f'{AS_WRITTEN}: "đào tạo"'),
        ("and or", f'{FOLDED}: "and" AND {FOLDED}: "or"'),
        ('" * ()', '""'),
    ],
)
def test_fts_query_sends_each_word_to_its_columns(typed, expected):
    assert fts_query(typed) == expected


def test_fold_removes_every_mark_and_d_one_character_for_one():
    text = "Đắk Nông, ĐỒNG BÀO, người cao tuổi, Thừa Thiên Huế"
    assert fold(text) == "Dak Nong, DONG BAO, nguoi cao tuoi, Thua Thien Hue"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    "query, text, hits",
    [
        ("bảo", "Báo cáo của Bảo hiểm, đồng bào", ["Bảo"]),
        ("bao", "Báo cáo của Bảo hiểm, đồng bào", ["Báo", "Bảo", "bào"]),
        ("đóng", "đóng, dong, động, dòng, ĐÓNG", ["đóng", "ĐÓNG"]),
        ("dong", "đóng, dong, động, dòng", ["đóng", "dong", "động", "dòng"]),
        ('"xã hội"', "xã hội, xa hội, xã và hội", ["xã hội"]),
        ('"bảo hiem"', "Bảo hiểm, báo hiếm, bảo an", ["Bảo hiểm"]),
    ],
)
def test_hits_mark_only_what_the_index_matches(query, text, hits):
    assert [text[start:end] for start, end in Hits(query).spans(text)] == hits


def test_a_snippet_is_cut_around_the_first_hit():
    text = " ".join(["một"] * 60) + " bảo hiểm " + " ".join(["hai"] * 100)
    piece, spans = Hits("bảo").snippet(text, before=20, length=80)
    assert piece.startswith("… ") and piece.endswith(" …") and len(piece) < 100
    assert [piece[start:end] for start, end in spans] == ["bảo"]


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

    assert matches(archive.db, fts_query("dong nai", HEAD), HEAD.table) == {DAK_NONG}

    archive.db["articles"].delete(DAK_NONG)
    archive.db.conn.commit()
    assert matches(archive.db, fts_query("dong nai")) == set()
    assert matches(archive.db, fts_query("dong nai", HEAD), HEAD.table) == set()
    # No ghost entries: each index agrees with the table row for row.
    for index in INDEXES:
        archive.db.execute(f"insert into {index.table}({index.table}, rank) values ('integrity-check', 1)")
        assert archive.db.execute(f"select count(*) from {index.table}").fetchone()[0] == len(ARTICLES) - 1


def test_the_head_index_holds_headline_lead_tags_and_author_only(tmp_path):
    archive = Archive(build_archive(tmp_path / "a.db"))
    full, head = matches(archive.db, fts_query("dak nong")), matches(archive.db, fts_query("dak nong", HEAD), HEAD.table)
    assert DAK_NONG in head and DAK_NONG_BODY in full - head


def test_a_refetch_that_changes_no_searched_column_leaves_the_index_alone(tmp_path):
    """A re-crawl rewrites ``fetched`` on every unchanged article; the index must not be rewritten for it."""
    archive = Archive(build_archive(tmp_path / "a.db"))

    def index_data():
        return [archive.db.execute(f"select count(*), sum(length(block)) from {index.table}_data").fetchone()
                for index in INDEXES]

    before = index_data()
    with archive.db.conn:
        archive.db.execute("update articles set fetched = '2030-01-01T00:00:00+00:00', category = 'Khác'")
    assert index_data() == before
    with archive.db.conn:
        archive.db.execute("update articles set title = title || ' mới', title_folded = title_folded || ' moi'")
    assert index_data() != before


def test_an_archive_indexed_the_earlier_way_is_migrated(tmp_path):
    """Virtual đ→d twins and a remove_diacritics 2 index (marks never mattering) become stored folded twins."""
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["articles"].insert({"url": DAK_NONG, "site": "dantri", "title": "Báo cáo Đắk Nông"}, pk="url", columns=ARTICLE_COLUMNS)
    db.execute("alter table articles add column title_folded text generated always as (replace(title, 'Đ', 'D'))")
    db["articles"].enable_fts(["title", "title_folded"], fts_version="FTS5", create_triggers=True,
                              tokenize="unicode61 remove_diacritics 2")
    db.close()
    archive = Archive(tmp_path / "old.db")
    assert search_is_ready(archive.db)
    assert not {trigger.name for trigger in archive.db["articles"].triggers} & set(OLD_TRIGGERS)
    assert archive.db.execute("select title_folded from articles").fetchone()[0] == "Bao cao Dak Nong"
    assert matches(archive.db, fts_query("bao dak")) == {DAK_NONG}
    assert matches(archive.db, fts_query("báo")) == {DAK_NONG}
    assert matches(archive.db, fts_query("bảo")) == set()


def integrity_check(db) -> int:
    """Raises unless the index agrees with the table row for row; returns how many rows it holds."""
    db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rank) values ('integrity-check', 1)")
    return db.execute(f"select count(*) from {FTS_TABLE}").fetchone()[0]


def test_a_first_crawl_fills_the_index_in_one_pass_when_closed(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.start_crawl("dantri")
    # Empty archive: a bulk load, no index update per row.
    assert not search_is_ready(archive.db)
    for article in ARTICLES:
        archive.store_article(article)
    # (The index's own rows: counting the FTS table would count the articles it reads its content from.)
    assert archive.db.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0] == 0
    archive.close()

    db = sqlite_utils.Database(tmp_path / "a.db")  # the file as closed, not an Archive that would index it
    assert search_is_ready(db)
    assert integrity_check(db) == len(ARTICLES)
    assert matches(db, fts_query("dak nong")) == {DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}


def test_a_killed_first_crawl_is_indexed_when_the_archive_is_next_opened(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.start_crawl("dantri")
    for article in ARTICLES:
        archive.store_article(article)
    archive.db.close()  # killed: Archive.close never ran

    archive = Archive(tmp_path / "a.db")
    assert search_is_ready(archive.db)
    assert integrity_check(archive.db) == len(ARTICLES)


def test_later_crawls_keep_the_index_exact_through_its_triggers(tmp_path):
    archive = Archive(build_archive(tmp_path / "a.db"))
    archive.start_crawl("dantri")
    assert search_is_ready(archive.db)
    changed = {**ARTICLES[0], "title": "Đồng Nai hỗ trợ hộ nghèo", "sapo": None, "tags": None, "text": "Đồng Nai."}
    archive.store_article(changed)
    archive.store_article({**ARTICLES[1], "url": "https://dantri.com.vn/moi-1.htm", "title": "Bình Phước"})
    assert matches(archive.db, fts_query("binh phuoc")) == {"https://dantri.com.vn/moi-1.htm"}
    assert integrity_check(archive.db) == len(ARTICLES) + 1


def test_a_snippet_marks_the_hits_of_its_piece_as_the_whole_text_has_them():
    """Only the piece is searched past the first hit; what it marks is what the whole text's hits give there."""
    text = ("Đồng bào vùng xa. " * 30) + "Bảo hiểm xã hội tự nguyện cho đồng bào, bảo hiểm y tế. " + ("Báo cáo. " * 200)
    for query in ("bảo hiểm", "đồng bào", "bao", '"xã hội"', "xa", "y tế"):
        hits = Hits(query)
        piece, spans = hits.snippet(text)
        start = text.index(piece.removeprefix("… ").removesuffix(" …")) - (2 if piece.startswith("… ") else 0)
        whole = [(a - start, b - start) for a, b in hits.spans(text)
                 if a - start >= (2 if piece.startswith("… ") else 0) and b - start <= len(piece.removesuffix(" …"))]
        assert spans == whole and spans, query
        assert hits.first(text) == hits.spans(text)[0]


def test_a_hit_overlapping_a_near_miss_is_found():
    """The folded "ba bà ba" first offers "ba bà" for the phrase "bà ba"; the hit starts one word later."""
    assert Hits('"bà ba"').spans("Cả ba bà ba hoa") == [(6, 11)]
    assert has_phrases('"bà ba"', "Cả ba bà ba hoa") and not has_phrases('"bà ba"', "Cả ba ba bà hoa")
