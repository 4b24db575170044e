"""The archive's search page, ``/<database>/-/search``: ranked results, paged, with filters, exports and a feed.

A route of the plugin rather than a canned query: it counts every match, pages through all of them, cuts snippets
for the shown page only (marking real hits, see :class:`archive.search.Hits`), and serves the whole result as
plain JSON and CSV and its newest matches as an Atom feed. Filters (site, category, a range of days) compose
with the query, and carry over to the articles table's view of the same search.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode
from xml.etree import ElementTree

from datasette.database import QueryInterrupted
from datasette.utils import sqlite_timelimit, tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from archive.datasette_api import TITLE, ensure_can_view
from archive.search import FULL, HEAD, INDEXES, Hits, Index, fts_query

PAGE_SIZE = 20
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# The whole result, as the exports give it: plain text, no marks.
# The distinct categories, one seek of the category index each (a distinct scan reads every article's entry).
CATEGORIES = """
    with recursive category(name) as (
      select min(category) from articles
      union all
      select (select min(category) from articles where category > name) from category where name is not null
    )
    select name from category where name is not null
"""
EXPORT_COLUMNS = ("url", "title", "site", "site_name", "published", "category", "author", "sapo")


def day(value: str | None) -> str | None:
    """A day as ISO 8601 (``2024-05-31``), or None for anything else."""
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Search:
    """One search as the page's URL states it.

    :param q: what the user typed.
    :param site: a site key, or "" for every site.
    :param category: a category as stored, or "" for all.
    :param start: the first day of publication (Vietnam time), ISO 8601, or None.
    :param end: the last day of publication, included, or None.
    :param sort: "newest", or "" for the most relevant first.
    :param page: the page shown, from 1.
    """

    q: str = ""
    site: str = ""
    category: str = ""
    start: str | None = None
    end: str | None = None
    sort: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> Search:
        try:
            page = max(1, int(args.get("page") or 1))
        except ValueError:
            page = 1
        return cls(
            q=(args.get("q") or "").strip(), site=args.get("site") or "", category=args.get("category") or "",
            start=day(args.get("_from")), end=day(args.get("_to")),
            sort="newest" if args.get("sort") == "newest" else "", page=page,
        )

    def args(self, **changes) -> str:
        """This search's query string, with ``changes`` (field=value); empty fields left out."""
        search = replace(self, **changes)
        pairs = {"q": search.q, "site": search.site, "category": search.category, "_from": search.start,
                 "_to": search.end, "sort": search.sort, "page": search.page if search.page > 1 else None}
        return urlencode({key: value for key, value in pairs.items() if value})

    def table_args(self) -> str:
        """The same search and filters as the articles table reads them."""
        pairs = {"_search": self.q, "site": self.site, "category": self.category, "_from": self.start, "_to": self.end}
        return urlencode({key: value for key, value in pairs.items() if value})

    def where(self, index: Index = FULL) -> tuple[str, dict]:
        """The ``from … where …`` of the articles that match in ``index``, and its parameters."""
        clauses = [f"[{index.table}] match :{index.table}", *self._filters()]
        # Without a filter the index alone answers: no row of articles is read per match.
        joined = f" join articles on articles.rowid = [{index.table}].rowid" if len(clauses) > 1 else ""
        return f"from [{index.table}]{joined} where " + " and ".join(clauses), self._params()

    def ranked(self, conn, newest: bool | None = None, limit: int = -1, offset: int = 0) -> list[int]:
        """The rowids of the matches in order, ``limit`` of them (-1: all) from ``offset``.

        The most relevant first: those with the words in their headline, lead, tags or author, by their rank in the
        head index, then the others by their rank in the whole text. Ranking every match of a common word in the
        whole text costs hundreds of milliseconds; the head index ranks the first pages of it in a few.

        :param newest: newest first whatever the search's ``sort`` (the feed); None follows it.
        """
        newest = self.sort == "newest" if newest is None else newest
        params = self._params()
        if newest:
            # Walking the date index and keeping the matches is faster than sorting every match by date.
            clauses = [f"articles.rowid in (select rowid from [{FULL.table}] where [{FULL.table}] match :{FULL.table})",
                       *self._filters()]
            sql = f"select articles.rowid from articles where {' and '.join(clauses)} order by articles.published desc"
            return [row[0] for row in conn.execute(f"{sql} limit {limit} offset {offset}", params)]
        head, _ = self.where(HEAD)
        ids = [row[0] for row in conn.execute(
            f"select [{HEAD.table}].rowid {head} order by [{HEAD.table}].rank limit {limit} offset {offset}", params
        )]
        if limit >= 0 and len(ids) == limit:
            return ids
        # Past the head matches: how many there were decides where the others start.
        in_head = offset + len(ids) if ids else conn.execute(f"select count(*) {head}", params).fetchone()[0]
        full, _ = self.where(FULL)
        rest = conn.execute(
            f"select [{FULL.table}].rowid {full} and [{FULL.table}].rowid not in (select [{HEAD.table}].rowid {head}) "
            f"order by [{FULL.table}].rank limit {limit - len(ids) if limit >= 0 else -1} offset {max(0, offset - in_head)}",
            params,
        )
        return ids + [row[0] for row in rest]

    def _filters(self) -> list[str]:
        return [clause for clause, value in (
            ("articles.site = :site", self.site),
            ("articles.category = :category", self.category),
            ("articles.published >= :start", self.start),
            # Times carry "+07:00", so "2024-05-31T23:00…" sorts before the next day but after "2024-05-31".
            ("articles.published < date(:end, '+1 day')", self.end),
        ) if value]

    def _params(self) -> dict:
        return {**{index.table: fts_query(self.q, index) for index in INDEXES}, "site": self.site, "category": self.category, "start": self.start,
                "end": self.end}


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
    if not await db.table_exists(FULL.table):
        raise NotFound("This database has no article search")
    search = Search.from_args(request.args)
    site_names = dict((await db.execute("select key, name from sites")).rows) if await db.table_exists("sites") else {}
    context = {"db": db, "search": search, "site_names": site_names, "base": datasette.urls.database(db.name)}
    fmt = request.url_vars.get("format")
    if fmt == ".json" or fmt == ".csv":
        return await _export(context, fmt)
    if fmt == ".atom":
        return await _feed(datasette, request, context)
    return await _page(datasette, request, context)


