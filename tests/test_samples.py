"""The sample sites and their local server: pages in each site's markup, traps, conditional requests."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
import re
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from statistics import mean
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from parsel import Selector

from ansinh.samples import build_site, build_sites, serve
from sample_traps import traps as traps_of
from ansinh.samples.model import VN
from crawler.sites import definition as load_seed
from ansinh.samples.text import slugify


# The sites whose particular traps these tests know; the ministry's sites have theirs in test_ministry.py.
TRAPPED = ("bhxh", "dansinh", "dantri", "laodongxahoi")


def norm(text: str) -> str:
    """NFC with whitespace collapsed: how extracted text is compared."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def first(selector: Selector, css: str | list[str]) -> Selector | None:
    for one in [css] if isinstance(css, str) else css:
        found = selector.css(one)
        if found:
            return found
    return None


def texts(found) -> list[str]:
    """Text of each matched node, or the matched attribute values."""
    return [norm(x.get() if isinstance(x.root, str) else " ".join(x.css("::text").getall())) for x in found]


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def sites():
    return build_sites(articles=30)


@pytest.fixture(scope="module")
def server(sites):
    with serve(sites) as running:
        yield running


def test_builds_are_deterministic():
    a, b = build_site("dantri", 40, seed=3), build_site("dantri", 40, seed=3)
    assert [x.path for x in a.articles] == [x.path for x in b.articles]
    assert a.articles[7].body == b.articles[7].body
    assert a.get(a.sections[0].url).body == b.get(b.sections[0].url).body
    assert [x.path for x in build_site("dantri", 40, seed=4).articles] != [x.path for x in a.articles]


@pytest.mark.parametrize("key", TRAPPED)
def test_urls_follow_the_site_definition(sites, key):
    site, seed = sites[key], load_seed(key)
    pattern = re.compile(seed["article"])
    assert len(site.articles) == 30
    for a in site.articles:
        assert pattern.search(a.path), a.path
        assert a.published_at.utcoffset() == VN.utcoffset(None) and a.published.endswith("+07:00")
    assert [s.url for s in site.sections] == [s["url"] for s in seed["sections"]]
    # Other sections, video and photo pages are served but are not articles of these sections...
    traps = traps_of(site)
    assert traps.off_section and traps.noise
    for path in traps.off_section + traps.noise:
        assert site.get(path) is not None, path
        if key != "laodongxahoi":  # ...there only the page region tells them apart
            assert not pattern.search(path), path
    if key in ("dantri", "dansinh"):
        takedown, api = traps.disallowed
        assert pattern.search(takedown) and api.startswith("/api/")
    dak_nong = site.article(traps.dak_nong)
    if key == "laodongxahoi":
        assert re.fullmatch(rf"/{slugify(dak_nong.title)}-\d{{7}}\.html", dak_nong.path)
        assert "dak-nong" in dak_nong.path
    elif key in ("dantri", "dansinh"):
        for a in site.articles:
            m = re.fullmatch(r"/([a-z-]+)/([a-z0-9-]+)-(\d{17})\.htm", a.path)
            assert m.group(2) == slugify(a.title) and m.group(3).startswith(a.published_at.strftime("%Y%m%d%H%M"))
    else:
        assert re.fullmatch(r"/tintuc/Pages/an-sinh-xa-hoi\.aspx\?CateID=170&ItemID=\d+", dak_nong.path)


def test_slugs():
    assert slugify("Đắk Nông: Hỗ trợ 1.200 hộ nghèo “thoát nghèo”") == "dak-nong-ho-tro-1-200-ho-ngheo-thoat-ngheo"
    assert slugify("Quỹ Vì người nghèo tiếp nhận 3,4 tỷ đồng") == "quy-vi-nguoi-ngheo-tiep-nhan-3-4-ty-dong"


