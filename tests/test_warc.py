"""The raw web archive: every response a crawl receives, kept with its request in WARC files that other tools read."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.utils import tilde_encode
from warcio.archiveiterator import ArchiveIterator

from archive import Archive
from archive.warc import RecordAt, WarcWriter, read_response, warc_folder
from archive.web import make_datasette
from conftest import rows
from crawler.sites import load_sites

SITES = load_sites()
ROOT = Path(__file__).resolve().parents[1]
WARCIO = Path(sys.executable).with_name("warcio")
# pywb pins libraries of its own: it lives in a venv of its own (.ci/run makes it).
PYWB = ROOT / ".venv-pywb" / "bin" / "wayback"


def warcio(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARCIO), *args], capture_output=True, text=True, timeout=120)


def records(folder: Path) -> list[dict]:
    """Every record of every file in the folder, as ``warcio index`` lists them (and that it accepts them)."""
    files = sorted(folder.glob("*.warc.gz"))
    assert files, f"no WARC files in {folder}"
    check = warcio("check", *map(str, files))
    assert check.returncode == 0, check.stdout + check.stderr
    fields = "warc-type,warc-target-uri,warc-record-id,warc-concurrent-to,http:status,offset,filename"
    index = warcio("index", "-f", fields, *map(str, files))
    assert index.returncode == 0, index.stderr
    return [json.loads(line) for line in index.stdout.splitlines()]


def served(server, key: str, url: str) -> bytes:
    """What the sample server sends for a real URL of a site, asked for at its mirror."""
    site = SITES[key]
    with urllib.request.urlopen(server.url(key) + url[len(site.base.rstrip("/")):]) as response:
        return response.read()


def test_a_mirrored_crawl_keeps_every_response_under_its_real_url(sample_sites, server, crawl):
    crawl("dantri")
    site, folder = SITES["dantri"], warc_folder(crawl.db)
    index = records(folder)
    # Each file begins with its warcinfo, which names ansinh and the crawl.
    for path in folder.glob("*.warc.gz"):
        with open(path, "rb") as stream:
            first = next(iter(ArchiveIterator(stream)))
            info = first.content_stream().read().decode()
        assert first.rec_type == "warcinfo" and first.rec_headers.get_header("WARC-Filename") == path.name
        assert "software: ansinh/" in info and "isPartOf: ansinh crawl 1 of dantri" in info
    responses = {r["warc-target-uri"]: r for r in index if r["warc-type"] == "response"}
    assert not [url for url in responses if "127.0.0.1" in url or "localhost" in url]
    base = site.base.rstrip("/")
    # Listings, feeds, sitemaps and robots.txt are kept too, not articles alone.
    for url in [base + "/robots.txt", *site.feeds, *site.sitemaps, *(s.page_url(1) for s in site.sections)]:
        assert url in responses, url
    # Each response has its request, which names it.
    requests = {r["warc-concurrent-to"]: r for r in index if r["warc-type"] == "request"}
    for url, response in responses.items():
        assert requests[response["warc-record-id"]]["warc-target-uri"] == url
    # Each article points at its own response record, whose payload is the page as served.
    archive = Archive(crawl.db, readonly=True)
    pages = rows(crawl.db, "select url, warc_file, warc_offset from pages")
    assert len(pages) == len(sample_sites["dantri"].articles)
    for page in pages:
        assert responses[page["url"]]["filename"] == page["warc_file"]
        assert int(responses[page["url"]]["offset"]) == page["warc_offset"]
        raw = archive.raw_page(page["url"])
        assert raw.url == page["url"] and raw.status == 200 and raw.content_type.startswith("text/html")
        assert raw.payload == served(server, "dantri", page["url"])
    archive.close()


def test_answers_from_the_http_cache_are_not_written_again(server, crawl):
    crawl("dantri")
    crawl("dantri")
    index = records(warc_folder(crawl.db))
    listing = SITES["dantri"].sections[0].page_url(1)
    # The second run revalidated the listing: the server's 304 is kept, its cached page is not written again.
    statuses = [r["http:status"] for r in index if r["warc-type"] == "response" and r["warc-target-uri"] == listing]
    assert statuses == ["200", "304"]
    names = {r["filename"] for r in index}
    assert len(names) == 2 and all(name.startswith("ansinh-dantri-") for name in names)


def test_files_are_rotated_past_their_size(tmp_path):
    writer = WarcWriter(tmp_path, "ansinh-test", {"isPartOf": "a test"}, max_bytes=4096)
    page = os.urandom(3000)  # incompressible: each pair of records is past 3000 bytes
    places = [writer.write_response(f"https://dantri.com.vn/{n}.htm", 200, [("Content-Type", "text/html")], page,
                                    [("User-Agent", "ansinh")]) for n in range(5)]
    writer.close()
    assert len({at.file for at in places}) == 5
    assert [read_response(tmp_path, at).payload for at in places] == [page] * 5
    index = records(tmp_path)
    assert [r["warc-type"] for r in index] == ["warcinfo", "response", "request"] * 5
    # A file name taken already is never written into.
    other = WarcWriter(tmp_path, "ansinh-test", {}, max_bytes=4096)
    other.started = writer.started
    assert other.write_response("https://dantri.com.vn/x", 200, [], b"x").file not in {at.file for at in places}
    other.close()


def test_a_crawl_rotates_its_files(sample_sites, server, tmp_path):
    site = SITES["laodongxahoi"]
    db = tmp_path / "archive.db"
    mirrors = json.dumps({host: server.url("laodongxahoi") for host in site.hosts})
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "laodongxahoi", "-s", f"ANSINH_DB={db}",
         "-s", f"ANSINH_MIRRORS={mirrors}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
         "-s", "HTTPCACHE_ENABLED=0", "-s", "LOG_LEVEL=WARNING", "-s", "ANSINH_WARC_MAX_BYTES=65536"],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    files = sorted(warc_folder(db).glob("*.warc.gz"))
    assert len(files) > 3
    index = records(warc_folder(db))
    # No file is past the size, but one that holds a single larger page; each begins with a warcinfo.
    responses = {path.name: sum(r["filename"] == path.name and r["warc-type"] == "response" for r in index)
                 for path in files}
    assert all(path.stat().st_size <= 65536 or responses[path.name] == 1 for path in files)
    assert sum(r["warc-type"] == "warcinfo" for r in index) == len(files)
    archive = Archive(db, readonly=True)
    for row in rows(db, "select url from articles"):
        assert archive.raw_page(row["url"]).payload == served(server, "laodongxahoi", row["url"])
    archive.close()


def test_a_killed_crawl_leaves_whole_files_and_no_row_without_its_record(sample_sites, server, crawl):
    # One article that does not answer within the test (the first fault that matches applies): the crawl is
    # surely killed before it ends, however fast the rest is fetched, extracted and written in batches.
    server.stall("bhxh", 120, prefix=sample_sites["bhxh"].articles[-1].path)
    server.stall("bhxh", 0.1)
    process = subprocess.Popen([sys.executable, "-m", "ansinh", "crawl", "bhxh", "--db", str(crawl.db), "--quiet",
                                *server.mirror_args()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, stored = time.monotonic() + 60, 0
    while time.monotonic() < deadline and stored < 5:
        time.sleep(0.1)
        try:
            stored = rows(crawl.db, "select count(*) n from pages")[0]["n"]
        except (sqlite3.Error, OSError):  # the schema may not be there yet
            stored = 0
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 5 <= stored < len(sample_sites["bhxh"].articles)
    records(warc_folder(crawl.db))
    archive = Archive(crawl.db, readonly=True)
    for row in rows(crawl.db, "select url from pages"):
        assert archive.raw_page(row["url"]).payload == served(server, "bhxh", row["url"])
    archive.close()


def old_archive(path: Path, pages: dict[str, bytes]) -> None:
    """An archive as ansinh wrote it before WARC: the raw pages zlib-compressed in ``pages.html``."""
    db = sqlite3.connect(path)
    db.execute("create table articles (url text primary key, site text not null, title text, text text, "
               "published text, fetched text)")
    db.execute("create table pages (url text primary key, site text, fetched text, status integer, "
               "content_type text, html blob, error text)")
    db.executemany("insert into pages values (?, 'dantri', '2024-05-01T01:30:00+00:00', 200, "
                   "'text/html; charset=utf-8', ?, null)", [(url, blob) for url, blob in pages.items()])
    db.commit()
    db.close()


def test_an_earlier_archive_s_pages_move_to_warc(tmp_path):
    db = tmp_path / "old.db"
    page = "<html><body><p>Chính sách bảo hiểm xã hội</p></body></html>".encode()
    good, broken = "https://dantri.com.vn/a-1.htm", "https://dantri.com.vn/a-2.htm"
    # A blob that is not zlib data, with a time that is not a date (a hand-edited row), is kept as it was.
    old_archive(db, {good: zlib.compress(page), broken: b"not zlib"})
    with sqlite3.connect(db) as conn:
        conn.execute("update pages set fetched = 'hôm qua' where url = ?", [broken])
    archive = Archive(db)
    assert "html" not in archive.db["pages"].columns_dict
    assert archive.raw_page(good).payload == page and archive.raw_page(broken).payload == b"not zlib"
    assert archive.raw_page(good).content_type == "text/html; charset=utf-8"
    archive.close()
    index = records(warc_folder(db))
    assert {r["warc-target-uri"] for r in index if r["warc-type"] == "response"} == {good, broken}
    [row] = rows(db, "select warc_file, warc_offset from pages where url = ?", [good])
    with open(warc_folder(db) / row["warc_file"], "rb") as stream:
        stream.seek(row["warc_offset"])
        record = next(iter(ArchiveIterator(stream)))
    # Its headers say they were made up, and the date is when the page was fetched.
    assert "synthesised" in record.rec_headers.get_header("ansinh-Note")
    assert record.rec_headers.get_header("WARC-Date").startswith("2024-05-01T01:30:00")
    [row] = rows(db, "select warc_file, warc_offset from pages where url = ?", [broken])
    with open(warc_folder(db) / row["warc_file"], "rb") as stream:
        stream.seek(row["warc_offset"])
        note = next(iter(ArchiveIterator(stream))).rec_headers.get_header("ansinh-Note")
    assert "not zlib data" in note and "hôm qua" in note
    # Opening it again moves nothing twice.
    Archive(db).close()
    assert len(records(warc_folder(db))) == len(index)


def test_new_pages_keep_no_html_in_the_database(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    archive.store_page("https://dantri.com.vn/a.htm", "dantri", b"<html>trang</html>", content_type="text/html")
    assert "html" not in archive.db["pages"].columns_dict
    assert archive.raw_page("https://dantri.com.vn/a.htm").payload == b"<html>trang</html>"
    assert archive.raw_page("https://dantri.com.vn/none.htm") is None
    archive.close()


async def test_the_article_page_links_to_its_raw_copy(sample_sites, server, crawl):
    crawl("dantri")
    datasette = make_datasette(crawl.db)
    await datasette.invoke_startup()
    url = rows(crawl.db, "select url from articles limit 1")[0]["url"]
    article = await datasette.client.get(f"/archive/articles/{tilde_encode(url)}")
    assert f'href="/archive/-/page?url={quote(url)}"' in article.text
    raw = await datasette.client.get(f"/archive/-/page?url={quote(url)}")
    assert raw.status_code == 200 and raw.content == served(server, "dantri", url)
    assert raw.headers["content-type"].startswith("text/html") and "sandbox" in raw.headers["content-security-policy"]
    # A database copied without its WARC folder says so.
    for path in warc_folder(crawl.db).glob("*.warc.gz"):
        path.unlink()
    missing = await datasette.client.get(f"/archive/-/page?url={quote(url)}")
    assert missing.status_code == 404 and "WARC" in missing.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not PYWB.exists(), reason="pywb is not installed in .venv-pywb (.ci/run makes it)")
def test_pywb_replays_an_archived_article(sample_sites, server, crawl, tmp_path):
    crawl("dantri")
    url = rows(crawl.db, "select url from articles limit 1")[0]["url"]
    root = tmp_path / "pywb"
    root.mkdir()
    manager = PYWB.with_name("wb-manager")
    subprocess.run([str(manager), "init", "ansinh"], cwd=root, check=True, capture_output=True, timeout=120)
    files = sorted(map(str, warc_folder(crawl.db).glob("*.warc.gz")))
    subprocess.run([str(manager), "add", "ansinh", *files], cwd=root, check=True, capture_output=True, timeout=120)
    port = free_port()
    wayback = subprocess.Popen([str(PYWB), "-p", str(port), "-b", "127.0.0.1"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # id_: the page as archived, not rewritten for replay.
        replay = f"http://127.0.0.1:{port}/ansinh/2000id_/{url}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(replay) as response:
                    body = response.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        assert body == served(server, "dantri", url)
    finally:
        wayback.terminate()
        wayback.wait(timeout=30)


def test_a_crawls_warc_file_imported_into_an_empty_archive_gives_the_same_rows(server, crawl, tmp_path):
    """The files are WARC as other tools write them: ``ansinh import`` reads one back into the same articles,
    with no --mirror, as the records carry the sites' real URLs."""
    crawl("dantri")
    [file] = sorted(warc_folder(crawl.db).glob("*.warc.gz"))
    second = tmp_path / "second.db"
    result = subprocess.run([sys.executable, "-m", "ansinh", "import", "--db", str(second), "--quiet", str(file)],
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr

    def articles(db):
        return {row["url"]: {k: v for k, v in row.items() if k != "fetched"} for row in rows(db, "select * from articles")}

    crawled = articles(crawl.db)
    assert len(crawled) >= 30 and articles(second) == crawled
    assert rows(second, "select * from images order by article, position") == \
        rows(crawl.db, "select * from images order by article, position")

