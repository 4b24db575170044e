"""Search, facets and pages of the archive, through the datasette that `ansinh serve` runs, in-process."""

import gc
import re
from datetime import datetime
import sqlite3
import time
import weakref
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from datasette.app import Datasette
from datasette.utils import tilde_encode
from jinja2 import DictLoader, Environment

from archive import Archive
from archive.search import Hits
from archive.search_page import marked, render_plain
from archive.web import make_datasette
from duplicate_fixtures import real_article, reprint
from datasette_fixtures import (
    ARTICLES,
    DAK_NONG,
    DAK_NONG_BODY,
    DAK_NONG_PLAIN,
    KEPT_PAGE,
    NINH_THUAN,
    SCRIPTED,
    SOCIAL_INSURANCE,
    TONES_REPORT,
    WORDS_APART,
    archive_path,
    build_archive,
    datasette,
    facet_results,
)

__all__ = ["archive_path", "datasette"]  # fixtures, used by name

ARCHIVE_NAME = "An sinh · Lưu trữ tin an sinh xã hội · Social-security news archive"


async def table_search(datasette, query: str, args: str = "") -> list[str]:
    """URLs found by datasette's own search box on the articles table (``?_search=``)."""
    response = await datasette.client.get(f"/archive/articles.json?_shape=array&_col=url&_search={quote(query)}&{args}")
    assert response.status_code == 200, response.text
    return [row["url"] for row in response.json()]


async def page_search(datasette, query: str, args: str = "") -> list[dict]:
    """The whole result of the archive's search page (its JSON), best first."""
    response = await datasette.client.get(f"/archive/-/search.json?q={quote(query)}&{args}")
    assert response.status_code == 200, response.text
    return response.json()


async def both_searches(datasette, query: str, args: str = "") -> set[str]:
    """What both search paths find, after checking that they find the same."""
    found = set(await table_search(datasette, query, args))
    assert {row["url"] for row in await page_search(datasette, query, args)} == found
    return found


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


# Marks mean what the user typed


@pytest.mark.parametrize(
    "query, expected",
    [
        # Typed with marks: that word only, case aside.
        ("bảo", {SOCIAL_INSURANCE, NINH_THUAN, SCRIPTED}),
        ("BẢO", {SOCIAL_INSURANCE, NINH_THUAN, SCRIPTED}),
        ("đóng", {TONES_REPORT, SOCIAL_INSURANCE}),
        ("động", {SOCIAL_INSURANCE, DAK_NONG_BODY}),
        ("báo", {TONES_REPORT, SCRIPTED}),
        # Without marks: every accented form, đ included.
        ("bao", {SOCIAL_INSURANCE, NINH_THUAN, SCRIPTED, TONES_REPORT}),
        ("dong", {TONES_REPORT, SOCIAL_INSURANCE, DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}),
        # Per word, and in phrases.
        ("bảo hiem xa", {SOCIAL_INSURANCE, NINH_THUAN}),
        ('"đồng bào"', {TONES_REPORT}),
        ('"dong bao"', {TONES_REPORT, SOCIAL_INSURANCE}),
        ('"đóng bảo"', {SOCIAL_INSURANCE}),
        ('"bảo hiểm xã hội"', {SOCIAL_INSURANCE, NINH_THUAN}),
        ("giảm nghẻo", set()),  # a wrong tone is another word
    ],
)
async def test_marks_mean_what_the_user_typed(datasette, query, expected):
    assert await both_searches(datasette, query) == expected


@pytest.mark.parametrize("query", ["dak nong", "DAK NONG", "Dak Nong"])
async def test_d_without_marks_finds_every_spelling(datasette, query):
    assert await both_searches(datasette, query) == {DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}


@pytest.mark.parametrize("query", ["Đắk Nông", "ĐẮK NÔNG", "đắk nông", "Dak Nông"])
async def test_d_with_marks_finds_only_what_is_written_so(datasette, query):
    assert await both_searches(datasette, query) == {DAK_NONG, DAK_NONG_BODY}


@pytest.mark.parametrize("query", ["Ninh Thuan", "ninh thuận", "NINH THUẬN"])
async def test_letters_with_two_marks(datasette, query):
    assert await both_searches(datasette, query) == {NINH_THUAN}


async def test_quoted_phrase_matches_only_the_phrase(datasette):
    assert await both_searches(datasette, '"giảm nghèo bền vững"') == {DAK_NONG}
    assert await both_searches(datasette, '"giam ngheo ben vung"') == {DAK_NONG}
    assert await both_searches(datasette, "giảm nghèo bền vững") == {DAK_NONG, WORDS_APART}


async def test_a_phrase_mixing_marks_holds_each_word_to_its_place(datasette, archive_path):
    """"bảo hiem": bảo as typed, then any form of hiem, next to it; not báo hiểm with a bảo somewhere else."""
    elsewhere = "https://dantri.com.vn/bao-hiem-nguy.htm"
    archive = Archive(archive_path)
    archive.store_article({"url": elsewhere, "site": "dantri", "title": "Tin báo hiểm nguy",
                           "text": "Một người bảo vệ đã nói.", "published": "2024-07-01T08:00:00+07:00"})
    archive.close()
    exact = await both_searches(datasette, '"bảo hiểm"')
    assert exact and elsewhere not in exact
    assert await both_searches(datasette, '"bảo hiem"') == exact
    assert await both_searches(datasette, '"bảo hiem"', "site=laodongxahoi") == await both_searches(
        datasette, '"bảo hiểm"', "site=laodongxahoi") != set()
    assert elsewhere in await both_searches(datasette, '"bao hiem"')
    assert await both_searches(datasette, '"báo hiem"') == {elsewhere}
    page = (await datasette.client.get("/archive/-/search?q=%22b%E1%BA%A3o+hiem%22")).text
    assert f'<strong class="result-count">{len(exact)}</strong>' in page
    newest = (await datasette.client.get("/archive/-/search.json?q=%22b%E1%BA%A3o+hiem%22&sort=newest")).json()
    assert {row["url"] for row in newest} == exact


