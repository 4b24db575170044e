"""End to end: crawl the sample sites, run `ansinh serve`, search and browse it in headless Chromium as a reader would.

Needs Debian's chromium and chromium-driver (installed by .ci/run) and the selenium package. Without them the test
is skipped, except under CI (CI set), where a missing browser is a failure.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from urllib.parse import unquote_plus
from xml.etree import ElementTree

import pytest

from ansinh.samples import build_sites, serve
from archive.search import WORD, fold, is_marked
from sample_traps import traps as traps_of

# The sites this reader's test was written on (their dates place the chart's points apart).
SITES = ("bhxh", "dansinh", "dantri", "laodongxahoi")

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
# No network here: nothing that Chromium would fetch for itself at start.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=412,915",
]

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    webdriver = None

if not (CHROMIUM and CHROMEDRIVER and webdriver):
    missing = "selenium, chromium and chromium-driver are needed for the browser test"
    if os.environ.get("CI"):
        pytest.fail(missing, pytrace=False)
    pytest.skip(missing, allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ansinh(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ansinh", *args], **kwargs)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """An archive made by `ansinh crawl` of the four first sample sites, and the sites (the truth)."""
    db = tmp_path_factory.mktemp("browser") / "archive.db"
    sites = build_sites(articles=12, keys=SITES)
    with serve(sites) as server:
        crawl = ansinh("crawl", *sites, "--db", str(db), *server.mirror_args(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output, _ = crawl.communicate(timeout=240)
    assert crawl.returncode == 0, output.decode()
    return db, sites


@pytest.fixture
def server(crawled, tmp_path):
    """`ansinh serve` as a real process on a free port; its URL."""
    db, _ = crawled
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = ansinh("serve", "--db", str(db), "--port", str(port), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("ansinh serve did not start: " + (tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_search_without_marks_then_read_the_article(crawled, server, browser, tmp_path):
    _, sites = crawled
    dak_nong = {article.title: article for article in (site.article(traps_of(site).dak_nong) for site in sites.values())}
    wait = WebDriverWait(browser, 15)

    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("dak nong", Keys.ENTER)
    first = wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".search-results .result-title")))
    assert "Đắk Nông" in first.text
    assert first.text in dak_nong
    article = dak_nong[first.text]
    browser.save_screenshot(str(tmp_path / "search.png"))

    first.click()
    heading = wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".article h1")))
    assert heading.text == article.title
    body = browser.find_element(By.CSS_SELECTOR, ".article-body").text
    assert article.body[0] in body and article.body[-1] in body
    browser.save_screenshot(str(tmp_path / "article.png"))
    assert (tmp_path / "article.png").stat().st_size > 0
    print(f"screenshots: {tmp_path}")


def rows_behind(url: str) -> list[dict]:
    """The articles that the table page at ``url`` lists, through datasette's JSON of the same filters."""
    path, _, query = url.partition("?")
    with urllib.request.urlopen(f"{path}.json?{query}&_shape=array&_size=max&_col=title", timeout=10) as response:
        return json.load(response)


def test_the_map_opens_a_provinces_articles(crawled, server, browser, tmp_path):
    _, sites = crawled
    # Each sample site has one article naming Đắk Nông, part of Lâm Đồng since July 2025.
    dak_nong = {site.article(traps_of(site).dak_nong).title for site in sites.values()}
    wait = WebDriverWait(browser, 20)
    browser.get(server + "/")
    wait.until(lambda driver: driver.find_element(By.ID, "province-map").get_attribute("data-ready") == "true")
    markers = browser.find_elements(By.CSS_SELECTOR, "#province-map .province-marker")
    assert len(markers) > 1
    marker = browser.find_element(By.CSS_SELECTOR, '#province-map .province-marker[data-province="Lâm Đồng"]')
    browser.save_screenshot(str(tmp_path / "map.png"))
    # Markers can overlap; the click Leaflet listens for is the marker's own.
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marker)
    wait.until(expected_conditions.url_contains("_province_2025="))
    assert "Lâm Đồng" in unquote_plus(browser.current_url)
    titles = {row["title"] for row in rows_behind(browser.current_url)}
    assert dak_nong <= titles
    shown = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns").text
    assert any(title in shown for title in dak_nong)


