"""The raw web archive: every response a collector receives, with its request, in WARC 1.1 files (ISO 28500).

The files sit in a folder beside the database (``archive.db`` → ``archive.db.warc/``), one gzip member per
record, so that any record can be read from its offset; a file is closed and the next one begun past a size.
Each file begins with a ``warcinfo`` record naming ansinh and the crawl. warcio writes and reads them; pywb,
``warcio index`` and other archivists' tools read them too.

Crash safety: a pair of records (response, request) is written to the file with one ``write`` of complete gzip
members, before the caller stores the row that points at it; a file is never appended to by a later run. A kill
therefore leaves whole records (a record without its row is harmless; a row without its record cannot happen).
"""

from __future__ import annotations

import gzip
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# The most a file holds: a pair of records that would take it past this begins the next file (a pair larger than
# this has a file of its own).
MAX_FILE_BYTES = 100 * 1024 * 1024
# Hop-by-hop framing that the HTTP client has already undone: the body kept is not chunked.
UNFRAMED = {"transfer-encoding"}


def warc_folder(db_path: str | Path) -> Path:
    """The folder of an archive's WARC files, beside its database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".warc")


class RecordAt(NamedTuple):
    """Where a response record is: its file's name in the WARC folder, and the byte offset of its gzip member."""

    file: str
    offset: int


@dataclass
class RawPage:
    """A kept response: what the server said and sent (the body with its Content-Encoding undone)."""

    url: str
    date: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes

    @property
    def content_type(self) -> str | None:
        return next((value for name, value in self.headers if name.lower() == "content-type"), None)


def gzip_member(record) -> bytes:
    """A record as a gzip member of its own, readable from its offset."""
    out = BytesIO()
    WARCWriter(out, gzip=False, warc_version="1.1").write_record(record)
    # Not warcio's own gzip, which compresses at level 9: 2.4 times slower on an article page, for 2% smaller.
    return gzip.compress(out.getvalue(), compresslevel=6, mtime=0)


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def warc_date(moment: datetime | str | None = None) -> str:
    """A WARC 1.1 date (UTC, microseconds): now, or an ISO 8601 moment (UTC when it names no offset).

    :raises ValueError: when ``moment`` is a string that is not ISO 8601.
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcWriter:
    """Writes response and request records to size-rotated files of one folder, named
    ``<prefix>-<UTC time>-<serial>.warc.gz``.

    :param folder: the WARC folder (created when missing).
    :param prefix: what the file names begin with (``ansinh-dantri``): one writer's files apart from another's.
    :param info: the fields of each file's ``warcinfo`` record, besides ansinh's own (``isPartOf``: the crawl).
    :param max_bytes: the most a file holds (see ``MAX_FILE_BYTES``).
    :param fsync: make each record durable against power loss before returning (see the README for the cost).
    """

    def __init__(self, folder: Path, prefix: str, info: dict[str, str], max_bytes: int = MAX_FILE_BYTES,
                 fsync: bool = False):
        self.folder = Path(folder)
        self.prefix = prefix
        self.info = info
        self.max_bytes = max_bytes
        self.fsync = fsync
        self.name: str | None = None
        self.fd: int | None = None
        self.size = 0
        self.started = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self.serial = 0

    def write_response(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes,
                       request_headers: list[tuple[str, str]] | None = None, method: str = "GET",
                       date: str | None = None, protocol: str = "HTTP/1.1",
                       notes: dict[str, str] | None = None) -> RecordAt:
        """Write a response and the request that asked for it (``WARC-Concurrent-To`` the response).

        :param headers: the response's HTTP headers as received; framing the client has undone is left out.
        :param body: the body as received (still under its Content-Encoding).
        :param request_headers: the request's HTTP headers; None writes the response alone.
        :param date: when it was received (a WARC date); now by default.
        :param notes: further WARC header fields of the response record (say how a record was made).
        :return: where the response record is.
        """
        builder = RecordBuilder(warc_version="1.1")
        kept = [(name, value) for name, value in headers if name.lower() not in UNFRAMED]
        response = builder.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body),
            warc_headers_dict={"WARC-Date": date or warc_date(), **(notes or {})},
            http_headers=StatusAndHeaders(f"{status} {reason_phrase(status)}", kept, protocol=protocol))
        data = gzip_member(response)
        if request_headers is not None:
            path = urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl() or "/"
            request = builder.create_warc_record(
                url, "request",
                warc_headers_dict={"WARC-Date": response.rec_headers.get_header("WARC-Date"),
                                   "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
                http_headers=StatusAndHeaders(f"{method} {path} {protocol}", request_headers, is_http_request=True))
            data += gzip_member(request)
        if self.fd is not None and self.size + len(data) > self.max_bytes:
            self.close()
        if self.fd is None:
            self._open()
        at = RecordAt(self.name, self.size)
        self._write(data)
        return at

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            self.serial += 1
            name = f"{self.prefix}-{self.started}-{self.serial:05d}.warc.gz"
            try:
                # Exclusive: a file of another writer, or an earlier run, is never appended to.
                self.fd = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            except FileExistsError:
                continue
            break
        self.name, self.size = name, 0
        builder = RecordBuilder(warc_version="1.1")
        info = {"software": f"ansinh/{version('ansinh')} (warcio/{version('warcio')})",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                **self.info}
        self._write(gzip_member(builder.create_warcinfo_record(name, info)))

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            # One write() of whole gzip members: a kill does not leave half a record (short writes are retried).
            view = view[os.write(self.fd, view):]
        if self.fsync:
            os.fsync(self.fd)
        self.size += len(data)

    def close(self) -> None:
        """Make the current file durable and close it; the next record begins a new file."""
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None


def read_response(folder: Path, at: RecordAt) -> RawPage:
    """The response record at a place in the WARC folder.

    :raises FileNotFoundError: when the file is not in the folder (a name that leaves the folder is refused too).
    :raises ValueError: when there is no response record at that offset.
    """
    if Path(at.file).name != at.file or not at.file:
        raise FileNotFoundError(f"not a WARC file name: {at.file!r}")
    with open(Path(folder) / at.file, "rb") as stream:
        stream.seek(at.offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None or record.rec_type != "response":
            raise ValueError(f"no response record at {at.file}:{at.offset}")
        return RawPage(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            date=record.rec_headers.get_header("WARC-Date"),
            status=int(record.http_headers.get_statuscode()),
            headers=list(record.http_headers.headers),
            # content_stream undoes the Content-Encoding the server used.
            payload=record.content_stream().read(),
        )


def raw_page(conn: sqlite3.Connection, folder: Path, url: str) -> RawPage | None:
    """An archived page's raw response, as fetched: what every reader of raw pages uses (re-extraction, the
    article page's kept copy). None when the archive keeps no record of that URL.

    :param conn: the archive's database; ``folder`` its WARC folder (see :func:`warc_folder`).
    """
    columns = {row[1] for row in conn.execute("pragma table_info(pages)")}
    if "warc_file" not in columns:
        return None
    row = conn.execute("select warc_file, warc_offset from pages where url = ? and warc_file is not null",
                       [url]).fetchone()
    return read_response(folder, RecordAt(*row)) if row else None