@pytest.mark.parametrize(
    "query",
    ['giảm nghèo"', '"giảm nghèo', 'giảm "nghèo', "giảm AND nghèo", "giảm OR nghèo", "NOT giảm nghèo",
     "giảm nghèo NEAR", "(giảm nghèo", "giảm) nghèo*", "giảm^ -nghèo", "giảm: +nghèo", "giảm' nghèo"],
)
async def test_stray_quotes_and_operators_are_words_not_errors(datasette, query):
    assert await both_searches(datasette, query) == {DAK_NONG, WORDS_APART}


@pytest.mark.parametrize("query", ['"', '""', "*", "()", "AND", "-"])
async def test_a_query_without_words_finds_nothing_quietly(datasette, query):
    assert await both_searches(datasette, query) == set()


async def test_the_table_search_box_follows_the_marks(datasette):
    response = await datasette.client.get("/archive/articles?_search=b%E1%BA%A3o")  # bảo
    assert response.status_code == 200
    assert "Bảo hiểm xã hội tự nguyện tăng mạnh" in response.text
    assert "Báo cáo công tác" not in response.text


# The ranked page


async def test_a_title_hit_ranks_above_a_newer_body_hit(datasette):
    by_rank = [row["url"] for row in await page_search(datasette, "dak nong")]
    assert by_rank[0] == DAK_NONG
    assert by_rank.index(DAK_NONG) < by_rank.index(DAK_NONG_BODY)


async def test_newest_first_is_one_parameter_away(datasette):
    newest = [row["url"] for row in await page_search(datasette, "dak nong", "sort=newest")]
    assert newest == [DAK_NONG_BODY, DAK_NONG, DAK_NONG_PLAIN]
    page = await datasette.client.get("/archive/-/search?q=dak+nong")
    assert 'href="?q=dak+nong&amp;sort=newest"' in page.text


async def test_results_show_title_site_date_and_a_snippet_marking_real_hits(datasette):
    page = (await datasette.client.get("/archive/-/search?q=dak+nong")).text
    first = page[page.index('<ol class="search-results"'):].split("</li>")[0]
    assert f'<a class="result-title" href="/archive/articles/{tilde_encode(DAK_NONG)}">' in first
    assert "<mark>Đắk</mark> <mark>Nông</mark> hỗ trợ hộ nghèo vay vốn sản xuất</a>" in first
    assert "Báo Dân trí" in first and "10/05/2024 08:30" in first
    assert "Tỉnh <mark>Đắk</mark> <mark>Nông</mark> dành" in first
    assert "tro ve <mark>Dak</mark> <mark>Nong</mark> sau" in page


@pytest.mark.parametrize(
    "query, marked",
    [
        ("bảo", {"Bảo", "bảo"}),  # SOCIAL_INSURANCE's title and sapo; never TONES_REPORT's "Báo" nor "bào"
        ("xã", {"xã"}),  # TONES_REPORT's body and SOCIAL_INSURANCE's "xã hội", never "vùng xa"
        ("bao", {"Báo", "bào", "Bảo", "bảo"}),
    ],
)
async def test_snippets_mark_only_real_hits(datasette, query, marked):
    page = (await datasette.client.get(f"/archive/-/search?q={quote(query)}&category=B%E1%BA%A3o+hi%E1%BB%83m")).text
    assert set(marks(page[page.index('<ol class="search-results"'):])) == marked


async def test_every_result_is_paged_with_the_exact_count(datasette, archive_path):
    archive = Archive(archive_path)
    for number in range(45):
        archive.store_article({"url": f"https://dantri.com.vn/luong-huu-{number}.htm", "site": "dantri",
                               "title": f"Lương hưu tháng {number}", "published": f"2021-01-{number % 28 + 1:02}"})
    archive.close()
    seen = []
    url = "/archive/-/search?q=luong+huu"
    for page in (1, 2, 3):
        html = (await datasette.client.get(url)).text
        assert '<strong class="result-count">46</strong>' in html
        assert f"Trang · Page {page} / 3" in html
        seen += re.findall(r'class="result-title" href="/archive/articles/([^"]+)"', html)
        next_link = re.search(r'class="next" rel="next" href="\?([^"]+)"', html)
        if page < 3:
            url = "/archive/-/search?" + next_link.group(1).replace("&amp;", "&")
        else:
            assert next_link is None and len(seen) == 46
    whole = await page_search(datasette, "luong huu")
    assert [tilde_encode(row["url"]) for row in whole] == seen
    csv_text = (await datasette.client.get("/archive/-/search.csv?q=luong+huu")).text
    assert len(csv_text.strip().splitlines()) == 47 and "<mark>" not in csv_text
    assert csv_text.splitlines()[0] == "url,title,site,site_name,published,category,author,sapo"


