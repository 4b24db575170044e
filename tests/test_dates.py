"""Vietnamese dates: day first, 12-hour clocks, weekday names, labels, +07:00, and a bare day when no time is shown."""

import re

import dateparser
import pytest

from crawler.dates import (_SETTINGS, date_in_url, date_text, fast_date, find_date, find_labelled_date, parse_date,
                           precision, slow_date)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("11:11 AM 23/03/2023", "2023-03-23T11:11:00+07:00"),
        ("03:45 PM 23/03/2023", "2023-03-23T15:45:00+07:00"),
        ("12:30 PM 05/03/2023", "2023-03-05T12:30:00+07:00"),
        ("12:05 AM 05/03/2023", "2023-03-05T00:05:00+07:00"),
        ("Thứ năm, 23/03/2023 - 11:11", "2023-03-23T11:11:00+07:00"),
        ("Thứ Ba, 21/03/2023 10:30 (GMT+7)", "2023-03-21T10:30:00+07:00"),
        ("Thứ hai, 6/3/2023, 07:00 (GMT+7)", "2023-03-06T07:00:00+07:00"),
        ("Cập nhật: 10:30 21/03/2023", "2023-03-21T10:30:00+07:00"),
        ("10h30 21/03/2023", "2023-03-21T10:30:00+07:00"),
        ("21 tháng 03, 2023 | 10:30", "2023-03-21T10:30:00+07:00"),
        ("2025-05-09 11:05", "2025-05-09T11:05:00+07:00"),
        ("2024-06-30T08:00:00Z", "2024-06-30T15:00:00+07:00"),
        # Only a day is shown: only a day is stored, never a made-up midnight.
        ("Ngày đăng: 05/03/2023", "2023-03-05"),
        ("Chủ nhật, 05/03/2023", "2023-03-05"),
        ("Ngày 21 tháng 3 năm 2023", "2023-03-21"),
        ("2023-03-23", "2023-03-23"),
        ("31/02/2023", None),
        ("", None),
        ("không có ngày", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["23/03/2023 11:11", "5/3/2023 - 07:05", "11:11 PM 23/03/2023", "23/03/2023"])
def test_the_fast_path_agrees_with_dateparser(text):
    moment = dateparser.parse(text, languages=["vi"], settings=_SETTINGS)
    assert parse_date(text)[:16] == moment.isoformat()[: len(parse_date(text)[:16])]


# Dates as the sites print them, from the pages in tests/pages, ../shared/real-pages and ../shared/sites.md.
REAL_DATES = [
    "28/04/2025 12:09", "27/04/2025", "02/07/2024 15:40", "03:20 PM 14/11/2023", "12:39 PM 31/10/2023",
    "11:10 AM 31/10/2023", "2025-05-09 21:47", "2022-12-24T10:24:43+07:00",
    "Thứ năm, 08/05/2025 - 19:45", "Thứ sáu, 09/05/2025 - 20:28", "Thứ Ba, 21/03/2023 10:30 (GMT+7)",
    "Thứ hai, 6/3/2023, 07:00 (GMT+7)", "Chủ nhật, 05/03/2023", "Cập nhật: 15/03/2023", "Ngày đăng: 01/03/2023",
    "05/03/2023 08:00", "21/03/2023 - 10:30", "10h30 21/03/2023", "21 tháng 03, 2023 | 10:30",
    "Ngày 21 tháng 3 năm 2023", "12:05 AM 05/03/2023",
]


@pytest.mark.parametrize("text", REAL_DATES)
def test_the_fast_path_reads_the_sites_dates_as_dateparser_does(text):
    text = date_text(text)
    fast = fast_date(text)
    assert fast is not None, "the common forms need no dateparser"
    assert fast == slow_date(text)


def test_an_offset_is_kept_where_dateparser_drops_it():
    # dateparser, told to return naive times, reads "Z" as local time: the ISO path is the right one.
    assert fast_date("2024-06-30T08:00:00Z") == "2024-06-30T15:00:00+07:00" != slow_date("2024-06-30T08:00:00Z")


@pytest.mark.parametrize("text", ["2 giờ trước", "hôm qua lúc 10:30", "March 21, 2023"])
def test_what_the_patterns_do_not_know_falls_back_to_dateparser(text):
    assert fast_date(date_text(text)) is None
    assert parse_date(text) == slow_date(date_text(text)) is not None


def test_precision():
    assert precision("2023-03-05") == "day"
    assert precision("2023-03-05T10:00:00+07:00") == "time"
    assert precision(None) is None


def test_find_date_takes_the_first_date_with_its_time():
    assert find_date("Tin mới Ngày đăng: 23/03/2023 09:15 Xem thêm 01/01/2024") == "2023-03-23T09:15:00+07:00"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sự kiện 12/12/2022. Ngày đăng: 01/03/2023 Cập nhật: 15/03/2023", "2023-03-01"),
        ("Xem 02/01/2023. Thứ Ba, 21/03/2023 10:30 (GMT+7) Chia sẻ", "2023-03-21T10:30:00+07:00"),
        ("Xem 02/01/2023. 21 tháng 03, 2023 | 10:30", "2023-03-21T10:30:00+07:00"),
        ("Ngày 21/3/2023, Ủy ban nhân dân tỉnh họp", None),
    ],
)
def test_labelled_dates_win_over_dates_in_the_text(text, expected):
    assert find_labelled_date(text) == expected


def test_date_in_url():
    pattern = re.compile(r"-(\d{14})\d{3}\.htm$")
    assert date_in_url("https://dantri.com.vn/an-sinh/x-20220329162113330.htm", pattern) == "2022-03-29T16:21:13+07:00"
    assert date_in_url("https://dantri.com.vn/an-sinh.htm", pattern) is None
