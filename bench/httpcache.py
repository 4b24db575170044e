"""What an HTTP cache entry costs by gzip level (not a test): ``python bench/httpcache.py``.

Stores the real pages of ../shared/real-pages in the crawl's HTTP cache (crawler.httpcache.VerifiedCacheStorage,
which writes on the reactor thread), five times each, at gzip levels 9 (gzip.open's default, Scrapy's), 6, 1 and
none, and prints the time and the disk space per entry.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

from scrapy import Spider
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.httpcache import VerifiedCacheStorage  # noqa: E402

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "real-pages"
ROUNDS = 5


def storage(level: int) -> tuple[VerifiedCacheStorage, Spider, str]:
    """A cache storage writing at ``level`` (0: no gzip) into a folder of its own, opened for a spider."""
    folder = tempfile.mkdtemp(prefix="ansinh-httpcache-")
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": folder, "HTTPCACHE_GZIP": level > 0})
    spider = Spider.from_crawler(crawler, name="bench")
    cache = VerifiedCacheStorage(crawler.settings)
    cache.open_spider(spider)
    if level:
        cache._open = functools.partial(gzip.open, compresslevel=level)
    return cache, spider, folder


def main() -> None:
    pages = [path.read_bytes() for path in sorted(PAGES.rglob("*.htm*"))]
    if not pages:
        sys.exit(f"no real pages under {PAGES}")
    print(f"{len(pages)} real pages, {sum(map(len, pages)) / len(pages) / 1024:.0f} KiB on average")
    levels = (9, 6, 1, 0)
    caches = {level: storage(level) for level in levels}
    seconds = dict.fromkeys(levels, 0.0)
    try:
        # Level after level within each round: the machine's speed drifts, and each level sees all of it.
        for round_ in range(ROUNDS):
            for level, (cache, spider, _) in caches.items():
                started = time.perf_counter()
                for index, body in enumerate(pages):
                    request = Request(f"https://dantri.com.vn/{round_}/{index}.htm")
                    response = HtmlResponse(request.url, body=body, headers={"Content-Type": "text/html"})
                    cache.store_response(spider, request, response)
                seconds[level] += time.perf_counter() - started
        entries = ROUNDS * len(pages)
        for level, (_, _, folder) in caches.items():
            files = [path.stat() for path in Path(folder).rglob("*") if path.is_file()]
            print(f"gzip level {level or 'none':>4}: {seconds[level] / entries * 1000:5.2f} ms an entry, "
                  f"{sum(f.st_size for f in files) / entries / 1024:6.1f} KiB of files, "
                  f"{sum(f.st_blocks * 512 for f in files) / entries / 1024:6.1f} KiB of disk")
    finally:
        for _, _, folder in caches.values():
            shutil.rmtree(folder, ignore_errors=True)

if __name__ == "__main__":
    main()