async def _page(datasette, request, context):
    db, search = context["db"], context["search"]
    found = {"count": 0, "rows": [], "pages": 0}
    if search.q:
        time_limit = datasette.setting("sql_time_limit_ms")
        found = await db.execute_fn(lambda conn: _found(conn, search, time_limit))
        search = found.pop("search")
        hits = Hits(search.q)
        found["rows"] = [_result(row, hits) for row in found["rows"]]
    categories = [row[0] for row in (await db.execute(CATEGORIES)).rows]
    base = context["base"]
    html = await datasette.render_template(
        "search.html",
        {
            **context, **found, "search": search, "categories": categories, "page_size": PAGE_SIZE,
            "table_url": f"{datasette.urls.table(context['db'].name, 'articles')}?{search.table_args()}",
            "json_url": f"{base}/-/search.json?{search.args(page=1)}",
            "csv_url": f"{base}/-/search.csv?{search.args(page=1)}",
            "atom_url": f"{base}/-/search.atom?{search.args(page=1, sort='')}",
        },
        request=request,
        view_name="search",
    )
    return Response.html(html)


# With the folded twins, which spare the snippets folding each body again.
RESULT_COLUMNS = ("url", "title", "site", "published", "published_precision", "category", "sapo", "text",
                  "title_folded", "sapo_folded", "text_folded")


def _found(conn, search: Search, time_limit: int) -> dict:
    """The count of a search's matches and the rows of its page, in one trip to the database's thread.

    Under the served time limit, as datasette's own queries are.
    """
    with sqlite_timelimit(conn, time_limit):
        try:
            where, params = search.where()
            count = conn.execute(f"select count(*) {where}", params).fetchone()[0]
            pages = max(1, math.ceil(count / PAGE_SIZE))
            search = replace(search, page=min(search.page, pages))
            ids = search.ranked(conn, limit=PAGE_SIZE, offset=(search.page - 1) * PAGE_SIZE)
            present = {row[1] for row in conn.execute("pragma table_info(articles)")}
            rows = _rows(conn, ids, [column for column in RESULT_COLUMNS if column in present])
        except sqlite3.OperationalError as error:
            if error.args == ("interrupted",):
                raise QueryInterrupted(error, where, params)
            raise
    return {"search": search, "count": count, "pages": pages, "rows": rows}


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
    # The lead where it has a hit, else the body where it has one, else whichever there is.
    folded = {column: row.get(f"{column}_folded") for column in ("title", "sapo", "text")}
    in_lead = hits.first(row["sapo"], folded["sapo"]) is not None
    in_body = in_lead or not row["sapo"] or hits.first(row["text"], folded["text"]) is not None
    source = "sapo" if in_lead or (row["sapo"] and not in_body) else "text"
    snippet, spans = hits.snippet(row[source], folded[source])
    title_spans = hits.spans(title, folded["title"] if row["title"] else None)
    return {**dict(row), "title_html": marked(title, title_spans), "snippet_html": marked(snippet, spans)}


def marked(text: str, spans: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>``."""
    parts, at = [], 0
    for start, end in spans:
        parts += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


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

    names = context["site_names"]
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
    updated = max((row["published"] or row["fetched"] or "" for row in rows), default="") or "1970-01-01T00:00:00Z"
    ElementTree.SubElement(feed, "updated").text = updated
    for row in rows:
        entry = ElementTree.SubElement(feed, "entry")
        ElementTree.SubElement(entry, "id").text = row["url"]
        ElementTree.SubElement(entry, "title").text = row["title"] or row["url"]
        article = datasette.urls.row(context["db"].name, "articles", tilde_encode(row["url"]))
        ElementTree.SubElement(entry, "link", rel="alternate", href=datasette.absolute_url(request, article))
        ElementTree.SubElement(entry, "updated").text = row["published"] or row["fetched"] or updated
        if row["published"]:
            ElementTree.SubElement(entry, "published").text = row["published"]
        ElementTree.SubElement(ElementTree.SubElement(entry, "author"), "name").text = row["author"] or row["site_name"]
        if row["sapo"]:
            ElementTree.SubElement(entry, "summary").text = row["sapo"]
    body = ElementTree.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