async def test_headline_and_lead_hits_come_first_on_every_page(datasette, archive_path):
    """Ranked by the head index, then by the whole text: the pages still hold every match once, filters too."""
    archive = Archive(archive_path)
    for number in range(25):
        archive.store_article({"url": f"https://dantri.com.vn/tieu-de-{number}.htm", "site": "dantri",
                               "title": f"Tăng lương hưu đợt {number}", "text": "Tin ngắn."})
        archive.store_article({"url": f"https://dantri.com.vn/than-bai-{number}.htm", "site": "dantri",
                               "title": f"Tin số {number}", "text": "Từ tháng 7, lương hưu tăng. " * (number + 1)})
    archive.store_article({"url": "https://dansinh.dansinh.vn/khac.htm", "site": "dansinh",
                           "title": "Lương hưu ở Dân sinh", "text": "Lương hưu."})
    archive.close()
    seen = []
    for page in (1, 2, 3):
        html = (await datasette.client.get(f"/archive/-/search?q=l%C6%B0%C6%A1ng+h%C6%B0u&site=dantri&page={page}")).text
        assert '<strong class="result-count">50</strong>' in html
        seen += re.findall(r'class="result-title" href="/archive/articles/([^"]+)"', html)
    kinds = ["head" if "tieu-de" in url else "body" for url in seen]
    assert len(seen) == len(set(seen)) == 50
    assert kinds == ["head"] * 25 + ["body"] * 25
    whole = [tilde_encode(row["url"]) for row in await page_search(datasette, "lương hưu", "site=dantri")]
    assert whole == seen


@pytest.mark.parametrize(
    "args, expected",
    [
        ("site=dantri", {DAK_NONG}),
        ("category=Nh%C3%A2n+l%E1%BB%B1c", {DAK_NONG_BODY}),
        ("_from=2024-05-15", {DAK_NONG_BODY}),
        ("_to=2020-01-01", {DAK_NONG_PLAIN}),
        ("site=dantri&_from=2024-05-10&_to=2024-05-10", {DAK_NONG}),
        ("site=bhxh", set()),
    ],
)
async def test_filters_compose_with_the_query_and_carry_to_the_table(datasette, args, expected):
    assert await both_searches(datasette, "dak nong", args) == expected
    page = (await datasette.client.get(f"/archive/-/search?q=dak+nong&{args}")).text
    assert f'<strong class="result-count">{len(expected)}</strong>' in page
    table = re.search(r'class="table-view" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    rows = (await datasette.client.get(table.replace("/archive/articles?", "/archive/articles.json?_shape=array&"))).json()
    assert {row["url"] for row in rows} == expected
    for export in ("export-csv", "export-json", "feed"):
        assert re.search(rf'class="{export}" href="[^"]*{re.escape("q=dak+nong&amp;" + args.replace("&", "&amp;"))}"', page)


async def test_a_feed_reader_learns_of_a_new_matching_article(datasette, archive_path):
    atom = "{http://www.w3.org/2005/Atom}"
    page = (await datasette.client.get("/archive/-/search?q=dak+nong&site=dantri")).text
    feed_url = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)"', page).group(1)
    assert feed_url == "/archive/-/search.atom?q=dak+nong&amp;site=dantri"
    feed_url = feed_url.replace("&amp;", "&")

    async def entries():
        response = await datasette.client.get(feed_url)
        assert response.headers["content-type"].startswith("application/atom+xml")
        return [entry.find(atom + "id").text for entry in ElementTree.fromstring(response.text).iter(atom + "entry")]

    assert await entries() == [DAK_NONG]
    new = "https://dantri.com.vn/an-sinh/dak-nong-luong-huu-20260101080000000.htm"
    archive = Archive(archive_path)
    archive.store_article({"url": new, "site": "dantri", "title": "Đắk Nông tăng lương hưu",
                           "published": "2026-01-01T08:00:00+07:00"})
    archive.store_article({"url": new + "?other", "site": "dansinh", "title": "Đắk Nông, báo khác",
                           "published": "2026-01-02T08:00:00+07:00"})
    archive.close()
    assert await entries() == [new, DAK_NONG]


async def test_search_follows_updates_and_deletes(datasette, archive_path):
    archive = Archive(archive_path)
    archive.store_article({**ARTICLES[3], "title": "Đồng Tháp chi trả lương hưu", "sapo": "", "author": "", "text": ""})
    assert await both_searches(datasette, "dong thap") == {NINH_THUAN}
    assert await both_searches(datasette, "ninh thuan") == set()
    archive.db["articles"].delete(NINH_THUAN)
    archive.db.conn.commit()
    archive.close()
    assert await both_searches(datasette, "dong thap") == set()
    assert await both_searches(datasette, "luong huu") == set()


# Browsing


async def test_articles_open_newest_first(datasette):
    rows = (await datasette.client.get("/archive/articles.json?_shape=array&_col=published")).json()
    published = [row["published"] for row in rows]
    assert published == sorted(published, reverse=True)
    assert len(rows) == len(ARTICLES)


