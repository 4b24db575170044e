"""Extraction on real pages, read in place from ../shared/real-pages (skipped where absent).

The expected values in tests/expected/real_pages.json were written by hand from the pages themselves (their
markup and what a reader sees), never from our extractor's output. Where a page does not show its date (the copies
removed it), the date can only come from the URL's digits, the article's creation time: it must say so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.extract import STRONG_SOURCES, extract
from crawler.sites import get_site
from shared_pages import real_page

EXPECTED = json.loads((Path(__file__).parent / "expected" / "real_pages.json").read_text(encoding="utf-8"))


@pytest.fixture(params=EXPECTED, ids=lambda expected: Path(expected["file"]).stem[:40])
def case(request):
    expected = request.param
    return expected, extract(get_site("dantri"), expected["url"], real_page(expected["file"]))


def test_title_and_sapo(case):
    expected, article = case
    assert article.title == expected["title"]
    assert article.title_source in STRONG_SOURCES
    if expected["sapo"] is None:
        assert article.sapo is None or article.sapo_source not in ("selector",)
    else:
        assert article.sapo.startswith(expected["sapo"])
        assert article.sapo_source == "selector", "every template's sapo has its selector"


def test_body(case):
    expected, article = case
    paragraphs = article.text.split("\n\n")
    # An intertitle (an h4 the page shows above its first paragraph) may open the body.
    assert any(paragraph.startswith(expected["text_starts"]) for paragraph in paragraphs[:2])
    assert article.text.endswith(expected["text_ends"])
    for sentence in expected["with"]:
        assert sentence in article.text
    for text in expected["without"]:
        assert text not in article.text
    # Every template's body has its selector: none is left to trafilatura's guess.
    assert article.text_source == "selector"


def test_date_where_the_page_shows_it_and_the_url_marked_approximate_where_not(case):
    expected, article = case
    if expected["published"]:
        assert article.published == expected["published"]
        assert article.published_source in STRONG_SOURCES and article.published_precision == "time"
    else:
        digits = re.search(r"-(\d{8})(\d{6})\d{3}\.htm$", expected["url"])
        day = f"{digits[1][:4]}-{digits[1][4:6]}-{digits[1][6:]}"
        assert article.published.startswith(day)
        assert (article.published_source, article.published_precision) == ("url", "approximate")


def test_no_author_is_made_up(case):
    """The copies removed the byline block; only one page's JSON-LD still names its author."""
    expected, article = case
    if expected["file"].endswith("can-ho-chung-cu.html"):
        assert (article.author, article.author_source) == ("Hà Phong", "json-ld")
    else:
        assert article.author is None, "neither the paper's name nor a bold phrase or a date is an author"
