"""End to end: `ansinh rescue` against a local Wayback Machine (CDX API and id_ captures of the sample sites)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest

from ansinh.samples import SampleSite, build_site
from archive import Archive
from conftest import ansinh, rows
from crawler.sites import get_site
from crawler.wayback import captured_at
from shared_pages import SEED_PATH, seed_article
from wayback_server import Capture, WaybackServer

LDXH = get_site("laodongxahoi")
MOLISA_SAMPLE = Path(__file__).parent / "samples" / "molisa"
# When the listings were captured, and (a few days later) the articles: a listing's links lead to a capture
# made at another time, which the Wayback Machine redirects to.
LISTED = "20230601120000"
CAPTURED = "20230605080000"
OLD = "20200115093000"
SOFT_404 = ('<html><head><title>Không tìm thấy trang</title></head><body><div class="col660"><h1>Không tìm thấy '
            'trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa. Mời bạn quay lại trang chủ để đọc '
            'các tin tức mới nhất của Báo Lao động và Xã hội.</p></div></body></html>').encode()


def captures_of(sample: SampleSite, listed: str = LISTED, captured: str = CAPTURED) -> list[Capture]:
    """Every listing page of the sample captured at ``listed``, every article page (others' too) at ``captured``."""
    base = sample.real_base
    pages = [Capture(listed, base + listing.path, sample.get(listing.path).body) for listing in sample.listings()]
    articles = [*sample.articles, *sample.foreign.values()]
    return pages + [Capture(captured, base + a.path, sample.get(a.path).body) for a in articles]


def rescue(wayback: WaybackServer, db: Path, *args: str, site: str = "laodongxahoi", delay: str = "0"):
    return ansinh("rescue", site, "--db", str(db), "--wayback", wayback.base, "--delay", delay, "--quiet", *args)


def stored(db: Path, site: str = "laodongxahoi") -> dict[str, dict]:
    return {row["url"]: row for row in rows(db, "select * from articles where site = ?", [site])}


@pytest.fixture(scope="module")
def traps():
    """A laodongxahoi sample whose captures hold every case: an article renamed (its listing links the old URL,
    captured as a 301 to the new one), one whose capture redirects to the home page, one whose capture is a
    soft 404, one never captured, and the real seed article captured only in 2020 and listed nowhere."""
    sample = build_site("laodongxahoi", articles=12, per_page=5)
    renamed, home, soft, missing = sample.articles[1:5]
    base = sample.real_base
    old_path = f"/ten-cu-cua-bai-{renamed.ident}.html"
    captures = []
    for capture in captures_of(sample):
        if capture.original in (base + home.path, base + soft.path, base + missing.path):
            continue
        if capture.timestamp == LISTED:
            capture.body = capture.body.replace((base + renamed.path).encode(), (base + old_path).encode())
        captures.append(capture)
    captures += [
        Capture(LISTED, base + old_path, status=301, location=base + renamed.path),
        Capture(CAPTURED, base + home.path, status=302, location=base + "/"),
        Capture(CAPTURED, base + "/", "<html><body><h1>Trang chủ</h1><p>Tin mới</p></body></html>".encode()),
        Capture(CAPTURED, base + soft.path, SOFT_404),
        Capture(OLD, base + SEED_PATH, seed_article().encode()),
    ]
    cases = {"renamed": renamed, "old": base + old_path, "home": home, "soft": soft, "missing": missing}
    return sample, cases, captures


@pytest.fixture(scope="module")
def rescued(traps, tmp_path_factory):
    """The traps rescued with --from 2023-01-01, from a CDX that answers 7 rows at a time (a resumption key
    brings the rest)."""
    db = tmp_path_factory.mktemp("rescue") / "archive.db"
    with WaybackServer(traps[2], page_size=7) as wayback:
        result = rescue(wayback, db, "--from", "2023-01-01")
    return db, wayback, result


def test_articles_found_through_the_cdx_listings_are_rescued_under_their_original_urls(traps, rescued):
    sample, cases, _ = traps
    db, wayback, result = rescued
    assert result.returncode == 1, result.stderr  # partial: two captures could not be had
    lost = {cases[name].path for name in ("home", "soft", "missing")}
    expected = {LDXH.canonical(sample.real_base + a.path): a for a in sample.articles if a.path not in lost}
    got = stored(db)
    # Other sections' articles, captured too and found by the CDX's domain query, are left out.
    assert set(got) == set(expected)
    for url, article in expected.items():
        row, want = got[url], article.expected()
        assert (row["title"], row["sapo"], row["author"], row["category"]) == \
               (want["title"], want["sapo"], want["author"], want["category"]), url
        assert row["text"] == "\n\n".join(want["body"]), url
        assert row["published"] == want["published"], url
        # Provenance: from the Wayback Machine, captured when the article capture was made.
        assert row["source"] == "wayback" and row["captured"] == "2023-06-05T08:00:00+00:00", url
    run = rows(db, "select * from crawls")[0]
    assert run["status"] == "partial" and run["new"] == len(expected) and run["failed"] == 2


def test_the_captures_go_into_the_warc_files_like_any_response(rescued):
    db, wayback, _ = rescued
    archive = Archive(db, readonly=True)
    try:
        for url, row in stored(db).items():
            # The record is the capture as the Wayback Machine served it, under the address it was fetched from.
            raw = archive.raw_page(url)
            assert raw is not None and "/web/" in raw.url and raw.url.endswith(url.split("://", 1)[1]), url
            assert row["title"].encode() in raw.payload, url
    finally:
        archive.close()


def test_listings_come_from_the_cdx_and_captures_are_fetched_as_id_(traps, rescued):
    sample, _, _ = traps
    db, wayback, _ = rescued
    cdx = wayback.paths("/cdx/search/cdx?")
    for section in LDXH.sections:
        assert any("matchType=prefix" in path and "collapse=digest" in path
                   and urlencode({"url": section.url}) in path for path in cdx), section.url
    assert all("filter=statuscode%3A200" in path and "output=json" in path and "from=20230101" in path
               for path in cdx)
    # Every listing page's capture was read, as original bytes.
    for listing in sample.listings():
        assert f"/web/{LISTED}id_/{sample.real_base}{listing.path}" in wayback.paths(), listing.path
    assert all(path.startswith(("/cdx/", "/web/", "/robots.txt")) for path in wayback.paths())
    assert all("id_/" in path for path in wayback.paths("/web/"))


def test_a_cdx_answer_cut_short_is_resumed(rescued):
    db, wayback, _ = rescued
    resumed = [path for path in wayback.paths("/cdx/") if "resumeKey=" in path]
    assert len(resumed) >= 2
    # The key went back as the CDX gave it (URL-encoded once), and the query's other parameters with it.
    assert all("matchType=domain" in path or "matchType=prefix" in path for path in resumed)
    assert any("resumeKey=net%2Claodongxahoi%29" in path for path in resumed)


def test_redirecting_captures_are_followed_or_skipped(traps, rescued):
    sample, cases, _ = traps
    db, wayback, _ = rescued
    base, renamed = sample.real_base, cases["renamed"]
    # The listing links the old URL, captured as a 301: followed to the new one, stored under it alone.
    assert f"/web/{LISTED}id_/{cases['old']}" in wayback.paths()
    assert LDXH.canonical(base + renamed.path) in stored(db) and LDXH.canonical(cases["old"]) not in stored(db)
    # A capture made at another time than asked: the Wayback Machine's 302 to the nearest one is followed.
    assert (f"/web/{LISTED}id_/{base}{renamed.path}", 302) in [(p, s) for p, s, _ in wayback.hits]
    # A capture that redirects to the home page is no article: skipped, not stored, not a failure.
    assert LDXH.canonical(base + cases["home"].path) not in stored(db)
    assert f"/web/{CAPTURED}id_/{base}/" in wayback.paths()
    assert not [row for row in rows(db, "select * from failures") if row["url"].endswith(f"{base}/")]


def test_error_pages_are_failures_not_articles(traps, rescued):
    sample, cases, _ = traps
    db, wayback, _ = rescued
    base = sample.real_base
    failures = {row["url"]: row for row in rows(db, "select * from failures")}
    soft = f"{wayback.base}/web/{CAPTURED}id_/{base}{cases['soft'].path}"
    missing = f"{wayback.base}/web/{LISTED}id_/{base}{cases['missing'].path}"
    assert failures[soft]["reason"] == "not an article" and failures[soft]["kind"] == "wayback"
    assert failures[missing]["reason"] == "HTTP 404" and failures[missing]["last_status"] == 404
    assert set(failures) == {soft, missing}
    for case in ("soft", "missing"):
        assert LDXH.canonical(base + cases[case].path) not in stored(db)
    assert not rows(db, "select * from pages where url like '%web.archive%' or url like '%127.0.0.1%'")


def test_from_and_to_bound_the_captures(traps, rescued, tmp_path):
    _, _, captures = traps
    db, _, _ = rescued
    seed = LDXH.canonical("http://laodongxahoi.net" + SEED_PATH)
    # Captured in 2020 only: out of --from 2023-01-01.
    assert seed not in stored(db)
    only_2020 = tmp_path / "2020.db"
    with WaybackServer(captures) as wayback:
        result = rescue(wayback, only_2020, "--to", "31/12/2020")
    assert result.returncode == 0, result.stderr
    assert all("to=20201231" in path for path in wayback.paths("/cdx/"))
    [row] = stored(only_2020).values()
    assert row["url"] == seed and row["captured"] == captured_at(OLD) == "2020-01-15T09:30:00+00:00"
    assert row["title"] == "Ninh Thuận: Ký kết thực hiện chương trình giảm nghèo bền vững năm 2023"
    assert row["author"] == "Mỹ Linh" and row["category"] == "An sinh xã hội"


def test_requests_to_the_wayback_machine_keep_the_delay(tmp_path):
    sample = SampleSite(MOLISA_SAMPLE, articles=6, per_page=5)
    with WaybackServer(captures_of(sample, listed=CAPTURED)) as wayback:
        result = rescue(wayback, tmp_path / "archive.db", site="molisa", delay="0.4")
    assert result.returncode == 0, result.stderr
    times = sorted(at for _, _, at in wayback.hits)
    assert len(times) >= 10
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # Measured where the requests arrive: on a loaded machine a request may be logged late, shortening the next
    # gap, never the pace (without the delay, gaps here are about 0.05 s).
    assert min(gaps) >= 0.4 * 0.5 and (times[-1] - times[0]) / len(gaps) >= 0.4 * 0.95, gaps


def test_molisa_can_only_be_rescued(tmp_path):
    result = ansinh("crawl", "molisa", "--db", str(tmp_path / "archive.db"))
    assert result.returncode == 2
    assert result.stderr.strip() == ("ansinh: error: molisa is gone and can only be rescued from the Internet "
                                     "Archive: ansinh rescue molisa")
    sample = SampleSite(MOLISA_SAMPLE, articles=14, per_page=5)
    db = tmp_path / "archive.db"
    with WaybackServer(captures_of(sample)) as wayback:
        result = rescue(wayback, db, site="molisa")
    assert result.returncode == 0, result.stderr
    site = get_site("molisa")
    names = {section.url: section.name for section in site.sections}
    got = stored(db, "molisa")
    assert set(got) == {site.canonical(sample.real_base + a.path) for a in sample.articles}
    for article in sample.articles:
        row, want = got[site.canonical(sample.real_base + article.path)], article.expected()
        assert (row["title"], row["sapo"], row["author"], row["published"]) == \
               (want["title"], want["sapo"], want["author"], want["published"])
        # The page does not name its section: a listing that lists it does.
        assert row["category"] in {names[site.base + url] for url in article.sections}
        assert row["text"] == "\n\n".join(want["body"]) and row["source"] == "wayback"
    assert "molisa" in result.stdout and "ok" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["nosuchsite"], "unknown site 'nosuchsite'; the sites are: bhxh, dansinh, dantri, laodongxahoi, "
                     "laodongxahoi_tcnnld, moha, molisa, tcnnld"),
    (["molisa", "--from", "31/02/2023"], "not a date: '31/02/2023' (day is out of range for month)"),
    (["molisa", "--to", "last week"], "not a date: 'last week'; write it 2023-01-31 or 31/01/2023 (or 2023-01, 2023)"),
    (["molisa", "--from", "2024", "--to", "2023-12-31"], "--from 2024 is after --to 2023-12-31"),
    (["molisa", "--wayback", "web.archive.org"], "--wayback takes the Wayback Machine's base URL, like "
                                                 "https://web.archive.org; got 'web.archive.org'"),
])
def test_a_users_mistake_is_one_line(args, message, tmp_path):
    result = ansinh("rescue", *args, "--db", str(tmp_path / "archive.db"))
    assert result.returncode == 2 and result.stderr == f"ansinh: error: {message}\n"
    assert not (tmp_path / "archive.db").exists()


