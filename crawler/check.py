"""``ansinh check``: the extractor shown to a person, on a site's live pages or a saved one.

After a redesign the question is which selector broke and what extraction falls back to. :func:`check_page`
runs the same :func:`crawler.extract.extract` a crawl runs and says, per field, the value found and its
source, which of the seed's selectors matched nothing, and what is wrong: a required field (title, body, date)
that only a weak fallback gave. :func:`fetch` gets a section's first listing page and a few of its articles
through Scrapy, with the crawl's own politeness (robots.txt, the user agent, the mirrors), and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import scrapy
from scrapy.crawler import CrawlerProcess

from crawler.browser import with_browser
from crawler.extract import ExtractionError, extract
from crawler.listing import article_links
from crawler.page import as_list
from crawler.sites import Site

# The fallbacks that make a required field doubtful: a page title, trafilatura's guess of the body, a date
# found by pattern, written in the URL, or guessed by htmldate.
WEAK = {"title": {"title"}, "text": {"trafilatura"}, "published": {"pattern", "url", "htmldate"}}
FIELDS = ("title", "sapo", "text", "author", "published", "category", "tags", "images")


@dataclass
class PageReport:
    url: str
    #: field → (shown value, source)
    fields: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: "field: css" of each seed selector that matched nothing
    missed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class ListingReport:
    url: str
    status: int | None
    links: list[str]
    selector_matched: bool
    error: str | None = None

    @property
    def problems(self) -> list[str]:
        if self.error:
            return [f"the listing could not be read: {self.error}"]
        found = [] if self.links else ["the listing yields no article"]
        return found + ([] if self.selector_matched else ["the listing selector matched nothing"])


def _shown(value) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v.get("src") if isinstance(v, dict) else v) for v in value[:5]) + (
            f" … ({len(value)})" if len(value) > 5 else "")
    text = str(value)
    return text if len(text) <= 100 else f"{text[:97]}… ({len(text):,} characters)"


def check_page(site: Site, url: str, html: str) -> PageReport:
    """What extraction gives on one page, field by field, and what is wrong with it."""
    report = PageReport(url)
    try:
        article = extract(site, url, html)
    except ExtractionError as error:
        report.problems.append(str(error))
        return report
    for name in FIELDS:
        value = getattr(article, name)
        source = getattr(article, f"{name}_source", None)
        if name == "published" and value:
            value = f"{value} ({article.published_precision})"
        report.fields[name] = (_shown(value), source)
    report.missed = [f"{name}: {' | '.join(as_list(site.selectors[name]))}" for name in article.missed]
    for name, weak in WEAK.items():
        source = getattr(article, f"{name}_source")
        if source is None or source in weak:
            report.problems.append(f"{name} {'missing' if source is None else 'only from a weak fallback: ' + source}")
    return report


class CheckSpider(scrapy.Spider):
    """Fetches what a check looks at; keeps the responses, stores nothing."""

    name = "check"

    def __init__(self, site: Site, urls: list[str], articles: int, **kwargs):
        super().__init__(**kwargs)
        self.site, self.urls, self.articles = site, urls, articles
        self.listings: list[ListingReport] = []
        self.pages: dict[str, str | Exception] = {}

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.keep, errback=self.failed, dont_filter=True,
                                 meta={"ansinh_kind": "article"})
        if not self.urls:
            for section in self.site.sections:
                yield scrapy.Request(section.url, callback=self.listing, errback=self.listing_failed,
                                     dont_filter=True, meta={"ansinh_kind": "listing"})

    def listing(self, response):
        links, matched = article_links(self.site, response.selector, response.url)
        self.listings.append(ListingReport(response.url, response.status, links, matched))
        for url in links[: self.articles]:
            yield scrapy.Request(url, callback=self.keep, errback=self.failed, meta={"ansinh_kind": "article"})

    def listing_failed(self, failure):
        response = getattr(failure.value, "response", None)
        self.listings.append(ListingReport(failure.request.meta.get("ansinh_real_url", failure.request.url),
                                           response.status if response is not None else None, [], True,
                                           failure.getErrorMessage()))

    def keep(self, response):
        self.pages[self.site.canonical(response.url)] = response.text

    def failed(self, failure):
        self.pages[failure.request.meta.get("ansinh_real_url", failure.request.url)] = failure.value


def fetch(site: Site, urls: list[str], settings, articles: int = 3) -> CheckSpider:
    """Fetch the given URLs, or each section's first listing page and up to ``articles`` of its articles."""
    process = CrawlerProcess(settings)
    mirror = next(iter(settings.getdict("ANSINH_MIRRORS").get(host) for host in site.hosts), None)
    crawler = process.create_crawler(with_browser(CheckSpider, site, mirror))
    process.crawl(crawler, site=site, urls=urls, articles=articles)
    process.start()
    return crawler.spider
