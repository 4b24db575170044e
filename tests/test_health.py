"""Site health: a template change shows as a flag in the site_health view and in the crawl summary."""

from archive import Archive
from archive.health import unhealthy
from conftest import rows


def test_a_site_that_suddenly_lists_nothing_is_flagged(server, crawl):
    crawl("dantri")
    # The new "template": every page answers, none links to an article.
    server.fail("dantri", status=200)
    # Its article pages (from the feeds) hold no article either: the run missed them, and says so.
    result = crawl("dantri", check=False)
    assert result.returncode == 1
    health = rows(crawl.db, "select * from site_health where site = 'dantri'")[0]
    assert health["links_found"] == 0 and health["links_before"] > 0
    assert health["health"].startswith("no articles found")
    assert "health: dantri: no articles found" in result.stdout


def test_a_healthy_site_is_ok(server, crawl):
    crawl("bhxh")
    crawl("bhxh")
    assert rows(crawl.db, "select health from site_health")[0]["health"] == "ok"


def article(url: str, fetched: str, source: str) -> dict:
    return {"url": url, "site": "dantri", "title": "t", "text": "x", "fetched": fetched,
            "published_source": source, "author_source": source, "text_source": source}


def test_fields_from_weaker_sources_are_flagged(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    first = archive.start_crawl("dantri")
    for i in range(10):
        archive.store_article(article(f"https://dantri.com.vn/a{i}", "2026-01-01T00:00:00+00:00", "selector"))
    archive.finish_crawl(first, "ok", {"links_found": 10, "new": 10})
    second = archive.start_crawl("dantri")
    for i in range(10, 14):
        archive.store_article(article(f"https://dantri.com.vn/a{i}", "2099-01-01T00:00:00+00:00", "generic"))
    archive.finish_crawl(second, "ok", {"links_found": 14, "new": 4})
    [problem] = unhealthy(archive.db)
    assert problem["site"] == "dantri"
    assert problem["health"] == ("bodies from weaker sources; authors from weaker sources; "
                                 "dates from weaker sources")


async def test_site_health_is_shown_in_datasette(tmp_path):
    from archive.web import make_datasette

    archive = Archive(tmp_path / "archive.db")
    crawl = archive.start_crawl("bhxh")
    archive.finish_crawl(crawl, "failed", {}, "https://baohiemxahoi.gov.vn/: connection refused")
    archive.close()
    response = await make_datasette(tmp_path / "archive.db").client.get("/archive/site_health.json?_shape=array")
    assert response.status_code == 200
    assert response.json()[0]["site"] == "bhxh" and response.json()[0]["health"] == "last crawl failed"
