"""RSS 2.0 feeds and Google News sitemaps for the sample sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass
class FeedItem:
    """One entry of a feed or sitemap (absolute URL)."""

    title: str
    url: str
    published: datetime
    description: str = ""
    image: str = ""


def _cdata(text: str) -> str:
    # "]]>" would end the section early; split it across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss(title: str, link: str, description: str, self_url: str, items: list[FeedItem]) -> str:
    """Return an RSS 2.0 document (UTF-8) listing ``items`` in the given order."""
    built = max((i.published for i in items), default=None)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">', "<channel>",
           f"<title>{escape(title)}</title>", f"<link>{escape(link)}</link>",
           f"<description>{escape(description)}</description>", "<language>vi</language>",
           f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml" />']
    if built:
        out.append(f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>")
    for item in items:
        summary = (f'<a href="{escape(item.url)}"><img src="{escape(item.image)}" /></a>' if item.image else "")
        out += ["<item>", f"<title>{escape(item.title)}</title>", f"<link>{escape(item.url)}</link>",
                f'<guid isPermaLink="true">{escape(item.url)}</guid>',
                f"<pubDate>{format_datetime(item.published)}</pubDate>",
                f"<description>{_cdata(summary + escape(item.description))}</description>", "</item>"]
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def news_sitemap(publication: str, items: list[FeedItem]) -> str:
    """Return a Google News sitemap (urlset with news:news entries) for ``items``."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
           'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">']
    for item in items:
        out += ["<url>", f"<loc>{escape(item.url)}</loc>", "<news:news>",
                f"<news:publication><news:name>{escape(publication)}</news:name>"
                "<news:language>vi</news:language></news:publication>",
                f"<news:publication_date>{item.published.isoformat()}</news:publication_date>",
                f"<news:title>{escape(item.title)}</news:title>", "</news:news>"]
        if item.image:
            out.append(f"<image:image><image:loc>{escape(item.image)}</image:loc></image:image>")
        out.append("</url>")
    out += ["</urlset>", ""]
    return "\n".join(out)
