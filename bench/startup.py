"""Start-up cost of a crawl on a large archive (not a test): what a site's spider reads before its first request.

    python bench/startup.py [--pages 20000 200000] [--out DIR]

Builds synthetic archives of ``--pages`` kept pages (one site, 2 KiB of raw bytes each, an article for each),
then times, on each, what a crawl's start reads: opening the archive for writing (as the writer does) and for
reading (as the spider does), is_empty, and the spider's reads of frontier, walks and failures; with the known
URLs taken two ways:

- scan: every URL of the site's pages read into a set (``select url from pages where site = ?``, as the crawler
  on main did);
- index: :class:`archive.store.KnownUrls` (the highest rowid, the pending frontier and failures; then one
  lookup by the URL index per link), with 1,000 lookups timed beside it.

Each figure is the best of three, in seconds.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from archive import Archive
from archive.search import pause_search
from archive.store import ARTICLE_COLUMNS

OUT = Path(__file__).resolve().parent / "out" / "startup"
SITE = "dantri"


def url(n: int) -> str:
    return f"https://dantri.com.vn/an-sinh/bai-{n}-20250101000000000.htm"


def build(path: Path, pages: int) -> None:
    archive = Archive(path)
    # As a first crawl does: the search index filled in one pass when the archive is closed.
    pause_search(archive.db)
    with archive.db.atomic():
        archive.db.conn.executemany(
            # Rows as a crawl leaves them: where each raw page is in the WARC files (a reader of known URLs never
            # opens them).
            "insert into pages (url, site, fetched, status, warc_file, warc_offset) "
            "values (?, ?, '2025-01-01T00:00:00+00:00', 200, 'ansinh-bench.warc.gz', ?)",
            ((url(n), SITE, n * 2048) for n in range(pages)))
        columns = ", ".join(ARTICLE_COLUMNS)
        values = {"url": None, "site": SITE, "title": "Tin", "text": "Nội dung.", "fetched": "2025-01-01"}
        archive.db.conn.executemany(
            f"insert into articles ({columns}) values ({', '.join('?' * len(ARTICLE_COLUMNS))})",
            ([url(n) if name == "url" else values.get(name) for name in ARTICLE_COLUMNS] for n in range(pages)))
    archive.close()


def best(job, times: int = 3) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        job()
        spent.append(time.perf_counter() - started)
    return min(spent)


def start(path: Path, known: str) -> None:
    """What a crawl of one site reads before its first request."""
    Archive(path).close()
    archive = Archive(path, readonly=True)
    archive.is_empty()
    if known == "scan":
        {row[0] for row in archive.db.execute("select url from pages where site = ?", [SITE])}
    else:
        archive.known_urls(SITE)
    archive.frontier(SITE)
    archive.walk(SITE, "https://dantri.com.vn/an-sinh.htm")
    archive.due_failures(SITE, "article")
    archive.waiting_failures(SITE)
    archive.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    print("startup benchmark: seconds before a crawl's first request (best of 3)")
    for pages in args.pages:
        path = args.out / f"archive-{pages}.db"
        started = time.perf_counter()
        build(path, pages)
        built = time.perf_counter() - started
        scan, index = best(lambda: start(path, "scan")), best(lambda: start(path, "index"))
        archive = Archive(path, readonly=True)
        known = archive.known_urls(SITE)
        lookups = best(lambda: [url(n * 97 % (2 * pages)) in known for n in range(1000)])
        archive.close()
        print(f"{pages:>8} pages ({path.stat().st_size / 2**20:.0f} MiB, built in {built:.0f} s): "
              f"scan {scan:.3f} s, index {index:.3f} s; 1,000 lookups {lookups * 1000:.1f} ms")


if __name__ == "__main__":
    main()
