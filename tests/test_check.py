"""`ansinh check`: the extractor shown to a person, on served sample pages and on saved ones."""

from __future__ import annotations

from pathlib import Path

from conftest import ansinh
from shared_pages import shared_file

PAGES = Path(__file__).parent / "pages"


def test_a_healthy_site_checks_ok(server):
    result = ansinh("check", "dantri", "--articles", "2", *server.mirror_args())
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.count("listing https://dantri.com.vn/") == 2 and out.count("article https://dantri.com.vn/") == 4
    assert "  title      selector" in out and "  published  selector" in out
    assert "matched nothing" not in out and out.strip().endswith("ok")


def test_a_listing_that_yields_no_article_fails_the_check(server):
    # Every page answers, none links to an article: the site was redesigned.
    server.fail("dansinh", status=200)
    result = ansinh("check", "dansinh", *server.mirror_args())
    assert result.returncode == 1
    assert result.stdout.count("! the listing yields no article") == 3


def test_a_saved_page_is_checked_offline_and_the_broken_selector_named():
    page = PAGES / "bhxh" / "no-h1-sharepoint.html"
    url = "https://baohiemxahoi.gov.vn/tintuc/Pages/an-sinh-xa-hoi.aspx?CateID=170&ItemID=20417"
    result = ansinh("check", "bhxh", "--html", str(page), "--url", url)
    assert result.returncode == 1
    assert "- matched nothing: title: h1" in result.stdout
    assert "  title      title           Hà Nội chi trả lương hưu tháng 7" in result.stdout
    assert "! title only from a weak fallback: title" in result.stdout
    assert "! published only from a weak fallback: pattern" in result.stdout


def test_a_real_page_without_its_date_says_where_the_date_came_from():
    page = shared_file("real-pages", "more", "dantri_2022_kinhdoanh_gia-vang.html")
    url = "https://dantri.com.vn/kinh-doanh/gia-vang-giam-sau-dau-hieu-kha-quan-cua-kinh-te-my-20221224012650880.htm"
    result = ansinh("check", "dantri", "--html", str(page), "--url", url)
    assert "  published  url             2022-12-24T01:26:50+07:00 (approximate)" in result.stdout
    assert "- matched nothing: published: time.author-time::attr(datetime)" in result.stdout
    assert result.returncode == 1


def test_html_needs_its_url():
    result = ansinh("check", "bhxh", "--html", str(PAGES / "bhxh" / "no-h1-sharepoint.html"))
    assert result.returncode == 2 and result.stderr.strip() == "ansinh: error: --html needs the page's address: --url URL"
