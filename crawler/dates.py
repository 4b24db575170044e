"""Vietnamese publication dates: day first, 12- or 24-hour clock, local time +07:00.

Measured in ../shared/notes/extraction-pitfalls.md: dateparser reads the sites' formats right when told the
language and the day-first order, but not behind a label such as "Cập nhật:", and htmldate is fooled by a
footer's copyright year. So labels are stripped here, the common numeric forms are read by a pattern (a
hundred times faster than dateparser), and htmldate is only the extractor's last resort.

A date is returned as ISO 8601: with its time and offset when the text gives a time of day, as a bare day
(``2023-03-23``) when it gives none. A day is never stored as a made-up midnight.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import dateparser

VIETNAM = timezone(timedelta(hours=7))
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
# "Ngày đăng: …", "Cập nhật: …": a label of words ending in a colon before the first digit.
_LABEL = re.compile(r"^\s*[^\W\d][^:\d]*:\s*")
_GMT7 = re.compile(r"\(?\s*GMT\s*\+\s*0?7(?::?00)?\s*\)?", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn)\b\s*,?", re.IGNORECASE)
_TIME = r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_DAY = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
_SEP = r"\s*[-,|]?\s*"
# A dd/mm/yyyy date with a time of day before or after it, as the sites print them.
DATE_PATTERN = re.compile(rf"(?:{_TIME}{_SEP})?{_DAY}(?:{_SEP}{_TIME})?")
_HAS_TIME = re.compile(r"\d{1,2}\s*[:h]\s*\d{2}")
# The day as digits ("23/03/2023") or in words ("ngày 21 tháng 3 năm 2023", "21 tháng 03, 2023").
_DAY_PARTS = (r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
              r"|(?:ngày\s+)?(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2}),?\s+(?:năm\s+)?(?P<wy>\d{4}))")
_NUMERIC = re.compile(rf"^(?:(?P<t1>{_TIME}){_SEP})?{_DAY_PARTS}(?:{_SEP}(?P<t2>{_TIME}))?$", re.IGNORECASE)
_CLOCK = re.compile(r"(?P<h>\d{1,2})\s*[:h]\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?\s*(?P<ampm>[AaPp])?")

# Where a page says when it was published: a label, the "(GMT+7)" that follows a time, or "date | time".
_PUBLISHED_LABEL = r"(?:ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|ngày\s+xuất\s+bản|xuất\s+bản|thời\s+gian\s+đăng|published|posted)"
_ANY_DAY = rf"(?:{_DAY}|\d{{1,2}}\s+tháng\s+\d{{1,2}},?\s+(?:năm\s+)?\d{{4}})"
_WEEKDAY_PREFIX = r"(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?"
LABELLED_DATES = (
    re.compile(rf"{_PUBLISHED_LABEL}\s*:?\s*({_WEEKDAY_PREFIX}(?:{_TIME}{_SEP})?{_ANY_DAY}(?:{_SEP}{_TIME})?)",
               re.IGNORECASE),
    re.compile(rf"({_WEEKDAY_PREFIX}(?:{_TIME}{_SEP})?{_ANY_DAY}(?:{_SEP}{_TIME})?)\s*\(?\s*GMT\s*\+\s*0?7",
               re.IGNORECASE),
    re.compile(rf"({_WEEKDAY_PREFIX}{_ANY_DAY}\s*\|\s*{_TIME})", re.IGNORECASE),
)


def to_iso(moment: datetime) -> str:
    """ISO 8601 with the offset; a time without one is Vietnam's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM).isoformat()


def precision(iso: str | None) -> str | None:
    """``"day"`` for a bare date, ``"time"`` for a date with its time of day."""
    if not iso:
        return None
    return "day" if len(iso) == 10 else "time"


def _numeric(text: str) -> str | None:
    """The common forms, read without dateparser: "11:11 AM 23/03/2023", "23/03/2023 - 11:11",
    "21 tháng 03, 2023 | 10:30"."""
    match = _NUMERIC.match(text)
    if not match:
        return None
    ymd = (match["y"], match["m"], match["d"]) if match["d"] else (match["wy"], match["wm"], match["wd"])
    try:
        day = date(*map(int, ymd))
    except ValueError:
        return None
    clock = match["t1"] or match["t2"]
    if not clock:
        return day.isoformat()
    parts = _CLOCK.match(clock)
    hour, minute, second = int(parts["h"]), int(parts["mi"]), int(parts["s"] or 0)
    if parts["ampm"]:
        # 12-hour clock: 12:xx AM is just after midnight, 12:xx PM just after noon.
        hour = hour % 12 + (12 if parts["ampm"].lower() == "p" else 0)
    try:
        return to_iso(datetime(day.year, day.month, day.day, hour, minute, second))
    except ValueError:
        return None


def parse_date(text: str | None) -> str | None:
    """Parse a date as a Vietnamese site prints it; ISO 8601 (a bare day when no time is given), or None.

    >>> parse_date("03:45 PM 23/03/2023")
    '2023-03-23T15:45:00+07:00'
    >>> parse_date("Ngày đăng: 23/03/2023")
    '2023-03-23'
    """
    text = date_text(text)
    if not text:
        return None
    return fast_date(text) or slow_date(text)


def date_text(text: str | None) -> str:
    """The date a text gives, without a label before it or "(GMT+7)" after it."""
    return _GMT7.sub(" ", _LABEL.sub("", (text or "").strip())).strip()


def fast_date(text: str) -> str | None:
    """What :func:`parse_date` reads without dateparser (ISO forms and the sites' common ones), or None."""
    try:
        # ISO forms (JSON-LD, meta, datetime attributes) need no guessing.
        moment = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return moment.date().isoformat() if len(text) == 10 else to_iso(moment)
    return _numeric(_WEEKDAY.sub(" ", text).strip(" ,-|"))


def slow_date(text: str) -> str | None:
    """The slow path, for whatever the patterns do not know: about a hundred times slower."""
    moment = dateparser.parse(text, languages=["vi", "en"], settings=_SETTINGS)
    if moment is None:
        return None
    return to_iso(moment) if _HAS_TIME.search(text) else moment.date().isoformat()


def date_in_url(url: str, pattern: re.Pattern | None) -> str | None:
    """A time that a site writes into its URLs as digits (YYYYMMDD, with hhmm or hhmmss)."""
    match = pattern.search(url) if pattern else None
    if not match:
        return None
    digits = match.group(1)
    layout = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}.get(len(digits))
    try:
        moment = datetime.strptime(digits, layout) if layout else None
    except ValueError:
        return None
    if moment is None:
        return None
    return moment.date().isoformat() if len(digits) == 8 else to_iso(moment)


def find_date(text: str) -> str | None:
    """The first dd/mm/yyyy date (with its time of day, if any) in a run of text."""
    match = DATE_PATTERN.search(text)
    return parse_date(match.group(0)) if match else None


def find_labelled_date(text: str) -> str | None:
    """The first date that the text marks as a publication time: after a label such as "Ngày đăng:", before
    "(GMT+7)", or written "date | time". Labels are tried in that order of trust."""
    for pattern in LABELLED_DATES:
        for match in pattern.finditer(text):
            found = parse_date(match.group(1))
            if found:
                return found
    return None
