"""One generic spider for every site definition: it finds articles and parses them; pipelines store."""

from __future__ import annotations

from typing import Iterable

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from crawler.extract import ExtractionError, extract
from crawler.items import ArticlePage
from crawler.sites import Section, Site, get_site, load_sites


class SiteSpider(scrapy.Spider):
    """Crawls one site's social-security sections page by page, plus its feeds and sitemaps.

    :param site: the site's key or definition.
    :param max_pages: listing pages per section (default: until a page lists no article).
    """

    name = "site"

    def __init__(self, site: str | Site, max_pages: int | str | None = None, **kwargs):
        self.site = site if isinstance(site, Site) else get_site(site)
        super().__init__(name=self.site.key, **kwargs)
        self.max_pages = int(max_pages) if max_pages else None

    async def start(self):
        for section in self.site.sections:
            yield self.listing_request(section, 1)
        for feed in self.site.feeds:
            yield scrapy.Request(feed, callback=self.parse_feed, errback=self.on_error, meta={"ansinh_kind": "feed"})
        for sitemap in self.site.sitemaps:
            yield scrapy.Request(sitemap, callback=self.parse_sitemap, errback=self.on_error,
                                 meta={"ansinh_kind": "feed"})

    def listing_request(self, section: Section, page: int) -> scrapy.Request:
        return scrapy.Request(
            section.page_url(page),
            callback=self.parse_listing,
            errback=self.on_error,
            cb_kwargs={"section": section, "page": page},
            meta={"ansinh_kind": "listing"},
            # Deeper pages wait behind the articles already found: memory stays flat on deep archives.
            priority=-page,
        )

    def article_requests(self, urls: Iterable[str], section: str | None) -> Iterable[scrapy.Request]:
        for url in urls:
            if self.site.is_article(url):
                yield scrapy.Request(
                    self.site.canonical(url),
                    callback=self.parse_article,
                    errback=self.on_error,
                    cb_kwargs={"section": section},
                    meta={"ansinh_kind": "article"},
                )

    def parse_listing(self, response: Response, section: Section, page: int):
        self.crawler.stats.inc_value("ansinh/listing_pages")
        links = [response.urljoin(a.attrib["href"]) for a in response.css(self.site.listing_links) if "href" in a.attrib]
        articles = list(self.article_requests(links, section.name))
        yield from articles
        if articles and (self.max_pages is None or page < self.max_pages):
            yield self.listing_request(section, page + 1)

    def parse_feed(self, response: Response):
        """RSS items' links."""
        response.selector.remove_namespaces()
        yield from self.article_requests(map(str.strip, response.xpath("//item/link/text()").getall()), None)

    def parse_sitemap(self, response: Response):
        """A sitemap's article URLs; a sitemap index's sitemaps."""
        sitemap = Sitemap(response.body)
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                yield scrapy.Request(entry["loc"], callback=self.parse_sitemap, errback=self.on_error)
        else:
            yield from self.article_requests((entry["loc"] for entry in sitemap), None)

    def parse_article(self, response: Response, section: str | None):
        url = self.site.canonical(response.url)
        page = ArticlePage(url=url, site=self.site.key, status=response.status, html=response.body,
                           content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None)
        try:
            page.article = extract(self.site, url, response.text)
        except (ExtractionError, ValueError, AttributeError) as error:
            # A broken page is kept raw and counted; the crawl goes on.
            self.logger.warning("could not extract %s: %s", url, error)
            page.error = str(error)
        else:
            page.article.category = page.article.category or section
        yield page

    def on_error(self, failure):
        request = failure.request
        kind = request.meta.get("ansinh_kind", "page")
        url = request.meta.get("ansinh_real_url", request.url)
        self.crawler.stats.inc_value(f"ansinh/{kind}_errors")
        self.crawler.stats.set_value("ansinh/last_error", f"{url}: {failure.getErrorMessage()}")
        self.logger.warning("could not fetch %s %s: %s", kind, url, failure.getErrorMessage())


class SiteSpiderLoader:
    """Makes ``scrapy crawl <site key>`` work: every definition in seeds/ is a spider of that name."""

    def __init__(self, settings=None):
        self.sites = load_sites()

    @classmethod
    def from_settings(cls, settings):
        return cls(settings)

    def load(self, spider_name: str) -> type[SiteSpider]:
        if spider_name not in self.sites:
            raise KeyError(f"Spider not found: {spider_name}")
        site = self.sites[spider_name]

        def __init__(spider, **kwargs):
            SiteSpider.__init__(spider, site, **kwargs)

        return type(f"{site.key.title()}Spider", (SiteSpider,), {"name": site.key, "__init__": __init__})

    def list(self) -> list[str]:
        return list(self.sites)

    def find_by_request(self, request) -> list[str]:
        return [key for key, site in self.sites.items() if site.is_article(request.url)]