async def test_facets_on_site_category_author_tags_year_and_month(datasette):
    facets = await facet_results(datasette, "/archive/articles.json")
    counts = {(f["type"], f["name"]): {v["value"]: v["count"] for v in f["results"]} for f in facets.values()}
    assert counts[("site", "site")] == {"dantri": 3, "dansinh": 1, "laodongxahoi": 3, "bhxh": 1}
    labels = {v["value"]: v["label"] for f in facets.values() if f["type"] == "site" for v in f["results"]}
    assert labels["dantri"] == "Báo Dân trí" and labels["laodongxahoi"] == "Báo Lao động và Xã hội"
    assert counts[("value", "category")]["An sinh"] == 3
    assert counts[("value", "author")]["Minh Anh"] == 2
    assert counts[("list", "tags")]["giảm nghèo"] == 2
    assert counts[("year", "published")] == {"2024": 3, "2023": 2, "2022": 2, "2019": 1}
    assert list(counts[("month", "published")])[:2] == ["2024-06", "2024-05"]
    assert counts[("month", "published")]["2024-05"] == 2


async def test_the_facets_of_a_search_are_counted_in_one_pass_as_each_would_be_alone(datasette, monkeypatch):
    """One statement reads the matches once for all the archive's facets, and gives what each facet gives alone."""
    from datasette.database import Database

    path = "/archive/articles.json?_search=dak+nong&_facet_tagged=province"
    statements = []
    execute = Database.execute

    async def recorded(self, sql, *args, **kwargs):
        statements.append(sql)
        return await execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", recorded)
    together = await facet_results(datasette, path)
    assert sum("ansinh_hits" in sql for sql in statements) == 1
    # The list facet's own query (it numbers the rows it counts) never ran apart.
    assert not any("numbered" in sql and "ansinh_hits" not in sql for sql in statements)

    async def apart(facet, limit):
        return None

    monkeypatch.setattr("archive.facets.counted_together", apart)
    alone = await facet_results(datasette, path)
    assert together == alone
    assert {(f["type"], f["name"]) for f in together.values()} >= {
        ("site", "site"), ("value", "category"), ("value", "author"), ("list", "tags"), ("year", "published"),
        ("month", "published"), ("tagged", "province")}
    assert together["site"]["results"][0]["count"] >= 1


async def test_a_month_facet_value_filters_the_table(datasette):
    facets = await facet_results(datasette, "/archive/articles.json")
    month = next(f for f in facets.values() if f["type"] == "month")
    may = next(v for v in month["results"] if v["value"] == "2024-05")
    assert "published__startswith=2024-05" in may["toggle_url"]
    rows = (await datasette.client.get("/archive/articles.json?_shape=array&published__startswith=2024-05")).json()
    assert {row["url"] for row in rows} == {DAK_NONG, WORDS_APART}


async def test_a_tag_facet_value_filters_the_table(datasette, archive_path):
    archive = Archive(archive_path)
    archive.store_article({**ARTICLES[3], "tags": ["lương hưu", "lương hưu", "giảm nghèo"]})  # a tag twice
    archive.close()
    facets = await facet_results(datasette, "/archive/articles.json")
    tags = next(f for f in facets.values() if f["type"] == "list")
    counts = {v["value"]: v["count"] for v in tags["results"]}
    assert counts["lương hưu"] == 1 and counts["giảm nghèo"] == 3
    toggle = next(v["toggle_url"] for v in tags["results"] if v["value"] == "giảm nghèo")
    rows = (await datasette.client.get(toggle.replace("http://localhost", "") + "&_shape=array")).json()
    assert {row["url"] for row in rows} == {DAK_NONG, WORDS_APART, NINH_THUAN}


@pytest.mark.parametrize(
    "args, expected",
    [
        ("_from=2024-05-31&_to=2024-05-31", {WORDS_APART}),  # 23:30 Vietnam time is still the 31st
        ("_from=2024-05-01", {DAK_NONG, WORDS_APART, DAK_NONG_BODY}),
        ("_to=2023-01-15", {SCRIPTED, DAK_NONG_PLAIN, TONES_REPORT, SOCIAL_INSURANCE}),
        ("_from=2024-06-02", set()),
        ("_from=not-a-date", {article["url"] for article in ARTICLES}),
    ],
)
async def test_date_range_filter(datasette, args, expected):
    response = await datasette.client.get(f"/archive/articles.json?_shape=array&_col=url&{args}")
    assert {row["url"] for row in response.json()} == expected


async def test_article_page(datasette):
    response = await datasette.client.get(f"/archive/articles/{tilde_encode(DAK_NONG)}")
    assert response.status_code == 200
    html = response.text
    article = html[html.index('<article class="article"'):html.index("</article>")]
    assert "<h1>Đắk Nông hỗ trợ hộ nghèo vay vốn sản xuất</h1>" in article
    for expected in ("Báo Dân trí", "10/05/2024 08:30", "Minh Anh", "An sinh", ">Đắk Nông</a>", ">giảm nghèo</a>"):
        assert expected in article
    assert '<p class="article-sapo">Tỉnh Đắk Nông dành 50 tỷ đồng' in article
    assert "<p>Năm 2024, tỉnh đặt mục tiêu giảm nghèo bền vững cho hơn 3.000 hộ.</p>" in article
    assert "<p>Các hộ được vay vốn ưu đãi để chăn nuôi và trồng cà phê.</p>" in article
    assert f'<a class="original" href="{DAK_NONG}"' in article
    assert f'href="/archive/-/page?url={quote(DAK_NONG)}"' in article
    assert '<meta name="viewport" content="width=device-width' in html
    assert "title_folded" not in article


async def test_article_without_kept_page_has_no_kept_link(datasette):
    html = (await datasette.client.get(f"/archive/articles/{tilde_encode(NINH_THUAN)}")).text
    assert "Ninh Thuận chi trả lương hưu qua bưu điện" in html
    assert "/-/page?" not in html