# Crawl first, rescue second: one row per article, and the live page wins.


@pytest.fixture
def live_and_wayback(sample_sites, server, crawl):
    with WaybackServer(captures_of(sample_sites["laodongxahoi"])) as wayback:
        yield sample_sites["laodongxahoi"], wayback, crawl


def test_a_rescue_after_a_crawl_keeps_the_live_rows(live_and_wayback):
    sample, wayback, crawl = live_and_wayback
    crawl("laodongxahoi")
    live = stored(crawl.db)
    result = rescue(wayback, crawl.db)
    assert result.returncode == 0, result.stderr
    assert stored(crawl.db) == live
    assert {row["source"] for row in live.values()} == {"live"} and len(live) == len(sample.articles)
    # What the archive has from the site itself is not even asked of the Wayback Machine.
    articles = {sample.real_base + a.path for a in sample.articles}
    assert not [path for path in wayback.paths("/web/") if path.split("id_/", 1)[1] in articles]


def test_a_crawl_after_a_rescue_replaces_the_rescued_rows(live_and_wayback):
    sample, wayback, crawl = live_and_wayback
    assert rescue(wayback, crawl.db).returncode == 0
    rescued_rows = stored(crawl.db)
    assert {row["source"] for row in rescued_rows.values()} == {"wayback"} and len(rescued_rows) == len(sample.articles)
    crawl("laodongxahoi")
    live = stored(crawl.db)
    assert set(live) == set(rescued_rows)
    assert {(row["source"], row["captured"]) for row in live.values()} == {("live", None)}
    # The live crawl fetched every rescued article from the site.
    assert rows(crawl.db, "select new, articles_fetched from crawls order by id desc limit 1")[0]["articles_fetched"] \
        == len(sample.articles)


