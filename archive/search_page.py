"""The archive's search page, ``/<database>/-/search``: ranked results, paged, with filters, exports and a feed.

A route of the plugin rather than a canned query: it counts every match, pages through all of them, cuts snippets
for the shown page only (marking real hits, see :class:`archive.search.Hits`), and serves the whole result as
plain JSON and CSV and its newest matches as an Atom feed. Filters (site, category, a range of days) compose
with the query, and carry over to the articles table's view of the same search.
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import json
import math
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from xml.etree import ElementTree

from datasette.utils import sqlite_timelimit, tilde_decode, tilde_encode
from datasette.utils.asgi import BadRequest, NotFound, Response
from markupsafe import Markup

from archive.datasette_api import TITLE, ensure_can_view, jinja_environment
from archive.facts import Facts, facts
from archive.search import FULL, Hits
from archive.search_query import VIETNAM, Search

PAGE_SIZE = 20
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# The whole result, as the exports give it: plain text, no marks.
EXPORT_COLUMNS = ("url", "title", "site", "site_name", "published", "category", "author", "sapo")


async def readable_database(datasette, request, table: str):
    """The database of the route's ``database``, once the actor may read its ``table``."""
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        raise NotFound("Database not found")
    await ensure_can_view(datasette, request.actor, db.name, table)
    return db


async def search_page(datasette, request):
    """``/<database>/-/search`` and its ``.json``, ``.csv`` and ``.atom`` forms."""
    db = await readable_database(datasette, request, "articles")
    search = Search.from_args(request.args)
    fmt = request.url_vars.get("format")
    if fmt is None:
        return await _page(datasette, request, db, search)
    context = {"db": db, "search": search, "facts": _searchable(await db.execute_fn(lambda conn: facts(conn, db.path))),
               "base": datasette.urls.database(db.name)}
    if fmt == ".atom":
        return await _feed(datasette, request, context)
    return await _export(context, fmt)


def _searchable(known: Facts) -> Facts:
    if FULL.table not in known.tables:
        raise NotFound("This database has no article search")
    return known


async def _page(datasette, request, db, search: Search):
    time_limit = datasette.setting("sql_time_limit_ms")
    # The count and the page's rows at once, on two of the database's threads: each is about half the page's
    # database work. The rows are of the page asked for; one past the last is read again as the last.
    (known, count), rows = await asyncio.gather(
        db.execute_fn(lambda conn: _counted(conn, db.path, search, time_limit)),
        db.execute_fn(lambda conn: _page_rows(conn, db.path, search, time_limit)),
    )
    known = _searchable(known)
    pages = max(1, math.ceil(count / PAGE_SIZE)) if search.q else 0
    if pages and search.page > pages:
        search = replace(search, page=pages)
        rows = await db.execute_fn(lambda conn: _page_rows(conn, db.path, search, time_limit))
    if search.q:
        hits = Hits(search.q)
        rows = [_result(row, hits) for row in rows]
    base = datasette.urls.database(db.name)
    context = {
        "count": count, "pages": pages, "rows": rows, "db": db, "base": base, "search": search,
        "site_names": known.site_names, "categories": known.categories, "page_size": PAGE_SIZE,
        "table_url": f"{datasette.urls.table(db.name, 'articles')}?{search.table_args()}",
        "json_url": f"{base}/-/search.json?{search.args(page=1)}",
        "csv_url": f"{base}/-/search.csv?{search.args(page=1)}",
        "atom_url": f"{base}/-/search.atom?{search.args(page=1, sort='')}",
    }
    results_html = search.q and render_plain(datasette, request, "_search_results.html", context)
    html = await datasette.render_template(
        "search.html", {**context, "results_html": results_html}, request=request, view_name="search")
    return Response.html(html)


def render_plain(datasette, request, template: str, context: dict) -> Markup:
    """A part of a page, rendered by a synchronous twin of datasette's Jinja environment (the same templates,
    overrides and filters). In datasette's asynchronous environment each piece of output is a step of a
    coroutine: a page's 20 results are some 300, which cost more than the rest of the page.

    :param context: the page's own variables; ``request``, ``urls`` and ``base_url`` are added (the rest of
        datasette's, such as its menu, need the asynchronous environment).
    """
    environment = jinja_environment(datasette, request)
    # Kept on the environment itself: it lives as long as its twin, whether datasette keeps one or makes many.
    plain = environment.__dict__.get("ansinh_plain")
    if plain is None:
        plain = environment.ansinh_plain = environment.overlay(enable_async=False)
    return Markup(plain.get_template(template).render(
        {**context, "request": request, "urls": datasette.urls, "base_url": datasette.setting("base_url")}))


# With the folded twins, which spare the snippets folding each body again.
RESULT_COLUMNS = ("url", "title", "site", "published", "published_precision", "category", "sapo", "text",
                  "title_folded", "sapo_folded", "text_folded")


def _counted(conn, path: str | None, search: Search, time_limit: int) -> tuple[Facts, int]:
    """The archive's facts and the count of a search's matches, under the served time limit."""
    known = facts(conn, path)
    if not search.q or FULL.table not in known.tables:
        return known, 0
    with _time_limit(conn, time_limit):
        return known, search.count(conn)


def _page_rows(conn, path: str | None, search: Search, time_limit: int) -> list[dict]:
    """The rows of the search's page, best first, under the served time limit."""
    known = facts(conn, path)
    if not search.q or FULL.table not in known.tables:
        return []
    with _time_limit(conn, time_limit):
        ids = search.ranked(conn, limit=PAGE_SIZE, offset=(search.page - 1) * PAGE_SIZE)
        return _rows(conn, ids, [column for column in RESULT_COLUMNS if column in known.columns])


