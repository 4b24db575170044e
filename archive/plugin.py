"""The project's datasette plugin: search by the marks typed, the search page, facets, a date range, the kept pages.

Registered as an entry point, so a plain ``datasette mynews.db`` reads searches the same way and serves the search
page, the article pages and the project's templates for any database that is an archive; the metadata (titles,
facets, the table's order) comes with ``ansinh serve`` (see ``archive.web``).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import path_with_format, tilde_encode, urlsafe_components
from datasette.utils.asgi import BadRequest, NotFound, Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader, pass_context
from markupsafe import Markup

from archive.datasette_api import TITLE, ensure_can_view_instance, first_archive, is_archive
from archive.facets import ListFacet, MonthFacet, SiteFacet, ValueFacet, YearFacet
from archive.search import FOLDED_COLUMNS, column_search_error, fts_query, phrase_check, register_functions
from archive.search_page import readable_database, search_page
from archive.search_query import VIETNAM, day
from archive.warc import raw_page, warc_folder
from archive.versions import article_versions

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
# Cells of the articles table longer than this are cut; the article page has them whole.
CELL_LENGTH = 160
# A kept page is another site's HTML: shown in a sandbox (an opaque origin, no script) and fetching nothing.
RAW_PAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


# The largest string or blob a query may make: a kept page is well under this; randomblob(999999999) is not.
MAX_VALUE_LENGTH = 32 * 1024 * 1024
# The longest SQL a visitor may send.
MAX_SQL_LENGTH = 64 * 1024


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: datasette registers its own escape_fts through this same hook, and the last registration wins.
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    register_functions(conn)
    # The time limit does not stop one huge allocation: bound sizes too.
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH)
    # Read the file through memory mapping (up to SQLite's usual 2 GiB cap), not a system call per page: facets
    # and rankings over a large result read many pages (measured 4x faster facets at 100,000 articles).
    conn.execute("pragma mmap_size = 2147418112")


@hookimpl
def register_facet_classes():
    return [ListFacet, YearFacet, MonthFacet, SiteFacet, ValueFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    """``?_from=YYYY-MM-DD&_to=YYYY-MM-DD`` on articles: published on those days, both included, Vietnam time; and
    the search box read as the search page reads it."""
    if table != "articles":
        return None

    async def archive_filters():
        clauses, params, descriptions = [], {}, []
        if not await is_archive(datasette.get_database(database)):
            return FilterArguments(clauses, params, descriptions)
        for key in request.args:
            error = key.startswith("_search_") and column_search_error(key.removeprefix("_search_"), request.args[key])
            if error:
                raise BadRequest(error)
        # A phrase that mixes marks is narrowed to its real matches, as on the search page; a raw FTS5 query
        # (?_searchmode=raw) is the user's own syntax, read as typed.
        check = phrase_check(request.args.get("_search") or "")
        if check and request.args.get("_searchmode") != "raw":
            clauses.append(check)
            params["ansinh_q"] = request.args["_search"]
        start, end = day(request.args.get("_from")), day(request.args.get("_to"))
        if start:
            clauses.append("published >= :ansinh_from")
            params["ansinh_from"] = start
            descriptions.append(f"published on or after {start}")
        if end:
            # Times carry "+07:00", so "2024-05-31T23:00…" sorts before the next day but after "2024-05-31".
            clauses.append("published < date(:ansinh_to, '+1 day')")
            params["ansinh_to"] = end
            descriptions.append(f"published on or before {end}")
        return FilterArguments(clauses, params, descriptions)

    return archive_filters


@hookimpl
def register_routes():
    # Before datasette's own /-/databases, which would show where the archive lives on the server's disk.
    return [
        (r"^/(?P<database>[^/]+)/-/page$", kept_page),
        (r"^/(?P<database>[^/]+)/-/search(?P<format>\.json|\.csv|\.atom)?$", search_page),
        (r"^/-/databases(\.json)?$", databases),
        # The stylesheet and scripts of the templates, under a plain `datasette FILE` as under `ansinh serve`.
        (r"^/-/ansinh/(?P<path>.*)$", asgi_static(str(STATIC))),
    ]


async def databases(datasette, request):
    """The databases served, as datasette lists them, with each file's name rather than its absolute path."""
    await ensure_can_view_instance(datasette, request.actor)
    return Response.json([
        {"name": db.name, "route": db.route, "path": Path(db.path).name if db.path else None, "size": db.size,
         "is_mutable": db.is_mutable, "is_memory": db.is_memory, "hash": db.hash}
        for name, db in datasette.databases.items() if name != "_internal"
    ])