async def test_kept_page_is_served_sandboxed(datasette):
    response = await datasette.client.get(f"/archive/-/page?url={quote(DAK_NONG)}")
    assert response.status_code == 200
    assert response.content == KEPT_PAGE
    assert response.headers["content-security-policy"].startswith("sandbox;")
    assert "script-src" not in response.headers["content-security-policy"]
    missing = await datasette.client.get(f"/archive/-/page?url={quote(NINH_THUAN)}")
    assert missing.status_code == 404


def test_marking_wraps_the_hits_and_escapes_the_rest():
    text = 'Lương <b>hưu</b> & "lương"'
    assert marked(text, Hits("luong").spans(text)) == (
        '<mark>Lương</mark> &lt;b&gt;hưu&lt;/b&gt; &amp; &quot;<mark>lương</mark>&quot;'
    )


@pytest.mark.parametrize(
    "path",
    [f"/archive/articles/{tilde_encode(SCRIPTED)}", "/archive/-/search?q=lua+dao", "/archive/articles",
     "/archive/articles?_search=lừa+đảo"],
)
async def test_text_from_pages_is_escaped(datasette, path):
    html = (await datasette.client.get(path)).text
    assert "Cảnh báo" in html
    assert "<script>alert(" not in html and "<script>document.title" not in html
    assert "<img src=x" not in html and "<i>Phóng viên" not in html and "<b>Chú ý" not in html
    assert "&lt;script&gt;" in html


async def test_a_javascript_url_never_becomes_a_link(datasette, archive_path):
    archive = Archive(archive_path)
    archive.store_article({"url": "javascript:alert(1)", "site": "dantri", "title": "Lạ"})
    archive.close()
    html = (await datasette.client.get(f"/archive/articles/{tilde_encode('javascript:alert(1)')}")).text
    assert 'href="javascript:' not in html


# Canned queries, names, serving


async def test_canned_queries(datasette):
    per_month = (await datasette.client.get("/archive/articles_per_month.json?_shape=array")).json()
    assert {"month": "2024-05", "site": "dantri", "articles": 2} in per_month
    crawls = (await datasette.client.get("/archive/latest_crawls.json?_shape=array")).json()
    assert [(row["site"], row["status"]) for row in crawls] == [("bhxh", "ok"), ("bhxh", "failed"),
                                                              ("dantri", "ok"), ("dantri", "failed")]
    assert crawls[0]["articles_fetched"] == 3 and crawls[0]["new"] == 2


@pytest.mark.parametrize(
    "path, title",
    [
        ("/", ARCHIVE_NAME),
        ("/archive", "Kho lưu trữ · The archive"),
        ("/archive/articles", "Bài báo · Articles"),
        ("/archive/crawls", "Các lần thu thập · Crawls"),
        ("/archive/-/search", "Tìm kiếm · Search"),
        ("/archive/latest_crawls", "Các lần thu thập gần nhất · Latest crawls per site"),
        (f"/archive/articles/{tilde_encode(DAK_NONG)}", "Đắk Nông hỗ trợ hộ nghèo vay vốn sản xuất"),
    ],
)
async def test_every_page_names_the_archive_and_itself_in_both_languages(datasette, path, title):
    html = (await datasette.client.get(path)).text
    assert re.search(rf'<p class="archive-name"><a href="/">{re.escape(ARCHIVE_NAME)}</a></p>', html)
    assert re.search(rf"<h1[^>]*>{re.escape(title)}", html)


async def test_error_pages_name_the_archive_too(datasette):
    response = await datasette.client.get("/archive/no_such_table")
    assert response.status_code == 404
    assert f'<p class="archive-name"><a href="/">{ARCHIVE_NAME}</a></p>' in response.text


async def test_served_read_only_with_a_time_limit(datasette):
    assert datasette.setting("sql_time_limit_ms") > 0
    assert [name for name in datasette.databases if name != "_internal"] == ["archive"]
    db = datasette.get_database("archive")
    with pytest.raises(Exception, match="readonly"):
        await db.execute("delete from articles")
    response = await datasette.client.get("/archive.json?sql=" + quote("delete from articles"), follow_redirects=True)
    assert response.status_code == 400
    assert await table_search(datasette, "luong huu") == [NINH_THUAN]


async def test_plain_datasette_opens_the_archive_and_follows_the_marks(archive_path):
    """`datasette archive.db`, without the project's metadata or templates: the plugin reads the search the same way."""
    plain = Datasette([str(archive_path)])
    assert (await plain.client.get("/archive/articles")).status_code == 200
    assert set(await table_search(plain, 'DAK "nong')) == {DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}
    assert set(await table_search(plain, 'ĐẮK "nông')) == {DAK_NONG, DAK_NONG_BODY}
    assert set(await table_search(plain, "bảo")) == {SOCIAL_INSURANCE, NINH_THUAN, SCRIPTED}
    page = await plain.client.get("/archive/-/search?q=b%E1%BA%A3o")
    assert '<strong class="result-count">3</strong>' in page.text
    archive = Archive(archive_path)
    archive.store_article({"url": "https://dantri.com.vn/bao-hiem-nguy.htm", "site": "dantri",
                           "title": "Tin báo hiểm nguy", "text": "Một người bảo vệ đã nói."})
    archive.close()
    assert set(await table_search(plain, '"bảo hiem"')) == set(await table_search(plain, '"bảo hiểm"'))
    assert "https://dantri.com.vn/bao-hiem-nguy.htm" in set(await table_search(plain, '"bao hiem"'))


