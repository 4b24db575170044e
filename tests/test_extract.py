"""Extraction: the seed article rebuilt from ../shared, and synthetic pages for each fallback (written by hand)."""

import dataclasses
import unicodedata

import pytest

from crawler.extract import ExtractionError, extract
from crawler.sites import get_site
from shared_pages import SEED_URL, seed_article, seed_expectations

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


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


BODY = "<p>Người lao động được hỗ trợ tiền thuê nhà trong ba tháng theo quyết định của Thủ tướng Chính phủ.</p>" * 3
DANTRI_URL = "https://dantri.com.vn/an-sinh/ho-tro-tien-thue-nha-20240630080000000.htm"


@pytest.mark.parametrize(
    "title_tag, expected",
    [
        ("Hỗ trợ tiền thuê nhà | Báo Dân trí", "Hỗ trợ tiền thuê nhà"),
        ("Báo Dân trí - Hỗ trợ tiền thuê nhà", "Hỗ trợ tiền thuê nhà"),
        ("Hỗ trợ tiền thuê nhà - Dân trí", "Hỗ trợ tiền thuê nhà"),
        ("Hỗ trợ tiền thuê nhà - Bước 2: nhận tiền | dantri.com.vn", "Hỗ trợ tiền thuê nhà - Bước 2: nhận tiền"),
        ("Báo Dân trí", None),
    ],
)
def test_the_title_tag_without_the_papers_name_is_the_last_fallback(title_tag, expected):
    html = page(f"<title>{title_tag}</title>", f"<div class='x'>{BODY}</div>")
    if expected is None:
        with pytest.raises(ExtractionError, match="no title"):
            extract(get_site("dantri"), DANTRI_URL, html)
        return
    article = extract(get_site("dantri"), DANTRI_URL, html)
    assert (article.title, article.title_source) == (expected, "title")
    assert article.missed == ["title", "sapo", "author", "body", "published", "category"]


def test_title_fallbacks_in_order():
    head = '<title>T | Báo Dân trí</title><meta property="og:title" content="Tiêu đề og">'
    assert extract(get_site("dantri"), DANTRI_URL, page(head, BODY)).title == "Tiêu đề og"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tiêu đề JSON-LD"}</script>'
    assert extract(get_site("dantri"), DANTRI_URL, page(head + ld, BODY)).title_source == "json-ld"
    assert extract(get_site("dantri"), DANTRI_URL, page("<title>T</title>", "<h1>Tiêu đề h1</h1>" + BODY)).title == "Tiêu đề h1"


@pytest.mark.parametrize(
    "closing, author",
    [
        ('<div><div><p style="text-align:right"><strong>Thu Hằng</strong></p></div></div>', "Thu Hằng"),
        ("<p><b>Minh Anh - Hoàng Lan</b></p>", "Minh Anh - Hoàng Lan"),
        ('<p align="right">PV</p>', "PV"),
        # A bold sentence is no byline, nor is a source line.
        ("<p><strong>Người dân cần cảnh giác với các cuộc gọi giả mạo.</strong></p>", None),
        ('<p style="text-align: right">Theo VTV</p>', None),
    ],
)
def test_a_byline_closing_the_body_at_any_depth(closing, author):
    html = page("<title>Tin | Báo Dân trí</title>", f'<h1 class="title-page detail">Tin</h1>'
                f'<div class="singular-content">{BODY}{closing}</div>')
    article = extract(get_site("dantri"), DANTRI_URL, html)
    assert article.author == author
    if author:
        assert article.author_source == "byline" and author not in article.text


def test_the_category_from_the_breadcrumb_then_json_ld():
    crumbs = '<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi.htm">Xã hội</a></li>' \
             '<li><a href="/an-sinh.htm">An sinh</a></li></ol>'
    article = extract(get_site("dantri"), DANTRI_URL, page("<title>Tin | Báo Dân trí</title>", crumbs + "<h1>Tin</h1>" + BODY))
    assert (article.category, article.category_source) == ("An sinh", "breadcrumb")
    ld = ('<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
          '{"@type": "ListItem", "position": 2, "name": "Lao động - Việc làm"},'
          '{"@type": "ListItem", "position": 1, "name": "Trang chủ"}]}</script>')
    article = extract(get_site("dantri"), DANTRI_URL, page("<title>Tin</title>" + ld, "<h1>Tin</h1>" + BODY))
    assert (article.category, article.category_source) == ("Lao động - Việc làm", "json-ld")


@pytest.mark.parametrize(
    "after_title, published, source, precision",
    [
        # A labelled date wins over a date in the text, wherever it is.
        ("<p>Ngày 21/3/2023, tỉnh họp.</p><span>Ngày đăng: 23/03/2023</span>", "2023-03-23", "labelled", "day"),
        ("<span>Thứ Năm, 23/03/2023 14:05 (GMT+7)</span>", "2023-03-23T14:05:00+07:00", "labelled", "time"),
        # The first date right after the headline, where CMSs print it.
        ("<div>23/03/2023 14:05</div>", "2023-03-23T14:05:00+07:00", "pattern", "time"),
        # A date deep in the body is an event, not the publication: the URL is the last resort.
        ("<p>" + "Nội dung bài viết dài. " * 20 + "Hạn chót 30/06/2024.</p>", "2024-06-30T08:00:00+07:00", "url",
         "approximate"),
    ],
)
def test_dates_from_the_page_before_the_url(after_title, published, source, precision):
    html = page("<title>Tin | Báo Dân trí</title>", f"<h1>Tin</h1>{after_title}{BODY}")
    article = extract(get_site("dantri"), DANTRI_URL, html)
    assert (article.published, article.published_source, article.published_precision) == (published, source, precision)


def test_a_gallery_whose_text_is_its_captions():
    gallery = ('<div class="singular-content"><figure><img src="/a.jpg"><figcaption>Người dân nhận quà Tết tại xã.'
               '</figcaption></figure><figure><img src="/b.jpg"><figcaption>Các em nhỏ vui chơi.</figcaption>'
               '</figure></div>')
    html = page("<title>Ảnh | Báo Dân trí</title>", '<h1 class="title-page detail">Ảnh</h1>' + gallery)
    article = extract(get_site("dantri"), DANTRI_URL, html)
    assert article.text == "Người dân nhận quà Tết tại xã.\n\nCác em nhỏ vui chơi."
    assert [image["caption"] for image in article.images] == ["Người dân nhận quà Tết tại xã.", "Các em nhỏ vui chơi."]


def test_the_body_fallback_applies_the_sites_exclusions():
    article_html = f'<article><div class="e-magazine__body"></div><div class="promo"><p>{"Quảng cáo khuyến mãi lớn. " * 12}</p></div>{BODY}</article>'
    site = get_site("dantri")
    site = dataclasses.replace(site, selectors={**site.selectors, "body": "div.nothing", "exclude": "div.promo"})
    article = extract(site, DANTRI_URL, page("<title>Tin | Báo Dân trí</title>", "<h1>Tin</h1>" + article_html))
    assert article.text_source == "trafilatura" and "Người lao động được hỗ trợ" in article.text
    assert "Quảng cáo" not in article.text