@pytest.mark.parametrize("key", TRAPPED)
def test_article_pages_answer_the_seed_selectors(sites, key):
    site, sel_def = sites[key], load_seed(key)["selectors"]
    chosen = site.articles[:4] + [site.article(traps_of(site).dak_nong), site.article(traps_of(site).nfd[0])]
    for a in chosen:
        page = Selector(text=site.get(a.path).text)
        assert texts(first(page, sel_def["title"]))[0] == a.title
        assert texts(first(page, sel_def["sapo"]))[0] == a.sapo
        body = norm(" ".join(texts(first(page, sel_def["body"]))))
        for para in a.body:
            assert norm(para) in body
        authors = texts(first(page, sel_def["author"]))
        assert ", ".join(authors) == a.author if key == "laodongxahoi" else authors[0] == a.author
        if key == "laodongxahoi":
            shown = texts(page.css(sel_def["published"]))[0]
            assert datetime.strptime(shown, "%I:%M %p %d/%m/%Y").replace(tzinfo=VN) == a.published_at
            assert texts(first(page, sel_def["category"]))[-1] == a.category == "An sinh xã hội"
            assert texts(page.css(sel_def["tags"])) == a.tags
            assert a.sapo.startswith("(LĐXH)- ")
            assert "© 2024" in norm(" ".join(page.css("#footer ::text").getall()))
        elif key in ("dantri", "dansinh"):
            assert page.css(sel_def["published"]).get() == a.published_at.strftime("%Y-%m-%d %H:%M")
            assert page.css(sel_def["category"]).get() == a.category
            ld = json.loads(page.css('script[type="application/ld+json"]::text').get())
            assert ld["@type"] == "NewsArticle" and ld["datePublished"] == a.published
            assert page.css("title::text").get().endswith(f" | {site.name}")
            assert page.css('link[rel="canonical"]::attr(href)').get() == site.real_base + a.path
            assert page.css("div.singular-content figure img::attr(data-src)").get()
            assert page.css("div.singular-content figure figcaption")
            assert page.css("article.article-related article.article-item")
            assert a.sapo.startswith("(Dân trí) - " if key == "dantri" else "(Dân sinh) - ")
        else:
            shown = norm(" ".join(page.css("div.date-news ::text").getall()))
            assert a.published_at.strftime("%d/%m/%Y") in shown
            assert ("Ngày đăng" in shown) == a.published_has_time
            assert page.css('#contenttin > div[class^="ExternalClass"]')
            assert page.css('div[id^="ctl00_ctl39_g_"]')


def test_traps_nfd_and_dak_nong(sites):
    for site in sites.values():
        assert sum("Đắk Nông" in a.title for a in site.articles) == 1
        nfd = site.article(traps_of(site).nfd[0])
        raw = site.get(nfd.path).text
        decomposed = unicodedata.normalize("NFD", nfd.body[0])
        assert decomposed != nfd.body[0] and decomposed in raw and nfd.body[0] not in raw
        assert all(unicodedata.is_normalized("NFC", p) for p in nfd.body)


def listing_links(site, listing_path: str) -> list[str]:
    """Article paths (canonical) a crawler finds on a listing page with the seed's listing selector."""
    seed = load_seed(site.key)
    css = seed.get("listing", {}).get("links", "a")
    pattern = re.compile(seed["article"])
    page = Selector(text=site.get(listing_path).text)
    out = []
    for href in page.css(css).css("::attr(href)").getall():
        parts = urlsplit(urljoin(site.real_base + listing_path, href))
        path = parts.path + ("?" + parts.query if parts.query else "")
        if parts.netloc == urlsplit(site.real_base).netloc and pattern.search(path):
            out.append(site.canonical_path(path))
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("key", TRAPPED)
def test_listings_paginate_and_hold_the_traps(sites, key):
    site = sites[key]
    first_section = site.sections[0]
    assert site.last_page(first_section) >= 3
    seen: dict[str, list[str]] = {}
    for listing in site.listings():
        found = listing_links(site, listing.path)
        expected = {a.path for a in listing.items + listing.highlight} | {p for p, _ in listing.disallowed
                                                                           if not p.startswith("/api/")}
        assert set(found) == expected, listing.path
        for path in found:
            seen.setdefault(path, []).append(listing.path)
        assert len(listing.items) <= site.per_page
    # every article is reachable from the listings; each section lists newest first
    assert {a.path for a in site.articles} <= set(seen)
    for section in site.sections:
        listed = [a for p in range(1, site.last_page(section) + 1) for a in site.listing(section, p).items]
        assert listed == sorted(listed, key=lambda a: a.published_at, reverse=True)
    traps = traps_of(site)
    assert traps.duplicate and all(len(v) >= 2 for v in traps.duplicate.values())
    if len(site.sections) > 1:
        cross = traps.cross_section[0]
        sections = {lst.section.url for lst in site.listings() if any(a.path == cross for a in lst.items)}
        assert len(sections) == 2
    # pagination markup: laodongxahoi's "next" is the link after a.active
    page2 = Selector(text=site.get(first_section.path(2)).text)
    if key == "laodongxahoi":
        nxt = page2.css("div.paging a.active + a::attr(href)").get()
        assert nxt == site.url(first_section.path(3))
        assert page2.css("div.col660 div.info_cate > a.fontRobotoB")
    # past the last page: 404 (Dân trí) or an empty listing (the old CMS, SharePoint)
    beyond = site.get(first_section.path(site.last_page(first_section) + 1))
    if key in ("dantri", "dansinh"):
        assert beyond is None
    else:
        assert beyond is not None and listing_links(site, first_section.path(99)) == []