# The table a person reads


async def test_the_articles_table_reads_as_a_list_of_articles(datasette, archive_path):
    archive = Archive(archive_path)
    archive.store_article({**ARTICLES[0], "fetched": "2024-05-10T01:45:00+00:00", "text": "Rất dài. " * 100,
                           "source": "wayback", "captured": "2024-05-10T02:00:00Z"})
    archive.db.execute("update articles set published_precision = 'day' where url = ?", [NINH_THUAN])
    archive.db.conn.commit()
    archive.close()
    html = (await datasette.client.get("/archive/articles")).text
    row = re.search(rf'<tr>\s*<td class="col-url[^"]*"><a href="/archive/articles/{re.escape(tilde_encode(DAK_NONG))}".*?</tr>', html, re.S).group()
    assert f'<a href="/archive/articles/{tilde_encode(DAK_NONG)}">Đắk Nông hỗ trợ hộ nghèo vay vốn sản xuất</a>' in row
    assert '<td class="col-published type-str">10/05/2024 08:30</td>' in row
    assert '<td class="col-fetched type-str">10/05/2024 08:45</td>' in row  # fetched is stored in UTC
    assert '<td class="col-captured type-str">10/05/2024 09:00</td>' in row
    assert len(re.search(r'<td class="col-text[^"]*">(.*?)</td>', row, re.S).group(1)) < 200
    assert '<td class="col-published type-str">02/11/2023</td>' in html  # only the day is known
    assert "_folded" not in html[html.index("<table"):html.index("</table>")]
    assert '<details class="archive-columns">' in html
    csv_url = re.search(r'<a href="([^"]+)">CSV</a>', html).group(1).replace("&amp;", "&")
    header = (await datasette.client.get(csv_url)).text.splitlines()[0]
    assert header.startswith("url,site,title,sapo,text") and "folded" not in header


async def test_the_article_page_says_when_it_was_fetched_and_that_it_was_edited(datasette, archive_path):
    archive = Archive(archive_path)
    archive.store_article({**ARTICLES[3], "fetched": "2024-01-01T03:00:00+00:00"})
    html = (await datasette.client.get(f"/archive/articles/{tilde_encode(NINH_THUAN)}")).text
    assert "Fetched <time datetime=\"2024-01-01T03:00:00+00:00\">01/01/2024 10:00</time>" in html
    assert "article-edited" not in html
    archive.store_article({**ARTICLES[3], "title": "Ninh Thuận chi trả lương hưu", "fetched": "2024-01-02T03:00:00+00:00"})
    archive.close()
    html = (await datasette.client.get(f"/archive/articles/{tilde_encode(NINH_THUAN)}")).text
    assert "Edited 1 time, lần cuối · last <time" in html and "02/01/2024 10:00" in html



async def test_the_article_page_shows_each_edit_with_a_word_diff(datasette, archive_path):
    archive = Archive(archive_path)
    ninh_thuan = {**ARTICLES[3], "fetched": "2024-01-01T03:00:00+00:00"}
    archive.store_article(ninh_thuan)
    edited = {**ninh_thuan, "title": "Ninh Thuận chi trả lương hưu tháng 11", "fetched": "2024-01-02T03:00:00+00:00",
              "text": "Hơn 12.500 người hưởng lương hưu đã nhận tiền đúng hạn.\n<script>alert(1)</script>"}
    archive.store_article(edited)
    archive.store_article({**edited, "published": "2023-11-03T09:00:00+07:00", "fetched": "2024-01-05T03:00:00+00:00"})
    archive.close()
    html = (await datasette.client.get(f"/archive/articles/{tilde_encode(NINH_THUAN)}")).text
    assert "Edited 2 times, lần cuối · last <time" in html and 'href="#versions"' in html
    versions = html[html.index('<section class="article-versions"'):]
    versions = versions[:versions.index("</section>")]
    # Newest first: the date's change, seen on 5 January; then the title's and the body's, seen on 2 January.
    newest, oldest = versions.split("<li>")[1:]
    assert 'datetime="2024-01-05T03:00:00+00:00">05/01/2024 10:00' in newest
    assert '<dd class="version-diff version-published"><del>02/11/2023 15:00</del><ins>03/11/2023 09:00</ins></dd>' in newest
    assert "version-title" not in newest
    assert 'Version fetched <time datetime="2024-01-01T03:00:00+00:00">01/01/2024 10:00</time>' in oldest
    assert "lương hưu <del>qua bưu điện</del><ins>tháng 11</ins>" in oldest
    assert "Hơn <del>12.000 </del><ins>12.500 </ins>người" in oldest
    assert "đúng hạn.\n<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in oldest and "<script>alert(1)" not in html
    assert f'href="/archive/article_versions?url={quote(NINH_THUAN)}"' in versions


