"""A new site is a seed and a folder: no code of its own, and it is crawled end to end like the others.

The seed goes in a folder of ``ANSINH_SEEDS``, the sample pages in one of ``ANSINH_SAMPLES``; the same
``build_sites`` that ``ansinh demo`` and ``bench/`` call then serves it, and ``ansinh crawl --mirror`` archives it.
"""

from __future__ import annotations

import json

from ansinh.samples import build_site, build_sites, serve
from conftest import ansinh, rows

SEED = r'''
key = "baomau"
name = "Báo Mẫu"
base = "https://baomau.example.vn"
hosts = ["baomau.example.vn"]
schedule = "0 6 * * *"
article = '^/tin/[a-z0-9-]+-\d+\.html$'

[[sections]]
name = "Chính sách"
url = "/chinh-sach"
pages = "/chinh-sach?trang={page}"

[listing]
links = "ul.tin a"

[selectors]
title = "h1.tieu-de"
sapo = "p.tom-tat"
body = "div.noi-dung"
author = "span.tac-gia"
published = "time::attr(datetime)"
category = "nav.muc a"
'''

SCENARIO = '''
byline = "(BM) - "
newest = 2025-06-01T20:00:00+07:00
beyond_last = "empty"
tags = false
article = "/tin/{{ title|slug }}-{{ ident }}.html"
others = [{ slug = "the-thao", name = "Thể thao", url = "/the-thao" }]
'''

ARTICLE = '''<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ article.title }}</title></head>
<body><nav class="muc"><a href="{{ article.category_url }}">{{ article.category }}</a></nav>
<h1 class="tieu-de">{{ article.title }}</h1>
<span class="tac-gia">{{ article.author }}</span> <time datetime="{{ article.published }}">{{ article.published_at.strftime("%d/%m/%Y %H:%M") }}</time>
<p class="tom-tat">{{ article.sapo }}</p>
<div class="noi-dung">{% for para in paras %}<p>{{ para }}</p>{% endfor %}</div>
<aside><a href="{{ site.older(article, 1)[0].path if site.older(article, 1) else '/' }}">Tin cũ</a></aside>
</body></html>
'''

LISTING = '''<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ listing.section.name }}</title></head>
<body><ul class="tin">{% for a in listing.highlight + listing.items %}<li><a href="{{ a.path }}">{{ a.title }}</a></li>{% endfor %}</ul>
<aside>{% for a in listing.offsite %}<a href="{{ a.path }}">{{ a.title }}</a>{% endfor %}</aside>
{% if listing.page < listing.last %}<a rel="next" href="{{ listing.section.path(listing.page + 1) }}">Sau</a>{% endif %}
</body></html>
'''


def test_a_site_with_no_code_is_served_and_crawled_end_to_end(tmp_path, monkeypatch):
    seeds, samples = tmp_path / "seeds", tmp_path / "samples" / "baomau"
    seeds.mkdir()
    samples.mkdir(parents=True)
    (seeds / "baomau.toml").write_text(SEED, encoding="utf-8")
    for name, text in (("scenario.toml", SCENARIO), ("article.html", ARTICLE), ("listing.html", LISTING)):
        (samples / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("ANSINH_SEEDS", str(seeds))
    monkeypatch.setenv("ANSINH_SAMPLES", str(samples.parent))

    # What `ansinh demo` and bench/ build: the new site is among them.
    assert "baomau" in build_sites(articles=1)
    site = build_site("baomau", articles=23, per_page=10)
    assert site.last_page(site.sections[0]) == 3 and len(site.foreign) == 6
    db = tmp_path / "archive.db"
    with serve({"baomau": site}) as server:
        result = ansinh("crawl", "baomau", "--db", str(db), "--quiet", *server.mirror_args())
        assert result.returncode == 0, result.stderr
        # The other section's pages are linked but never fetched.
        assert all(server.requests.count("baomau", path=path) == 0 for path in site.foreign)
    got = {row["url"]: row for row in rows(db, "select * from articles where site = 'baomau'")}
    assert set(got) == {site.real_base + a.path for a in site.articles}
    for article in site.articles:
        row, want = got[site.real_base + article.path], article.expected()
        assert (row["title"], row["sapo"], row["author"], row["published"], row["category"]) == (
            want["title"], want["sapo"], want["author"], want["published"], want["category"])
        assert row["text"] == "\n\n".join(want["body"])
        assert json.loads(row["tags"]) == want["tags"] == []


def test_a_broken_sample_folder_is_one_line_and_exit_2(tmp_path, monkeypatch):
    seeds, samples = tmp_path / "seeds", tmp_path / "samples" / "baomau"
    seeds.mkdir()
    samples.mkdir(parents=True)
    (seeds / "baomau.toml").write_text(SEED, encoding="utf-8")
    (samples / "scenario.toml").write_text(SCENARIO.replace("article =", "artikel ="), encoding="utf-8")
    monkeypatch.setenv("ANSINH_SEEDS", str(seeds))
    monkeypatch.setenv("ANSINH_SAMPLES", str(samples.parent))
    result = ansinh("demo", "--db", str(tmp_path / "archive.db"), "--articles", "1", timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"ansinh: error: {samples / 'scenario.toml'}: article is missing"
