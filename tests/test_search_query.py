"""The search page's SQL (archive.search_query): counts read from the index's vocabulary, the tiers of its order,
and the archive facts kept while the file is unchanged (archive.facts)."""

import re
import sqlite3

import pytest

import archive.search_query
from archive import Archive
from archive.facts import facts
from archive.search import HEAD
from archive.search_query import Search
from datasette_fixtures import ARTICLES, build_archive

# Every word of the test articles, as written, lowercased, folded and in capitals, and a few that are in none.
WORDS = sorted({word for article in ARTICLES for column in ("title", "sapo", "text", "tags", "author")
                for word in re.findall(r"[^\W_]+", str(article.get(column) or ""))})


def counted(conn, search: Search) -> int:
    """The matches counted one by one."""
    return conn.execute(f"select count(*) {search.where()}", search.params()).fetchone()[0]


@pytest.fixture
def conn(tmp_path):
    path = build_archive(tmp_path / "archive.db")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield conn
    conn.close()


def test_the_vocabulary_counts_a_lone_word_exactly(conn):
    from archive.search import fold

    typed = {spelling for word in WORDS for spelling in (word, word.lower(), fold(word), word.upper())}
    typed |= {"khongcodau", "đđđ", "2024", "Dak", "đ"}
    assert len(typed) > 100
    for word in sorted(typed):
        search = Search(q=word)
        assert search._lone_term() is not None, word
        assert search.count(conn) == counted(conn, search), word


@pytest.mark.parametrize("search", [
    Search(q="bảo hiểm"), Search(q='"dak nong"'), Search(q="bảo", site="dantri"), Search(q="dong", start="2024-01-01"),
    Search(q="a_b"), Search(q="x²"),
])
def test_a_search_the_vocabulary_cannot_count_is_counted_by_its_matches(conn, search):
    assert search._lone_term() is None
    assert search.count(conn) == counted(conn, search)


@pytest.fixture
def tiered(tmp_path, monkeypatch):
    """An archive of 30 head matches and 12 body-only ones, with 4 head matches ranked by relevance."""
    monkeypatch.setattr(archive.search_query, "RANKED", 4)
    archive_ = Archive(tmp_path / "tiers.db")
    for number in range(42):
        head = number % 7 != 3
        archive_.store_article({
            "url": f"https://dantri.com.vn/{'dau' if head else 'than'}-{number}.htm", "site": "dantri",
            # A title hit repeated more often in some: bm25 then orders the ranked tier unlike rowid order.
            "title": f"Lương hưu {'lương hưu ' * (number % 3)}số {number}" if head else f"Tin số {number}",
            "text": "Lương hưu tăng." if not head else "Tin ngắn.", "published": f"2021-01-{number % 28 + 1:02}",
        })
    archive_.close()
    conn = sqlite3.connect(tmp_path / "tiers.db")
    yield conn
    conn.close()


def test_the_tiers_rank_the_newest_head_matches_then_the_other_head_matches_then_the_body(tiered):
    search = Search(q="lương hưu")
    order = search.ranked(tiered)
    heads = {row[0] for row in tiered.execute(f"select rowid {search.where(HEAD)}", search.params())}
    assert len(order) == len(set(order)) == search.count(tiered) == 42 and len(heads) == 36
    ranked = sorted(heads, reverse=True)[:4]
    by_rank = [row[0] for row in tiered.execute(
        f"select rowid from {HEAD.table} where {HEAD.table} match ? and rowid in ({','.join(map(str, ranked))}) "
        "order by rank, rowid desc", [search.params()[HEAD.table]])]
    assert order[:4] == by_rank != ranked
    assert order[4:36] == sorted(heads - set(ranked), reverse=True)
    assert order[36:] == sorted(set(order) - heads, reverse=True)


@pytest.mark.parametrize("size", [1, 3, 4, 5, 20, 36, 37, 100])
def test_pages_of_the_tiers_hold_every_result_exactly_once(tiered, size):
    search = Search(q="luong huu")
    whole = search.ranked(tiered)
    paged = [rowid for offset in range(0, 50, size) for rowid in search.ranked(tiered, limit=size, offset=offset)]
    assert paged == whole and len(whole) == search.count(tiered) == 42


def test_filters_apply_to_every_tier(tiered):
    search = Search(q="luong huu", end="2021-01-10")
    whole = search.ranked(tiered)
    assert len(whole) == len(set(whole)) == search.count(tiered) == counted(tiered, search) > 0
    paged = [rowid for offset in range(0, 40, 3) for rowid in search.ranked(tiered, limit=3, offset=offset)]
    assert paged == whole


def test_facts_are_read_again_once_the_file_changed(tmp_path):
    path = build_archive(tmp_path / "archive.db")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    before = facts(conn, str(path))
    assert facts(conn, str(path)) is before
    writer = Archive(path)
    writer.store_article({"url": "https://dantri.com.vn/moi.htm", "site": "dantri", "title": "Mới",
                          "category": "Chuyên mục mới"})
    writer.close()
    after = facts(conn, str(path))
    assert "Chuyên mục mới" in after.categories and "Chuyên mục mới" not in before.categories
    conn.close()