def test_the_archive_never_lets_a_capture_replace_a_live_row(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    url = "http://laodongxahoi.net/bai-viet-1234567.html"
    article = {"url": url, "site": "laodongxahoi", "title": "Trực tiếp", "text": "Bản trên trang."}
    assert archive.store_page(url, "laodongxahoi", b"live", article=article) == "new"
    capture = {**article, "title": "Bản lưu", "source": "wayback", "captured": "2023-06-05T08:00:00+00:00"}
    assert archive.store_page(url, "laodongxahoi", b"capture", article=capture) == "unchanged"
    assert archive.article(url)["title"] == "Trực tiếp" and archive.article(url)["source"] == "live"
    known = archive.known_urls("laodongxahoi")
    assert url in known and "http://laodongxahoi.net/khac-7654321.html" not in known
    archive.close()


def test_an_archive_from_before_rescues_is_all_live(tmp_path):
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "old.db")
    db["articles"].insert({"url": "http://laodongxahoi.net/a-1234567.html", "site": "laodongxahoi", "title": "A",
                           "text": "B", "published": None, "fetched": "2024-01-01T00:00:00+00:00"}, pk="url")
    db.close()
    archive = Archive(tmp_path / "old.db")
    assert archive.article("http://laodongxahoi.net/a-1234567.html")["source"] == "live"
    archive.close()


