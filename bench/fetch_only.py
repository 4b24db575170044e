"""A plain Scrapy spider that only fetches (not a test): the machinery's ceiling for bench/crawl.py.

    python bench/fetch_only.py URLS.txt

Fetches every URL of the file (one a line) and does nothing with the answers: no parsing, no extraction, no
storage. Each host:port gets a download slot of its own with the concurrency and no delay that ``ansinh crawl``
gives a loopback mirror (crawler/run.py), so the two differ only in what the crawl does with a page.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess

# As crawler.run.project_settings gives each loopback mirror.
SLOT = {"concurrency": 8, "delay": 0, "jitter": 0}


class FetchOnly(scrapy.Spider):
    name = "fetch-only"

    def __init__(self, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, dont_filter=True, meta={"download_slot": urlsplit(url).netloc})

    def parse(self, response):
        pass


def main() -> None:
    urls = Path(sys.argv[1]).read_text().split()
    slots = {urlsplit(url).netloc: SLOT for url in urls}
    process = CrawlerProcess({
        "CONCURRENT_REQUESTS": 16 * len(slots), "DOWNLOAD_SLOTS": slots, "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False, "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
    })
    crawler = process.create_crawler(FetchOnly)
    process.crawl(crawler, urls=urls)
    process.start()
    # Answers of any status count (the crawl's URLs include the 404 past a listing's last page).
    answered = crawler.stats.get_value("downloader/response_count", 0)
    print(answered)
    if answered != len(urls):
        sys.exit(f"{answered} of {len(urls)} URLs answered")


if __name__ == "__main__":
    main()