def test_laodongxahoi_off_section_links_sit_outside_the_main_column(sites):
    site = sites["laodongxahoi"]
    page = Selector(text=site.get(site.sections[0].url).text)
    main = set(page.css("div.col660 a::attr(href)").getall())
    everywhere = set(page.css("a::attr(href)").getall())
    for path in traps_of(site).off_section:
        assert site.url(path) in everywhere and site.url(path) not in main


def test_bhxh_links_are_spelled_several_ways(sites):
    site = sites["bhxh"]
    variants = traps_of(site).link_variants
    assert any("OtItem=date" in v[0] for v in variants.values())
    assert any(v[0].split("?")[1].startswith("ItemID=") for v in variants.values())
    raw = site.get(site.sections[0].url).text
    path, (spelled,) = next(iter(variants.items()))
    assert spelled.replace("&", "&amp;") in raw
    assert site.get(spelled) is site.get(path)
    assert any("CateID=168" in p for p in traps_of(site).off_section)


def test_server_serves_each_site_with_validators(server, sites):
    server.requests.reset()
    for key, site in sites.items():
        base = server.url(key)
        assert base.startswith("http://127.0.0.1:")
        status, headers, body = fetch(base + site.sections[0].url)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert body == site.get(site.sections[0].url).body
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert fetch(base + site.sections[0].url, {"If-None-Match": etag})[0] == 304
        assert fetch(base + site.sections[0].url, {"If-Modified-Since": modified})[0] == 304
        assert fetch(base + site.sections[0].url, {"If-None-Match": '"other"'})[0] == 200
        assert fetch(base + site.articles[-1].path)[0] == 200
        assert fetch(base + "/no/such/page.htm")[0] == 404
        robots = fetch(base + "/robots.txt")[0]
        assert robots == (200 if key in ("dantri", "dansinh") else 404)
    log = server.requests
    assert log.count() == 7 * len(sites) and log.count(status=304) == 2 * len(sites)
    assert all(h.bytes == 0 for h in log.filter(status=304))
    assert "--mirror" in server.mirror_args()


def test_robots_forbids_the_listed_takedown(server, sites):
    site = sites["dantri"]
    robots = RobotFileParser()
    robots.parse(fetch(server.url("dantri") + "/robots.txt")[2].decode().splitlines())
    takedown, api = traps_of(site).disallowed
    assert not robots.can_fetch("ansinh", site.url(takedown)) and not robots.can_fetch("ansinh", site.url(api))
    assert robots.can_fetch("ansinh", site.url(site.sections[0].url))
    assert robots.can_fetch("ansinh", site.url(site.articles[0].path))
    assert takedown not in {a.path for a in site.articles}


def test_feeds_and_news_sitemap(sites):
    site = sites["dantri"]
    for feed in load_seed("dantri")["feeds"]:
        items = ET.fromstring(site.get(feed).body).findall("channel/item")
        section = next(s for s in site.sections if feed.endswith(f"/{s.slug}.rss"))
        assert [i.findtext("link") for i in items] == [site.url(a.path) for a in site.section_articles(section)]
    urls = ET.fromstring(site.get("/google-news-sitemap.xml").body)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls.findall("s:url", ns)]
    assert site.url(site.articles[0].path) in locs
    assert any(site.url(p) in locs for p in traps_of(site).off_section)  # the whole paper's sitemap


