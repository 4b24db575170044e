"""Repeats in datasette: the same story printed by several papers (found by ``archive.duplicates``).

A datasette plugin of its own (registered beside ``archive.plugin``):

- ``?_repeat=no`` on articles keeps originals and articles without copies, hiding every repeat of an earlier
  article; ``?_repeat=yes`` keeps the repeats only;
- the ``repeat`` facet counts both and selects either with one click;
- the article page lists the article's copies in other papers, the original marked.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, urlsafe_components

from archive.datasette_api import is_archive
from archive.facets import ArchiveFacet

# ?_repeat= value -> (the clause it selects by, how the table describes it, the facet's label).
REPEAT = {
    "no": ("repeat_of is null", "not a repeat of an earlier article", "Không phải bài đăng lại · Not a repeat"),
    "yes": ("repeat_of is not null", "a repeat of an earlier article", "Bài đăng lại · Repeats"),
}


async def marks_repeats(db) -> bool:
    """Whether the archive has ``articles.repeat_of``: one served as it is from before copies were looked for
    (a crawl or ``ansinh dedupe`` adds it) has none, and nothing in it is a repeat."""
    return "repeat_of" in await db.table_columns("articles")


class RepeatFacet(ArchiveFacet):
    """Counts the repeats of earlier articles and the rest; a value selects them with ``?_repeat=``."""

    type = "repeat"

    async def applies(self) -> bool:
        return await marks_repeats(self.ds.get_database(self.database))

    def filter_arg(self, column: str) -> str:
        return "_repeat"

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        column = escape_sqlite(column)
        return f"""
            select value, case value when 'no' then '{REPEAT["no"][2]}' else '{REPEAT["yes"][2]}' end as label, count
            from (select case when {column} is null then 'no' else 'yes' end as value, count(*) as count
                  from ({rows or self.sql}) group by value)
            order by value limit {limit}
        """

    def pairs_sql(self, column: str) -> str:
        column = escape_sqlite(column)
        return f"""
            select rowid, case when {column} is null then 'no' else 'yes' end as value,
              case when {column} is null then '{REPEAT["no"][2]}' else '{REPEAT["yes"][2]}' end
            from {escape_sqlite(self.table)}
        """

    def ranked(self, counted: list[tuple]) -> list[tuple]:
        return sorted(counted)


@hookimpl
def register_facet_classes():
    return [RepeatFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    selected = REPEAT.get(request.args.get("_repeat", ""))
    if table != "articles" or selected is None:
        return None

    async def repeat_filter():
        if await marks_repeats(datasette.get_database(database)):
            return FilterArguments([selected[0]], {}, [selected[1]])
        return FilterArguments([] if selected is REPEAT["no"] else ["0"], {}, [selected[1]])

    return repeat_filter


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def copies_vars():
        if view_name != "row" or table != "articles":
            return {}
        db = datasette.databases.get(database)
        if not await is_archive(db) or not await db.table_exists("article_duplicates"):
            return {}
        return {"copies": await copies_of(db, urlsafe_components(request.url_vars["pks"])[0])}

    return copies_vars


async def copies_of(db, url: str) -> list[dict]:
    """An article's copies, earliest first: ``url``, ``site``, ``title``, ``published``, ``published_precision``,
    ``similarity`` and ``original`` (whether the article is a repeat of this one)."""
    rows = await db.execute(
        "select a.url, a.site, a.title, a.published, a.published_precision, d.similarity, "
        "a.url is (select repeat_of from articles where url = :url) as original "
        "from article_duplicates d join articles a on a.url = d.copy where d.article = :url "
        "order by unixepoch(a.published), a.url", {"url": url},
    )
    return [dict(row) for row in rows.rows]
