"""The stop rule of a listing, as a pure function (table-driven), then end to end on listings that lie."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ansinh.samples.model import Page
from conftest import rows
from crawler.listing import CONFIRM_END, GIVE_UP_FAILED, Reading, next_step
from crawler.sites import load_sites, seed_folders

SITES = load_sites()


def run(pages: list[dict], walk: bool = True, bound: int | None = None, overlap: int = 1) -> tuple[int, str, list]:
    """Feed pages to the stop rule until it stops: (pages read, reason, anomalies). A page is a dict of
    ``next_step``'s keywords; past the given pages every page is a 404."""
    state, anomalies = Reading(), []
    while True:
        page = pages[state.page - 1] if state.page <= len(pages) else {"outcome": "gone"}
        step = next_step(state, walk=walk, bound=bound, overlap=overlap, **page)
        anomalies.extend(step.anomalies)
        if not step.go_on:
            return state.page, step.reason, anomalies
        state = step.following


FRESH = {"links": 10, "unseen": 10, "new": 10}          # a page of articles the archive lacks
KNOWN = {"links": 10, "unseen": 10, "known": True}       # a page of articles the archive has
MIXED = {"links": 10, "unseen": 10, "new": 3, "known": True}
BOUNDARY = {**MIXED, "boundary": True}                   # the new links above the known ones
PINNED = {**MIXED, "boundary": False}                    # a new link below a known one
SIDEBAR = {"links": 5, "unseen": 0, "known": True}       # links this walk already saw (a sidebar, a repeat)
EMPTY = {"links": 0}                                     # a 200 that lists nothing (maintenance, cut off)
GONE = {"outcome": "gone"}
FAILED = {"outcome": "failed"}


@pytest.mark.parametrize(
    "pages, walk, read, reason, anomalies",
    [
        # A walk reads to the end, which takes CONFIRM_END pages without anything new.
        ([FRESH] * 3, True, 3 + CONFIRM_END, "end", []),
        # Pages past the last one still show a sidebar of links into the section: the walk still ends.
        ([FRESH] * 3 + [SIDEBAR] * 50, True, 3 + CONFIRM_END, "end", []),
        # A listing that shows page 1 again past its end (a clamped page number): the walk ends.
        ([FRESH] * 2 + [SIDEBAR] * 9, True, 2 + CONFIRM_END, "end", []),
        # One 404, one empty 200, one failure in the middle: the walk goes on, and the bad page is to be read again.
        ([FRESH, GONE, FRESH, FRESH], True, 4 + CONFIRM_END, "end", [2]),
        ([FRESH, EMPTY, FRESH], True, 3 + CONFIRM_END, "end", [2]),
        ([FRESH, FAILED, FRESH], True, 3 + CONFIRM_END, "end", []),
        # A page that lists only what this walk saw already is no anomaly.
        ([FRESH, SIDEBAR, FRESH], True, 3 + CONFIRM_END, "end", []),
        # Failures in a row: given up for this run (the pages are asked for again later).
        ([FRESH] + [FAILED] * 10, True, 1 + GIVE_UP_FAILED, "failed", []),
        # A first page that fails: the site is down, most likely; nothing more is asked of it this run.
        ([FAILED, FRESH], True, 1, "failed", []),
        # The head stops once it has read its overlap past known articles...
        ([FRESH, MIXED, KNOWN, KNOWN, KNOWN], False, 3, "known", []),
        # ... but new links below a known one keep it reading (a pinned old article on top).
        ([MIXED, MIXED, MIXED, KNOWN, KNOWN], False, 4, "known", []),
        # Where the page shows where the known articles begin, the head stops there: no overlap page.
        ([FRESH, BOUNDARY, KNOWN], False, 2, "known", []),
        ([BOUNDARY, KNOWN], False, 1, "known", []),
        ([FRESH, {**KNOWN, "boundary": True}, KNOWN], False, 2, "known", []),
        # A pinned old article on top of new ones: the head reads on, until a page shows the boundary.
        ([PINNED, FRESH, BOUNDARY, KNOWN], False, 3, "known", []),
        ([PINNED, PINNED, {**KNOWN, "boundary": True}], False, 3, "known", []),
        # A walk reads to the end whatever it meets.
        ([FRESH, BOUNDARY, FRESH], True, 3 + CONFIRM_END, "end", []),
        # A head on an all-new short listing stops at the confirmed end.
        ([FRESH], False, 1 + CONFIRM_END, "end", []),
    ],
)
def test_stop_rule(pages, walk, read, reason, anomalies):
    assert run(pages, walk=walk) == (read, reason, anomalies)


