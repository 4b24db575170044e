"""The plugin over an archive of any name, served by a plain datasette, on datasette 0.65 and 1.0.

`.ci/run` runs this file (with test_datasette.py and test_browse.py) a second time against the newest datasette
1.0 alpha.
"""

from urllib.parse import quote

import pytest
import sqlite_utils
from datasette.app import Datasette
from datasette.utils import tilde_encode

from archive.web import make_datasette
from datasette_fixtures import DAK_NONG, KEPT_PAGE, NINH_THUAN, build_archive


@pytest.fixture
async def mynews(tmp_path):
    """`datasette mynews.db other.db`, with no option: the archive under its own name, and a database that is not one."""
    path = build_archive(tmp_path / "mynews.db")
    other = sqlite_utils.Database(tmp_path / "notes.db")
    # Called like the archive's table, but not an archive: datasette's own pages for it.
    other["articles"].insert({"url": "https://example.org/a", "title": "Một ghi chú"}, pk="url")
    other.close()
    datasette = Datasette([str(path), str(tmp_path / "notes.db")])
    await datasette.invoke_startup()
    return datasette


async def test_the_article_page_applies_whatever_the_file_is_called(mynews):
    html = (await mynews.client.get(f"/mynews/articles/{tilde_encode(DAK_NONG)}")).text
    article = html[html.index('<article class="article"'):html.index("</article>")]
    assert "<h1>Đắk Nông hỗ trợ hộ nghèo vay vốn sản xuất</h1>" in article
    assert "Báo Dân trí" in article and "10/05/2024 08:30" in article
    assert 'href="/mynews/articles?site=dantri"' in article
    assert f'href="/mynews/-/page?url={quote(DAK_NONG)}"' in article
    assert "/-/ansinh/ansinh.css" in html
    assert (await mynews.client.get("/-/ansinh/ansinh.css")).status_code == 200


async def test_the_search_page_and_the_home_page_search_the_archive(mynews):
    page = (await mynews.client.get("/mynews/-/search?q=luong+huu")).text
    assert '<strong class="result-count">1</strong>' in page
    assert f'href="/mynews/articles/{tilde_encode(NINH_THUAN)}"' in page
    home = (await mynews.client.get("/")).text
    assert 'action="/mynews/-/search"' in home


async def test_the_articles_table_links_titles_and_hides_the_folded_twins(mynews):
    html = (await mynews.client.get("/mynews/articles")).text
    link = f'<a href="/mynews/articles/{tilde_encode(DAK_NONG)}">Đắk Nông hỗ trợ hộ nghèo vay vốn sản xuất</a>'
    assert link in html
    assert 'class="date-range"' in html
    assert 'data-column="title"' in html and 'data-column="title_folded"' not in html


async def test_the_canned_queries_apply_to_any_archive(mynews):
    crawls = (await mynews.client.get("/mynews/latest_crawls.json?_shape=array")).json()
    assert [(row["site"], row["status"]) for row in crawls][:2] == [("bhxh", "ok"), ("bhxh", "failed")]
    assert (await mynews.client.get("/notes/latest_crawls.json")).status_code == 404


async def test_kept_page_answers_under_any_name(mynews):
    response = await mynews.client.get(f"/mynews/-/page?url={quote(DAK_NONG)}")
    assert response.status_code == 200 and response.content == KEPT_PAGE


async def test_another_database_keeps_datasettes_own_pages(mynews):
    row = (await mynews.client.get(f"/notes/articles/{tilde_encode('https://example.org/a')}")).text
    assert "Một ghi chú" in row and '<article class="article"' not in row
    table = (await mynews.client.get("/notes/articles")).text
    assert "Một ghi chú" in table and 'class="date-range"' not in table
    assert (await mynews.client.get("/notes/-/search?q=ghi")).status_code == 404


async def test_served_by_ansinh_under_another_file_name(tmp_path):
    """`ansinh serve --db other.db` mounts it as "archive", with the project's metadata, as before."""
    datasette = make_datasette(build_archive(tmp_path / "other.db"))
    await datasette.invoke_startup()
    assert [name for name in datasette.databases if name != "_internal"] == ["archive"]
    html = (await datasette.client.get(f"/archive/articles/{tilde_encode(DAK_NONG)}")).text
    assert '<article class="article"' in html
    assert "Bài báo · Articles" in (await datasette.client.get("/archive/articles")).text
    per_month = (await datasette.client.get("/archive/articles_per_month.json?_shape=array")).json()
    assert {"month": "2024-05", "site": "dantri", "articles": 2} in per_month


async def test_the_plugins_pages_follow_datasettes_permissions(tmp_path):
    """The search page, the kept pages and /-/databases ask datasette, on either version, as its own pages do."""
    path = build_archive(tmp_path / "mynews.db")
    datasette = Datasette([str(path)], metadata={"databases": {"mynews": {"allow": {"id": "editor"}}}})
    await datasette.invoke_startup()
    editor = {"ds_actor": datasette.sign({"a": {"id": "editor"}}, "actor")}
    for path in ("/mynews/-/search?q=luong", f"/mynews/-/page?url={quote(DAK_NONG)}", "/mynews/articles"):
        assert (await datasette.client.get(path)).status_code == 403, path
        assert (await datasette.client.get(path, cookies=editor)).status_code == 200, path
    # A rule on the articles table alone closes the search page too; the database's other pages stay open.
    table_rule = {"databases": {"mynews": {"tables": {"articles": {"allow": {"id": "editor"}}}}}}
    guarded = Datasette([str(tmp_path / "mynews.db")], metadata=table_rule)
    await guarded.invoke_startup()
    editor = {"ds_actor": guarded.sign({"a": {"id": "editor"}}, "actor")}
    assert (await guarded.client.get("/mynews/-/search?q=luong")).status_code == 403
    assert (await guarded.client.get("/mynews/-/search?q=luong", cookies=editor)).status_code == 200
    assert (await guarded.client.get("/mynews")).status_code == 200
    closed = Datasette([str(tmp_path / "mynews.db")], metadata={"allow": {"id": "editor"}})
    await closed.invoke_startup()
    assert (await closed.client.get("/-/databases.json")).status_code == 403
    editor = {"ds_actor": closed.sign({"a": {"id": "editor"}}, "actor")}
    assert (await closed.client.get("/-/databases.json", cookies=editor)).status_code == 200
