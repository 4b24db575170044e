"""End to end: `ansinh crawl --mirror` against sample sites in the real markup, served on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest

from conftest import ansinh, rows
from sample_traps import traps as traps_of
from crawler.sites import load_sites
from shared_pages import SEED_PATH, seed_article

SITES = load_sites()


def archived(db, site=None) -> dict[str, dict]:
    where, params = ("where site = ?", [site]) if site else ("", [])
    return {row["url"]: row for row in rows(db, f"select * from articles {where}", params)}


def test_every_article_of_every_site_comes_out_right(sample_sites, server, crawl):
    result = crawl()
    assert "laodongxahoi" in result.stdout
    assert {run["status"] for run in rows(crawl.db, "select status from crawls")} == {"ok"}
    for key, sample in sample_sites.items():
        site = SITES[key]
        got = archived(crawl.db, key)
        expected = {site.canonical(site.base + a.path): a for a in sample.articles}
        assert set(got) == set(expected), key
        for url, article in expected.items():
            row, want = got[url], article.expected()
            assert row["title"] == want["title"], url
            assert row["sapo"] == want["sapo"], url
            assert row["text"] == "\n\n".join(want["body"]), url
            assert row["author"] == want["author"], url
            assert row["category"] == want["category"], url
            assert json.loads(row["tags"]) == want["tags"], url
            if article.published_has_time:
                assert row["published"] == want["published"], url
            else:
                assert row["published"][:10] == want["published"][:10], url
            assert row["published_source"] and row["author_source"] and row["text_source"]


def test_afternoon_times_and_decomposed_text(sample_sites, server, crawl):
    crawl("laodongxahoi", "dantri")
    got = archived(crawl.db, "laodongxahoi")
    afternoon = [row for row in got.values() if int(row["published"][11:13]) >= 12]
    assert afternoon, "the sample has PM times"
    nfd = traps_of(sample_sites["dantri"]).nfd
    assert nfd
    for path in nfd:
        row = archived(crawl.db, "dantri")[SITES["dantri"].base + path]
        assert row["text"] == "\n\n".join(sample_sites["dantri"].article(path).body)


def test_duplicates_and_off_section_links(sample_sites, server, crawl):
    crawl()
    for key, sample in sample_sites.items():
        traps, base = traps_of(sample), SITES[key].base
        got = archived(crawl.db, key)
        # Linked from two listing pages (or two sections, or by another spelling): fetched once, stored once.
        for path, listings in traps.duplicate.items():
            assert len(listings) >= 2
            assert server.requests.count(key, path=path) == 1, path
        for path in traps.cross_section:
            assert server.requests.count(key, path=path) == 1, path
        for path, spellings in traps.link_variants.items():
            assert SITES[key].canonical(base + path) in got
        # Never archived, and never even fetched: other sections, tags, authors, videos; robots.txt's no.
        for path in traps.off_section + traps.noise + traps.disallowed:
            assert server.requests.count(key, path=path) == 0, path
            assert SITES[key].canonical(base + path) not in got
    assert rows(crawl.db, "select count(*) n from images")[0]["n"] > 0
    # Every fetched article's raw page is kept.
    pages = rows(crawl.db, "select count(*) n from pages where status = 200")[0]["n"]
    assert pages == len(archived(crawl.db))


def test_the_seed_article_crawled(sample_sites, server, crawl):
    sample = sample_sites["laodongxahoi"]
    page = seed_article()
    article = sample.new_article("Ninh Thuận: Ký kết thực hiện chương trình giảm nghèo bền vững năm 2023", ["x"],
                                 sapo="x", author="Mỹ Linh", published="2023-03-23T11:11:00+07:00",
                                 path=SEED_PATH)
    sample.add_article(article, page=2, html=page)
    crawl("laodongxahoi")
    row = archived(crawl.db, "laodongxahoi")["http://laodongxahoi.net" + SEED_PATH]
    assert row["title"] == "Ninh Thuận: Ký kết thực hiện chương trình giảm nghèo bền vững năm 2023"
    assert row["published"] == "2023-03-23T11:11:00+07:00"
    assert row["author"] == "Mỹ Linh" and row["category"] == "An sinh xã hội"
    assert json.loads(row["tags"]) == ["ký kết thực hiện chương trình giảm nghèo bền vững năm 2023"]
    assert row["sapo"].startswith("(LĐXH)- Tại Hội nghị trực tuyến")
    assert "Vì một Ninh Thuận không còn người nghèo" in row["text"]


def test_second_crawl_adds_no_duplicates(server, crawl):
    crawl()
    first = archived(crawl.db)
    crawl("--full")
    assert archived(crawl.db).keys() == first.keys()
    runs, count = rows(crawl.db, "select * from crawls order by id"), len(server.mirrors())
    assert len(runs) == 2 * count
    assert all(run["new"] == 0 and run["status"] == "ok" for run in runs[count:])
    assert sum(run["unchanged"] for run in runs[count:]) == len(first)


def test_max_pages(server, crawl):
    crawl("dantri", "--max-pages", "1")
    run = rows(crawl.db, "select * from crawls")[0]
    assert run["listing_pages"] == len(SITES["dantri"].sections)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_site_that_does_not_answer(server, tmp_path):
    db = tmp_path / "archive.db"
    # The last --mirror of a site wins: bhxh's points at a port where nothing listens.
    result = ansinh("crawl", *server.mirrors(), "--db", str(db), "--quiet", *server.mirror_args(),
                    "--mirror", f"bhxh=http://127.0.0.1:{free_port()}")
    assert result.returncode == 1
    runs = {run["site"]: run for run in rows(db, "select * from crawls")}
    assert runs["bhxh"]["status"] == "failed" and "bhxh" in result.stdout
    assert runs["bhxh"]["error"]
    for key in ("dantri", "dansinh", "laodongxahoi"):
        assert runs[key]["status"] == "ok" and runs[key]["new"] == 30


@pytest.mark.parametrize(
    "args, message",
    [
        (["crawl", "nosuchsite"], "unknown site 'nosuchsite'; the sites are: bhxh, dansinh, dantri, laodongxahoi, "
                                   "laodongxahoi_tcnnld, moha, molisa, tcnnld"),
        (["crawl", "--mirror", "dantri"], "--mirror takes SITE=URL"),
        (["crawl", "--mirror", "dantri=ftp://x"], "--mirror takes SITE=URL"),
        (["crawl", "--mirror", "nosuch=http://127.0.0.1:1"], "--mirror names unknown site 'nosuch'"),
        (["crawl", "--db", "/proc/no/archive.db"], "cannot write the archive /proc/no/archive.db"),
        (["schedule", "--every", "soon"], "not a period"),
        (["schedule", "--cron", "every day"], "not a cron expression"),
        (["schedule", "--cron", "0 0 30 2 *"], "the cron expression '0 0 30 2 *' never fires"),
        (["crawl", "--mirror", "dantri=http://[::1"], "--mirror takes SITE=URL"),
        (["crawl", "--mirror", "dantri=http://127.0.0.1:port"], "--mirror takes SITE=URL"),
        (["crawl", "--refresh-days", "nan"], "--refresh-days takes a number of days; got nan"),
        (["crawl", "--db", "{file}/archive.db"], "cannot write the archive"),
        (["crawl", "--db", "{foreign}"], "another application's SQLite database"),
        (["crawl", "--db", "{corrupt}"], "is not a SQLite database"),
        (["serve", "--db", "{corrupt}"], "is not a SQLite database"),
    ],
)
def test_wrong_input_is_one_line_and_status_2(args, message, tmp_path):
    # A file where a folder should be, another application's database, and a file that is no database at all.
    (tmp_path / "file").write_text("x")
    sqlite3.connect(tmp_path / "foreign.db").executescript("create table articles (id integer primary key, body)")
    (tmp_path / "corrupt.db").write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    files = {name: str(tmp_path / f"{name}.db") for name in ("foreign", "corrupt")} | {"file": str(tmp_path / "file")}
    before = {path: Path(path).read_bytes() for path in files.values()}
    result = ansinh(*[arg.format(**files) for arg in args], cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    # Left exactly as they were.
    assert {path: Path(path).read_bytes() for path in files.values()} == before


def test_sites_lists_sections():
    result = ansinh("sites")
    assert result.returncode == 0
    for site in SITES.values():
        assert site.key in result.stdout
        for section in site.sections:
            assert section.url in result.stdout


def test_a_broken_page_is_kept_raw_counted_and_the_crawl_goes_on(sample_sites, server, crawl):
    broken = sample_sites["dantri"].articles[3].path
    server.fail("dantri", status=200, prefix=broken)
    result = crawl("dantri", check=False)
    url = SITES["dantri"].base + broken
    [page] = rows(crawl.db, "select * from pages where url = ?", [url])
    assert page["error"] and page["warc_file"]
    assert not rows(crawl.db, "select 1 from articles where url = ?", [url])
    [run] = rows(crawl.db, "select * from crawls")
    # The crawl went on, and says what it missed: partial, exit 1.
    assert result.returncode == 1
    assert run["status"] == "partial" and run["failed"] == 1
    assert run["error"] == "1 article failed (unextractable ×1)" and run["error"] in result.stdout
    assert run["new"] == len(sample_sites["dantri"].articles) - 1
    [failure] = rows(crawl.db, "select * from failures")
    assert failure["url"] == url and failure["attempts"] == 1 and failure["kind"] == "article"
    # Asked for again on the next run: the page is whole now, and the failure is gone.
    server.clear_faults()
    crawl("dantri")
    assert rows(crawl.db, "select 1 from articles where url = ?", [url])
    assert rows(crawl.db, "select error from pages where url = ?", [url]) == [{"error": None}]
    assert rows(crawl.db, "select count(*) n from failures")[0]["n"] == 0
