"""Incremental re-crawl benchmark (not a test): what a re-crawl costs the sites for 20 new articles, against the floor.

    python bench/recrawl.py [--articles 500] [--new 5] [--per-page 10] [--seed 0] [--json PATH] [--out DIR]

Serves the four sample sites (``--articles`` in-section articles each) on 127.0.0.1, archives them with one
``ansinh crawl``, publishes ``--new`` articles on each site (``SampleSite.publish``, 5 × 4 = 20 by default), and
re-crawls. The sample server's request log of the re-crawl is split into articles, listing pages, feeds and
sitemaps, robots.txt and anything else, with the 304s counted. The floor is what any crawler following this
policy must ask for: one request per new article; per section, the listing pages that list a new article and
page 1 (read to learn whether anything is new); robots.txt once per site; and each feed and sitemap the site's
seed names (revalidated, a 304 when unchanged). Then, on the same
archive and server, ``ansinh crawl --full`` shows what re-crawling everything would cost instead. The
``requests_per_new`` that the archive's ``crawls`` table recorded for the incremental run is printed beside.
"""

from __future__ import annotations

import sys
from collections import Counter
from urllib.parse import urlsplit

from ansinh.samples import serve
from common import SITES, arguments, article_url, check_stored, crawl, finish, fresh, query, sample_sites

KINDS = ("articles", "listings", "feeds+sitemaps", "robots.txt", "other")


def kind_of(key: str, site, path: str) -> str:
    feeds = {urlsplit(u).path for u in SITES[key].feeds + SITES[key].sitemaps}
    if path == "/robots.txt":
        return "robots.txt"
    if path in feeds:
        return "feeds+sitemaps"
    if site.article(path):
        return "articles"
    if any(path == s.url or s.page_pattern().match(path) for s in site.sections):
        return "listings"
    return "other"


def split(hits, sites) -> dict:
    """Requests by kind, with how many of each were 304, and the unclassified paths."""
    counts, not_modified, other, per_site = Counter(), Counter(), [], Counter(h.site for h in hits)
    for hit in hits:
        kind = kind_of(hit.site, sites[hit.site], hit.path)
        counts[kind] += 1
        not_modified[kind] += hit.status == 304
        if kind == "other":
            other.append(f"{hit.site}:{hit.path} {hit.status}")
    return {"total": len(hits), "bytes": sum(h.bytes for h in hits), "per_site": dict(sorted(per_site.items())),
            "304": sum(not_modified.values()), "by_kind": {k: counts[k] for k in KINDS},
            "304_by_kind": {k: not_modified[k] for k in KINDS}, "other_paths": other}


def describe(label: str, s: dict) -> list[str]:
    kinds = ", ".join(f"{k} {s['by_kind'][k]}" + (f" ({s['304_by_kind'][k]} × 304)" if s['304_by_kind'][k] else "")
                      for k in KINDS)
    return [f"{label:<15}{s['total']} requests ({s['bytes'] / 2**20:.1f} MiB), {s['304']} of them 304: {kinds}",
            "  per site     " + ", ".join(f"{site} {n}" for site, n in s["per_site"].items())]


def listing_floor(site, new) -> dict[str, int]:
    """Per section: page 1, and the listing pages that list one of ``new`` (page-own items, not the highlight
    repeat)."""
    new = {id(a) for a in new}
    return {section.url: sum(page == 1 or any(id(a) in new for a in site.listing(section, page).items)
                             for page in range(1, site.last_page(section) + 1))
            for section in site.sections}


def fixed_floor(key: str) -> dict[str, int]:
    """The requests a re-crawl of a site makes whatever is new: robots.txt once, each feed and sitemap once."""
    return {"robots.txt": 1, "feeds+sitemaps": len(SITES[key].feeds) + len(SITES[key].sitemaps)}