async def test_copies_are_listed_on_the_page_and_repeats_hidden_by_a_filter(datasette, archive_path):
    original = real_article("more/dantri_2022_xahoi_nha-ga-t3.html")
    copy = reprint(original, "trimmed")
    archive = Archive(archive_path)
    archive.store_article(original)
    archive.store_article(copy)
    archive.close()
    every = {article["url"] for article in ARTICLES} | {original["url"], copy["url"]}

    async def urls(args: str) -> set[str]:
        response = await datasette.client.get(f"/archive/articles.json?_shape=array&_col=url&_size=max&{args}")
        return {row["url"] for row in response.json()}

    assert await urls("_repeat=no") == every - {copy["url"]}
    assert await urls("_repeat=yes") == {copy["url"]}
    assert await urls("_repeat=no&site=dansinh") == {DAK_NONG_BODY}
    facet = (await facet_results(datasette, "/archive/articles.json"))["repeat_of"]
    assert [(value["value"], value["count"]) for value in facet["results"]] == [("no", len(every) - 1), ("yes", 1)]
    assert "_repeat=no" in facet["results"][0]["toggle_url"]

    page = (await datasette.client.get(f"/archive/articles/{tilde_encode(copy['url'])}")).text
    copies = page[page.index('<section class="article-copies"'):]
    copies = copies[:copies.index("</section>")]
    assert f'href="/archive/articles/{tilde_encode(original["url"])}">{original["title"]}</a>' in copies
    assert "Báo Dân trí" in copies and "24/12/2022 08:00" in copies and "bản gốc · the original" in copies
    page = (await datasette.client.get(f"/archive/articles/{tilde_encode(original['url'])}")).text
    copies = page[page.index('<section class="article-copies"'):]
    assert f'href="/archive/articles/{tilde_encode(copy["url"])}"' in copies and "Báo Dân sinh" in copies
    assert "bản gốc" not in copies[:copies.index("</section>")]


async def test_an_archive_from_before_copies_were_looked_for_is_served_as_it_is(archive_path):
    with sqlite3.connect(archive_path) as db:
        db.execute("drop index idx_articles_repeat_of")
        db.execute("alter table articles drop column repeat_of")
    served = make_datasette(archive_path)
    await served.invoke_startup()
    page = await served.client.get("/archive/articles")
    assert page.status_code == 200 and "Bài báo · Articles" in page.text
    response = await served.client.get("/archive/articles.json?_shape=array&_col=url&_repeat=no")
    assert {row["url"] for row in response.json()} == {article["url"] for article in ARTICLES}
    assert (await served.client.get("/archive/articles.json?_shape=array&_repeat=yes")).json() == []


async def test_sizes_are_bounded_as_time_is(datasette):
    # One allocation the time limit cannot stop: refused at the length limit, at once.
    started = time.monotonic()
    response = await datasette.client.get(
        "/archive.json?sql=" + quote("select length(randomblob(999999999)) as n"), follow_redirects=True
    )
    assert response.status_code == 400 and "too big" in response.text
    # A 9 KB search is read for its first words, quickly, and still finds them.
    long_query = "luong huu " + "huu luong " * 1000
    assert len(long_query) > 9000
    found = await page_search(datasette, long_query)
    assert {row["url"] for row in found} == {NINH_THUAN}
    assert time.monotonic() - started < 3


async def test_databases_json_does_not_show_where_the_archive_lives(datasette, archive_path):
    response = await datasette.client.get("/-/databases.json")
    assert response.status_code == 200
    [db] = response.json()
    assert db["name"] == "archive" and db["path"] == archive_path.name
    assert str(archive_path.parent) not in response.text


async def test_a_page_past_the_last_shows_the_last(datasette, archive_path):
    archive = Archive(archive_path)
    for number in range(25):
        archive.store_article({"url": f"https://dantri.com.vn/luong-huu-{number}.htm", "site": "dantri",
                               "title": f"Lương hưu đợt {number}", "text": "Tin ngắn."})
    archive.close()
    pages = {}
    for page in (2, 9):
        html = (await datasette.client.get(f"/archive/-/search?q=l%C6%B0%C6%A1ng+h%C6%B0u&page={page}")).text
        pages[page] = re.findall(r'class="result-title" href="/archive/articles/([^"]+)"', html)
    assert pages[9] == pages[2] and len(pages[2]) == 25 + 1 - 20


@pytest.mark.parametrize("step", ["count", "ranked"])
async def test_a_search_past_the_time_limit_stops_and_says_so(archive_path, monkeypatch, step):
    def endless(self, conn, *args, **kwargs):
        conn.execute("with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n").fetchall()

    monkeypatch.setattr(f"archive.search_query.Search.{step}", endless)
    datasette = make_datasette(archive_path, sql_time_limit_ms=50)
    started = time.monotonic()
    response = await datasette.client.get("/archive/-/search?q=dak+nong")
    assert time.monotonic() - started < 5
    assert response.status_code == 400 and "The search took longer than 50 ms" in response.text


async def test_the_feed_gives_every_time_as_a_full_date_time(datasette, archive_path):
    """Atom wants RFC 3339 date-times: a day alone is its midnight in Vietnam, an unreadable date is left out."""
    atom = "{http://www.w3.org/2005/Atom}"
    archive = Archive(archive_path)
    archive.store_article({"url": "https://dantri.com.vn/dak-nong-ngay.htm", "site": "dantri",
                           "title": "Đắk Nông, chỉ biết ngày", "published": "2026-02-03"})
    archive.store_article({"url": "https://dantri.com.vn/dak-nong-khong-ngay.htm", "site": "dantri",
                           "title": "Đắk Nông, không rõ ngày", "published": "không rõ"})
    archive.store_article({"url": "https://dantri.com.vn/dak-nong-thang.htm", "site": "dantri",
                           "title": "Đắk Nông, chỉ biết tháng", "published": "2019-07"})
    archive.close()
    feed = ElementTree.fromstring((await datasette.client.get("/archive/-/search.atom?q=dak+nong")).text)
    entries = {entry.find(atom + "id").text: entry for entry in feed.iter(atom + "entry")}
    day_only = entries["https://dantri.com.vn/dak-nong-ngay.htm"]
    assert day_only.find(atom + "published").text == "2026-02-03T00:00:00+07:00"
    month_only = entries["https://dantri.com.vn/dak-nong-thang.htm"]
    assert month_only.find(atom + "published").text == "2019-07-01T00:00:00+07:00"
    undated = entries["https://dantri.com.vn/dak-nong-khong-ngay.htm"]
    assert undated.find(atom + "published") is None
    # The feed changed when its newest entry did: the undated article, fetched just now (in UTC).
    times = {element.text for element in feed.iter() if element.tag in (atom + "updated", atom + "published")}
    assert all(datetime.fromisoformat(text).tzinfo is not None for text in times), times
    newest = max(times, key=datetime.fromisoformat)
    assert feed.find(atom + "updated").text == undated.find(atom + "updated").text == newest


