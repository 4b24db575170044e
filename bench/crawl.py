"""Crawl benchmark (not a test): a first crawl of a generated mirror of the four sites, against trafilatura alone.

    python bench/crawl.py [--articles 500] [--per-page 10] [--seed 0] [--json PATH] [--out DIR]

Builds the four sample sites (``--articles`` in-section articles each, 2,000 in all by default) in the sites' own
markup, renders every page up front, serves them on 127.0.0.1 (ansinh.samples) and runs
``ansinh crawl --db DIR/archive.db --quiet --mirror ...`` as a child process into a fresh archive, as a user runs
it. Checks that every in-section article was stored (exits non-zero otherwise), then prints:

- articles per second: articles stored / wall time of the crawl process (start-up and imports included);
- peak memory of the crawl process: its VmHWM (the kernel's peak-RSS mark), polled from /proc every 50 ms while
  it runs (not ru_maxrss, which on Linux includes this process's RSS, inherited across fork and exec);
- archive bytes per article: archive.db plus archive.db-wal, over the articles; the HTTP cache folder beside it
  (archive.db.httpcache) separately;
- in this same process after the crawl, on the same article pages' HTML taken from the sample sites:
  ``trafilatura.extract`` alone (default options, one warm-up call untimed), articles per second, and the
  ratio crawl rate / trafilatura rate;
- the average article page size per site.
"""

from __future__ import annotations

import time

import trafilatura

from ansinh.samples import serve
from common import arguments, check_stored, crawl, finish, fresh, query, sample_sites, size

MIB = 1024 * 1024


def trafilatura_rate(sites) -> tuple[float, int, int]:
    """(seconds spent in trafilatura.extract, pages, pages it returned nothing for) over every article page."""
    pages = [site.get(a.path).text for site in sites.values() for a in site.articles]
    trafilatura.extract(pages[0])  # warm-up: lazy initialisation is not per page
    spent, empty = 0.0, 0
    for html in pages:
        started = time.perf_counter()
        text = trafilatura.extract(html)
        spent += time.perf_counter() - started
        empty += not text
    return spent, len(pages), empty


def main() -> None:
    args = arguments(__doc__, "crawl")
    db = fresh(args.out)
    started = time.perf_counter()
    sites = sample_sites(args)
    built = time.perf_counter() - started
    page_sizes = {key: sum(len(site.get(a.path).body) for a in site.articles) / len(site.articles)
                  for key, site in sites.items()}

    with serve(sites) as server:
        run = crawl(db, server)
        hits = server.requests.snapshot()
    stored = check_stored(db, sites)
    runs = query(db, "select site, requests, bytes, listing_pages, articles_fetched, new, failed from crawls")
    sources = query(db, "select text_source, count(*) as n from articles group by 1 order by 2 desc")

    db_bytes, wal_bytes = size(db), size(db.with_name(db.name + "-wal"))
    cache_bytes = size(db.with_name(db.name + ".httpcache"))
    crawl_rate = stored / run.seconds
    spent, pages, empty = trafilatura_rate(sites)
    extract_rate = pages / spent

    lines = [
        f"sample sites   {len(sites)} × {args.articles} in-section articles, {args.per_page} per listing page; "
        f"built and rendered in {built:.1f} s (before the crawl)",
        f"crawl          {stored} articles stored (all {stored} in-section sample articles), "
        f"{len(hits)} requests served, {sum(h.bytes for h in hits) / MIB:.1f} MiB sent",
        f"  wall time    {run.seconds:.1f} s of the `ansinh crawl` process (start-up included); "
        f"its CPU time {run.cpu_seconds:.1f} s",
        f"  rate         {crawl_rate:.1f} articles/s",
        f"  peak RSS     {run.peak_rss_mib:.0f} MiB (VmHWM of the crawl process, polled from /proc every 50 ms)",
        f"archive        {(db_bytes + wal_bytes) / stored / 1024:.1f} KiB per article "
        f"(archive.db {db_bytes / MIB:.1f} MiB + -wal {wal_bytes / MIB:.1f} MiB)",
        f"  HTTP cache   {cache_bytes / MIB:.2f} MiB in archive.db.httpcache ({cache_bytes / stored / 1024:.2f} KiB "
        f"per article), separately",
        f"trafilatura    {extract_rate:.1f} articles/s: extract() alone, one process, same {pages} pages "
        f"({spent:.1f} s; {empty} gave no text)",
        f"ratio          crawl rate / trafilatura rate = {crawl_rate / extract_rate:.2f} (the crawl's text_source: "
        + ", ".join(f"{r['text_source']} {r['n']}" for r in sources) + ")",
        "article pages  average size per site: "
        + ", ".join(f"{key} {avg / 1024:.1f} KiB" for key, avg in page_sizes.items()),
        "per site       " + "; ".join(
            f"{r['site']}: {r['requests']} requests, {r['listing_pages']} listing pages, {r['new']} new"
            for r in runs),
    ]
    finish(args, "crawl benchmark", lines, {
        "articles_per_site": args.articles, "per_page": args.per_page, "articles_stored": stored,
        "crawl_seconds": round(run.seconds, 3), "crawl_cpu_seconds": round(run.cpu_seconds, 3),
        "crawl_articles_per_second": round(crawl_rate, 2),
        "peak_rss_mib": round(run.peak_rss_mib, 1),
        "peak_rss_method": "VmHWM of the crawl process from /proc/PID/status, polled every 50 ms",
        "archive_db_bytes": db_bytes, "archive_wal_bytes": wal_bytes,
        "archive_bytes_per_article": round((db_bytes + wal_bytes) / stored), "httpcache_bytes": cache_bytes,
        "trafilatura_seconds": round(spent, 3), "trafilatura_articles_per_second": round(extract_rate, 2),
        "trafilatura_empty": empty, "crawl_over_trafilatura": round(crawl_rate / extract_rate, 3),
        "article_page_bytes_avg": {key: round(avg) for key, avg in page_sizes.items()},
        "requests_served": len(hits), "bytes_served": sum(h.bytes for h in hits), "crawls": runs,
        "text_sources": {r["text_source"]: r["n"] for r in sources},
    })


if __name__ == "__main__":
    main()
