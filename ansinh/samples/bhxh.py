"""baohiemxahoi.gov.vn: the SharePoint portal of Vietnam Social Security."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime
from urllib.parse import parse_qsl

from . import tpl_bhxh as tpl
from . import words
from .markup import css_blob, esc, js_blob, viewstate
from .model import VN, Article, Listing
from .site import SampleSite

# The portal's news lists: CateID → page name.
PAGES = {"170": "an-sinh-xa-hoi", "168": "linh-vuc-bao-hiem-xa-hoi", "169": "linh-vuc-bao-hiem-y-te",
         "52": "hoat-dong-he-thong-bao-hiem-xa-hoi"}
# Query parameters in the order the stored keys use; others follow alphabetically.
_ORDER = {"CateID": 0, "ItemID": 1, "date": 2, "page": 3}


def _guid(seed: str) -> str:
    """A SharePoint-style web part id fragment derived from ``seed``: 8_4_4_4_12 hex."""
    h = hashlib.blake2b(seed.encode(), digest_size=16).hexdigest()
    return f"{h[:8]}_{h[8:12]}_{h[12:16]}_{h[16:20]}_{h[20:]}"


class BhxhSite(SampleSite):
    """The baohiemxahoi.gov.vn sample: one section (CateID=170), ``ItemID`` article links spelled
    several ways, no robots.txt, feed or sitemap."""

    key = "bhxh"
    newest = datetime(2025, 4, 28, 22, 0, tzinfo=VN)
    # A SharePoint list web part asked for a page past the end renders an empty list (HTTP 200).
    beyond_last = "empty"
    first_id = 18_000
    other_categories = [("168", "Lĩnh vực BHXH", "/tintuc/Pages/linh-vuc-bao-hiem-xa-hoi.aspx?CateID=168"),
                        ("169", "Lĩnh vực BHYT", "/tintuc/Pages/linh-vuc-bao-hiem-y-te.aspx?CateID=169")]
    on_topic_others = True
    noise_categories = [("video", "Video", "/video/Pages/default.aspx")]

    def make_path(self, title: str, when: datetime, category: str) -> tuple[str, str]:
        ident = str(self._new_id())
        if category == "video":
            return ident, f"/video/Pages/chi-tiet-video.aspx?ItemID={ident}"
        cate = category if category in PAGES else "170"
        return ident, f"/tintuc/Pages/{PAGES[cate]}.aspx?CateID={cate}&ItemID={ident}"

    def canonical_path(self, path: str) -> str:
        """Drop ``OtItem`` and put the query parameters in a fixed order (the portal accepts any)."""
        head, sep, query = path.partition("?")
        if not sep:
            return path
        params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "OtItem"]
        params.sort(key=lambda kv: (_ORDER.get(kv[0], 9), kv[0]))
        return head + "?" + "&".join(f"{k}={v}" for k, v in params)

    def decorate(self, article: Article, rng: random.Random) -> None:
        article.author = rng.choice(words.BHXH_AUTHORS)
        article.tags = []
        # Many items show only the day ("23/03/2023"), others "Ngày đăng: 23/03/2023 09:15".
        article.published_has_time = rng.random() < 0.65

    def link(self, article: Article) -> str:
        """The spelling of an article's link: the CMS swaps parameters and appends OtItem=date."""
        head, _, query = article.path.partition("?")
        params = query.split("&")
        variant = int(article.ident) % 4 if article.ident.isdigit() else 0
        if variant in (1, 3):
            params.reverse()
        if variant in (2, 3):
            params.append("OtItem=date")
        return head + "?" + "&".join(params)

    def link_variants(self) -> dict[str, list[str]]:
        out = {}
        for a in self.articles:
            spelled = self.link(a)
            if spelled != a.path:
                out[a.path] = [spelled]
        return out

    # --- pieces ---------------------------------------------------------------------------------
    def _image(self, article: Article, n: int = 1) -> str:
        d = article.published_at
        return f"/tintuc/PublishingImages/{d:%Y/%m}/{article.ident}-{n}.jpg"

    def _head(self, title: str, description: str, path: str, page_item: str) -> str:
        def menu() -> str:
            out = []
            for label, href, children in tpl.MENU:
                sub = "".join(f'<li><a href="{esc(h)}">{esc(lbl)}</a></li>' for lbl, h in children)
                out.append(f'<li><a href="{esc(href)}">{esc(label)}</a>' + (f'<ul class="sub">{sub}</ul>' if sub else "")
                           + "</li>")
            return "\n".join(out)
        digest = hashlib.blake2b(path.encode(), digest_size=32).hexdigest().upper()
        return tpl.HEAD.render({
            "title": esc(title), "description": esc(description), "url": esc(self.url(path)), "base": self.base,
            "scripts": self._memo("scripts", lambda: "\n".join(
                f'<script type="text/javascript" src="{esc(s)}"></script>' for s in tpl.SCRIPTS)),
            "request_path": esc(path.partition("?")[0]), "list_id": "{" + _guid("list").replace("_", "-") + "}",
            "page_item": page_item, "js": js_blob(14_000, "bhxh"), "css": css_blob(7_000, "bhxh"),
            "form_action": esc("." + path[path.rfind("/"):]), "digest": f"0x{digest},28 Apr 2025 08:00:00 -0000",
            "viewstate": viewstate(24_000, "bhxh"), "menu": self._memo("menu", menu),
        })

    def _sidebar(self, path: str) -> str:
        hot = "\n".join(f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>'
                        for a in self.foreign.values() if a.path not in self._noise_paths)
        media = "\n".join(f'<li><a href="{esc(p)}">{esc(self.foreign[p].title)}</a></li>' for p in self._noise_paths)
        quick = "\n".join(f'<li><a href="/tracuu/Pages/default.aspx?tab={i}">{esc(x)}</a></li>'
                          for i, x in enumerate(tpl.QUICK_LINKS))
        return tpl.SIDEBAR.render({"wp_side": f"ctl00_ctl39_g_{_guid('side' + path)}", "hot": hot,
                                   "media": media, "quick": quick})

    def _body(self, article: Article) -> str:
        sapo = article.sapo
        parts = [f"<p><strong>{esc(sapo)}</strong></p>" if int(article.ident or 0) % 2 else f"<p>{esc(sapo)}</p>"]
        for i, para in enumerate(article.body):
            parts.append(f"<p>{esc(self.body_text(article, para))}</p>")
            if i == 0:
                for n, caption in enumerate(article.captions[:1]):
                    parts.append(f'<p style="text-align: center;"><img src="{self._image(article, n + 1)}" alt="" /></p>')
                    parts.append(f'<p style="text-align: center;"><em>{esc(self.body_text(article, caption))}</em></p>')
        return "\n".join(parts)

    # --- pages ------------------------------------------------------------------------------------
    def render_article(self, article: Article) -> str:
        when = article.published_at
        date_line = f"Ngày đăng: {when:%d/%m/%Y %H:%M}" if article.published_has_time else f"{when:%d/%m/%Y}"
        others = "\n".join(f'<li><a href="{esc(self.link(a))}">{esc(a.title)}</a> <span>({a.published_at:%d/%m/%Y})</span></li>'
                           for a in self.older(article, 6))
        return "".join([
            self._head(article.title, article.sapo, article.path, article.ident),
            tpl.ARTICLE.render({
                "wp_id": f"ctl00_ctl39_g_{_guid('wp' + article.path)}", "category_url": esc(article.category_url),
                "category": esc(article.category), "wp_title": f"ctl00_ctl39_g_{_guid('t' + article.path)}_lblTitle",
                "title": esc(article.title), "wp_date": f"ctl00_ctl39_g_{_guid('d' + article.path)}_lblDate",
                "date_line": date_line, "url": esc(self.url(article.path)),
                "external": hashlib.blake2b(article.path.encode(), digest_size=16).hexdigest().upper(),
                "body": self._body(article), "author": esc(article.author), "others": others}),
            self._sidebar(article.path), tpl.FOOTER.render({}),
        ])

    def _item(self, a: Article, extra_class: str = "") -> str:
        return tpl.ITEM.render({"extra_class": extra_class, "url": esc(self.link(a)), "image": self._image(a),
                                "title": esc(a.title), "date": f"{a.published_at:%d/%m/%Y}", "sapo": esc(a.sapo)})

    def _paging(self, listing: Listing) -> str:
        if not listing.items:
            return ""
        section, page, last = listing.section, listing.page, listing.last
        links = []
        for n in range(max(1, page - 3), min(last, page + 3) + 1):
            href = esc(section.pages.format(page=n))
            links.append(f'<span class="current">{n}</span>' if n == page else f'<a href="{href}">{n}</a>')
        if page < last:
            links.append(f'<a class="next" href="{esc(section.pages.format(page=page + 1))}">Sau »</a>')
        return f'<div class="paging">{" ".join(links)}</div>'

    def render_listing(self, listing: Listing) -> str:
        section = listing.section
        rows = [self._item(a, " hot") for a in listing.highlight] + [self._item(a) for a in listing.items]
        if not rows:
            rows = ['<div class="no-data">Không có tin nào.</div>']
        return "".join([
            self._head(section.name, f"Tin tức {section.name}", listing.path, "0"),
            tpl.LISTING.render({"wp_id": f"ctl00_ctl39_g_{_guid('list' + section.url)}", "section_url": esc(section.url),
                                "section": esc(section.name), "items": "\n".join(rows), "paging": self._paging(listing)}),
            self._sidebar(listing.path), tpl.FOOTER.render({}),
        ])

    def render_index(self, title: str, path: str, items: list[Article]) -> str:
        return self.render_listing(Listing(self.sections[0], 1, 1, path, items=items))
