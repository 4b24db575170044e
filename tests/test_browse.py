"""Browsing by province and subtopic in the datasette that `ansinh serve` runs: filters, facets, home page queries."""

import re
from urllib.parse import quote

import pytest
from datasette.utils import tilde_encode

from datasette_fixtures import (
    DAK_NONG,
    DAK_NONG_BODY,
    DAK_NONG_PLAIN,
    NINH_THUAN,
    WORDS_APART,
    archive_path,
    datasette,
    facet_results,
)

__all__ = ["archive_path", "datasette"]  # fixtures, used by name


async def urls(datasette, query: str) -> set[str]:
    response = await datasette.client.get(f"/archive/articles.json?_shape=array&_col=url&{query}")
    assert response.status_code == 200, response.text
    return {row["url"] for row in response.json()}


@pytest.mark.parametrize(
    "query, expected",
    [
        # All three name Đắk Nông (one as "Dak Nong"), part of Lâm Đồng since July 2025.
        (f"_province={quote('Đắk Nông')}", {DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}),
        (f"_province_2025={quote('Lâm Đồng')}", {DAK_NONG, DAK_NONG_BODY, DAK_NONG_PLAIN}),
        (f"_province_2025={quote('Khánh Hòa')}", {NINH_THUAN}),
        ("_topic=pensions", {NINH_THUAN}),
        ("_topic=poverty_reduction", {DAK_NONG, WORDS_APART}),
        # Filters combine with each other and with datasette's own.
        (f"_topic=poverty_reduction&_province={quote('Đắk Nông')}", {DAK_NONG}),
        ("_topic=employment&site=dansinh", {DAK_NONG_BODY}),
        ("_topic=no_such_topic", set()),
    ],
)
async def test_filters_select_by_tag(datasette, query, expected):
    assert await urls(datasette, query) == expected


async def test_facets_count_articles_and_name_subtopics(datasette):
    facets = await facet_results(datasette, "/archive/articles.json?_size=0")
    topics = {value["label"]: value for value in facets["topic"]["results"]}
    pensions = topics["Lương hưu · Pensions"]
    assert pensions["count"] == 1 and "_topic=pensions" in pensions["toggle_url"]
    provinces_2025 = {value["value"]: value["count"] for value in facets["province_2025"]["results"]}
    assert provinces_2025 == {"Lâm Đồng": 3, "Khánh Hòa": 1}
    # Facets follow the rows selected.
    facets = await facet_results(datasette, f"/archive/articles.json?_size=0&_province_2025={quote('Lâm Đồng')}")
    topics = {value["value"]: value["count"] for value in facets["topic"]["results"]}
    assert topics["poverty_reduction"] == 1 and "pensions" not in topics


async def test_articles_per_province_for_the_map(datasette):
    response = await datasette.client.get("/archive/articles_per_province.json?_shape=array")
    rows = {(row["era"], row["province"]): row for row in response.json()}
    assert len(rows) == 34 + 63
    assert rows[("2025", "Lâm Đồng")]["articles"] == 3
    assert rows[("before", "Đắk Nông")]["articles"] == 3
    assert rows[("before", "Lâm Đồng")]["articles"] == 0
    assert 11 < rows[("before", "Đắk Nông")]["latitude"] < 13


async def test_topics_per_month_for_the_chart(datasette):
    response = await datasette.client.get("/archive/topics_per_month.json?_shape=array")
    rows = {(row["month"], row["site"], row["topic"]): row["articles"] for row in response.json()}
    assert rows[("2023-11", "bhxh", "pensions")] == 1
    # DAK_NONG and WORDS_APART, both dantri, both May 2024.
    assert rows[("2024-05", "dantri", "poverty_reduction")] == 2


async def test_home_page_carries_the_map_and_chart_with_nothing_from_a_cdn(datasette):
    response = await datasette.client.get("/")
    html = response.text
    assert 'id="province-map"' in html and 'id="topic-chart"' in html
    sources = re.findall(r'<script[^>]* src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert any("leaflet.js" in src for src in sources) and any("vega-lite" in src for src in sources)
    for src in sources:
        assert not src.startswith(("http:", "https:", "//")), src
        assert (await datasette.client.get(src)).status_code == 200, src


async def test_tag_tables_explain_themselves(datasette):
    response = await datasette.client.get(f"/archive/article_places.json?_shape=array&article={quote(DAK_NONG_PLAIN)}")
    assert [(row["province"], row["province_2025"], row["term"], row["field"]) for row in response.json()] == [
        ("Đắk Nông", "Lâm Đồng", "Dak Nong", "text")
    ]


async def test_article_page_shows_its_provinces_and_subtopics_and_why(datasette):
    response = await datasette.client.get(f"/archive/articles/{tilde_encode(DAK_NONG_PLAIN)}")
    assert response.status_code == 200
    tags = response.text[response.text.index('class="article-browse"'):]
    assert "Đắk Nông" in tags and "Lâm Đồng" in tags and "“Dak Nong”" in tags
    response = await datasette.client.get(f"/archive/articles/{tilde_encode(NINH_THUAN)}")
    tags = response.text[response.text.index('class="article-browse"'):]
    assert "Lương hưu · Pensions" in tags and "“lương hưu”" in tags and "_topic=pensions" in tags