def test_publish_changes_listings_feeds_and_validators():
    site = build_site("dantri", 25)
    section = site.sections[0]
    before_listing, before_feed = site.get(section.url), site.get("/rss/an-sinh.rss")
    old_article = site.get(site.articles[3].path)
    new = site.publish(3)
    assert all(a.published_at > before_listing.last_modified for a in new)
    assert site.articles[:3] == sorted(new, key=lambda a: a.published_at, reverse=True)
    after = site.get(section.url)
    assert after.etag != before_listing.etag and after.last_modified > before_listing.last_modified
    assert site.get("/rss/an-sinh.rss").etag != before_feed.etag
    assert site.get(site.articles[3 + 3].path).etag == old_article.etag  # article pages stay stable
    listed = {a.path for a in site.listing(section, 1).items}
    assert {a.path for a in new if section.url in a.sections} <= listed


def test_add_article_lists_a_hand_made_page():
    site = build_site("laodongxahoi", 30)
    article = site.new_article("Hà Nam: Hội nghị mẫu về an sinh", ["Đoạn thứ nhất của bài.", "Đoạn thứ hai."],
                               sapo="Tóm tắt bài mẫu.", author="Người Viết", published="2023-03-23T23:11:00+07:00",
                               tags=["an sinh"])
    assert re.fullmatch(r"/ha-nam-hoi-nghi-mau-ve-an-sinh-\d{7}\.html", article.path)
    site.add_article(article, page=2)
    assert article in site.articles and site.article(article.path) is article
    assert site.listing(site.sections[0], 2).items[0] is article
    assert [lst.path for lst in site.listings() if article in lst.items] == [site.sections[0].path(2)]
    page = Selector(text=site.get(article.path).text)
    assert page.css("div.time_detail_news::text").get() == "11:11 PM 23/03/2023"
    assert norm(page.css("div.sapo_detail::text").get()) == "(LĐXH)- Tóm tắt bài mẫu."
    raw = "<html><body><h1>given as is</h1></body></html>"
    other = site.new_article("Bài thứ hai", ["x"], sapo="y", author="z", published="2023-03-20T08:00:00")
    site.add_article(other, html=raw, page=1)
    assert site.get(other.path).text == raw


def test_dantri_pages_weigh_like_the_real_ones(sites):
    site = sites["dantri"]
    sizes = [len(site.get(a.path).body) for a in site.articles]
    assert 120_000 <= mean(sizes) <= 135_000
    for key in ("laodongxahoi", "bhxh"):
        assert 40_000 <= mean(len(sites[key].get(a.path).body) for a in sites[key].articles) <= 80_000
    assert all(400 <= a.words <= 950 for a in site.articles)


def test_many_concurrent_requests(server, sites):
    site = sites["dantri"]
    urls = [server.url("dantri") + a.path for a in site.articles] * 3
    with ThreadPoolExecutor(max_workers=48) as pool:
        statuses = list(pool.map(lambda u: fetch(u)[0], urls))
    assert statuses == [200] * len(urls)


def test_serving_by_hand_rejects_unknown_sites():
    serve_script = Path(__file__).parents[1] / "bench" / "serve.py"
    result = subprocess.run([sys.executable, str(serve_script), "--sites", "nosuchsite"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "unknown site(s) nosuchsite" in result.stderr


def test_faults_and_the_request_log():
    site = build_site("bhxh", 12)
    with serve({"bhxh": site}) as server:
        url = server.url("bhxh") + site.sections[0].url
        server.fail("bhxh", 503, prefix="/tintuc", times=1)
        assert fetch(url)[0] == 503 and fetch(url)[0] == 200
        server.stall("bhxh", 0.2, times=1)
        assert fetch(url)[0] == 200
        assert server.requests.paths("bhxh") == [site.sections[0].url] * 3
        assert len(server.requests.reset()) == 3 and len(server.requests) == 0