@pytest.mark.parametrize("args, expected", [
    ("_search_title=%C4%90%E1%BA%AFk", {DAK_NONG}),  # Đắk, with its marks, in the title as written
    ("_search_title_folded=dak", {DAK_NONG}),  # without marks, in the folded title
    ("_search_text_folded=dak", {DAK_NONG_BODY, DAK_NONG_PLAIN}),
])
async def test_a_column_search_finds_words_where_the_column_holds_them(datasette, args, expected):
    response = await datasette.client.get(f"/archive/articles.json?_shape=array&_col=url&{args}")
    assert {row["url"] for row in response.json()} == expected


@pytest.mark.parametrize("args", ["_search_title=dak", "_search_title_folded=%C4%90%E1%BA%AFk",
                                  "_search_text=b%E1%BA%A3o+hiem"])
async def test_a_column_search_that_cannot_follow_the_marks_says_so(datasette, args):
    """Rather than finding nothing: a word without marks is not in the column as written, and so on."""
    response = await datasette.client.get(f"/archive/articles.json?{args}")
    assert response.status_code == 400 and "?_search=" in response.json()["error"]


@pytest.mark.parametrize("sort", ["", "newest"])
async def test_a_page_far_past_the_last_shows_the_last(datasette, sort):
    response = await datasette.client.get(f"/archive/-/search?q=b%E1%BA%A3o&sort={sort}&page={'1' * 31}")
    assert response.status_code == 200
    assert re.findall(r'class="result-title"', response.text)


async def test_a_mixed_phrase_overlapping_a_near_miss_is_found(tmp_path):
    """"ba bà ba" holds the phrase "bà ba" from its second word, after "ba bà", which is not it."""
    article = {**ARTICLES[0], "url": "https://dantri.com.vn/ao-ba-ba.htm", "title": "Áo truyền thống",
               "sapo": None, "text": "Cả ba bà ba mặc áo.", "tags": []}
    datasette = make_datasette(build_archive(tmp_path / "archive.db", [*ARTICLES, article]))
    await datasette.invoke_startup()
    assert await both_searches(datasette, '"bà ba"') == {article["url"]}


async def test_a_raw_search_is_read_as_typed(datasette):
    """?_searchmode=raw is FTS5's own syntax: no phrase of it is held to the marks rule."""
    async def found(query):
        args = f"_shape=array&_col=url&_searchmode=raw&_search={quote(query)}"
        return {row["url"] for row in (await datasette.client.get(f"/archive/articles.json?{args}")).json()}

    alone = await found("cáo")
    assert alone and alone <= await found('"bảo hiem" OR cáo')


async def test_a_table_called_articles_in_another_database_is_left_to_datasette(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            create table articles (id integer primary key, title text, published text);
            insert into articles (title, published) values ('bảo hiểm xã hội', '2024-05-01');
            create virtual table articles_fts using fts5(title, content=articles, content_rowid=id);
            insert into articles_fts(articles_fts) values ('rebuild');
        """)
    plain = Datasette([str(path)])
    response = await plain.client.get("/other/articles.json?_shape=array&_search=" + quote('"bảo hiem"'))
    assert response.status_code == 200 and len(response.json()) == 1


async def test_a_users_results_template_has_the_pages_variables(archive_path, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_search_results.html").write_text(
        '<p class="mine">{{ count }} for {{ request.args.get("q") }}</p>'
        '{% for row in rows %}<b>{{ row.title_html }}</b>{% endfor %}', encoding="utf-8")
    datasette = make_datasette(archive_path)
    datasette.template_dir = str(templates)  # as `ansinh serve --template-dir` gives it, read at startup
    await datasette.invoke_startup()
    response = await datasette.client.get("/archive/-/search?q=b%E1%BA%A3o")
    assert response.status_code == 200 and '<p class="mine">3 for bảo</p>' in response.text


def test_the_synchronous_twin_lives_as_long_as_its_environment():
    """datasette 1.0 may make an environment per request: each twin must go with it."""
    class OneEnvironmentPerRequest:
        urls = None

        def setting(self, name):
            return "/"

        def get_jinja_environment(self, request):
            return Environment(loader=DictLoader({"part.html": "{{ x }}"}), autoescape=True, enable_async=True)

    datasette = OneEnvironmentPerRequest()
    environment = datasette.get_jinja_environment(None)
    datasette.get_jinja_environment = lambda request: environment
    assert render_plain(datasette, None, "part.html", {"x": "<b>"}) == "&lt;b&gt;"
    gone = weakref.ref(environment)
    del environment, datasette
    gc.collect()
    assert gone() is None