def main() -> None:
    args = arguments(__doc__, "recrawl", ("--new", {"type": int, "default": 5, "help": "published per site"}))
    new_per_site = args.new
    db = fresh(args.out)
    sites = sample_sites(args)
    with serve(sites) as server:
        first = crawl(db, server, log="1-first")
        check_stored(db, sites)
        before = query(db, "select max(id) as id from crawls")[0]["id"]

        published = {key: site.publish(new_per_site) for key, site in sites.items()}
        server.requests.reset()
        incremental = crawl(db, server, log="2-incremental")
        inc = split(server.requests.reset(), sites)
        stored = check_stored(db, sites)
        runs = query(db, "select site, requests, new, requests_per_new from crawls where id > ?", [before])
        after = query(db, "select max(id) as id from crawls")[0]["id"]

        full = crawl(db, server, "--full", log="3-full")
        whole = split(server.requests.reset(), sites)
        full_runs = query(db, "select site, requests, new, unchanged from crawls where id > ?", [after])
    check_stored(db, sites)

    new = sum(len(p) for p in published.values())
    got = query(db, "select count(*) as n from articles where url in (%s)" % ",".join("?" * new),
                [article_url(key, a.path) for key, arts in published.items() for a in arts])[0]["n"]
    if got != new:
        sys.exit(f"FAILED: {got} of the {new} new articles were archived by the re-crawl")
    floors = {key: listing_floor(sites[key], arts) for key, arts in published.items()}
    floor_listings = sum(sum(f.values()) for f in floors.values())
    fixed = {kind: sum(fixed_floor(key)[kind] for key in sites) for kind in ("robots.txt", "feeds+sitemaps")}
    floor = new + floor_listings + sum(fixed.values())
    recorded = {r["site"]: r["requests_per_new"] for r in runs}
    table_requests, table_new = sum(r["requests"] for r in runs), sum(r["new"] for r in runs)

    lines = [
        f"fixture        {len(sites)} sites × {args.articles} articles archived by a first crawl "
        f"({first.seconds:.1f} s); then {new_per_site} published per site: {new} new, {stored} in all",
        *describe("re-crawl", inc),
        f"  per new      {inc['total'] / new:.2f} requests per new article ({incremental.seconds:.1f} s)",
        f"  floor        {floor} requests, {floor / new:.2f} per new article: {new} articles + {floor_listings} "
        f"listing pages (page 1 of each section and those listing a new article: "
        + ", ".join(f"{k} {sum(f.values())}" for k, f in floors.items()) + f") + robots.txt {fixed['robots.txt']} "
        f"+ feeds and sitemaps {fixed['feeds+sitemaps']}",
        f"  ratio        re-crawl / floor = {inc['total'] / floor:.2f} (goal ≤ 1.1)",
        "  crawls table requests_per_new: " + ", ".join(f"{k} {v}" for k, v in recorded.items())
        + f"; overall {table_requests} Scrapy requests / {table_new} new = {table_requests / max(table_new, 1):.2f}",
        *describe("full re-crawl", whole),
        f"  per new      {whole['total'] / new:.2f} requests per new article it would imply ({full.seconds:.1f} s)",
        f"  ratio        full / incremental = {whole['total'] / inc['total']:.1f}× the requests",
    ]
    if inc["other_paths"]:
        lines.append("  other (re-crawl): " + ", ".join(inc["other_paths"][:10]))
    finish(args, "incremental re-crawl benchmark", lines, {
        "articles_per_site": args.articles, "new_per_site": new_per_site, "new": new,
        "incremental": {**inc, "seconds": round(incremental.seconds, 2), "per_new": round(inc["total"] / new, 3)},
        "floor": {"requests": floor, "listing_pages": floors, **fixed, "per_new": round(floor / new, 3)},
        "incremental_over_floor": round(inc["total"] / floor, 3),
        "crawls_table": runs, "full": {**whole, "seconds": round(full.seconds, 2), "crawls_table": full_runs,
                                       "per_new": round(whole["total"] / new, 3)},
        "full_over_incremental": round(whole["total"] / inc["total"], 3),
    })


if __name__ == "__main__":
    main()
