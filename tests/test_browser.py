"""End to end: crawl the sample sites, run `ansinh serve`, search it in headless Chromium as a reader would.

Needs Debian's chromium and chromium-driver (installed by .ci/run) and the selenium package. Without them the test
is skipped, except under CI (CI set), where a missing browser is a failure.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ansinh.samples import build_sites, serve
from sample_traps import traps as traps_of

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
    """An archive made by `ansinh crawl` of the four sample sites, and the sites (the truth)."""
    db = tmp_path_factory.mktemp("browser") / "archive.db"
    sites = build_sites(articles=12)
    with serve(sites) as server:
        crawl = ansinh("crawl", "--db", str(db), *server.mirror_args(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