async def kept_page(datasette, request):
    """The page of ``?url=`` as it was fetched (its WARC record's payload, with its content type), sandboxed."""
    db = await readable_database(datasette, request, "pages")
    if not await db.table_exists("pages") or db.path is None:
        raise NotFound("This database keeps no pages")
    url = request.args.get("url") or ""
    try:
        page = await db.execute_fn(lambda conn: raw_page(conn, warc_folder(db.path), url))
    except (OSError, ValueError):
        # The row points at a record that is not there: a database copied without its WARC folder.
        raise NotFound("The kept page's WARC record is missing · Thiếu bản ghi WARC của trang gốc") from None
    if page is None:
        raise NotFound("No kept page for this URL · Không có trang gốc cho địa chỉ này")
    return Response(
        page.payload,
        content_type=page.content_type or "text/html",
        headers={"Content-Security-Policy": RAW_PAGE_POLICY, "X-Content-Type-Options": "nosniff"},
    )


@hookimpl
def extra_template_vars(database, table, view_name, request, datasette):
    async def archive_vars():
        if view_name == "index":
            # The home page's search box searches the first archive served.
            return {"search_database": await first_archive(datasette)}
        db = datasette.get_database(database) if database else None
        if db is None:
            return {}
        # The templates named after datasette's (row.html, table.html, _table.html) show an archive's articles
        # their own way, and any other table as datasette does.
        found = {"archive_articles": table == "articles" and await is_archive(db)}
        if await db.table_exists("sites"):
            # The papers' names as the crawler recorded them, for the site_name filter.
            found["site_names"] = dict((await db.execute("select key, name from sites")).rows)
        if view_name == "row" and table == "articles":
            # The article page links to its kept page only when there is one.
            url = urlsafe_components(request.url_vars["pks"])[0]
            kept = await db.table_exists("pages") and "warc_file" in await db.table_columns("pages") and (
                await db.execute("select 1 from pages where url = ? and warc_file is not null", [url])).rows
            found["kept_page"] = bool(kept)
            if await db.table_exists("article_versions"):
                found["versions"] = await article_versions(db, url, vn_datetime)
        if view_name == "table" and table == "articles":
            found.update(_csv_without_folded(request))
        return found

    return archive_vars


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # A plain `datasette mynews.db` has no template folder of ours: ours come from here, after the user's own
    # (--template-dir) and before datasette's, which ours extend and fall back to.
    user = [FileSystemLoader(datasette.template_dir)] if datasette.template_dir else []
    env.loader = ChoiceLoader([*user, FileSystemLoader(str(TEMPLATES)), env.loader])
    # A global rather than a template variable: error pages get no extra_template_vars, and show it too.
    env.globals["archive_title"] = TITLE
    env.filters.update(
        {
            "paragraphs": paragraphs,
            "tag_list": tag_list,
            "vn_datetime": vn_datetime,
            "site_name": site_name,
            "web_url": web_url,
            # A primary key as it goes in a row's URL.
            "tilde": tilde_encode,
        }
    )


def _csv_without_folded(request) -> dict:
    # The table's CSV links, without the folded twins, which exist for the search index only.
    hidden = [("_nocol", column) for column in FOLDED_COLUMNS]
    return {
        "url_csv": path_with_format(request=request, format="csv", extra_qs={"_size": "max"}) + "&" + urlencode(hidden),
        "url_csv_hidden_args": [*parse_qsl(request.query_string), *hidden, ("_size", "max")],
    }


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """The articles table as a person reads it: the title links to the article, dates in Vietnam time, long text cut."""
    if table != "articles" or value is None:
        return None
    if column == "title" and "url" in row.keys():
        return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, table, tilde_encode(row["url"])), value)
    if column == "published":
        precision = row["published_precision"] if "published_precision" in row.keys() else None
        return vn_datetime(value, precision)
    if column in ("fetched", "captured"):  # stored in UTC: when fetched, and when the Wayback Machine captured it
        return vn_datetime(value)
    if column in ("sapo", "text") and isinstance(value, str) and len(value) > CELL_LENGTH:
        return value[:CELL_LENGTH].rsplit(" ", 1)[0] + " …"
    return None


def paragraphs(text: str | None) -> list[str]:
    """The body's paragraphs: its non-blank lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def tag_list(tags: str | None) -> list[str]:
    """The tags of a JSON array; a bare string counts as one tag."""
    if not tags:
        return []
    try:
        value = json.loads(tags)
    except ValueError:
        return [tags]
    return [str(tag) for tag in value] if isinstance(value, list) else [str(value)]


def vn_datetime(value: str | None, precision: str | None = None) -> str:
    """ "2024-05-01T01:30:00Z" as 01/05/2024 08:30, in Vietnam time as Vietnamese papers write it; anything else
    as given.

    :param precision: "day" when only the day is known (the time is then left out); None or "minute" otherwise.
    """
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM)
    # A bare date is 10 characters; anything longer carries a time.
    return moment.strftime("%d/%m/%Y" if precision == "day" or len(value) <= 10 else "%d/%m/%Y %H:%M")


def web_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a stored "javascript:" URL never becomes a link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


@pass_context
def site_name(context, key: str | None) -> str:
    """The newspaper's name, as the archive's ``sites`` table records it; the key where it does not."""
    return context.get("site_names", {}).get(key) or key or ""
