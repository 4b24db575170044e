"""`ansinh import`: WARC files made by other tools (Debian's wget here) give the rows a crawl gives; hostile
files import what they can and say what they could not."""

from __future__ import annotations

import gzip
import io
import subprocess
import zlib

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ansinh.samples.faults import windows_1258
from conftest import ansinh, rows
from crawler.sites import load_sites
from shared_pages import real_page

SITES = load_sites()
WGET = "/usr/bin/wget"
# A real Dân trí page, at an address of Dân trí's social-security section (extraction reads the page, not the
# address), and another at its own address, in a section the archive does not keep.
IN_SECTION = "https://dantri.com.vn/an-sinh/truyen-thong-ve-nguoi-tot-viec-tot-20221224191050762.htm"
OFF_SECTION = ("https://dantri.com.vn/the-gioi/chien-thuat-cua-nga-khi-dua-50-xe-tang-sat-thu-chien-truong-toi-"
               "donbass-20221224083224103.htm")
GOOD_PAGE = "dantri_article_xa-hoi_truyen-thong-nguoi-tot-viec-tot_20221224.html"
OTHER_PAGE = "dantri_article_the-gioi_chien-thuat-t90_20221224.html"


def without_fetched(db) -> dict[str, dict]:
    return {row["url"]: {k: v for k, v in row.items() if k != "fetched"}
            for row in rows(db, "select * from articles")}


def images(db) -> list[dict]:
    return rows(db, "select * from images order by article, position")


