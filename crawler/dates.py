"""Vietnamese publication dates: day first, 12- or 24-hour clock, local time +07:00.

Measured in ../shared/notes/extraction-pitfalls.md: dateparser reads the sites' formats right when told the
language and the day-first order, but not behind a label such as "Cập nhật:", and htmldate is fooled by a
footer's copyright year. So labels are stripped here, and htmldate is only the extractor's last resort.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import dateparser

VIETNAM = timezone(timedelta(hours=7))
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
# "Ngày đăng: …", "Cập nhật: …": a label of words ending in a colon before the first digit.
_LABEL = re.compile(r"^\s*[^\W\d][^:\d]*:\s*")
_NOISE = re.compile(r"\(?\s*GMT\s*\+\s*7\s*\)?", re.IGNORECASE)
# A dd/mm/yyyy date with a time of day before or after it, as the sites print them.
_TIME = r"\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?"
DATE_PATTERN = re.compile(rf"(?:{_TIME}\s*[-,|]?\s*)?\d{{1,2}}/\d{{1,2}}/\d{{4}}(?:\s*[-,|]?\s*{_TIME})?")


def to_iso(moment: datetime) -> str:
    """ISO 8601 with the offset; a time without one is Vietnam's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM).isoformat()


def parse_date(text: str | None) -> str | None:
    """Parse a date as a Vietnamese site prints it; ISO 8601 with offset, or None.

    >>> parse_date("03:45 PM 23/03/2023")
    '2023-03-23T15:45:00+07:00'
    """
    if not text:
        return None
    text = _NOISE.sub(" ", _LABEL.sub("", text.strip())).strip()
    if not text:
        return None
    try:
        # ISO forms (JSON-LD, meta, datetime attributes) need no guessing.
        return to_iso(datetime.fromisoformat(text))
    except ValueError:
        pass
    moment = dateparser.parse(text, languages=["vi", "en"], settings=_SETTINGS)
    return to_iso(moment) if moment else None


def date_in_url(url: str, pattern: re.Pattern | None) -> str | None:
    """A publication time that a site writes into its URLs as digits (YYYYMMDD, with hhmm or hhmmss)."""
    match = pattern.search(url) if pattern else None
    if not match:
        return None
    digits = match.group(1)
    layout = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}.get(len(digits))
    try:
        return to_iso(datetime.strptime(digits, layout)) if layout else None
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first dd/mm/yyyy date (with its time of day, if any) in a run of text."""
    match = DATE_PATTERN.search(text)
    return parse_date(match.group(0)) if match else None
