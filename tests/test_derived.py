"""What the extraction workers compute beside an article gives the archive the very rows it computes itself."""

from __future__ import annotations

from archive import Archive
from archive.derived import derive
from duplicate_fixtures import PAGES, real_article, reprint

TABLES = {
    "articles": "select * from articles order by url",
    "article_places": "select * from article_places order by 1, 2, 3, 4",
    "article_topics": "select * from article_topics order by 1, 2, 3, 4",
    "article_signatures": "select * from article_signatures order by article",
    "article_bands": "select * from article_bands order by 1, 2, 3",
    "article_duplicates": "select * from article_duplicates order by 1, 2",
}
CAPTIONS = [{"src": "https://dantri.com.vn/anh.jpg", "caption": "Người cao tuổi ở Đắk Nông nhận trợ cấp"}]


def contents(archive: Archive) -> dict[str, list[tuple]]:
    """Every row of ``TABLES``, without the fetch times (which differ by the moment each was stored)."""
    found = {}
    for table, sql in TABLES.items():
        columns = ", ".join(f"[{name}]" for name in archive.db[table].columns_dict if name != "fetched")
        found[table] = [tuple(row) for row in archive.db.execute(sql.replace("select *", f"select {columns}"))]
    return found


def test_an_article_stored_with_what_a_worker_derived_is_stored_as_the_archive_derives_it(tmp_path):
    articles = [real_article(name) for name in PAGES[:3]]
    articles += [reprint(articles[0], "trimmed")]
    by_archive, by_worker = Archive(tmp_path / "archive.db"), Archive(tmp_path / "worker.db")
    try:
        for article in articles:
            images = CAPTIONS if article is articles[1] else []
            by_archive.store_page(article["url"], article["site"], None, article=article, images=images)
            by_worker.store_page(article["url"], article["site"], None, article=article, images=images,
                                 derived=derive(article, [image["caption"] for image in images]))
        stored = contents(by_archive)
        assert stored == contents(by_worker)
        # Not vacuous: the tags, the signatures and the reprint's link are there.
        assert stored["article_places"] and stored["article_topics"] and len(stored["article_signatures"]) == 4
        assert len(stored["article_duplicates"]) == 2
    finally:
        by_archive.close()
        by_worker.close()
