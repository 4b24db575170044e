"""laodongxahoi.net: the old CMS of Báo Lao động và Xã hội (2014–2023)."""

from __future__ import annotations

import random
from datetime import datetime

from . import tpl_laodongxahoi as tpl
from .markup import css_blob, esc, js_blob
from .model import VN, Article, Listing
from .site import SampleSite
from .text import slugify


def clock(when: datetime) -> str:
    """The CMS's time stamp: 12-hour clock then the day first, "11:11 AM 23/03/2023"."""
    hour = when.hour % 12 or 12
    return f"{hour:02d}:{when.minute:02d} {'PM' if when.hour >= 12 else 'AM'} {when:%d/%m/%Y}"


class LaodongxahoiSite(SampleSite):
    """The laodongxahoi.net sample: listings ``/<section>/page/<n>``, articles ``/<slug>-<7 digits>.html``."""

    key = "laodongxahoi"
    byline = "(LĐXH)- "
    newest = datetime(2023, 10, 31, 22, 0, tzinfo=VN)
    # A PHP listing asked for a page past the end most likely renders the layout with an empty
    # list (no 404): the crawler has to stop on an empty page or a missing "next" link.
    beyond_last = "empty"
    first_id = 1_180_000
    # Same paper, other sections: their articles use the same URL pattern as ours, so only the
    # page region (sidebar, outside div.col660) tells them apart.
    other_categories = [("viec-lam", "Việc làm", "/viec-lam"), ("nguoi-co-cong", "Người có công", "/nguoi-co-cong"),
                        ("giao-duc-nghe-nghiep", "Giáo dục nghề nghiệp", "/giao-duc-nghe-nghiep")]
    on_topic_others = True
    noise_categories = [("video", "Video", "/video"), ("anh", "Ảnh", "/anh")]

    def make_path(self, title: str, when: datetime, category: str) -> tuple[str, str]:
        ident = str(self._new_id())
        slug = slugify(title)
        # Video and photo pages live under their own folder: not an article path of this site.
        folder = f"/{category}" if category in ("video", "anh") else ""
        return ident, f"{folder}/{slug}-{ident}.html"

    def decorate(self, article: Article, rng: random.Random) -> None:
        # Some pieces are signed by two reporters: two right-aligned paragraphs close the body.
        if rng.random() < 0.12:
            article.author = f"{article.author}, {self._text.author()}"

    def tag_path(self, tag: str) -> str | None:
        return f"/tags/{slugify(tag)}.html"

    # --- pieces ---------------------------------------------------------------------------------
    def _abs(self, path: str) -> str:
        # This CMS writes absolute links with its own host.
        return self.base + path

    def _image(self, article: Article, n: int = 1) -> str:
        d = article.published_at
        return f"{self.base}/Uploaded/{d:%Y/%m/%d}/{slugify(article.title)[:40]}-{n}.jpg"

    def _menu(self) -> str:
        def make() -> str:
            out = []
            for label, path, children in tpl.MENU:
                sub = "".join(f'<li><a href="{self._abs(p)}">{esc(lbl)}</a></li>' for lbl, p in children)
                out.append(f'<li><a href="{self._abs(path)}">{esc(label)}</a>'
                           + (f'<ul class="sub_menu">{sub}</ul>' if sub else "") + "</li>")
            return "\n".join(out)
        return self._memo("menu", make)

    def _head(self, title: str, description: str, keywords: str, url: str, image: str, og_type: str) -> str:
        return tpl.HEAD.render({
            "title": esc(title), "description": esc(description), "keywords": esc(keywords), "url": esc(url),
            "image": esc(image), "og_type": og_type, "base": self.base, "css": css_blob(20_000, self.key),
            "js": js_blob(12_000, self.key), "today": f"{self.newest:%d/%m/%Y}", "menu": self._menu(),
        })

    def _breadcrumb(self, label: str, path: str) -> str:
        parent, parent_path = tpl.PARENTS.get(path, ("Xã hội", "/xa-hoi"))
        return (f'<a href="{self._abs("/")}">Trang chủ</a> / <a href="{self._abs(parent_path)}">{esc(parent)}</a>'
                f' / <a href="{self._abs(path)}">{esc(label)}</a>')

    def _sidebar(self) -> str:
        def make() -> str:
            def items(arts: list[Article]) -> str:
                return "\n".join(tpl.SIDE_ITEM.render({"url": self._abs(a.path), "title": esc(a.title),
                                                       "image": self._image(a)}) for a in arts)
            latest = [a for a in self.foreign.values() if a.path not in self._noise_paths]
            media = [self.foreign[p] for p in self._noise_paths]
            return tpl.SIDEBAR.render({"base": self.base, "latest": items(latest),
                                       "most_read": items(self.most_read()), "media": items(media)})
        return self._memo("sidebar", make)

    def _footer(self) -> str:
        links = "".join(f'<li><a href="{self._abs("/" + slugify(x))}">{esc(x)}</a></li>' for x in tpl.FOOTER_LINKS)
        return tpl.FOOTER.render({"footer_menu": links})

    def _body(self, article: Article) -> str:
        body, captions = article.body, article.captions
        spots = {0: 0, max(1, len(body) // 2): 1} if len(captions) > 1 else {0: 0}
        parts = []
        for i, para in enumerate(body):
            parts.append(f"<p>{esc(self.body_text(article, para))}</p>")
            if i in spots and spots[i] < len(captions):
                n = spots[i]
                parts.append(f'<table class="image center" align="center"><tbody><tr><td>'
                             f'<img alt="" src="{self._image(article, n + 2)}" style="width: 600px;" /></td></tr>'
                             f'<tr><td class="image_desc"><em>{esc(self.body_text(article, captions[n]))}</em></td></tr>'
                             f'</tbody></table>')
        for name in article.author.split(", "):
            parts.append(f'<p style="text-align: right;"><strong>{esc(name)}</strong></p>')
        return "\n".join(parts)

    # --- pages ------------------------------------------------------------------------------------
    def render_article(self, article: Article) -> str:
        url = self._abs(article.path)
        tags = ", ".join(f'<a href="{self._abs(self.tag_path(t))}" title="{esc(t)}">{esc(t)}</a>' for t in article.tags)
        others = "\n".join(f'<li><a href="{self._abs(a.path)}">{esc(a.title)}</a> '
                           f'<span class="date">({a.published_at:%d/%m/%Y})</span></li>' for a in self.older(article, 8))
        siblings = [(article.category, article.category_url), ("Người có công", "/nguoi-co-cong"),
                    ("Bình đẳng giới", "/binh-dang-gioi"), ("Trẻ em", "/tre-em")]
        active = ' class="active"'
        bread_right = " ".join(f'<a{active if p == article.category_url else ""} href="{self._abs(p)}">{esc(lbl)}</a>'
                               for lbl, p in siblings[:1] + [s for s in siblings[1:] if s[1] != article.category_url])
        return "".join([
            self._head(article.title, article.sapo, ", ".join(article.tags), url, self._image(article), "article"),
            tpl.ARTICLE.render({
                "breadcrumb": self._breadcrumb(article.category, article.category_url), "bread_right": bread_right,
                "title": esc(article.title), "time": clock(article.published_at), "url": esc(url),
                "sapo": esc(article.sapo), "body": self._body(article), "tags": tags, "others": others,
            }),
            self._sidebar(), self._footer(),
        ])

    def _item(self, a: Article) -> str:
        return tpl.ITEM.render({"url": self._abs(a.path), "title": esc(a.title), "image": self._image(a),
                                "date": f"{a.published_at:%d/%m/%Y}", "sapo": esc(a.sapo_plain)})

    def _paging(self, listing: Listing) -> str:
        if not listing.items:
            return ""
        section, page, last = listing.section, listing.page, listing.last
        links = [f'<a href="{self._abs(section.pages.format(page=page - 1))}">«</a>'] if page > 1 else []
        for n in range(max(1, page - 2), min(last, page + 2) + 1):
            active = ' class="active"' if n == page else ""
            links.append(f'<a{active} href="{self._abs(section.pages.format(page=n))}">{n}</a>')
        if page < last:
            links.append(f'<a href="{self._abs(section.pages.format(page=page + 1))}">»</a>')
        return f'<div class="paging">{"".join(links)}</div>'

    def render_listing(self, listing: Listing) -> str:
        section, items = listing.section, listing.items
        focus = ""
        if listing.page == 1 and len(items) >= 3:
            top, side, items = items[0], items[1:3], items[3:]
            focus = tpl.FOCUS.render({
                "url": self._abs(top.path), "title": esc(top.title), "image": self._image(top),
                "sapo": esc(top.sapo_plain),
                "side": "\n".join(tpl.FOCUS_SIDE.render({"url": self._abs(a.path), "title": esc(a.title),
                                                         "image": self._image(a)}) for a in side)})
        focus += "".join(tpl.HIGHLIGHT.render({"url": self._abs(a.path), "title": esc(a.title)})
                         for a in listing.highlight)
        title = section.name + (f" - Trang {listing.page}" if listing.page > 1 else "")
        url = self._abs(listing.path)
        return "".join([
            self._head(title, f"Tin tức {section.name} mới nhất", section.name, url,
                       f"{self.base}/Content/images/logo-share.png", "website"),
            tpl.LISTING.render({
                "breadcrumb": self._breadcrumb(section.name, section.url), "section_url": self._abs(section.url),
                "section": esc(section.name), "focus": focus, "items": "\n".join(self._item(a) for a in items),
                "paging": self._paging(listing),
            }),
            self._sidebar(), self._footer(),
        ])

    def render_index(self, title: str, path: str, items: list[Article]) -> str:
        return "".join([
            self._head(title, title, title, self._abs(path), f"{self.base}/Content/images/logo-share.png", "website"),
            f'<div class="col660"><div class="cate_title"><h1>{esc(title)}</h1></div><div class="list_news">',
            "\n".join(self._item(a) for a in items), "</div></div>", self._sidebar(), self._footer(),
        ])
