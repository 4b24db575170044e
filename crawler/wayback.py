"""The Internet Archive's Wayback Machine, as a rescue uses it: CDX queries and their answers, capture URLs,
and the dates a user bounds a rescue with. Pure functions, no network.

The CDX API (``/cdx/search/cdx``) answers ``output=json`` with a list of rows: the first names the fields
(``urlkey, timestamp, original, mimetype, statuscode, digest, length``); with ``showResumeKey=true``, a query
cut short by its ``limit`` ends with an empty row and a row holding the key that resumes it. A capture's
original bytes, without the Wayback Machine's toolbar or rewritten links, are at
``/web/<timestamp>id_/<original URL>``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import urlencode

WAYBACK = "https://web.archive.org"
# Seconds between two requests to the Wayback Machine: a shared public service that turns away clients who ask
# too fast.
RESCUE_DELAY = 4.0
# Rows per CDX answer; the resumption key brings the next ones.
CDX_LIMIT = 1000
CAPTURE = re.compile(r"/web/(?P<timestamp>\d{1,14})id_/(?P<original>https?:/+.+)$")
# How users write a day: ISO (2023-01-31, 2023-01, 2023) or Vietnamese day first (31/01/2023, 31-01-2023).
ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def cdx_query(wayback: str, url: str, match_type: str, collapse: str, since: str | None = None,
              until: str | None = None, resume_key: str | None = None, limit: int = CDX_LIMIT) -> str:
    """The CDX query for the HTML captures of ``url`` that answered 200.

    :param match_type: ``exact``, ``prefix`` (every URL under it) or ``domain`` (the host and its subdomains).
    :param collapse: the field whose adjacent repeats are left out: ``urlkey`` (one capture per URL) or
        ``digest`` (one per distinct content of a URL).
    :param since: the first day, ``YYYYMMDD`` (the CDX pads it to the day's start).
    :param until: the last day, ``YYYYMMDD`` (padded to its end: the day is included).
    """
    params = [("url", url), ("output", "json"), ("matchType", match_type), ("filter", "statuscode:200"),
              ("filter", "mimetype:text/html"), ("collapse", collapse), ("limit", str(limit)),
              ("showResumeKey", "true")]
    params += [(name, value) for name, value in (("from", since), ("to", until)) if value]
    query = f"{wayback.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"
    # The key comes URL-encoded already, and goes back as it came.
    return query + f"&resumeKey={resume_key}" if resume_key else query


def parse_cdx(body: bytes) -> tuple[list[dict], str | None]:
    """The rows of a CDX answer as dicts by field name, and the resumption key (None: the query is complete).

    :raises ValueError: for an answer that is not the CDX API's JSON.
    """
    text = body.decode("utf-8").strip()
    data = json.loads(text) if text else []
    if not isinstance(data, list) or not all(isinstance(row, list) for row in data):
        raise ValueError("not a CDX answer: a list of rows was expected")
    if not data:
        return [], None
    header, rows, resume_key = data[0], data[1:], None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        rows, resume_key = rows[:-2], rows[-1][0]
    if not {"timestamp", "original"} <= set(header):
        raise ValueError(f"not a CDX answer: its header names {header}")
    return [dict(zip(header, row)) for row in rows if row], resume_key


def capture_url(wayback: str, timestamp: str, original: str) -> str:
    """Where the Wayback Machine serves a capture's original bytes."""
    return f"{wayback.rstrip('/')}/web/{timestamp}id_/{original}"


def parse_capture_url(url: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a capture's address, or None for any other address."""
    match = CAPTURE.search(url)
    if match is None:
        return None
    # Some replays squeeze the original's "//" into one.
    original = re.sub(r"^(https?:)/+", r"\1//", match["original"])
    return match["timestamp"], original


def captured_at(timestamp: str) -> str:
    """A capture's 14-digit timestamp (UTC) as ISO 8601."""
    moment = datetime.strptime(timestamp.ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    return moment.isoformat()


def cdx_day(text: str) -> str:
    """A day as a user writes it (``2023-01-31``, ``31/01/2023``, ``2023-01``, ``2023``), as the CDX API's
    ``YYYYMMDD`` (or ``YYYYMM``, ``YYYY``: the API pads the rest).

    :raises ValueError: saying which forms are understood.
    """
    text = text.strip()
    iso, day_first = ISO_DAY.match(text), DAY_FIRST.match(text)
    if iso:
        year, month, day = iso.groups()
    elif day_first:
        day, month, year = day_first.groups()
    else:
        raise ValueError(f"not a date: {text!r}; write it 2023-01-31 or 31/01/2023 (or 2023-01, 2023)")
    parts = [int(year), int(month or 1), int(day or 1)]
    try:
        datetime(*parts)
    except ValueError as error:
        raise ValueError(f"not a date: {text!r} ({error})") from None
    return f"{parts[0]:04d}" + (f"{parts[1]:02d}" if month else "") + (f"{parts[2]:02d}" if day else "")


def cdx_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``--from`` and ``--to`` as the CDX API's ``from`` and ``to`` (see :func:`cdx_day`).

    :raises ValueError: for a day that is not one, or a first day after the last.
    """
    first, last = (cdx_day(day) if day else None for day in (since, until))
    if first and last and first.ljust(8, "0") > last.ljust(8, "9"):
        raise ValueError(f"--from {since} is after --to {until}")
    return first, last
