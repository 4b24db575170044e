"""A small archive written through ``Archive.store_article``, and the datasette the project serves over it.

Each article is there for a behaviour the tests check: spellings with and without marks, words that differ by
their marks only (bảo/báo/bào, đóng/động/dòng), đ, a phrase against the same words apart, a title hit against a newer body hit, a page that carries a script.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Archive
from archive.web import make_datasette

DAK_NONG = "https://dantri.com.vn/an-sinh/dak-nong-ho-tro-ho-ngheo-20240510083000000.htm"
DAK_NONG_BODY = "https://dansinh.dantri.com.vn/nhan-luc/tay-nguyen-viec-lam-20240601070000000.htm"
DAK_NONG_PLAIN = "http://laodongxahoi.net/dak-nong-without-marks-1320001.html"
NINH_THUAN = "https://baohiemxahoi.gov.vn/tintuc/Pages/an-sinh-xa-hoi.aspx?CateID=170&ItemID=2001"
WORDS_APART = "https://dantri.com.vn/an-sinh/ben-vung-truoc-giam-ngheo-sau-20240531233000000.htm"
SCRIPTED = "https://dantri.com.vn/an-sinh/canh-bao-lua-dao-20230115090000000.htm"
TONES_REPORT = "http://laodongxahoi.net/bao-cao-dong-bao-vung-xa-1320002.html"
SOCIAL_INSURANCE = "http://laodongxahoi.net/bao-hiem-xa-hoi-tu-nguyen-1320003.html"

ARTICLES = [
    {
        "url": DAK_NONG,
        "site": "dantri",
        "title": "Đắk Nông hỗ trợ hộ nghèo vay vốn sản xuất",
        "sapo": "Tỉnh Đắk Nông dành 50 tỷ đồng cho chương trình giảm nghèo bền vững năm 2024.",
        "text": "Năm 2024, tỉnh đặt mục tiêu giảm nghèo bền vững cho hơn 3.000 hộ.\n\n"
        "Các hộ được vay vốn ưu đãi để chăn nuôi và trồng cà phê.",
        "author": "Minh Anh",
        "published": "2024-05-10T08:30:00+07:00",
        "category": "An sinh",
        "tags": ["Đắk Nông", "giảm nghèo"],
    },
    {
        # Newer than DAK_NONG and naming Đắk Nông only in its body: relevance puts it second, "newest" first.
        "url": DAK_NONG_BODY,
        "site": "dansinh",
        "title": "Tây Nguyên cần thêm lao động có tay nghề",
        "sapo": "Doanh nghiệp khu vực Tây Nguyên thiếu hàng nghìn lao động kỹ thuật.",
        "text": "Nhiều doanh nghiệp chế biến nông sản đang tuyển người.\n"
        "Riêng Đắk Nông cần khoảng 2.000 lao động trong quý III.",
        "author": "Hoàng Lan",
        "published": "2024-06-01T07:00:00+07:00",
        "category": "Nhân lực",
        "tags": ["Tây Nguyên", "việc làm"],
    },
    {
        # Written without any mark: the marked query must find it too.
        "url": DAK_NONG_PLAIN,
        "site": "laodongxahoi",
        "title": "Cong nhan tro ve que",
        "text": "Nhieu lao dong tro ve Dak Nong sau Tet.",
        "published": "2019-02-12T10:00:00+07:00",
        "category": "Lao động",
    },
    {
        "url": NINH_THUAN,
        "site": "bhxh",
        "title": "Ninh Thuận chi trả lương hưu qua bưu điện",
        "sapo": "Bảo hiểm xã hội tỉnh Ninh Thuận hoàn thành chi trả lương hưu tháng 11.",
        "text": "Hơn 12.000 người hưởng lương hưu đã nhận tiền đúng hạn.",
        "author": "BHXH Ninh Thuận",
        "published": "2023-11-02T15:00:00+07:00",
        "category": "An sinh xã hội",
        "tags": ["lương hưu"],
    },
    {
        # The words of "giảm nghèo bền vững", all there but not as that phrase; published late on 31 May,
        # Vietnam time, which is still 31 May for the date range.
        "url": WORDS_APART,
        "site": "dantri",
        "title": "Bền vững trước hết là việc làm",
        "text": "Muốn bền vững thì phải có việc làm; giảm nghèo chỉ là bước đầu.",
        "author": "Minh Anh",
        "published": "2024-05-31T23:30:00+07:00",
        "category": "An sinh",
        "tags": ["việc làm", "giảm nghèo"],
    },
    {
        "url": SCRIPTED,
        "site": "dantri",
        "title": "Cảnh báo <script>alert('tiêu đề')</script> lừa đảo",
        "sapo": "<b>Chú ý</b> tin nhắn giả mạo cơ quan bảo hiểm.",
        "text": "Kẻ gian gửi <script>document.title='pwned'</script> tin nhắn.\n<img src=x onerror=alert(1)> lừa đảo",
        "author": "<i>Phóng viên</i>",
        "published": "2023-01-15T09:00:00+07:00",
        "category": "An sinh",
        "tags": ["<script>tag()</script>"],
    },
    {
        # Words that differ from those of SOCIAL_INSURANCE by their marks only: báo, bào, xa, đồng, dòng.
        "url": TONES_REPORT,
        "site": "laodongxahoi",
        "title": "Báo cáo công tác chăm lo đồng bào vùng xa",
        "sapo": "Đồng bào vùng xa được hỗ trợ kịp thời.",
        "text": "Nhiều hộ dân đã đóng góp ngày công.\nDòng sông quê hương chảy qua xã.",
        "published": "2022-03-04T09:15:00+07:00",
        "category": "Bảo hiểm",
    },
    {
        "url": SOCIAL_INSURANCE,
        "site": "laodongxahoi",
        "title": "Bảo hiểm xã hội tự nguyện tăng mạnh",
        "sapo": "Số người tham gia bảo hiểm xã hội tự nguyện tăng.",
        "text": "Người dân vùng Tây Bắc chủ động tham gia.\nÔng Dong, một nông dân, đóng bảo hiểm từ năm 2020.",
        "published": "2022-08-20T14:00:00+07:00",
        "category": "Bảo hiểm",
    },
]

SITES = [
    ("bhxh", "Bảo hiểm xã hội Việt Nam", "https://baohiemxahoi.gov.vn"),
    ("dansinh", "Báo Dân sinh", "https://dansinh.dantri.com.vn"),
    ("dantri", "Báo Dân trí", "https://dantri.com.vn"),
    ("laodongxahoi", "Báo Lao động và Xã hội", "http://laodongxahoi.net"),
]

KEPT_PAGE = b"<html><head><script>alert('kept')</script></head><body>Trang g\xe1\xbb\x91c</body></html>"


def build_archive(path: Path, articles: list[dict] = ARTICLES) -> Path:
    """Write ``articles`` into a new archive at ``path``, keep DAK_NONG's raw page, log two crawls per site."""
    archive = Archive(path)
    for key, name, base in SITES:
        archive.describe_site(key, name, base)
    for article in articles:
        archive.store_article(article)
    archive.store_page(DAK_NONG, "dantri", KEPT_PAGE, content_type="text/html; charset=utf-8")
    for site in ("dantri", "bhxh"):
        for status in ("failed", "ok"):
            crawl = archive.start_crawl(site)
            archive.finish_crawl(crawl, status, {"articles_fetched": 3, "new": 2, "updated": 1})
    archive.close()
    return path


@pytest.fixture
def archive_path(tmp_path) -> Path:
    return build_archive(tmp_path / "archive.db")


@pytest.fixture
async def datasette(archive_path):
    """The datasette of ``ansinh serve``, in-process, over the test archive."""
    datasette = make_datasette(archive_path)
    await datasette.invoke_startup()
    return datasette


async def facet_results(datasette, path: str) -> dict:
    """The facets of a table's JSON at ``path`` (with its query string), by name, on datasette 0.65 and 1.0.

    datasette 1.0 gives them only when asked (``_extra=facet_results``) and nests them under ``results``.
    """
    found = (await datasette.client.get(path + ("&" if "?" in path else "?") + "_extra=facet_results")).json()
    facets = found["facet_results"]
    return facets["results"] if "timed_out" in facets else facets
