"""Articles whose provinces and subtopics a person wrote down from their text, traps included.

``provinces`` are the pre-2025 provinces the article names (the gazetteer's spelling), ``provinces_2025`` what
they belong to since July 2025, ``topics`` the subtopics it is about (keys of archive/data/topics.toml). They were
written by reading each text, not by running the tagger; tests/test_tagging.py checks the tagger against them and
bench/tagging.py prints its precision and recall on them. Where the tagger is known to disagree with the
reader, ``topic_miss`` says why: the tests leave those out, the benchmark counts them.
"""

from __future__ import annotations

BASE = "https://dantri.com.vn/an-sinh/"

TAGGED = [
    {
        # An old province named after the merger: Đắk Nông is part of Lâm Đồng since July 2025.
        "article": {
            "url": BASE + "dak-nong-cu-chi-tra-luong-huu-20250915080000000.htm",
            "title": "Người dân Đắk Nông cũ nhận lương hưu tại bưu điện xã",
            "sapo": "Từ tháng 7/2025, Đắk Nông sáp nhập vào tỉnh Lâm Đồng, nhưng việc chi trả lương hưu vẫn đúng hạn.",
            "text": "Bưu điện các xã phía nam tỉnh tiếp tục chi trả cho hơn 8.000 người hưởng lương hưu.",
            "published": "2025-09-15T08:00:00+07:00",
        },
        "provinces": {"Đắk Nông", "Lâm Đồng"},
        "provinces_2025": {"Lâm Đồng"},
        "topics": {"pensions"},
    },
    {
        # "Nam" as a word: a man's name, the south, Việt Nam, men. No province.
        "article": {
            "url": BASE + "anh-nam-va-hanh-trinh-tim-viec-20240302090000000.htm",
            "title": "Anh Nam và hành trình tìm việc làm sau tuổi 40",
            "sapo": "Nam từng làm công nhân ở miền Nam, nay trở về quê tìm việc.",
            "text": "Theo số liệu về thị trường lao động Việt Nam, lao động nam trên 40 tuổi khó tìm việc làm hơn.\n\n"
            "Anh Nam đã đăng ký học nghề hàn tại trung tâm dịch vụ việc làm.",
            "published": "2024-03-02T09:00:00+07:00",
        },
        "provinces": set(),
        "provinces_2025": set(),
        "topics": {"employment"},
    },
    {
        # A province named only in an image caption.
        "article": {
            "url": BASE + "trao-qua-cho-nguoi-co-cong-20240727070000000.htm",
            "title": "Trao quà cho người có công nhân ngày Thương binh - Liệt sĩ",
            "sapo": "Nhiều địa phương tổ chức thăm hỏi, tặng quà gia đình chính sách.",
            "text": "Mỗi suất quà trị giá 2 triệu đồng, kèm sổ tiết kiệm cho các Mẹ Việt Nam anh hùng.",
            "published": "2024-07-27T07:00:00+07:00",
        },
        "captions": ["Lãnh đạo tỉnh Quảng Trị thăm hỏi thương binh tại huyện Gio Linh. Ảnh: T.H."],
        "provinces": {"Quảng Trị"},
        "provinces_2025": {"Quảng Trị"},
        "topics": {"people_with_merit"},
    },
    {
        # "Hà Nam" is not "Nam Định"; both named, each once.
        "article": {
            "url": BASE + "ha-nam-nam-dinh-giam-ngheo-20240415100000000.htm",
            "title": "Hà Nam và Nam Định về đích sớm chương trình giảm nghèo",
            "sapo": "Tỷ lệ hộ nghèo của Hà Nam còn dưới 1%.",
            "text": "Nam Định đặt mục tiêu không còn hộ cận nghèo vào năm 2025.",
            "published": "2024-04-15T10:00:00+07:00",
        },
        "provinces": {"Hà Nam", "Nam Định"},
        "provinces_2025": {"Ninh Bình"},
        "topics": {"poverty_reduction"},
    },
    {
        # "Hà Nam" alone, with "Nam" inside other names around it.
        "article": {
            "url": BASE + "ha-nam-bao-hiem-y-te-hoc-sinh-20231005080000000.htm",
            "title": "Hà Nam: 100% học sinh có thẻ bảo hiểm y tế",
            "sapo": "Tỉnh Hà Nam là địa phương đầu tiên ở miền Bắc Việt Nam đạt mục tiêu này.",
            "text": "Ngân sách tỉnh hỗ trợ 30% mức đóng bảo hiểm y tế cho học sinh.",
            "published": "2023-10-05T08:00:00+07:00",
        },
        "provinces": {"Hà Nam"},
        "provinces_2025": {"Ninh Bình"},
        "topics": {"health_insurance"},
    },
    {
        # The president is no city; TP.HCM and Sài Gòn are.
        "article": {
            "url": BASE + "tphcm-tang-luong-toi-thieu-20240701060000000.htm",
            "title": "TP.HCM: Công nhân phấn khởi khi lương tối thiểu vùng tăng 6%",
            "sapo": "Từ 1/7, lương tối thiểu vùng I áp dụng tại Sài Gòn là 4,96 triệu đồng.",
            "text": "Học tập tư tưởng Hồ Chí Minh, công đoàn các khu chế xuất đối thoại với doanh nghiệp về tiền lương.\n\n"
            "Chủ tịch Hồ Chí Minh từng nói: mọi người lao động đều phải có việc làm và được trả công xứng đáng.",
            "published": "2024-07-01T06:00:00+07:00",
        },
        "provinces": {"Hồ Chí Minh"},
        "provinces_2025": {"Hồ Chí Minh"},
        "topics": {"wages"},
        "topic_miss": "a quotation's \"việc làm\" files it under employment too",
    },
    {
        # The Pacific Ocean is not Thái Bình; peace ("hòa bình") is not Hòa Bình; Thái Bình is.
        "article": {
            "url": BASE + "ngu-dan-thai-binh-tai-nan-lao-dong-20231120090000000.htm",
            "title": "Ngư dân Thái Bình gặp tai nạn lao động trên biển",
            "sapo": "Tàu cá bị sóng lớn đánh chìm khi đang đánh bắt ở vùng biển giáp Thái Bình Dương.",
            "text": "Các thuyền viên mong một cuộc sống hòa bình, an toàn lao động trên biển được bảo đảm.",
            "published": "2023-11-20T09:00:00+07:00",
        },
        "provinces": {"Thái Bình"},
        "provinces_2025": {"Hưng Yên"},
        "topics": {"workplace_safety"},
    },
    {
        # Old tone style ("Thanh Hoá", "Khánh Hoà"), and Huế by both its names.
        "article": {
            "url": BASE + "thanh-hoa-khanh-hoa-hue-bhxh-tu-nguyen-20240820080000000.htm",
            "title": "Thanh Hoá, Khánh Hoà dẫn đầu về bảo hiểm xã hội tự nguyện",
            "sapo": "Thừa Thiên Huế đứng thứ ba với hơn 20.000 người tham gia.",
            "text": "Người lao động tự do ở Huế được hỗ trợ một phần tiền đóng BHXH tự nguyện.",
            "published": "2024-08-20T08:00:00+07:00",
        },
        "provinces": {"Thanh Hóa", "Khánh Hòa", "Huế"},
        "provinces_2025": {"Thanh Hóa", "Khánh Hòa", "Huế"},
        "topics": {"social_insurance"},
    },
    {
        # Written without marks.
        "article": {
            "url": "http://laodongxahoi.net/dak-nong-ho-ngheo-1320101.html",
            "title": "Ho tro ho ngheo o Dak Nong va Binh Phuoc",
            "text": "Tinh Dak Nong va Binh Phuoc trao 500 con bo giong cho ho ngheo.",
            "published": "2019-05-02T10:00:00+07:00",
        },
        "provinces": {"Đắk Nông", "Bình Phước"},
        "provinces_2025": {"Lâm Đồng", "Đồng Nai"},
        "topics": {"poverty_reduction"},
        "topic_miss": "the taxonomy's terms carry their marks: an unmarked text gets no subtopic",
    },
    {
        # Unemployment insurance is not employment, though its name holds "thất nghiệp".
        "article": {
            "url": BASE + "bac-ninh-tro-cap-that-nghiep-20240110083000000.htm",
            "title": "Bắc Ninh: Gần 10.000 người nhận trợ cấp thất nghiệp sau Tết",
            "sapo": "Bảo hiểm thất nghiệp là chỗ dựa của công nhân bị cắt giảm ở các khu công nghiệp Bắc Giang, Bắc Ninh.",
            "text": "Trung tâm tiếp nhận hồ sơ hưởng bảo hiểm thất nghiệp cả ngày thứ bảy.",
            "published": "2024-01-10T08:30:00+07:00",
        },
        "provinces": {"Bắc Ninh", "Bắc Giang"},
        "provinces_2025": {"Bắc Ninh"},
        "topics": {"unemployment_insurance"},
    },
    {
        # Several subtopics at once; Đăk Nông in another spelling; a 2025 province by its own name.
        "article": {
            "url": BASE + "tre-em-mo-coi-tro-giup-xa-hoi-20250810070000000.htm",
            "title": "Trẻ em mồ côi được hưởng trợ giúp xã hội hằng tháng",
            "sapo": "Tỉnh Gia Lai (mới) và Đăk Nông cũ rà soát trẻ mồ côi cả cha lẫn mẹ để hưởng trợ cấp xã hội.",
            "text": "Ngoài trợ cấp, các em được cấp thẻ bảo hiểm y tế miễn phí.",
            "published": "2025-08-10T07:00:00+07:00",
        },
        "provinces": {"Gia Lai", "Đắk Nông"},
        "provinces_2025": {"Gia Lai", "Lâm Đồng"},
        "topics": {"children", "social_assistance", "health_insurance"},
    },
    {
        # Labour export; Hà Tĩnh and Nghệ An; "xuất khẩu lao động" rather than "việc làm".
        "article": {
            "url": BASE + "nghe-an-ha-tinh-xuat-khau-lao-dong-20240305080000000.htm",
            "title": "Nghệ An, Hà Tĩnh đưa hơn 20.000 người đi xuất khẩu lao động",
            "sapo": "Hai tỉnh dẫn đầu cả nước về số lao động đi làm việc ở nước ngoài theo hợp đồng.",
            "text": "Phần lớn lao động sang Nhật Bản, Hàn Quốc và Đài Loan (Trung Quốc).",
            "published": "2024-03-05T08:00:00+07:00",
        },
        "provinces": {"Nghệ An", "Hà Tĩnh"},
        "provinces_2025": {"Nghệ An", "Hà Tĩnh"},
        "topics": {"employment"},
    },
    {
        # Bà Rịa - Vũng Tàu by its short name; a pension reform piece.
        "article": {
            "url": BASE + "vung-tau-rut-bhxh-mot-lan-20240918090000000.htm",
            "title": "Vũng Tàu: Công nhân xếp hàng rút bảo hiểm xã hội một lần",
            "sapo": "Nhiều người chọn nhận tiền ngay thay vì chờ lương hưu.",
            "text": "Cơ quan BHXH tỉnh Bà Rịa - Vũng Tàu khuyến cáo người lao động cân nhắc quyền lợi lâu dài.",
            "published": "2024-09-18T09:00:00+07:00",
        },
        "provinces": {"Bà Rịa - Vũng Tàu"},
        "provinces_2025": {"Hồ Chí Minh"},
        "topics": {"social_insurance", "pensions"},
    },
]