def test_a_wget_warc_gives_the_rows_of_a_crawl(server, crawl, tmp_path):
    crawl()
    crawled = without_fetched(crawl.db)
    assert len(crawled) >= 100
    # wget asks for every page the crawl read (robots.txt, listings, feeds, sitemaps, articles), at the mirrors.
    fetched = sorted({server.url(hit.site) + hit.path for hit in server.requests
                      if hit.method == "GET" and hit.status == 200})
    (tmp_path / "urls.txt").write_text("\n".join(fetched) + "\n")
    result = subprocess.run([WGET, "--quiet", "--warc-file", str(tmp_path / "pages"), "--input-file",
                             str(tmp_path / "urls.txt"), "--directory-prefix", str(tmp_path / "wget")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    imported = tmp_path / "imported.db"
    result = ansinh("import", "--db", str(imported), "--quiet", *server.mirror_args(), str(tmp_path / "pages.warc.gz"))
    assert result.returncode == 0, result.stderr
    skipped = len(fetched) - len(crawled)
    assert result.stdout.strip() == (f"imported {len(crawled)} ({len(crawled)} new, 0 updated, 0 unchanged), "
                                     f"skipped {skipped} (not an article of a known site ×{skipped}), failed 0")
    assert without_fetched(imported) == crawled
    assert images(imported) == images(crawl.db)
    assert rows(imported, "select * from sites order by key") == rows(crawl.db, "select * from sites order by key")
    # Dated by wget's capture, today, and the raw pages kept for re-extraction.
    assert {row["fetched"][:10] for row in rows(imported, "select fetched from articles")} == \
        {row["fetched"][:10] for row in rows(crawl.db, "select fetched from articles")}
    assert rows(imported, "select count(*) n from pages")[0]["n"] == len(crawled)

    # The same file again changes nothing.
    again = ansinh("import", "--db", str(imported), "--quiet", *server.mirror_args(), str(tmp_path / "pages.warc.gz"))
    assert again.returncode == 0 and again.stdout.startswith(f"imported {len(crawled)} (0 new, 0 updated, "
                                                             f"{len(crawled)} unchanged)")
    assert rows(imported, "select count(*) n from article_versions")[0]["n"] == 0


def http(status: str, content_type: str | None, extra=()) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers + list(extra), protocol="HTTP/1.1")


def response(writer: WARCWriter, url: str, body: bytes, status="200 OK", content_type="text/html; charset=utf-8",
             date="2024-05-01T08:00:00Z", extra=()) -> None:
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       http_headers=http(status, content_type, extra),
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def test_a_hostile_warc_imports_what_it_can_and_says_what_it_could_not(tmp_path):
    good = real_page(GOOD_PAGE).encode("utf-8")
    legacy = real_page(OTHER_PAGE)
    path = tmp_path / "hostile.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record("hostile.warc.gz", {"software": "a test"}))
        response(writer, IN_SECTION, good)
        # As Common Crawl and the Wayback Machine keep them: chunked, gzipped, in a legacy Vietnamese charset.
        legacy_url = "https://dantri.com.vn/lao-dong-viec-lam/chien-thuat-20221224083224103.htm"
        response(writer, legacy_url, chunked(gzip.compress(windows_1258(legacy))),
                 content_type="text/html; charset=windows-1258",
                 extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
        response(writer, OFF_SECTION, legacy.encode("utf-8"))
        response(writer, "https://example.org/an-sinh/la-1234567.html", good)
        response(writer, "https://dantri.com.vn/an-sinh/gone-20240101000000000.htm", b"<h1>404</h1>", "404 Not Found")
        response(writer, "https://dantri.com.vn/an-sinh/photo-20240101000000001.htm", b"\xff\xd8\xff\xe0JFIF",
                 content_type="image/jpeg")
        response(writer, "https://dantri.com.vn/an-sinh/moved-20240101000000002.htm", b"", "301 Moved Permanently",
                 extra=[("Location", IN_SECTION)])
        revisit = writer.create_revisit_record(IN_SECTION, "sha1:AAAA", IN_SECTION, "2024-04-01T08:00:00Z",
                                               http_headers=http("200 OK", "text/html"))
        writer.write_record(revisit)
        # In the section's pattern, but no article on it.
        response(writer, "https://dantri.com.vn/an-sinh/empty-20240101000000003.htm", b"<html><body></body></html>")
        before_last = stream.tell()
        response(writer, "https://dantri.com.vn/an-sinh/cut-20240101000000004.htm", good)
    data = path.read_bytes()
    path.write_bytes(data[:before_last + (len(data) - before_last) // 2])

    db = tmp_path / "archive.db"
    result = ansinh("import", "--db", str(db), str(path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == (
        "imported 2 (2 new, 0 updated, 0 unchanged), skipped 6 (not an article of a known site ×2, HTTP 404 ×1, "
        "not HTML ×1, HTTP 301 ×1, revisit ×1), failed 2 (unextractable ×1, truncated record ×1)")
    assert "cut short" in result.stderr and "could not extract" in result.stderr
    stored = {row["url"]: row for row in rows(db, "select * from articles")}
    assert set(stored) == {IN_SECTION, legacy_url}
    assert stored[IN_SECTION]["title"] == "Truyền thông về người tốt, việc tốt là một sứ mệnh lớn lao của báo chí"
    assert stored[IN_SECTION]["fetched"] == "2024-05-01T08:00:00+00:00"
    assert stored[legacy_url]["title"] == 'Chiến thuật của Nga khi đưa 50 xe tăng "sát thủ chiến trường" tới Donbass'
    assert "Uralvagonzavod" in stored[legacy_url]["text"]
    # The page that gave no article is kept and recorded as failed, as a crawled one would be.
    assert [row["reason"] for row in rows(db, "select reason from failures")] == ["unextractable"]
    assert rows(db, "select name from sites") == [{"name": "Báo Dân trí"}]


def test_an_older_capture_never_replaces_a_later_one(tmp_path):
    page = real_page(GOOD_PAGE)
    edited = page.replace("Truyền thông về người tốt, việc tốt", "Người tốt, việc tốt")
    files = {}
    for name, date, html in (("may", "2024-05-01T08:00:00Z", page), ("june", "2024-06-01T08:00:00Z", edited)):
        # Uncompressed this time.
        files[name] = tmp_path / f"{name}.warc"
        with files[name].open("wb") as stream:
            response(WARCWriter(stream, gzip=False), IN_SECTION, html.encode("utf-8"), date=date)
    db = tmp_path / "archive.db"
    assert ansinh("import", "--db", str(db), "-q", str(files["june"])).returncode == 0
    result = ansinh("import", "--db", str(db), "-q", str(files["may"]))
    assert result.returncode == 0
    assert "skipped 1 (older than the archived copy ×1)" in result.stdout
    [row] = rows(db, "select title, fetched from articles")
    assert row == {"title": "Người tốt, việc tốt là một sứ mệnh lớn lao của báo chí",
                   "fetched": "2024-06-01T08:00:00+00:00"}

    # In the other order, the later capture is an edit: the earlier version is kept.
    db = tmp_path / "other.db"
    assert ansinh("import", "--db", str(db), "-q", str(files["may"]), str(files["june"])).returncode == 0
    assert [row["title"] for row in rows(db, "select title from article_versions")] == [
        "Truyền thông về người tốt, việc tốt là một sứ mệnh lớn lao của báo chí"]


@pytest.mark.parametrize("content, message", [
    (None, "cannot read {path}: No such file or directory"),
    (b"", "{path} is empty: no WARC record in it"),
    (b"<html><body>not a WARC</body></html>", "{path} is not a WARC or ARC file"),
    (gzip.compress(b"hello"), "{path} is not a WARC or ARC file"),
    (zlib.compress(b"WARC/1.0"), "{path} is not a WARC or ARC file"),
])
def test_a_file_that_is_not_a_warc_is_one_line_and_nothing_is_imported(tmp_path, content, message):
    path = tmp_path / "x.warc.gz"
    if content is not None:
        path.write_bytes(content)
    db = tmp_path / "archive.db"
    result = ansinh("import", "--db", str(db), str(path))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("ansinh: error: " + message.format(path=path)), line
    assert not db.exists()


def test_import_needs_a_file_and_says_so():
    result = ansinh("import")
    assert result.returncode == 2 and "Missing argument" in result.stderr


def arc_record(url: str, date: str, http_message: bytes) -> bytes:
    """One ARC (version 1) record, as the Internet Archive wrote them before WARC."""
    return f"{url} 192.0.2.1 {date} text/html {len(http_message)}\n".encode() + http_message + b"\n"


def test_a_file_broken_midway_does_not_stop_the_next_one_an_arc(tmp_path):
    page = real_page(GOOD_PAGE).encode("utf-8")
    broken = tmp_path / "broken.warc.gz"
    with broken.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        response(writer, IN_SECTION, page)
        stream.write(b"\x00garbage where a record should start" * 20)
        response(writer, "https://dantri.com.vn/an-sinh/never-read-20240101000000005.htm", page)
    description = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = f"filedesc://old.arc 0.0.0.0 20090501080000 text/plain {len(description)}\n".encode() + description
    other = "https://dantri.com.vn/lao-dong-viec-lam/tu-kho-luu-tru-20090501080000000.htm"
    old = tmp_path / "old.arc.gz"
    old.write_bytes(gzip.compress(header + b"\n") + gzip.compress(arc_record(
        other, "20090501080000", b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page)))
    db = tmp_path / "archive.db"
    result = ansinh("import", "--db", str(db), "-q", str(broken), str(old))
    assert result.returncode == 1
    assert result.stdout.strip() == ("imported 2 (2 new, 0 updated, 0 unchanged), skipped 0, "
                                     "failed 1 (unreadable record ×1)")
    assert f"{broken}: cannot read on after offset" in result.stderr
    fetched = {row["url"]: row["fetched"] for row in rows(db, "select url, fetched from articles")}
    assert fetched == {IN_SECTION: "2024-05-01T08:00:00+00:00", other: "2009-05-01T08:00:00+00:00"}


def test_a_warc_of_a_copy_without_its_mirror_says_so(tmp_path):
    path = tmp_path / "copy.warc.gz"
    with path.open("wb") as stream:
        response(WARCWriter(stream, gzip=True), "http://127.0.0.1:8101/an-sinh/x-20221224191050762.htm",
                 real_page(GOOD_PAGE).encode("utf-8"))
    result = ansinh("import", "--db", str(tmp_path / "a.db"), "-q", str(path))
    assert result.returncode == 0
    assert result.stdout.startswith("imported 0 (")
    assert "needs --mirror SITE=URL" in result.stderr
    result = ansinh("import", "--db", str(tmp_path / "a.db"), "-q", "--mirror", "dantri=http://127.0.0.1:8101", str(path))
    assert result.stdout.startswith("imported 1 (1 new,") and not result.stderr
    assert rows(tmp_path / "a.db", "select url from articles") == [
        {"url": "https://dantri.com.vn/an-sinh/x-20221224191050762.htm"}]
