"""Crawls against a misbehaving server: every fault is retried, recorded or refused, and said; nothing is lost."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import rows
from crawler.sites import load_sites

SITES = load_sites()
KEY = "laodongxahoi"  # no feeds: only its listings find its articles

# Runs the command given and exits as it did, its processes' peak memory (KiB) the last word on stderr.
PEAK_OF_CHILD = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def article_urls(sample, key=KEY) -> set[str]:
    return {SITES[key].canonical(SITES[key].base + a.path) for a in sample.articles}


def archived(db) -> set[str]:
    return {row["url"] for row in rows(db, "select url from articles")}


def last_run(db) -> dict:
    return rows(db, "select * from crawls order by id desc limit 1")[0]


def test_a_truncated_cache_entry_is_fetched_again_with_a_200(sample_sites, server, crawl):
    section = sample_sites[KEY].sections[0]
    crawl(KEY)
    # What a kill mid-write left with Scrapy's own storage: the listing's cached body, 0 bytes.
    bodies = list(Path(f"{crawl.db}.httpcache").rglob("response_body"))
    assert bodies
    for body in bodies:
        body.write_bytes(b"")
    server.requests.reset()
    crawl(KEY)
    # Never a 304 answered with the validators of a broken entry: the whole page again.
    assert server.requests.filter(KEY, path=section.url)[0].status == 200
    assert last_run(crawl.db)["status"] == "ok"


def test_a_cache_entry_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    from scrapy import Request, Spider
    from scrapy.http import HtmlResponse
    from scrapy.settings import Settings
    from scrapy.utils.test import get_crawler

    from crawler.httpcache import VerifiedCacheStorage

    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    spider = Spider.from_crawler(crawler, name="s")
    storage = VerifiedCacheStorage(Settings({"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True}))
    storage.open_spider(spider)
    request = Request("http://127.0.0.1/list")
    storage.store_response(spider, request, HtmlResponse(request.url, body=b"<a href=/1>old</a>", request=request))

    # A kill in the middle of writing the next version: the old entry is still the one served, whole.
    written = []
    original = storage._open

    def die_on_body(path, mode):
        if "w" in mode and Path(path).name == "response_body":
            written.append(path)
            raise KeyboardInterrupt("killed")
        return original(path, mode)

    monkeypatch.setattr(storage, "_open", die_on_body)
    with pytest.raises(KeyboardInterrupt):
        storage.store_response(spider, request, HtmlResponse(request.url, body=b"<a href=/2>new</a>", request=request))
    monkeypatch.setattr(storage, "_open", original)
    assert written and storage.retrieve_response(spider, request).body == b"<a href=/1>old</a>"
    # A body damaged on disk is a miss, not an empty page.
    entry = Path(storage._get_request_path(spider, request))
    (entry / "response_body").write_bytes(gzip.compress(b"<a href=/1>ol"))
    assert storage.retrieve_response(spider, request) is None


def test_a_cache_entry_is_compressed_at_the_fast_level_and_reads_back(tmp_path):
    from scrapy import Request, Spider
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.httpcache import VerifiedCacheStorage

    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    spider = Spider.from_crawler(crawler, name="s")
    storage = VerifiedCacheStorage(crawler.settings)
    storage.open_spider(spider)
    request = Request("http://127.0.0.1/list")
    body = "<a href=/1>Đắk Nông</a>".encode() * 500
    storage.store_response(spider, request, HtmlResponse(request.url, body=body, request=request))
    stored = (Path(storage._get_request_path(spider, request)) / "response_body").read_bytes()
    # The gzip header's XFL byte: 4 is the fastest level (written on the reactor thread), 2 the slowest.
    assert stored[:2] == b"\x1f\x8b" and stored[8] == 4
    assert storage.retrieve_response(spider, request).body == body


def test_a_failed_listing_page_is_asked_for_again_and_the_walk_completes(sample_sites, server, crawl):
    sample = sample_sites[KEY]
    page2 = sample.sections[0].path(2)
    server.fail(KEY, 500, prefix=page2)
    result = crawl(KEY, check=False)
    run = last_run(crawl.db)
    assert result.returncode == 1 and run["status"] == "partial"
    assert run["error"] == "1 listing page failed (HTTP 500 ×1)"
    [failure] = rows(crawl.db, "select * from failures")
    assert (failure["kind"], failure["page"], failure["walked"], failure["last_status"]) == ("listing", 2, 1, 500)
    assert archived(crawl.db) < article_urls(sample)
    server.clear_faults()
    crawl(KEY)
    assert archived(crawl.db) == article_urls(sample)
    assert rows(crawl.db, "select count(*) n from failures")[0]["n"] == 0
    assert last_run(crawl.db)["status"] == "ok"


def test_an_article_that_is_404_once_is_asked_for_again(sample_sites, server, crawl):
    sample = sample_sites[KEY]
    path = sample.articles[2].path
    server.fail(KEY, 404, prefix=path)
    assert crawl(KEY, check=False).returncode == 1
    assert last_run(crawl.db)["error"] == "1 article failed (HTTP 404 ×1)"
    server.clear_faults()
    crawl(KEY)
    assert archived(crawl.db) == article_urls(sample)
    assert server.requests.count(KEY, path=path) == 2


def test_a_failure_is_given_up_loudly_after_its_attempts(sample_sites, server, crawl):
    from archive.store import FAILURE_ATTEMPTS

    path = sample_sites[KEY].articles[2].path
    url = SITES[KEY].base + path
    server.fail(KEY, 410, prefix=path)
    crawl(KEY, check=False)
    # As if every earlier attempt but the last had been made, on earlier runs.
    sqlite = __import__("sqlite3").connect(crawl.db)
    sqlite.execute("update failures set attempts = ?, next_due = '2000-01-01T00:00:00+00:00'", [FAILURE_ATTEMPTS - 1])
    sqlite.commit()
    sqlite.close()
    result = crawl(KEY, check=False)
    assert f"1 given up after {FAILURE_ATTEMPTS} attempts" in last_run(crawl.db)["error"] in result.stdout
    [failure] = rows(crawl.db, "select * from failures")
    assert failure["given_up"] and failure["url"] == url
    assert f"health: {KEY}: 1 pages given up after failing" in result.stdout
    # Given up: not asked for again.
    server.requests.reset()
    crawl(KEY, check=False)
    assert server.requests.count(KEY, path=path) == 0


@pytest.mark.parametrize("kind, reason", [("redirect_loop", "redirect loop"), ("offsite", "offsite redirect"),
                                          ("gzip_bomb", "too large")])
def test_a_redirect_loop_an_offsite_redirect_and_a_gzip_bomb_are_failures(kind, reason, sample_sites, server,
                                                                           crawl):
    path = sample_sites[KEY].articles[1].path
    server.inject(KEY, kind, prefix=path)
    # The crawl run under a parent of its own, which reports the peak memory of the crawl's processes alone
    # (this process's children include every earlier test's, a browser among them).
    result = subprocess.run([sys.executable, "-c", PEAK_OF_CHILD, sys.executable, "-m", "ansinh", "crawl", KEY,
                             "--db", str(crawl.db), "--quiet", *server.mirror_args()],
                            capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    peak_kib = int(result.stderr.split()[-1])
    run = last_run(crawl.db)
    # Counted as what it is (a redirect loop is no robots.txt refusal), never stored as the site's article.
    assert result.returncode == 1 and run["error"] == f"1 article failed ({reason} ×1)"
    [failure] = rows(crawl.db, "select kind, reason from failures")
    assert failure == {"kind": "article", "reason": reason}
    assert SITES[KEY].base + path not in archived(crawl.db)
    # 1 GiB of zeros in a 1 MB body: refused at the body limit, and memory stays flat.
    assert peak_kib < 400 * 1024


@pytest.mark.parametrize("kind", ["windows_1258", "mislabelled_utf8"])
def test_pages_that_lie_about_their_charset_come_out_right(kind, sample_sites, server, crawl):
    sample = sample_sites[KEY]
    server.inject(KEY, kind, prefix="/")
    crawl(KEY)
    got = {row["url"]: row for row in rows(crawl.db, "select * from articles")}
    assert set(got) == article_urls(sample)
    for article in sample.articles:
        row, want = got[SITES[KEY].base + article.path], article.expected()
        assert (row["title"], row["text"]) == (want["title"], "\n\n".join(want["body"]))


def test_mojibake_is_a_failure_never_text(sample_sites, server, crawl):
    path = sample_sites[KEY].articles[0].path
    server.inject(KEY, "mojibake", prefix=path)
    crawl(KEY, check=False)
    assert last_run(crawl.db)["error"] == "1 article failed (unextractable ×1)"
    [page] = rows(crawl.db, "select error from pages where url = ?", [SITES[KEY].base + path])
    assert "mojibake" in page["error"]
    assert not [row for row in rows(crawl.db, "select text from articles") if "áº" in row["text"] or "Ã" in row["text"]]


def test_retry_after_is_honoured(sample_sites, server, crawl):
    section = sample_sites[KEY].sections[0]
    server.inject(KEY, "retry_after", prefix=section.url, times=1, status=503, delay=2)
    crawl(KEY)
    first, second = server.requests.filter(KEY, path=section.url)[:2]
    assert first.status == 503 and second.status == 200 and second.at - first.at >= 2


def test_a_robots_txt_that_answers_5xx_means_nothing_is_fetched(sample_sites, server, crawl):
    server.fail(KEY, 503, prefix="/robots.txt")
    result = crawl(KEY, check=False)
    assert result.returncode == 1
    assert {hit.path for hit in server.requests.filter(KEY)} == {"/robots.txt"}
    assert last_run(crawl.db)["status"] == "failed"
    assert {row["reason"] for row in rows(crawl.db, "select reason from failures")} == {"robots.txt unreachable"}


@pytest.mark.parametrize("kind", ["truncated", "drop", "status"])
def test_a_page_cut_off_or_dropped_once_is_retried_within_the_run(kind, sample_sites, server, crawl):
    sample = sample_sites[KEY]
    for article in sample.articles[:3]:
        server.inject(KEY, kind, prefix=article.path, times=1)
    crawl(KEY)
    assert archived(crawl.db) == article_urls(sample)
    assert last_run(crawl.db)["status"] == "ok"


def test_serve_never_changes_the_file(tmp_path):
    import sqlite3

    empty, foreign = tmp_path / "empty.db", tmp_path / "foreign.db"
    empty.write_bytes(b"")
    sqlite3.connect(foreign).executescript("create table notes (id integer primary key, body text); "
                                           "insert into notes (body) values ('x')")
    from archive.web import check_servable, make_datasette

    for path in (empty, foreign):
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        assert check_servable(path)  # served as it is, with a warning: it has no archive search
        datasette = make_datasette(path)
        import asyncio

        asyncio.run(datasette.invoke_startup())
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("url, allowed", [
    ("https://dantri.com.vn/an-sinh.htm", True),
    ("http://127.0.0.1:8101/an-sinh.htm", True),  # the mirror
    ("ftp://dantri.com.vn/x", False),
    ("file:///etc/passwd", False),
    ("http://example.org/x", False),
    ("http://127.0.0.1:22/", False),
    ("http://localhost:8101/", False),
    ("http://10.0.0.1/", False),
    ("http://[::1]:8101/", False),
    ("http://169.254.169.254/latest/meta-data/", False),
])
def test_nothing_leaves_the_site(url, allowed):
    from types import SimpleNamespace

    from scrapy import Request

    from crawler.middlewares import OffsiteRequest, SiteGuardMiddleware

    crawler = SimpleNamespace(spider=SimpleNamespace(site=SITES["dantri"]))
    guard = SiteGuardMiddleware(crawler, {"dantri.com.vn": "http://127.0.0.1:8101"})
    request = Request(url, meta={"redirect_urls": ["https://dantri.com.vn/a.htm"]})
    if allowed:
        assert guard.process_request(request) is None
    else:
        with pytest.raises(OffsiteRequest, match="offsite redirect"):
            guard.process_request(request)


@pytest.mark.parametrize("head, followed", [
    ('<meta http-equiv="refresh" content="0; url=/bai-moi.htm">', True),
    ("", False),
    # Where Scrapy's own middleware stops looking: past the first 4,096 characters.
    ("<!-- " + "x" * 5000 + ' --><meta http-equiv="refresh" content="0; url=/bai-moi.htm">', False),
])
def test_meta_refresh_is_read_from_the_head_without_decoding_the_page(head, followed):
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.middlewares import HeadMetaRefreshMiddleware
    from crawler.settings import DOWNLOADER_MIDDLEWARES

    html = f"<html><head>{head}<title>Bài cũ</title></head><body>{'<p>Người lao động được hỗ trợ.</p>' * 2000}"
    response = HtmlResponse("https://dantri.com.vn/bai-cu.htm", body=html.encode(),
                            headers={"Content-Type": "text/html; charset=utf-8"})
    request = Request(response.url)
    result = HeadMetaRefreshMiddleware.from_crawler(get_crawler()).process_response(request, response)
    if followed:
        assert isinstance(result, Request) and result.url == "https://dantri.com.vn/bai-moi.htm"
        assert result.meta["redirect_urls"] == [response.url]
    else:
        assert result is response
    # The page itself was never decoded on the reactor (an extraction worker decodes it).
    assert getattr(response, "_cached_ubody", None) is None
    assert DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
