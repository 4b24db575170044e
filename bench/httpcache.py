"""What an HTTP cache entry costs by gzip level (not a test): ``python bench/httpcache.py``.

Stores the real pages of ../shared/real-pages in the crawl's HTTP cache (crawler.httpcache.VerifiedCacheStorage,
which writes on the reactor thread), five times each, at gzip levels 9 (gzip.open's default, Scrapy's), 6, 1 and
none, and prints the time and the disk space per entry.
"""

from __future__ import annotations

import functools
import gzip
import sys
import tempfile
import time
from pathlib import Path

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.httpcache import VerifiedCacheStorage  # noqa: E402

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "real-pages"
ROUNDS = 5


class Spider:
    name = "bench"


def main() -> None:
    pages = [path.read_bytes() for path in sorted(PAGES.rglob("*.htm*"))]
    if not pages:
        sys.exit(f"no real pages under {PAGES}")
    print(f"{len(pages)} real pages, {sum(map(len, pages)) / len(pages) / 1024:.0f} KiB on average")
    for level in (9, 6, 1, 0):
        folder = tempfile.mkdtemp(prefix="ansinh-httpcache-")
        crawler = get_crawler(settings_dict={"HTTPCACHE_DIR": folder, "HTTPCACHE_GZIP": level > 0})
        storage = VerifiedCacheStorage(crawler.settings)
        storage._fingerprinter = crawler.request_fingerprinter  # what open_spider would set
        if level:
            storage._open = functools.partial(gzip.open, compresslevel=level)
        started = time.perf_counter()
        for round_ in range(ROUNDS):
            for index, body in enumerate(pages):
                request = Request(f"https://dantri.com.vn/{round_}/{index}.htm")
                storage.store_response(Spider(), request, HtmlResponse(request.url, body=body,
                                                                      headers={"Content-Type": "text/html"}))
        entries = ROUNDS * len(pages)
        size = sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())
        print(f"gzip level {level or 'none':>4}: {(time.perf_counter() - started) / entries * 1000:5.2f} ms an entry, "
              f"{size / entries / 1024:6.1f} KiB on disk")


if __name__ == "__main__":
    main()
