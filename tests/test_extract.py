"""Extraction on saved pages: the seed article rebuilt from ../shared, the real Dân trí pages, edge cases."""

import json
import unicodedata
from pathlib import Path

import pytest

from crawler.extract import ExtractionError, extract
from crawler.sites import get_site
from shared_pages import SEED_URL, real_page, seed_article, seed_expectations

REAL_PAGES = json.loads((Path(__file__).parent / "expected" / "real-pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed():
    return extract(get_site("laodongxahoi"), SEED_URL, seed_article())


def test_seed_article_fields(seed):
    assert seed.title == "Ninh Thuận: Ký kết thực hiện chương trình giảm nghèo bền vững năm 2023"
    assert seed.published == "2023-03-23T11:11:00+07:00"
    assert seed.author == "Mỹ Linh"
    assert seed.category == "An sinh xã hội"
    assert seed.tags == ["ký kết thực hiện chương trình giảm nghèo bền vững năm 2023"]
    assert seed.sapo.startswith("(LĐXH)- Tại Hội nghị trực tuyến")


def test_seed_article_body(seed):
    assert "Vì một Ninh Thuận không còn người nghèo" in seed.text
    for headline in seed_expectations()["others"]:
        assert headline not in seed.text
    # Neither the sapo, the byline, the tags nor the captions are body text.
    assert "(LĐXH)" not in seed.text
    assert not seed.text.endswith("Mỹ Linh")
    assert "TAG" not in seed.text
    assert "phát biểu chỉ đạo Hội nghị" not in seed.text
    assert seed.text.startswith("Ngày 21/3/2023, Ủy ban nhân dân tỉnh Ninh Thuận")
    assert seed.text.endswith("bảo đảm hiệu quả, đúng quy định./.")
    assert "\n\n" in seed.text and "  " not in seed.text


def test_seed_article_provenance_and_images(seed):
    # The footer's "© 2024" must not win: the date comes from the site's own element.
    assert (seed.published_source, seed.author_source, seed.text_source) == ("selector", "selector", "selector")
    assert [image["caption"] for image in seed.images] == [
        "Đồng chí Trần Quốc Nam – Chủ tịch UBND tỉnh Ninh Thuận phát biểu chỉ đạo Hội nghị",
        "Đại diện lãnh đạo UBND tỉnh và UBMTTQVN tỉnh ký kết kế hoạch phối hợp",
    ]
    assert seed.images[0]["src"].startswith("http://laodongxahoi.net/")


def test_afternoon_time_is_read_on_a_12_hour_clock():
    page = seed_article().replace("11:11 AM 23/03/2023", "03:45 PM 23/03/2023")
    assert extract(get_site("laodongxahoi"), SEED_URL, page).published == "2023-03-23T15:45:00+07:00"


def test_decomposed_text_is_stored_composed():
    page = unicodedata.normalize("NFD", seed_article())
    article = extract(get_site("laodongxahoi"), SEED_URL, page)
    assert article.title == "Ninh Thuận: Ký kết thực hiện chương trình giảm nghèo bền vững năm 2023"
    assert unicodedata.is_normalized("NFC", article.text)


@pytest.mark.parametrize("expected", REAL_PAGES, ids=lambda e: e["file"][:40])
def test_real_dantri_pages(expected):
    article = extract(get_site("dantri"), expected["url"], real_page(expected["file"]))
    assert article.title == expected["title"]
    assert article.sapo.startswith(expected["sapo_starts"])
    assert article.text.startswith(expected["text_starts"])
    assert article.published == expected["published"] and article.published_source == "url"
    for sentence in expected["with"]:
        assert sentence in article.text
    for sentence in expected["without"]:
        assert sentence not in article.text
    assert expected["sapo_starts"] not in article.text
    # The copy removed the byline: the site's name must not stand in for it.
    assert article.author is None


def test_generic_fallback_when_selectors_miss():
    html = """<html><head><title>x</title>
    <meta property="og:title" content="Tăng lương hưu từ 1/7">
    <meta property="article:published_time" content="2024-06-30T08:00:00Z">
    <script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Báo Dân trí"}}</script>
    </head><body><article><p>Từ ngày 1/7/2024, lương hưu, trợ cấp bảo hiểm xã hội và trợ cấp hằng tháng được
    điều chỉnh tăng thêm 15% so với mức hưởng của tháng 6/2024 đối với các đối tượng đang hưởng.</p>
    <p>Người lao động nghỉ hưu trước năm 1995 được hưởng mức tăng bổ sung theo quy định mới của Chính phủ.</p>
    <p>Cơ quan bảo hiểm xã hội các tỉnh đã hoàn tất việc chi trả cho hơn ba triệu người hưởng trong tháng 7.</p>
    </article><footer>© 2025</footer></body></html>"""
    article = extract(get_site("dantri"), "https://dantri.com.vn/an-sinh/tang-luong-huu-20240630080000000.htm", html)
    assert article.title == "Tăng lương hưu từ 1/7"
    assert article.published == "2024-06-30T15:00:00+07:00" and article.published_source == "meta"
    assert article.text_source == "trafilatura" and "lương hưu" in article.text
    # The paper's own name is not an author.
    assert article.author is None


def test_page_without_article_raises():
    with pytest.raises(ExtractionError):
        extract(get_site("dantri"), "https://dantri.com.vn/an-sinh/x-20240630080000000.htm", "<html><body></body></html>")