def test_no_walk_runs_past_its_bound():
    assert run([FRESH] * 100, bound=7) == (7, "bound", [])


def test_a_page_read_again_continues_where_it_stood():
    state = Reading(page=5, read=1, barren=1)
    step = next_step(state, walk=True, links=10, unseen=10, new=10)
    assert step.following == replace(state, page=6, read=2, barren=0)


def test_overlap_zero_stops_at_the_first_known_page():
    assert run([FRESH, KNOWN, KNOWN], walk=False, overlap=0) == (2, "known", [])


# End to end: listings that lie, served on 127.0.0.1.


def sidebar_page(links: list[str]) -> Page:
    items = "".join(f'<li><a href="{link}">Tin cùng chuyên mục</a></li>' for link in links)
    return Page(f"<html><body><div class='sidebar'><ul>{items}</ul></div></body></html>".encode())


def test_a_walk_ends_although_pages_past_the_last_show_a_sidebar(sample_sites, server, crawl):
    sample = sample_sites["bhxh"]
    section = sample.sections[0]
    last = sample.last_page(section)
    sidebar = sidebar_page([a.path for a in sample.articles[:5]])
    serve = sample.get

    def get(path: str):
        # Every page past the last one still answers 200, with links into the section.
        number = section.page_pattern().match(path)
        return sidebar if number and int(number.group(1)) > last else serve(path)

    sample.get = get
    crawl("bhxh")
    [walk] = rows(crawl.db, "select * from walks")
    assert walk["finished"]
    hits = [h for h in server.requests.snapshot() if section.page_pattern().match(h.path)]
    assert len(hits) <= last + CONFIRM_END
    assert len(rows(crawl.db, "select url from articles")) == len(sample.articles)


@pytest.mark.parametrize("status", [404, 410, 200])
def test_one_bad_listing_page_does_not_end_a_walk(sample_sites, server, crawl, status):
    # 200 answers a page that lists nothing: a maintenance page.
    sample = sample_sites["laodongxahoi"]
    section = sample.sections[0]
    assert sample.last_page(section) >= 3
    server.fail("laodongxahoi", status=status, prefix=section.path(2), times=1)
    # The crawl says it missed a page, and goes on to the end of the listing.
    assert crawl("laodongxahoi", check=False).returncode == 1
    [failure] = rows(crawl.db, "select * from failures")
    assert (failure["kind"], failure["page"], failure["reason"]) == ("listing", 2, "empty or missing")
    got = {row["url"] for row in rows(crawl.db, "select url from articles")}
    site = SITES["laodongxahoi"]
    beyond = {site.canonical(site.base + a.path) for a in sample.articles
              if any(a in sample.listing(section, page).items for page in range(3, sample.last_page(section) + 1))}
    assert beyond and beyond <= got
    assert all(walk["finished"] for walk in rows(crawl.db, "select * from walks"))
    # The next run reads the page again; the articles it lists are all there now, and the failure is cleared.
    server.requests.reset()
    crawl("laodongxahoi")
    assert server.requests.count("laodongxahoi", path=section.path(2)) >= 1
    assert rows(crawl.db, "select count(*) n from failures")[0]["n"] == 0
    assert {row["url"] for row in rows(crawl.db, "select url from articles")} == {
        site.canonical(site.base + a.path) for a in sample.articles}


def test_a_listing_selector_that_matches_nothing_still_finds_the_articles(sample_sites, server, crawl, tmp_path,
                                                                           monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # The same site, redesigned: its listing items no longer sit where the seed looks for them.
    changed = (seed_folders()[0] / "dantri.toml").read_text(encoding="utf-8").replace(
        'links = "article.article-item h3.article-title a"', 'links = "div.no-such-listing a"')
    assert "no-such-listing" in changed
    (seeds / "dantri.toml").write_text(changed, encoding="utf-8")
    monkeypatch.setenv("ANSINH_SEEDS", str(seeds))
    crawl("dantri")
    got = {row["url"] for row in rows(crawl.db, "select url from articles")}
    site = SITES["dantri"]
    assert {site.canonical(site.base + a.path) for a in sample_sites["dantri"].articles} <= got
    [health] = rows(crawl.db, "select health from site_health")
    assert "the listing selector matched nothing" in health["health"]
