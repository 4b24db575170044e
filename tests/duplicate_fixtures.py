"""Pairs of articles for near-duplicate detection, built on the real Dân trí pages of ../shared/real-pages.

- Reprints: a real article as another paper prints it. Each way below is what papers do when they take a story:
  a new headline and sapo with their own byline, the ending cut, a paragraph of their own added, their boilerplate
  ("Xem thêm" links, the paper's name, captions) between the paragraphs, or the same text in decomposed Unicode
  with straight quotes (as some CMSs give it out).
- Different stories on the same subject: real articles of one Dân trí section, printed within a day of each other
  (the housing market, the war in Ukraine, the match against Malaysia, Tết at the airports, Christmas Eve).

The real pages are read in place (tests skip where ../shared is absent); nothing of them is copied here.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from crawler.extract import extract
from crawler.sites import get_site
from shared_pages import real_page

# The article pages (the listing left out), by their file under ../shared/real-pages.
PAGES = [
    "dantri_article_the-gioi_chien-thuat-t90_20221224.html",
    "dantri_article_xa-hoi_truyen-thong-nguoi-tot-viec-tot_20221224.html",
    *(f"more/dantri_{name}.html" for name in (
        "2022_bds_can-ho-chung-cu", "2022_bds_dat-nen", "2022_kinhdoanh_bitcoin", "2022_kinhdoanh_cao-toc-tuyen-quang",
        "2022_kinhdoanh_gia-vang", "2022_kinhdoanh_the-tin-dung", "2022_kinhdoanh_xang-dau-tet", "2022_thegioi_5-vu-khi",
        "2022_thegioi_dmagazine-ukraine", "2022_thegioi_phi-cong-ukraine", "2022_thegioi_trung-quoc",
        "2022_thethao_dai-thang-5-0", "2022_thethao_khung-thanh", "2022_thethao_photo-quang-hai", "2022_thethao_ten-hag",
        "2022_xahoi_cuc-hang-khong", "2022_xahoi_nha-ga-t3", "2022_xahoi_photo-giang-sinh",
        "2022_xahoi_photo-noel-ket-xe", "2025_dulich_mo-to-nuoc-cua-lo")),
]

# Different stories on one subject, from the same section and days.
SAME_TOPIC = [
    ("more/dantri_2022_bds_can-ho-chung-cu.html", "more/dantri_2022_bds_dat-nen.html"),
    ("more/dantri_2022_thegioi_5-vu-khi.html", "more/dantri_2022_thegioi_phi-cong-ukraine.html"),
    ("more/dantri_2022_thegioi_dmagazine-ukraine.html", "dantri_article_the-gioi_chien-thuat-t90_20221224.html"),
    ("more/dantri_2022_thegioi_5-vu-khi.html", "dantri_article_the-gioi_chien-thuat-t90_20221224.html"),
    ("more/dantri_2022_thethao_dai-thang-5-0.html", "more/dantri_2022_thethao_khung-thanh.html"),
    ("more/dantri_2022_thethao_khung-thanh.html", "more/dantri_2022_thethao_photo-quang-hai.html"),
    ("more/dantri_2022_xahoi_cuc-hang-khong.html", "more/dantri_2022_xahoi_nha-ga-t3.html"),
    ("more/dantri_2022_xahoi_photo-giang-sinh.html", "more/dantri_2022_xahoi_photo-noel-ket-xe.html"),
    ("more/dantri_2022_kinhdoanh_gia-vang.html", "more/dantri_2022_kinhdoanh_bitcoin.html"),
    ("more/dantri_2022_kinhdoanh_xang-dau-tet.html", "more/dantri_2022_xahoi_cuc-hang-khong.html"),
]

PUBLISHED = "2022-12-24T08:00:00+07:00"
REPRINTED = "2022-12-24T15:30:00+07:00"


@cache
def real_article(name: str) -> dict:
    """The archive row extracted from a real page, under a Dân trí URL made of its file name, published on the
    day it was captured (the copies lost their dates)."""
    html = real_page(name)
    url = f"https://dantri.com.vn/real/{name.rsplit('/', 1)[-1].removesuffix('.html')}.htm"
    row = extract(get_site("dantri"), url, html).row()
    return {**row, "published": PUBLISHED, "published_precision": "time"}


def _paragraphs(article: dict) -> list[str]:
    return [line for line in article["text"].split("\n") if line.strip()]


def _headline(article: dict) -> dict:
    """As Dân sinh would print it: its own headline, sapo and byline, the source named at the end."""
    body = _paragraphs(article)
    body[0] = "(Dân sinh) - " + body[0]
    return {"title": "Đọc thêm: " + article["title"].lower(), "sapo": "Báo Dân sinh lược thuật: " + (article["sapo"] or ""),
            "text": "\n".join([*body, "Theo Dân trí"])}


def _trimmed(article: dict) -> dict:
    """The last quarter of the paragraphs cut, with a new headline."""
    body = _paragraphs(article)
    return {**_headline(article), "text": "\n".join(body[:max(1, len(body) - max(1, len(body) // 4))])}


def _added(article: dict) -> dict:
    """A paragraph of the reprinting paper's own in the middle, and its author's line at the end."""
    body = _paragraphs(article)
    middle = len(body) // 2
    own = ("Theo ghi nhận của phóng viên Báo Lao động và Xã hội, người dân ở nhiều địa phương cũng quan tâm "
           "tới vấn đề này và mong các cơ quan chức năng sớm có hướng dẫn cụ thể để thực hiện thống nhất.")
    return {"text": "\n".join([*body[:middle], own, *body[middle:], "Thu Hà (tổng hợp)"])}


def _boilerplate(article: dict) -> dict:
    """The paper's boilerplate between the paragraphs: links to its other stories, captions, its name."""
    body = []
    for position, paragraph in enumerate(_paragraphs(article)):
        body.append(paragraph)
        if position % 3 == 2:
            body.append("Xem thêm: Chính sách mới về bảo hiểm xã hội có hiệu lực từ tháng tới")
        if position % 5 == 4:
            body.append("Ảnh minh họa: LĐXH")
    body[0] = "(LĐXH) - " + body[0].removeprefix("(Dân trí) - ")
    return {"text": "\n".join(body)}


def _decomposed(article: dict) -> dict:
    """The same text in decomposed Unicode (NFD), quotes straightened, as some CMSs give it out."""
    text = article["text"].replace("“", '"').replace("”", '"')
    return {"text": unicodedata.normalize("NFD", text)}


# Where the reprinting papers publish.
BASES = {"dansinh": "https://dansinh.dantri.com.vn", "laodongxahoi": "http://laodongxahoi.net"}

REPRINTS = {"headline": _headline, "trimmed": _trimmed, "added": _added, "boilerplate": _boilerplate,
            "decomposed": _decomposed}


def reprint(article: dict, how: str, site: str = "dansinh") -> dict:
    """``article`` reprinted by another paper, ``how`` being one of ``REPRINTS``, a few hours later."""
    slug = article["url"].rsplit("/", 1)[-1].removesuffix(".htm")
    return {**article, **REPRINTS[how](article), "site": site, "published": REPRINTED,
            "url": f"{BASES[site]}/{how}/{slug}.htm"}