def test_a_point_of_the_chart_opens_its_months_articles(crawled, server, browser, tmp_path):
    wait = WebDriverWait(browser, 20)
    browser.get(server + "/")
    wait.until(lambda driver: driver.find_element(By.ID, "topic-chart").get_attribute("data-ready") == "true")
    points = browser.find_elements(By.CSS_SELECTOR, "#topic-chart .mark-symbol path")
    assert points
    point = points[len(points) // 2]
    datum = browser.execute_script("return arguments[0].__data__.datum", point)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", point)
    browser.save_screenshot(str(tmp_path / "chart.png"))
    point.click()
    wait.until(expected_conditions.url_contains("_topic="))
    assert f"_topic={datum['topic']}" in browser.current_url
    assert f"published__startswith={datum['period']}" in browser.current_url
    # The point's count is the number of articles the page lists.
    assert len(rows_behind(browser.current_url)) == datum["articles"] > 0


def result_titles(browser) -> list[str]:
    return [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".search-results .result-title")]


def result_count(browser) -> int:
    return int(browser.find_element(By.CSS_SELECTOR, ".result-count").text.replace(",", ""))


def word_whose_marks_matter(db) -> tuple[str, int, int]:
    """A word typed with marks that the archive's articles hold, with the number of articles holding it as written
    and the number holding any form of it (the most different pair): counted from the articles' words."""
    as_written, any_form = {}, {}
    with sqlite3.connect(db) as conn:
        for row in conn.execute("select url, title, sapo, text, tags, author from articles"):
            words = set(WORD.findall(" ".join(value or "" for value in row[1:]).lower()))
            for found in words:
                as_written.setdefault(found, set()).add(row[0])
            for folded in {fold(found) for found in words}:
                any_form.setdefault(folded, set()).add(row[0])
    word = max((found for found in as_written if is_marked(found) and found.isalpha()),
               key=lambda found: (len(any_form[fold(found)]) - len(as_written[found]), found))
    return word, len(as_written[word]), len(any_form[fold(word)])


def test_marks_paging_a_filter_and_the_feed(crawled, server, browser, tmp_path):
    db, sites = crawled
    wait = WebDriverWait(browser, 15)

    def search(query: str) -> None:
        box = browser.find_element(By.ID, "q")
        box.clear()
        box.send_keys(query, Keys.ENTER)
        wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".result-count")))

    browser.get(server + "/archive/-/search")
    # Without marks every spelling is found; with them, only the word as typed, and every hit marked is it. The
    # word is one whose marks matter in these articles, and the counts are the articles' own, counted here.
    word, with_marks, every_form = word_whose_marks_matter(db)
    search(fold(word))
    assert result_count(browser) == every_form
    search(word.upper())
    assert result_count(browser) == with_marks < every_form
    hits = {mark.text.lower() for mark in browser.find_elements(By.CSS_SELECTOR, ".search-results mark")}
    assert hits == {word}

    # A word in nearly every article: more than one page, each result once.
    search("xa hoi")
    total = result_count(browser)
    assert total > 20
    first_page = result_titles(browser)
    browser.find_element(By.CSS_SELECTOR, ".pages .next").click()
    wait.until(expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, ".page-number"), "2 /"))
    second_page = result_titles(browser)
    assert len(first_page) == 20 and second_page and not set(first_page) & set(second_page)

    # A filter composes with the query: one paper's results only.
    key, site = next(iter(sites.items()))
    name = browser.find_element(By.CSS_SELECTOR, f"select[name=site] option[value='{key}']").text
    browser.find_element(By.CSS_SELECTOR, f"select[name=site] option[value='{key}']").click()
    browser.find_element(By.CSS_SELECTOR, ".archive-search button").click()
    wait.until(expected_conditions.url_contains(f"site={key}"))
    filtered = result_count(browser)
    assert 0 < filtered < total
    metas = [meta.text for meta in browser.find_elements(By.CSS_SELECTOR, ".result-meta")]
    assert metas and all(meta.startswith(name) for meta in metas)
    browser.save_screenshot(str(tmp_path / "filtered.png"))

    # The feed of this search, filters included, as a feed reader reads it.
    feed = browser.find_element(By.CSS_SELECTOR, "a.feed").get_attribute("href")
    assert f"site={key}" in feed and "q=xa+hoi" in feed
    with urllib.request.urlopen(feed, timeout=10) as response:
        assert response.headers["content-type"].startswith("application/atom+xml")
        entries = ElementTree.fromstring(response.read()).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == min(filtered, 50)
