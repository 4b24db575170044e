"""`ansinh reextract`: after a fix of a seed or of extraction, the kept pages are extracted again, offline."""

from __future__ import annotations

import dataclasses
import json
import os

from archive import Archive
from conftest import ansinh, rows
from crawler.items import ArticlePage
from crawler.offline import reextract
from crawler.sites import get_site, seed_folders
from shared_pages import real_page

URL = "https://dantri.com.vn/an-sinh/truyen-thong-ve-nguoi-tot-viec-tot-20221224191050762.htm"
NO_TITLE = "https://dantri.com.vn/an-sinh/khong-tieu-de-20240101000000000.htm"
GONE = "https://dantri.com.vn/an-sinh/da-xoa-20240101000000001.htm"
# A page whose headline the seed's selectors miss: no article, until the seed names its element.
HEADLINE_IN_A_DIV = ('<html><head><meta charset="utf-8"></head><body><div class="tieu-de">Lương hưu tăng từ tháng 7</div>'
                     '<div class="singular-content"><p>Từ ngày 1/7, lương hưu được điều chỉnh tăng.</p></div></body></html>')


def kept(db, site, url: str, html: str, status: int = 200) -> None:
    """A page stored as a crawl stores it (a 404 as the spider's errback does)."""
    archive = Archive(db)
    if status == 200:
        page = ArticlePage.read(site, url, html.encode("utf-8"), "text/html; charset=utf-8")
    else:
        page = ArticlePage(url, site.key, status, html.encode("utf-8"), error=f"HTTP {status}")
    page.store(archive)
    archive.close()


def test_a_changed_rule_updates_its_field_and_keeps_the_earlier_version(tmp_path):
    db, site = tmp_path / "archive.db", get_site("dantri")
    page = real_page("dantri_article_xa-hoi_truyen-thong-nguoi-tot-viec-tot_20221224.html")
    kept(db, site, URL, page)
    kept(db, site, NO_TITLE, HEADLINE_IN_A_DIV)
    kept(db, site, GONE, "<h1>404</h1>", status=404)
    before = rows(db, "select * from articles")
    assert [row["url"] for row in before] == [URL]
    assert [row["url"] for row in rows(db, "select url from failures order by url")] == [GONE, NO_TITLE]

    # A phrase of the first paragraph, which the fix leaves out.
    first_words = json.dumps(" ".join(before[0]["text"].split()[2:8]).strip(",."), ensure_ascii=False)
    assert rows(db, "select rowid from articles_fts where articles_fts match ?", [first_words])

    # Nothing changed: nothing is written.
    same = reextract(db, [site])
    assert (same.outcomes, same.fields, same.skipped) == ({"unchanged": 1}, {}, {"HTTP 404": 1, "still no article": 1})
    assert rows(db, "select * from articles") == before

    # The fix: the first paragraph is the paper's boilerplate, and the headline of the other page is in a div.
    selectors = {**site.selectors, "exclude": [site.selectors["exclude"], "div.singular-content > p:first-of-type"],
                 "title": [*site.selectors["title"], "div.tieu-de"]}
    fixed = dataclasses.replace(site, selectors=selectors)
    tally = reextract(db, [fixed])
    assert tally.outcomes == {"updated": 1, "new": 1}
    assert tally.fields == {"text": 1}
    assert tally.summary("re-extracted") == ("re-extracted 2 (1 new, 1 updated, 0 unchanged), skipped 1 (HTTP 404 ×1), "
                                              "failed 0")
    after = {row["url"]: row for row in rows(db, "select * from articles")}
    assert after[URL]["text"] == before[0]["text"].split("\n\n", 1)[1]
    assert {k: v for k, v in after[URL].items() if k not in ("text", "text_folded")} == \
        {k: v for k, v in before[0].items() if k not in ("text", "text_folded")}
    assert after[NO_TITLE]["title"] == "Lương hưu tăng từ tháng 7"
    # The page that became an article leaves the failures; the earlier text is a version.
    assert [row["url"] for row in rows(db, "select url from failures")] == [GONE]
    [version] = rows(db, "select * from article_versions")
    assert version["url"] == URL and version["text"] == before[0]["text"]
    # Searched with its new text.
    assert not rows(db, "select rowid from articles_fts where articles_fts match ?", [first_words])


def test_an_article_that_no_longer_extracts_is_kept_and_failed(tmp_path):
    db, site = tmp_path / "archive.db", get_site("dantri")
    kept(db, site, NO_TITLE, HEADLINE_IN_A_DIV.replace('class="tieu-de"', 'class="tieu-de" id="x"'))
    # Stored through a seed that knew the headline; today's seed does not.
    kept(db, dataclasses.replace(site, selectors={**site.selectors, "title": "div#x"}), NO_TITLE,
         HEADLINE_IN_A_DIV.replace('class="tieu-de"', 'class="tieu-de" id="x"'))
    before = rows(db, "select * from articles")
    tally = reextract(db, [site])
    assert tally.failed == {"no longer extracted": 1}
    assert rows(db, "select * from articles") == before


def test_reextract_fetches_nothing_and_reports_per_field(sample_sites, server, crawl, tmp_path):
    crawl("laodongxahoi")
    before = {row["url"]: row for row in rows(crawl.db, "select * from articles")}
    assert len(before) == len(sample_sites["laodongxahoi"].articles)
    server.stop()
    # The user's own seed folder replaces the package's laodongxahoi: its category is now the breadcrumb's parent.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = (seed_folders()[0] / "laodongxahoi.toml").read_text(encoding="utf-8")
    changed = seed.replace('category = ["div.bread_right a.active", "div.breadcump a"]',
                           'category = "div.breadcump a:nth-of-type(2)"')
    assert changed != seed
    (seeds / "laodongxahoi.toml").write_text(changed, encoding="utf-8")

    result = ansinh("reextract", "laodongxahoi", "--db", str(crawl.db), "--quiet", env={
        **os.environ, "ANSINH_SEEDS": str(seeds),
        # Were anything fetched, it would go nowhere.
        "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    n = len(before)
    assert result.stdout.splitlines() == [f"re-extracted {n} (0 new, {n} updated, 0 unchanged), skipped 0, failed 0",
                                          f"changed: category ×{n}"]
    after = {row["url"]: row for row in rows(crawl.db, "select * from articles")}
    assert {row["category"] for row in after.values()} == {"Xã hội"}
    assert {row["category"] for row in rows(crawl.db, "select category from article_versions")} == {"An sinh xã hội"}
    for url, row in after.items():
        assert {k: v for k, v in row.items() if not k.startswith("category")} == \
            {k: v for k, v in before[url].items() if not k.startswith("category")}

    # Once more: nothing left to change.
    again = ansinh("reextract", "laodongxahoi", "--db", str(crawl.db), "-q", env={
        **os.environ, "ANSINH_SEEDS": str(seeds)})
    assert again.stdout.splitlines() == [f"re-extracted {n} (0 new, 0 updated, {n} unchanged), skipped 0, failed 0"]


def test_reextract_of_a_missing_archive_is_one_line(tmp_path):
    result = ansinh("reextract", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and result.stderr.strip() == f"ansinh: error: no archive at {tmp_path / 'none.db'}"
    result = ansinh("reextract", "nosuchsite", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and "unknown site 'nosuchsite'" in result.stderr
