"""`scrapy crawl SITE -o FILE` as a Scrapy user runs it: the articles exported, the archive written as usual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import rows
from crawler.sites import load_sites

ROOT = Path(__file__).resolve().parents[1]


def test_scrapy_crawl_exports_the_articles(sample_sites, server, tmp_path):
    site = load_sites()["bhxh"]
    db, out = tmp_path / "archive.db", tmp_path / "articles.jsonl"
    mirrors = json.dumps({host: server.url("bhxh") for host in site.hosts})
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "bhxh", "-o", str(out), "-s", f"ANSINH_DB={db}",
         "-s", f"ANSINH_MIRRORS={mirrors}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
         "-s", "HTTPCACHE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = {site.canonical(site.base + article.path) for article in sample_sites["bhxh"].articles}
    # One item per article, its fields as extracted: no listing pages, no raw bytes.
    assert sorted(item["url"] for item in exported) == sorted(expected)
    assert all(set(item) >= {"title", "text", "published", "published_source"} and "html" not in item
               for item in exported)
    assert all(isinstance(item["tags"], list) and isinstance(item["images"], list) for item in exported)
    # And the archive is written as by `ansinh crawl`.
    assert {row["url"] for row in rows(db, "select url from articles")} == expected
    assert rows(db, "select status from crawls")[0]["status"] == "ok"
