"""The Dân trí CMS: dantri.com.vn and dansinh.dantri.com.vn (same templates, other sections)."""

from __future__ import annotations

import json
import random
import zlib
from datetime import datetime, timedelta
from typing import Callable

from . import tpl_dantri as tpl
from .feeds import FeedItem, news_sitemap, rss
from .markup import css_blob, esc, js_blob
from .model import JSON, RSS, TEXT, VN, XML, Article, Listing, Page, Section
from .site import SampleSite
from .text import slugify


def _jsonld(data: dict) -> str:
    # "</" inside a script element would end it early.
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


class DantriSite(SampleSite):
    """The dantri.com.vn sample: ``/<category>.htm``, ``/<category>/trang-<n>.htm``,
    articles ``/<category>/<slug>-<YYYYMMDDhhmmssmmm>.htm``, RSS, news sitemap, robots.txt."""

    key = "dantri"
    byline = "(Dân trí) - "
    newest = datetime(2025, 5, 9, 22, 0, tzinfo=VN)
    beyond_last = "404"
    menu = tpl.DANTRI_MENU
    other_categories = [("the-gioi", "Thế giới", "/the-gioi.htm"), ("kinh-doanh", "Kinh doanh", "/kinh-doanh.htm"),
                        ("the-thao", "Thể thao", "/the-thao.htm")]
    noise_categories = [("video", "Video", "/video.htm"), ("photo", "Ảnh", "/photo.htm")]
    feed_size = 50
    sitemap_size = 100
    css_size = 88_000

    def __init__(self, articles: int = 30, seed: int = 0, per_page: int = 10) -> None:
        super().__init__(articles, seed, per_page)
        # An article taken down: still served and listed, but robots.txt forbids it by path.
        when = self.newest - timedelta(minutes=211)
        title = self._text.title(when)[0]
        section = self.sections[0]
        self._takedown.append(self._add_foreign(title, when, section.slug, section.name, section.url))

    # --- URLs -------------------------------------------------------------------------------------
    def make_path(self, title: str, when: datetime, category: str) -> tuple[str, str]:
        # The 17-digit id is the creation time to the millisecond: minute from the publication time.
        stamp = f"{when:%Y%m%d%H%M}{self._rng.randint(0, 59):02d}{self._rng.randint(0, 999):03d}"
        return stamp, f"/{category}/{slugify(title)}-{stamp}.htm"

    def tag_path(self, tag: str) -> str | None:
        return f"/tag/{slugify(tag)}.htm"

    def author_path(self, author: str) -> str | None:
        return f"/tac-gia/{slugify(author)}-{zlib.crc32(author.encode()) % 9000 + 1000}.htm"

    def api_path(self) -> str:
        """The "load more" endpoint linked from the first listing page (robots.txt forbids /api/)."""
        return f"/api/category/{self.sections[0].slug}/trang-2.json"

    def decorate(self, article: Article, rng: random.Random) -> None:
        if rng.random() < 0.18:
            article.source = rng.choice(["VTV", "Chinhphu.vn", "TTXVN", "VOV", "Báo Nhân Dân"])

    def listing_disallowed(self, section: Section, page: int) -> list[tuple[str, str]]:
        if section == self.sections[0] and page == 1:
            return [(a.path, a.title) for a in self._takedown] + [(self.api_path(), "Xem thêm")]
        return []

    # --- pieces -------------------------------------------------------------------------------------
    def _image(self, article: Article, n: int = 1, thumb: str = "thumb_w/680/") -> str:
        d = article.published_at
        return f"https://icdn.dantri.com.vn/{thumb}{d:%Y/%m/%d}/{slugify(article.title)[:40]}-{n}-{article.ident[-6:]}.jpg"

    def _chrome(self) -> tuple[str, str]:
        """The menus (short and full) shared by every page, built once per state."""
        def make() -> tuple[str, str]:
            short, full = [], []
            for label, slug, subs in self.menu:
                items = "".join(f'<li><a href="/{slug}/{slugify(s)}.htm">{esc(s)}</a></li>' for s in subs)
                short.append(f'<li class="has-child"><a href="/{slug}.htm">{esc(label)}</a>'
                             f'<ol class="submenu">{items}</ol></li>')
                full.append(f'<li><a href="/{slug}.htm">{esc(label)}</a><ol class="nf-submenu">{items}</ol></li>')
            return "\n".join(short), "\n".join(full)
        return self._memo("chrome", make)

    def _head(self, title: str, description: str, keywords: str, path: str, image: str, og_type: str,
              jsonld: str = "", article_meta: str = "") -> str:
        menu, nav_full = self._chrome()
        host = self.real_base.split("//", 1)[1]
        amp = f'<link href="https://amp.{host}{path}" rel="amphtml" />' if og_type == "article" else ""
        dns = "\n".join(f'<link rel="dns-prefetch" href="//{h}" /><link rel="preconnect" href="//{h}" />'
                        for h in tpl.DNS_HOSTS)
        return tpl.HEAD.render({
            "title": esc(title), "site_name": esc(self.name), "description": esc(description),
            "keywords": esc(keywords), "host": host, "image": esc(image), "og_type": og_type,
            "url": esc(self.url(path)), "article_meta": article_meta, "amp": amp, "base": self.base, "dns": dns,
            "css": css_blob(self.css_size, "dantri"), "jsonld": jsonld, "js": js_blob(6_000, "dantri"),
            "search_icon": tpl.SEARCH_ICON, "home_icon": tpl.HOME_ICON, "menu": menu, "nav_full": nav_full,
        })

    def _footer(self, ident: str, page_type: str, category_slug: str) -> str:
        links = "".join(f'<li><a href="/{slugify(x)}.htm">{esc(x)}</a></li>' for x in tpl.FOOTER_LINKS)
        cats = "".join(f'<li><a href="/{slug}.htm">{esc(label)}</a></li>' for label, slug, _ in self.menu)
        return tpl.FOOTER.render({"site_name": esc(self.name), "links": links, "cats": cats, "ident": ident,
                                  "page_type": page_type, "category_slug": category_slug})

    def _item(self, a: Article, block: str, n: int, excerpt: bool = True, size: tuple[int, int] = (240, 160)) -> str:
        text = f'<div class="article-excerpt"><a href="{a.path}">{esc(a.sapo_plain)}</a></div>' if excerpt else ""
        return tpl.ITEM.render({"block": block, "n": str(n), "path": a.path, "title": esc(a.title),
                                "image": self._image(a, 1, f"zoom/{size[0]}_{size[1]}/"), "width": str(size[0]),
                                "height": str(size[1]), "excerpt": text})

    def _body(self, article: Article) -> str:
        body, captions = article.body, article.captions
        spots = {0: 0, max(1, len(body) // 2): 1}
        parts = []
        for i, para in enumerate(body):
            parts.append(f"<p>{esc(self.body_text(article, para))}</p>")
            n = spots.get(i)
            if n is not None and n < len(captions):
                alt = esc(f"{article.title} - {n + 1}")
                parts.append(tpl.FIGURE.render({
                    "alt": alt, "src": self._image(article, n + 2), "original": self._image(article, n + 2, ""),
                    "photo_id": str(zlib.crc32(f"{article.path}{n}".encode()) % 9_000_000),
                    "caption": esc(self.body_text(article, captions[n]))}))
        return "\n".join(parts)

    def _article_jsonld(self, a: Article) -> str:
        url = self.url(a.path)
        news = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "headline": a.title, "description": a.sapo,
            "image": [self._image(a, 1, "zoom/1200_630/")], "datePublished": a.published,
            "dateModified": a.published, "articleSection": a.category,
            "author": {"@type": "Person", "name": a.author, "url": self.url(self.author_path(a.author))},
            "publisher": {"@type": "Organization", "name": self.name,
                          "logo": {"@type": "ImageObject", "url": "https://cdnweb.dantri.com.vn/dist/static/logo.png"}},
        }
        crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": self.url("/")},
            {"@type": "ListItem", "position": 2, "name": a.category, "item": self.url(a.category_url)}]}
        return _jsonld(news) + "\n" + _jsonld(crumbs)

    # --- pages ---------------------------------------------------------------------------------------
    def render_article(self, a: Article) -> str:
        when = a.published_at
        tags = " ".join(f'<a class="tags-item" href="{self.tag_path(t)}" title="{esc(t)}">{esc(t)}</a>' for t in a.tags)
        source = f'<div class="singular-source">Theo <strong>{esc(a.source)}</strong></div>' if a.source else ""
        related = "\n".join(self._item(r, "article-related", i + 1, size=(135, 90))
                            for i, r in enumerate(self.older(a, 3)))
        most_read = "\n".join(self._item(r, "most-read", i + 1, excerpt=False, size=(120, 80))
                              for i, r in enumerate(self.most_read()))
        meta = ('<meta property="article:author" content="https://www.facebook.com/example.news" />\n'
                '<meta property="article:publisher" content="https://www.facebook.com/example.news" />')
        author_url = self.author_path(a.author)
        return "".join([
            self._head(a.title, a.sapo, ", ".join(a.tags), a.path, self._image(a, 1, "zoom/1200_630/"), "article",
                       self._article_jsonld(a), meta),
            tpl.ARTICLE.render({
                "category_url": a.category_url, "category": esc(a.category), "title": esc(a.title),
                "author_url": author_url, "initial": esc(a.author[:1]), "author": esc(a.author),
                "datetime": f"{when:%Y-%m-%d %H:%M}",
                "time_text": f"{tpl.WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y} - {when:%H:%M}",
                "ident": a.ident, "sapo": esc(a.sapo), "body": self._body(a), "source": source, "tags": tags,
                "related": related, "most_read": most_read}),
            self._footer(a.ident, "article", a.category_url.strip("/").removesuffix(".htm")),
        ])

    def _pagination(self, listing: Listing) -> str:
        if listing.page > listing.last:
            return ""
        section, page, last = listing.section, listing.page, listing.last
        links = []
        if page > 1:
            links.append(f'<a class="prev" href="{section.path(page - 1)}">Trang trước</a>')
        for n in range(max(1, page - 2), min(last, page + 2) + 1):
            cls = "page-item active" if n == page else "page-item"
            links.append(f'<a class="{cls}" href="{section.path(n)}">{n}</a>')
        if page < last:
            links.append(f'<a class="next" href="{section.path(page + 1)}">Trang sau</a>')
        return f'<div class="pagination">{"".join(links)}</div>'

    def render_listing(self, listing: Listing) -> str:
        section, items = listing.section, list(listing.items)
        highlight = ""
        if listing.page == 1 and len(items) >= 3:
            top, items = items[:3], items[3:]
            highlight = ('<div class="grid highlight"><div class="article-wrap"><article class="article grid">'
                         + "\n".join(self._item(a, "category-highlights", i + 1, i == 0, (516, 344) if i == 0 else (252, 168))
                                     for i, a in enumerate(top)) + "</article></div></div>")
        rows = [self._item(a, "category-sticky", 1) for a in listing.highlight]
        rows += [self._item(a, "category-timeline", i + 1) for i, a in enumerate(items)]
        more = ""
        for path, label in listing.disallowed:
            if path.startswith("/api/"):
                more = f'<div class="view-more"><a class="more" href="{path}" data-module="load-more">{esc(label)}</a></div>'
            else:  # a taken-down article: listed like any other
                rows.insert(min(4, len(rows)), self._item(self.foreign[path], "category-timeline", 99))
        media = [self._item(self.foreign[p], "media", i + 1, False, (120, 80)) for i, (p, _) in enumerate(listing.noise)
                 if p in self.foreign]
        media += [f'<a class="tags-item" href="{p}">{esc(label)}</a>' for p, label in listing.noise if p not in self.foreign]
        subs = next((s for _, slug, s in self.menu if slug == section.slug), [])
        title = section.name + (f" - Trang {listing.page}" if listing.page > 1 else "")
        return "".join([
            self._head(title, f"Tin tức {section.name} mới nhất trên {self.name}", section.name, listing.path,
                       "https://cdnweb.dantri.com.vn/dist/static/share.png", "website"),
            tpl.LISTING.render({
                "section_url": section.url, "section": esc(section.name), "highlight": highlight,
                "subs": "".join(f'<li><a href="/{section.slug}/{slugify(s)}.htm">{esc(s)}</a></li>' for s in subs),
                "items": "\n".join(rows), "offsite": "\n".join(self._item(a, "news-latest", i + 1, False, (120, 80))
                                                              for i, a in enumerate(listing.offsite)),
                "media": "\n".join(media), "more": more, "pagination": self._pagination(listing)}),
            self._footer(section.slug, "category", section.slug),
        ])

    def render_index(self, title: str, path: str, items: list[Article]) -> str:
        rows = "\n".join(self._item(a, "tag-timeline", i + 1) for i, a in enumerate(items))
        return "".join([self._head(title, title, title, path, "https://cdnweb.dantri.com.vn/dist/static/share.png",
                                   "website"),
                         f'<main class="body container"><h1 class="title-page">{esc(title)}</h1>'
                         f'<div class="article-list">{rows}</div></main>', self._footer("", "tag", "")])

    # --- feeds, sitemaps, robots -----------------------------------------------------------------
    def _feed_item(self, a: Article) -> FeedItem:
        return FeedItem(a.title, self.url(a.path), a.published_at, a.sapo_plain, self._image(a, 1, "zoom/240_160/"))

    def _rss(self, feed_path: str) -> Page:
        slug = feed_path.removeprefix("/rss/").removesuffix(".rss")
        section = next(s for s in self.sections if s.slug == slug)
        arts = self.section_articles(section)[:self.feed_size]
        text = rss(f"{section.name} - {self.name}", self.url(section.url), f"Tin {section.name} trên {self.name}",
                   self.url(feed_path), [self._feed_item(a) for a in arts])
        return Page(text.encode(), RSS, arts[0].published_at if arts else self.newest)

    def _sitemap(self) -> Page:
        # The whole paper's news sitemap: other sections, video and photo pages are in it too.
        everything = [a for a in self._generated] + [a for a in self.foreign.values() if a not in self._takedown]
        newest = sorted(everything, key=lambda a: a.published_at, reverse=True)[:self.sitemap_size]
        text = news_sitemap(self.name, [self._feed_item(a) for a in newest])
        return Page(text.encode(), XML, newest[0].published_at if newest else self.newest)

    def _robots(self) -> Page:
        takedowns = "".join(f"Disallow: {a.path}\n" for a in self._takedown)
        maps = "".join(f"Sitemap: {self.url(p)}\n" for p in self.definition.get("sitemaps", []))
        text = tpl.ROBOTS.render({"takedowns": takedowns, "sitemaps": ("\n" + maps) if maps else ""})
        return Page(text.encode(), TEXT, self.newest)

    def _api(self) -> Page:
        section = self.sections[0]
        data = [{"title": a.title, "url": a.path} for a in self.section_articles(section)[self.per_page:2 * self.per_page]]
        return Page(json.dumps({"data": data}, ensure_ascii=False).encode(), JSON, self.newest)

    def extra_routes(self) -> dict[str, Callable[[], Page]]:
        routes: dict[str, Callable[[], Page]] = {"/robots.txt": self._robots, self.api_path(): self._api}
        for path in self.definition.get("feeds", []):
            routes[path] = lambda path=path: self._rss(path)
        for path in self.definition.get("sitemaps", []):
            routes[path] = self._sitemap
        return routes


class DansinhSite(DantriSite):
    """The dansinh.dantri.com.vn sample: Dân trí templates, Dân sinh's three sections, no feeds."""

    key = "dansinh"
    byline = "(Dân sinh) - "
    newest = datetime(2025, 5, 8, 22, 0, tzinfo=VN)
    menu = tpl.DANSINH_MENU
    # Other Dân sinh sections about the same topics: only the URL pattern keeps them out.
    other_categories = [("xa-hoi", "Xã hội", "/xa-hoi.htm"), ("an-sinh", "An sinh", "/an-sinh.htm"),
                        ("phap-luat", "Pháp luật", "/phap-luat.htm")]
    on_topic_others = True
    noise_categories = [("video", "Video", "/video.htm")]