# The Wayback Machine's formats, as pure functions.

# The CDX API's documented answer to `url=archive.org&limit=5&showResumeKey=true&output=json`, shortened.
DOCUMENTED = b'''[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
 ["org,archive)/", "19970126045828", "http://www.archive.org:80/", "text/html", "200", "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY", "1415"],
 ["org,archive)/", "19971011050034", "http://www.archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1402"],
 [],
 ["org%2Carchive%29%2F+19980109140106%21"]]'''


def test_a_documented_cdx_answer_is_read():
    from crawler.wayback import cdx_query, parse_cdx

    found, key = parse_cdx(DOCUMENTED)
    assert key == "org%2Carchive%29%2F+19980109140106%21"
    assert [(row["timestamp"], row["original"], row["statuscode"]) for row in found] == [
        ("19970126045828", "http://www.archive.org:80/", "200"), ("19971011050034", "http://www.archive.org:80/", "200")]
    assert parse_cdx(DOCUMENTED.replace(b' [],\n ["org%2Carchive%29%2F+19980109140106%21"]', b'').replace(
        b'1402"],\n', b'1402"]\n')) == (found, None)
    assert parse_cdx(b"[]") == ([], None) and parse_cdx(b"") == ([], None)
    for broken in (b"<html>rate limited</html>", b'{"error": "x"}', b'[["a","b"],["1","2"]]'):
        with pytest.raises(ValueError):
            parse_cdx(broken)
    # The key goes back as the API gave it.
    assert cdx_query("https://web.archive.org", "archive.org", "exact", "urlkey", resume_key=key).endswith(
        "&resumeKey=org%2Carchive%29%2F+19980109140106%21")


