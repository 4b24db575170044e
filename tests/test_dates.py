"""Vietnamese dates: day first, 12-hour clocks, weekday names, labels, +07:00."""

import re

import pytest

from crawler.dates import date_in_url, find_date, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("11:11 AM 23/03/2023", "2023-03-23T11:11:00+07:00"),
        ("03:45 PM 23/03/2023", "2023-03-23T15:45:00+07:00"),
        ("12:30 PM 05/03/2023", "2023-03-05T12:30:00+07:00"),
        ("12:05 AM 05/03/2023", "2023-03-05T00:05:00+07:00"),
        ("Thứ năm, 23/03/2023 - 11:11", "2023-03-23T11:11:00+07:00"),
        ("Thứ Ba, 21/03/2023 10:30 (GMT+7)", "2023-03-21T10:30:00+07:00"),
        ("Ngày đăng: 05/03/2023", "2023-03-05T00:00:00+07:00"),
        ("Cập nhật: 10:30 21/03/2023", "2023-03-21T10:30:00+07:00"),
        ("2025-05-09 11:05", "2025-05-09T11:05:00+07:00"),
        ("2024-06-30T08:00:00Z", "2024-06-30T15:00:00+07:00"),
        ("", None),
        ("không có ngày", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_date_takes_the_first_date_with_its_time():
    assert find_date("Tin mới Ngày đăng: 23/03/2023 09:15 Xem thêm 01/01/2024") == "2023-03-23T09:15:00+07:00"


def test_date_in_url():
    pattern = re.compile(r"-(\d{14})\d{3}\.htm$")
    assert date_in_url("https://dantri.com.vn/an-sinh/x-20220329162113330.htm", pattern) == "2022-03-29T16:21:13+07:00"
    assert date_in_url("https://dantri.com.vn/an-sinh.htm", pattern) is None
