"""Scrapy settings: crawl policy. Politeness here, per-run values (archive file, mirrors) from the command line."""

BOT_NAME = "ansinh"
SPIDER_LOADER_CLASS = "crawler.spiders.site.SiteSpiderLoader"

# Politeness: the sites are public-service newsrooms on modest servers.
USER_AGENT = "ansinh/0.1 (archive of Vietnamese social-security news; +https://github.com/ansinh/ansinh)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy starts this many tasks for every response (100 by default) while a page yields one item, or one and about
# ten requests: 8 costs 1.1-1.4 ms a response where 100 costs 10-16 ms (bench/concurrent_items.py).
CONCURRENT_ITEMS = 8

# Retries of timeouts and 5xx, each waiting twice as long as the one before.
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
# The spider reports each request that finally failed, once, with its real URL.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# A server's Retry-After (429, 503) is waited for up to this; one that asks for longer is tried on a later run.
RETRY_AFTER_MAX = 120.0
DOWNLOADER_MIDDLEWARES = {
    # First: nothing leaves the site's hosts (or its mirror), redirects included.
    "crawler.middlewares.SiteGuardMiddleware": 40,
    # Before robots.txt, so that a mirror's own robots.txt is the one fetched and obeyed.
    "crawler.middlewares.MirrorMiddleware": 50,
    "crawler.middlewares.RobotsRevalidateMiddleware": 60,
    # A robots.txt that answers 5xx (or not at all) means "disallow everything" for now (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.StrictRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.HeadMetaRefreshMiddleware": 580,
    # Next to the downloader, inside the HTTP cache: what came over the network, as it came (see crawler.warc).
    "crawler.warc.WarcMiddleware": 950,
    # Only for a site whose seed says its pages are rendered by script (crawler/browser.py).
    "crawler.browser.BrowserMiddleware": 590,
}
# The browser path's bounds: pages at a time per context and contexts at a time (within the per-host limit
# above), a page's timeout in milliseconds, and the pages a context serves before it is closed for a fresh one.
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
ANSINH_BROWSER_PAGES_PER_CONTEXT = 50

# Conditional requests: listings, feeds and sitemaps are revalidated (ETag / Last-Modified), so an unchanged
# one costs a 304. Articles are never cached (the archive keeps them). The cache lives beside the archive.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_GZIP = True
# Written whole or not at all, and checked when read: a kill mid-write never serves a truncated listing.
HTTPCACHE_STORAGE = "crawler.httpcache.VerifiedCacheStorage"

# Article pages weigh 50-130 KiB: a body past 16 MiB (decompressed, so gzip bombs included)
# is refused, and memory stays flat.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
ANSINH_DB = "archive.db"
# Listing pages a head or walk of one section reads per run: no walk runs on without end, even where pages past
# the last one still link into the section. A walk stopped here goes on next run.
ANSINH_MAX_PAGES = 1000
ANSINH_MIRRORS = {}
# Every response, with its request, in WARC files beside the archive (ANSINH_DB + ".warc", see crawler.warc).
ANSINH_WARC_ENABLED = True
ANSINH_WARC_MAX_BYTES = 100 * 1024 * 1024
# Each record is on disk before its row is written: measured at 3 ms per 130 KiB page (README).
ANSINH_WARC_FSYNC = True
# Processes that extract article pages (crawler.workers): unset, one per core; 0 extracts on the reactor thread.
ANSINH_EXTRACT_WORKERS = None
EXTENSIONS = {"crawler.progress.Progress": 500}
# Seconds between progress lines while a crawl runs.
ANSINH_PROGRESS_INTERVAL = 5.0

LOG_LEVEL = "INFO"