@contextmanager
def _time_limit(conn, time_limit: int):
    """Stops the queries inside after ``time_limit`` ms, as datasette's own are, and says so to the reader."""
    with sqlite_timelimit(conn, time_limit):
        try:
            yield
        except sqlite3.OperationalError as error:
            if error.args == ("interrupted",):
                raise BadRequest(f"Tìm kiếm quá {time_limit} ms · The search took longer than {time_limit} ms: "
                                 "add a word or a filter (site, section, dates).") from error
            raise


def _rows(conn, ids: list[int], columns) -> list[dict]:
    """The articles of ``ids``, in that order, as dicts of ``columns``; 500 rowids a statement."""
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = f"select rowid, {', '.join(columns)} from articles where rowid in ({', '.join('?' * len(chunk))})"
        found = {row[0]: dict(zip(columns, row[1:])) for row in conn.execute(sql, chunk)}
        rows += [found[rowid] for rowid in chunk if rowid in found]
    return rows


def _result(row, hits: Hits) -> dict:
    title = row["title"] or row["url"]
    folded = {column: row.get(f"{column}_folded") for column in ("title", "sapo", "text")}
    # The lead where it has a hit, else the body where it has one, else whichever there is.
    snippet, spans = hits.snippet(row["sapo"], folded["sapo"]) if row["sapo"] else ("", [])
    if not spans:
        body, body_spans = hits.snippet(row["text"], folded["text"])
        if body_spans or not row["sapo"]:
            snippet, spans = body, body_spans
    title_spans = hits.spans(title, folded["title"] if row["title"] else None)
    return {**dict(row), "title_html": marked(title, title_spans), "snippet_html": marked(snippet, spans)}


def marked(text: str, spans: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>``."""
    # Plain strings joined once: a Markup per piece cost more than the search for the hits.
    parts, at = [], 0
    for start, end in spans:
        parts += [html.escape(text[at:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        at = end
    parts.append(html.escape(text[at:]))
    return Markup("".join(parts))


ROW_COLUMNS = ("url", "title", "site", "published", "category", "author", "sapo", "fetched")


async def _all_rows(context, newest: bool | None = None, limit: int | None = None) -> list[dict]:
    """Every match (or the first ``limit``), in the page's order, or newest first.

    The order is settled on rowids alone, then the rows are read: sorting whole rows took more than the served SQL
    time limit for a word in most articles. Not under that limit, as the whole result is what an export is asked for.
    """
    search = context["search"]
    if not search.q:
        return []
    def read(conn) -> list[dict]:
        return _rows(conn, search.ranked(conn, newest, limit or -1), ROW_COLUMNS)

    names = context["facts"].site_names
    return [{**row, "site_name": names.get(row["site"], row["site"])} for row in await context["db"].execute_fn(read)]


async def _export(context, fmt: str):
    rows = [{column: row[column] for column in EXPORT_COLUMNS} for row in await _all_rows(context)]
    if fmt == ".json":
        return Response(json.dumps(rows, ensure_ascii=False), content_type="application/json; charset=utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8")


def stored_time(value: str | None) -> datetime | None:
    """A stored date as a time: a day, month or year alone is its first moment in Vietnam; None for none, or for
    anything that is not a date."""
    if not isinstance(value, str):
        return None
    # "2024-05" and "2024", as an approximate date is kept, read as the period's start.
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        value += "-01-01" if len(value) == 4 else "-01"
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=VIETNAM)


async def _feed(datasette, request, context):
    """The search's newest matches as Atom: a feed reader learns of new articles as crawls store them."""
    search = context["search"]
    rows = await _all_rows(context, newest=True, limit=FEED_SIZE)
    page_url = datasette.absolute_url(request, f"{context['base']}/-/search?{search.args(page=1, sort='newest')}")
    feed = ElementTree.Element("feed", xmlns=ATOM)
    ElementTree.SubElement(feed, "title").text = f"{search.q} · {TITLE}"
    ElementTree.SubElement(feed, "id").text = datasette.absolute_url(request, request.full_path)
    ElementTree.SubElement(feed, "link", rel="self", href=datasette.absolute_url(request, request.full_path))
    ElementTree.SubElement(feed, "link", rel="alternate", href=page_url)
    # Atom's times are RFC 3339 date-times.
    times = [(stored_time(row["published"]), stored_time(row["fetched"])) for row in rows]
    updated = max((published or fetched for published, fetched in times if published or fetched),
                  default=datetime.fromtimestamp(0, VIETNAM))
    ElementTree.SubElement(feed, "updated").text = updated.isoformat()
    for row, (published, fetched) in zip(rows, times):
        entry = ElementTree.SubElement(feed, "entry")
        ElementTree.SubElement(entry, "id").text = row["url"]
        ElementTree.SubElement(entry, "title").text = row["title"] or row["url"]
        article = datasette.urls.row(context["db"].name, "articles", tilde_encode(row["url"]))
        ElementTree.SubElement(entry, "link", rel="alternate", href=datasette.absolute_url(request, article))
        ElementTree.SubElement(entry, "updated").text = (published or fetched or updated).isoformat()
        if published:
            ElementTree.SubElement(entry, "published").text = published.isoformat()
        ElementTree.SubElement(ElementTree.SubElement(entry, "author"), "name").text = row["author"] or row["site_name"]
        if row["sapo"]:
            ElementTree.SubElement(entry, "summary").text = row["sapo"]
    body = ElementTree.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
