"""Near-duplicates: the same story in several papers is linked both ways and its repeats marked; different
stories on one subject are not. On the real Dân trí pages (tests/duplicate_fixtures.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from archive import Archive
from archive.duplicates import MIN_SHINGLES, _to_blob, candidate_buckets, signature, similarities
from duplicate_fixtures import PAGES, REPRINTS, SAME_TOPIC, real_article, reprint

ORIGINAL = "more/dantri_2022_xahoi_nha-ga-t3.html"


def links(archive: Archive) -> set[tuple[str, str]]:
    return {tuple(row) for row in archive.db.execute("select article, copy from article_duplicates")}


def repeats(archive: Archive) -> dict[str, str]:
    return dict(archive.db.execute("select url, repeat_of from articles where repeat_of is not null").fetchall())


def test_stored_signatures_compare_as_datasketch_compares_them():
    original = real_article(ORIGINAL)
    others = [signature(reprint(original, how)["text"]) for how in REPRINTS]
    others += [signature(real_article(page)["text"]) for page in PAGES[:3]]
    mine = signature(original["text"])
    assert similarities(mine, [_to_blob(other) for other in others]) == [mine.jaccard(other) for other in others]
    assert similarities(mine, []) == []


@pytest.fixture
def archive(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    yield archive
    archive.close()


@pytest.mark.parametrize("how", REPRINTS)
def test_a_reprint_is_linked_both_ways_and_marked_a_repeat(archive, how):
    original = real_article(ORIGINAL)
    copy = reprint(original, how)
    archive.store_article(original)
    archive.store_article(copy)
    assert links(archive) == {(original["url"], copy["url"]), (copy["url"], original["url"])}
    assert repeats(archive) == {copy["url"]: original["url"]}


def test_the_earliest_published_wins_whatever_was_stored_first(archive):
    original = real_article(ORIGINAL)
    later = reprint(original, "trimmed")
    third = reprint(original, "added", site="laodongxahoi")
    # The reprints arrive first (a crawl of Dân sinh before one of Dân trí, or a rescue of an older paper).
    for article in (later, third, original):
        archive.store_article(article)
    assert repeats(archive) == {later["url"]: original["url"], third["url"]: original["url"]}
    assert len(links(archive)) == 6  # three copies, each linked to the two others


@pytest.mark.parametrize("first, second", SAME_TOPIC, ids=lambda name: name.rsplit("_", 1)[-1])
def test_two_different_stories_on_one_subject_are_not_linked(archive, first, second):
    archive.store_article(real_article(first))
    archive.store_article(real_article(second))
    assert links(archive) == set() and repeats(archive) == {}


def test_an_edit_that_makes_a_copy_another_story_unlinks_it(archive):
    original = real_article(ORIGINAL)
    copy = reprint(original, "headline")
    archive.store_article(original)
    archive.store_article(copy)
    other = real_article("more/dantri_2022_xahoi_cuc-hang-khong.html")
    assert archive.store_article({**copy, "text": other["text"]}) == "updated"
    assert links(archive) == set() and repeats(archive) == {}


def test_short_bodies_are_never_called_copies(archive):
    # A photo story's few captions say too little: identical ones are not a reprinted story.
    caption = "Người dân đổ về trung tâm thành phố đón Giáng sinh."
    assert len(caption.split()) < MIN_SHINGLES
    for site in ("dantri", "dansinh"):
        archive.store_article({"url": f"https://{site}.example/anh", "site": site, "title": "Ảnh", "text": caption})
    assert links(archive) == set()


def test_marking_a_repeat_does_not_reindex_the_body(archive):
    article = real_article(ORIGINAL)
    archive.store_article(article)
    db = archive.db
    before = db.conn.total_changes
    db.execute("update articles set repeat_of = 'https://dantri.com.vn/x.htm' where url = ?", [article["url"]])
    assert db.conn.total_changes - before == 1  # the row alone: the search index's trigger did not fire
    before = db.conn.total_changes
    db.execute("update articles set title = 'Khởi công nhà ga T3' where url = ?", [article["url"]])
    assert db.conn.total_changes - before > 1  # the row, and the search index's own tables
    assert db.execute("select count(*) from articles_fts where articles_fts match 'T3'").fetchone()[0] == 1


def stored_everything(archive: Archive) -> None:
    for name in PAGES:
        archive.store_article(real_article(name))
    for name in PAGES[::3]:
        for how in REPRINTS:
            archive.store_article(reprint(real_article(name), how, site="dansinh" if how != "added" else "laodongxahoi"))


def test_dedupe_over_an_existing_archive_gives_the_links_of_the_incremental_path(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    stored_everything(archive)
    incremental = links(archive), repeats(archive)
    assert len(incremental[1]) == len(PAGES[::3]) * len(REPRINTS)
    # An archive from before copies were looked for: nothing of them recorded.
    with archive.db.conn:
        for table in ("article_signatures", "article_bands", "article_duplicates"):
            archive.db.execute(f"delete from {table}")
        archive.db.execute("update articles set repeat_of = null")
    archive.close()
    result = subprocess.run([sys.executable, "-m", "ansinh", "dedupe", "--db", str(tmp_path / "archive.db")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pairs = len(incremental[0]) // 2
    assert f"{pairs} pairs of copies" in result.stdout
    assert f"compared {len(PAGES) + len(PAGES[::3]) * len(REPRINTS)}/" in result.stderr
    archive = Archive(tmp_path / "archive.db")
    assert (links(archive), repeats(archive)) == incremental
    archive.close()


def test_a_higher_threshold_drops_the_looser_copies(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    original = real_article(ORIGINAL)
    for article in (original, reprint(original, "trimmed"), reprint(original, "decomposed")):
        archive.store_article(article)
    archive.close()
    result = subprocess.run([sys.executable, "-m", "ansinh", "dedupe", "--db", str(tmp_path / "archive.db"),
                             "--threshold", "0.95"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    archive = Archive(tmp_path / "archive.db")
    assert repeats(archive) == {reprint(original, "decomposed")["url"]: original["url"]}
    archive.close()


@pytest.mark.parametrize("args, message", [
    (["--threshold", "2"], "2.0 is not in the range"),
    (["--threshold", "nan"], "--threshold takes a number"),
])
def test_dedupe_says_what_is_wrong_in_one_line(tmp_path, args, message):
    Archive(tmp_path / "archive.db").close()
    result = subprocess.run([sys.executable, "-m", "ansinh", "dedupe", "--db", str(tmp_path / "archive.db"), *args],
                            capture_output=True, text=True)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_dedupe_without_an_archive_says_so(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ansinh", "dedupe", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "no archive at" in result.stderr and not (tmp_path / "none.db").exists()


def test_a_bucket_crowded_by_boilerplate_is_not_read_and_a_reprint_is_still_found(archive, monkeypatch):
    import random

    from archive import duplicates
    from archive.duplicates import buckets

    # A crowd of a few, so that a few dozen articles make one.
    monkeypatch.setattr(duplicates, "CROWDED", 5)
    count = 60

    rng = random.Random(0)
    syllables = ["lao", "động", "việc", "làm", "bảo", "hiểm", "xã", "hội", "trợ", "cấp", "hưu", "trí", "nghèo",
                 "vùng", "cao", "tỉnh", "huyện", "người", "dân", "hỗ", "chính", "sách", "thu", "nhập", "đời", "sống"]
    # Standing paragraphs every article of a paper prints: less than half of each body, so no two are copies.
    standing = " ".join(rng.choices(syllables, k=300))

    def body() -> str:
        return " ".join(rng.choices(syllables, k=300)) + " " + standing

    bodies = [body() for _ in range(count)]
    for number, text in enumerate(bodies):
        archive.store_article({"url": f"https://dantri.com.vn/bai-{number}.htm", "site": "dantri", "title": "Bài",
                               "text": text, "published": f"2024-01-01T{number % 24:02d}:00:00+07:00"})
    archive.store_article({"url": "https://dansinh.vn/dang-lai.htm", "site": "dansinh", "title": "Đăng lại",
                           "text": bodies[-1], "published": "2024-01-02T08:00:00+07:00"})
    found = buckets(signature(bodies[-1]))
    kept = candidate_buckets(archive.db, found)
    # The boilerplate crowds some of its buckets (else the test shows nothing), which are not read.
    assert 0 < len(kept) < len(found)
    assert links(archive) == {("https://dansinh.vn/dang-lai.htm", f"https://dantri.com.vn/bai-{count - 1}.htm"),
                              (f"https://dantri.com.vn/bai-{count - 1}.htm", "https://dansinh.vn/dang-lai.htm")}
