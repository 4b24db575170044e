"""Pages built on ../shared: the real Dân trí pages read in place, and the seed article rebuilt as a
laodongxahoi.net page in that CMS's markup (../shared/sites.md). Tests that need them skip where ../shared is absent."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_URL = "http://laodongxahoi.net/ninh-thuan-ky-ket-thuc-hien-chuong-trinh-giam-ngheo-ben-vung-nam-2023-1326751.html"
SEED_PATH = SEED_URL.removeprefix("http://laodongxahoi.net")


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is laid beside the checkout in CI)")
    return path


def real_page(name: str) -> str:
    """A real page of ../shared/real-pages (``name`` relative to it, such as ``more/x.html``), without the JSP
    directive the copy added on line 1."""
    text = shared_file("real-pages", *name.split("/")).read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("<%@") else text


def seed_article() -> str:
    """The seed article's text laid out as laodongxahoi.net served it (March 2023), with a © 2024 footer
    that fools generic date extraction."""
    lines = shared_file("seed-article.txt").read_text(encoding="utf-8").split("\n")
    crumbs, title, time, sapo = lines[1], lines[2], lines[3], lines[4]
    author_at = next(i for i, line in enumerate(lines) if line.strip() == "Mỹ Linh")
    tag_line = lines[author_at + 1]
    others = [line.strip() for line in lines[lines.index("Tin khác") + 1:] if line.strip()]

    body = []
    block = lines[5:author_at]
    for i, line in enumerate(block):
        if not line.strip():
            continue
        # A caption stands alone between blank lines, under its picture.
        alone = i > 0 and not block[i - 1].strip() and i + 1 < len(block) and not block[i + 1].strip()
        if alone:
            body.append(
                '<table class="image center"><tbody><tr><td><img src="/Uploaded/2023/anh.jpg" alt=""></td></tr>'
                f'<tr><td class="image_desc">{html.escape(line.strip())}</td></tr></tbody></table>'
            )
        else:
            body.append(f'<p style="text-align: justify;">{html.escape(line)}</p>')
    body.append(f'<p style="text-align: right;"><strong>{html.escape(lines[author_at])}</strong></p>')

    breadcrumb = "".join(f'<a href="/{i}">{html.escape(c.strip())}</a>' for i, c in enumerate(crumbs.split("/")))
    tags = "".join(f'<a href="/tag/{i}.html">{html.escape(t.strip())}</a>' for i, t in enumerate(
        tag_line.removeprefix("TAG:").split(",")))
    other_links = "".join(f'<li><a href="/tin-{i}-13000{i:02d}.html">{html.escape(o)}</a></li>' for i, o in enumerate(others))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="keywords" content="{html.escape(tag_line.removeprefix('TAG:').strip())}">
<meta name="description" content="{html.escape(sapo)}"></head>
<body><div class="header"><a href="/an-sinh-xa-hoi">An sinh xã hội</a> <a href="/viec-lam">Việc làm</a></div>
<div class="main"><div class="col660">
<div class="breadcump">{breadcrumb}</div><div class="bread_right"><a class="active" href="/an-sinh-xa-hoi">An sinh xã hội</a></div>
<h1><div class="title_detail_news">{html.escape(title)}</div></h1>
<div class="time_detail_news">{html.escape(time)}</div>
<div class="sapo_detail">{html.escape(sapo)}</div>
<div id="cotent_detail">{''.join(body)}</div>
<div class="tag_detail">TAG: {tags}</div>
<div class="other_news"><h3>Tin khác</h3><ul>{other_links}</ul></div>
</div></div>
<div class="footer">© 2024 Báo Lao động và Xã hội. Cập nhật 01/01/2024</div></body></html>"""


def seed_expectations() -> dict:
    """What the seed article must give, from the issue, plus the "Tin khác" headlines that must stay out."""
    lines = shared_file("seed-article.txt").read_text(encoding="utf-8").split("\n")
    return {"others": [line.strip() for line in lines[lines.index("Tin khác") + 1:] if line.strip()]}