@pytest.mark.parametrize("address, capture", [
    ("https://web.archive.org/web/20190301000000id_/http://laodongxahoi.net/a-1234567.html",
     ("20190301000000", "http://laodongxahoi.net/a-1234567.html")),
    ("http://127.0.0.1:9/web/2019id_/http:/www.molisa.gov.vn/Pages/tintuc/chitiet.aspx?tintucID=1",
     ("2019", "http://www.molisa.gov.vn/Pages/tintuc/chitiet.aspx?tintucID=1")),
    ("https://web.archive.org/web/20190301000000/http://laodongxahoi.net/", None),
    ("http://laodongxahoi.net/a-1234567.html", None),
])
def test_capture_addresses(address, capture):
    from crawler.wayback import parse_capture_url

    assert parse_capture_url(address) == capture


@pytest.mark.parametrize("text, day", [
    ("2023-01-31", "20230131"), ("31/01/2023", "20230131"), ("1/2/2023", "20230201"), ("31-01-2023", "20230131"),
    ("2023-01", "202301"), ("2023", "2023"), (" 2023-1-5 ", "20230105"),
])
def test_days_as_users_write_them(text, day):
    from crawler.wayback import cdx_day

    assert cdx_day(text) == day


@pytest.mark.parametrize("text", ["2023-13-01", "29/02/2023", "01/31/2023", "yesterday", "2023/01/31", ""])
def test_what_is_not_a_day(text):
    from crawler.wayback import cdx_day

    with pytest.raises(ValueError, match="not a date"):
        cdx_day(text)
