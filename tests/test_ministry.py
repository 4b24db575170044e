"""The ministry's family: tcnnld.vn (next pages only from a JavaScript button, read through the endpoint behind
it), laodongxahoi.tcnnld.vn (markup partly unknown: fallbacks carry it) and moha.gov.vn (rendered by script, read
through the browser). Each is a seed and a sample folder, served on 127.0.0.1 and crawled through ``--mirror``.

The browser tests need scrapy-playwright (``pip install '.[browser]'``) and Debian's chromium; without them they
are skipped, except under CI (CI set), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from parsel import Selector

from ansinh.samples import build_site, serve
from archive import Archive
from conftest import ansinh, rows
from crawler.browser import missing
from crawler.sites import get_site
from sample_traps import traps as traps_of

LACKING = missing()
needs_browser = pytest.mark.skipif(LACKING is not None and not os.environ.get("CI"),
                                   reason=f"the browser path cannot run: {LACKING}")


def archived(db, key: str) -> dict[str, dict]:
    return {row["url"]: row for row in rows(db, "select * from articles where site = ?", [key])}


def assert_every_article_right(db, key: str, sample) -> None:
    """Every article of the sample stored once, with the fields it shows."""
    site = get_site(key)
    got = archived(db, key)
    urls = [row["url"] for row in rows(db, "select url from articles where site = ?", [key])]
    assert len(urls) == len(set(urls))
    assert set(got) == {site.canonical(site.base + a.path) for a in sample.articles}
    for article in sample.articles:
        row, want = got[site.canonical(site.base + article.path)], article.expected()
        assert (row["title"], row["sapo"], row["author"], row["published"], row["category"]) == (
            want["title"], want["sapo"], want["author"], want["published"], want["category"]), article.path
        assert row["text"] == "\n\n".join(want["body"]), article.path
        assert json.loads(row["tags"]) == want["tags"]


def test_the_next_page_of_tcnnld_comes_only_from_a_button(tmp_path):
    sample = build_site("tcnnld", articles=34)
    section = sample.sections[0]
    first = Selector(text=sample.get(section.url).text)
    # No link leads to page 2: only a button, whose script asks the endpoint the seed names.
    endpoint = section.pages.split("{page}")[0]
    assert first.css("#next-page i.fa-step-forward") and first.css("#next-page::attr(href)").get() == "javascript:void(0)"
    assert not [href for href in first.css("a::attr(href)").getall() if endpoint in href]
    assert endpoint in first.css("script::text").get()
    last = sample.last_page(section)
    assert last == 4

    db = tmp_path / "archive.db"
    with serve({"tcnnld": sample}) as server:
        result = ansinh("crawl", "tcnnld", "--db", str(db), "--quiet", *server.mirror_args())
        assert result.returncode == 0, result.stderr
        assert_every_article_right(db, "tcnnld", sample)
        # Every page the button would show was read from the endpoint, with plain requests, past the last too.
        asked = server.requests.paths("tcnnld", prefix=endpoint)
        assert [section.pages.format(page=n) for n in range(2, last + 1)] == asked[:last - 1]
        assert all(server.requests.count("tcnnld", path=a.path) == 1 for a in sample.articles)
        # Other categories share the article URLs; only the listing's group tells them apart.
        traps = traps_of(sample)
        assert traps.off_section and traps.noise
        for path in traps.off_section + traps.noise:
            assert server.requests.count("tcnnld", path=path) == 0, path
    assert {row["category"] for row in rows(db, "select category from articles")} == {"Cải cách tiền lương"}
    sources = rows(db, "select distinct title_source, sapo_source, text_source, author_source, published_source "
                       "from articles")
    assert sources == [{"title_source": "selector", "sapo_source": "selector", "text_source": "selector",
                        "author_source": "selector", "published_source": "selector"}]


def test_laodongxahoi_tcnnld_falls_back_where_its_markup_is_unknown_and_check_says_so(tmp_path):
    sample = build_site("laodongxahoi_tcnnld", articles=25)
    db = tmp_path / "archive.db"
    with serve({"laodongxahoi_tcnnld": sample}) as server:
        result = ansinh("crawl", "laodongxahoi_tcnnld", "--db", str(db), "--quiet", *server.mirror_args())
        assert result.returncode == 0, result.stderr
        assert_every_article_right(db, "laodongxahoi_tcnnld", sample)
        assert all(re.fullmatch(r"/pages/detail/\d+/[\w-]+\.html", a.path) for a in sample.articles)
        checked = ansinh("check", "laodongxahoi_tcnnld", "--mirror", server.mirror_args()[1], "--articles", "2")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    rows_ = rows(db, "select distinct title_source, sapo_source, published_source, author_source from articles")
    assert rows_ == [{"title_source": "meta", "sapo_source": "meta", "published_source": "meta",
                      "author_source": "selector"}]
    # The check names the seed's selectors that found nothing and the source that carried each field.
    out = checked.stdout
    for missed in ("title: h1.titleMain", "sapo: div.noidung.fwd.fwb p", "published: div.thongke-ngay span"):
        assert missed in out
    for field, source in (("title", "meta"), ("published", "meta"), ("text", "selector"), ("author", "selector")):
        assert re.search(rf"^\s*{field}\b.*\b{source}\b", out, re.MULTILINE), (field, source, out)


def test_moha_without_a_browser_shows_nothing_to_read(tmp_path):
    sample = build_site("moha", articles=12)
    listing = Selector(text=sample.get(sample.sections[0].url).text)
    article = Selector(text=sample.get(sample.articles[0].path).text)
    # The shell: no link to an article, no headline and no body until the script has run.
    assert not [h for h in listing.css("a::attr(href)").getall() if "---oid" in h]
    assert not article.css("#news_details, #show_content, h1")
    assert sample.articles[0].title in article.css("script#page-data::text").get()


def test_a_browser_site_is_left_out_or_refused_where_the_browser_cannot_run(tmp_path):
    env = {**os.environ, "ANSINH_CHROMIUM": str(tmp_path / "no-chromium")}
    named = ansinh("crawl", "moha", "--db", str(tmp_path / "a.db"), env=env)
    assert named.returncode == 2
    [line] = named.stderr.strip().splitlines()
    assert line.startswith("ansinh: error: moha is read through a browser, and ") and "chromium" in line
    sites = [key for key in ("tcnnld", "laodongxahoi_tcnnld")]
    with serve({key: build_site(key, articles=6) for key in sites}) as server:
        everything = ansinh("crawl", *sites, "--db", str(tmp_path / "b.db"), "--quiet", *server.mirror_args(),
                            env=env)
    assert everything.returncode == 0 and "moha" not in everything.stderr


@needs_browser
def test_moha_is_rendered_in_the_browser_and_crawled_end_to_end(tmp_path):
    sample = build_site("moha", articles=22)
    db = tmp_path / "archive.db"
    with serve({"moha": sample}) as server:
        result = ansinh("crawl", "moha", "--db", str(db), "--quiet", *server.mirror_args(), timeout=400)
        assert result.returncode == 0, result.stderr
        assert_every_article_right(db, "moha", sample)
        # robots.txt is asked for as for any site, by a plain request; each article is fetched once.
        assert server.requests.count("moha", path="/robots.txt") == 1
        assert all(server.requests.count("moha", path=a.path) == 1 for a in sample.articles)
        # The browser fetches what the page needs from the site, but no image; other news is never opened.
        assert server.requests.count("moha", prefix="/Media_Share/BoNoiVu/PublishingImages") == 0
        for path in traps_of(sample).off_section + traps_of(sample).noise:
            assert server.requests.count("moha", path=path) == 0
    # The archive keeps the page as rendered: the article's elements are in its WARC record.
    archive = Archive(db, readonly=True)
    kept = [archive.raw_page(page["url"]) for page in rows(db, "select url from pages where status = 200")]
    archive.close()
    assert kept and all(b'<div id="show_content">' in page.payload for page in kept)


@needs_browser
def test_browser_contexts_are_recycled_within_the_bounds(tmp_path):
    sample = build_site("moha", articles=30)
    db = tmp_path / "archive.db"
    script = ("import sys; from pathlib import Path; from archive import Archive; from crawler.run import run_crawls; "
              "from crawler.sites import get_site; Archive(sys.argv[1]).close(); "
              "rows = run_crawls([get_site('moha')], Path(sys.argv[1]), mirrors={'moha': sys.argv[2]}, "
              "ANSINH_BROWSER_PAGES_PER_CONTEXT=5, LOG_LEVEL='INFO'); print(rows[0]['status'])")
    with serve({"moha": sample}) as server:
        result = subprocess.run([sys.executable, "-c", script, str(db), server.url("moha")], capture_output=True,
                                text=True, timeout=400, stdin=subprocess.DEVNULL)
    assert result.stdout.strip() == "ok", result.stderr[-3000:]
    stats = {name: int(value) for name, value in re.findall(r"'(playwright/[\w/]+)': (\d+)", result.stderr)}
    pages = stats["playwright/page_count"]
    # Every article, every listing page and the two empty ones past the last that confirm the end.
    assert pages == len(sample.articles) + sample.last_page(sample.sections[0]) + 2
    # A fresh context every 5 pages, never more than two at a time, four pages at a time in each.
    assert stats["playwright/context_count"] == -(-pages // 5)
    assert stats["playwright/context_count/max_concurrent"] <= 2
    assert stats["playwright/page_count/max_concurrent"] <= 8
    assert len(archived(db, "moha")) == len(sample.articles)


@needs_browser
def test_a_killed_browser_crawl_is_completed_by_the_next_run(tmp_path):
    sample = build_site("moha", articles=24)
    db = tmp_path / "archive.db"
    with serve({"moha": sample}) as server:
        server.stall("moha", 0.3, prefix="/tin-tuc/")
        command = [sys.executable, "-m", "ansinh", "crawl", "moha", "--db", str(db), "--quiet",
                   *server.mirror_args()]
        # Its own session: the kill takes the crawler, its Playwright driver and its chromium at once.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline, stored, pending = time.monotonic() + 300, 0, 0
        while time.monotonic() < deadline and (stored < 3 or not pending):
            time.sleep(0.2)
            try:
                stored = rows(db, "select count(*) n from articles")[0]["n"]
                pending = rows(db, "select count(*) n from frontier")[0]["n"]
            except Exception:  # the schema may not be there yet
                stored = pending = 0
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert 3 <= stored < len(sample.articles) and pending
        assert rows(db, "pragma integrity_check")[0]["integrity_check"] == "ok"

        server.clear_faults()
        result = ansinh("crawl", "moha", "--db", str(db), "--quiet", *server.mirror_args(), timeout=400)
        assert result.returncode == 0, result.stderr
        assert_every_article_right(db, "moha", sample)
    assert rows(db, "select count(*) n from frontier")[0]["n"] == 0
    assert [run["status"] for run in rows(db, "select status from crawls order by id")] == ["killed", "ok"]
