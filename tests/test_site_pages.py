"""One saved page per site and more, with the fields it must give (tests/pages/<site>/<name>.html and .json).

Adding a site is a file in seeds/ and a page here: this test covers it with no new code. The pages are synthetic
(tests/pages/README.md); real pages are read in place by test_real_pages.py.
"""

import json
from pathlib import Path

import pytest

from crawler.extract import extract
from crawler.sites import get_site, load_sites

PAGES = sorted((Path(__file__).parent / "pages").glob("*/*.html"))
FIELDS = ("title", "sapo", "text", "author", "published", "category")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.parent.name}/{page.stem[:30]}")
def test_saved_page(page):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert expected["synthetic"], "every saved page says how it was made"
    article = extract(get_site(page.parent.name), expected["url"], page.read_text(encoding="utf-8"))
    for field in ("title", "sapo", "author", "published", "category", "tags"):
        assert getattr(article, field) == expected[field], field
    assert {field: getattr(article, f"{field}_source") for field in FIELDS} == expected["sources"]
    assert article.missed == expected["missed"]
    for sentence in expected["with"]:
        assert sentence in article.text
    for sentence in expected["without"]:
        assert sentence not in article.text
    assert len(article.text.split("\n\n")) == expected["paragraphs"]


def test_every_site_has_a_saved_page():
    assert {page.parent.name for page in PAGES} == set(load_sites())
