"""Facets that datasette has, but cannot afford or reads wrongly on the archive.

Year and month: datasette's own ``date`` facet goes through SQLite's ``date()``, which turns
"2024-05-01T06:00:00+07:00" into 2024-04-30 (UTC). Articles carry Vietnam time, so these facets take the leading
characters of the text as written, and filter with datasette's ``__startswith``: a selected period is an ordinary,
bookmarkable table filter.

List: datasette's ``array`` facet deduplicates by comparing whole rows (bodies included), which took a second for
5,000 search hits; this one numbers the rows instead, and filters with the same ``__arraycontains``.

Together: datasette runs each facet as its own query over the table's rows, so a search found in most of the
archive is matched again and its rows read again for every facet. The archive's facets of one page are counted in
one statement instead, over the matches read once (:func:`counted_together`); a facet that would time out there is
counted on its own, under its own time limit, as datasette would.

In memory: once a search has found many rows, each facet's values over the whole table are held in memory for
the file's state, and the page's facets are counted from its matches' rowids (``archive.facet_index``); each
facet says what it counts in SQL twice, :meth:`ArchiveFacet.values_sql` over some rows and
:meth:`ArchiveFacet.pairs_sql` over the whole table, and the tests hold the two to the same results.
"""

from __future__ import annotations

import asyncio
import itertools

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from archive import facet_index


class ArchiveFacet(Facet):
    """A facet whose values are computed by :meth:`values_sql` and selected by one ``column__lookup=value`` filter."""

    lookup: str

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        """SQL giving ``value, label, count`` rows for ``column``, best first.

        :param limit: at most this many values.
        :param rows: a query of the rows to count (their needed columns at least); ``self.sql`` if None.
        """
        raise NotImplementedError

    async def applies(self) -> bool:
        """Whether this facet has anything to count in its database (one of a column an archive may lack)."""
        return True

    def pairs_sql(self, column: str) -> str:
        """SQL of ``rowid, value, label`` rows over the whole table, for each row every value it holds (a repeat
        counts once): what :meth:`values_sql` counts, for counting in memory (``archive.facet_index``)."""
        raise NotImplementedError

    def ranked(self, counted: list[tuple]) -> list[tuple]:
        """``(value, label, count)`` rows in the order :meth:`values_sql` gives them: most counted first."""
        return sorted(counted, key=lambda row: (-row[2], sql_order(row[0])))

    def reads(self, column: str) -> set[str]:
        """The columns of the table that counting ``column`` reads."""
        return {column}

    def columns(self) -> list[str]:
        """The columns this facet counts on the current page, in order."""
        return [config["config"].get("column") or config["config"]["simple"] for config in self.get_configs()]

    async def facet_results(self):
        results, timed_out = [], []
        if not await self.applies():
            return results, timed_out
        size = self.get_facet_size()
        together = await counted_together(self, size + 1)
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            rows = together.get((self.type, column)) if together is not None else None
            if rows is None:
                try:
                    rows = (await self.ds.execute(
                        self.database, self.values_sql(column, size + 1), self.params, truncate=False,
                        custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                    )).rows
                except QueryInterrupted:
                    timed_out.append(column)
                    continue
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": [self._value(column, row) for row in rows[:size]],
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {f"_facet_{self.type}": column}),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out

    def filter_arg(self, column: str) -> str:
        """The query-string argument that selects a value of ``column``."""
        return f"{column}__{self.lookup}"

    def _value(self, column: str, row) -> dict:
        value, label, count = row[0], row[1], row[2]
        arg = self.filter_arg(column)
        selected = str(value) in self.request.args.getlist(arg)
        change = path_with_removed_args if selected else path_with_added_args
        return {
            "value": value,
            # values_sql may name each value for readers.
            "label": label,
            "count": count,
            "toggle_url": self.ds.absolute_url(self.request, change(self.request, {arg: str(value)})),
            "selected": selected,
        }


def sql_order(value) -> tuple:
    """A key that sorts values as SQLite does: null, then numbers, then text (by code point, as UTF-8 bytes
    compare), then blobs."""
    if value is None:
        return (0,)
    if isinstance(value, (int, float)):
        return (1, value)
    return (2, value) if isinstance(value, str) else (3, value)


class ListFacet(ArchiveFacet):
    """Counts the rows holding each value of a JSON array column."""

    type = "list"
    lookup = "arraycontains"

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        column = escape_sqlite(column)
        return f"""
            select item.value as value, item.value as label, count(distinct numbered.n) as count
            from (
                select row_number() over () as n, {column} as items from ({rows or self.sql})
                where json_valid({column}) and json_type({column}) = 'array'
            ) as numbered, json_each(numbered.items) as item
            group by item.value order by count desc, value limit {limit}
        """

    def pairs_sql(self, column: str) -> str:
        column = escape_sqlite(column)
        return f"""
            select listed.id, item.value, item.value
            from (
                select rowid as id, {column} as items from {escape_sqlite(self.table)}
                where json_valid({column}) and json_type({column}) = 'array'
            ) as listed, json_each(listed.items) as item
        """


class PeriodFacet(ArchiveFacet):
    """Counts rows per period, newest period first; a period is a prefix of the ISO 8601 text."""

    lookup = "startswith"
    length: int

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        column = escape_sqlite(column)
        return f"""
            select substr({column}, 1, {self.length}) as value, substr({column}, 1, {self.length}) as label,
              count(*) as count
            from ({rows or self.sql})
            where {column} glob '[0-9][0-9][0-9][0-9]-*'
            group by value order by value desc limit {limit}
        """

    def pairs_sql(self, column: str) -> str:
        column = escape_sqlite(column)
        return f"""
            select rowid, substr({column}, 1, {self.length}), substr({column}, 1, {self.length})
            from {escape_sqlite(self.table)} where {column} glob '[0-9][0-9][0-9][0-9]-*'
        """

    def ranked(self, counted: list[tuple]) -> list[tuple]:
        return sorted(counted, key=lambda row: sql_order(row[0]), reverse=True)


class YearFacet(PeriodFacet):
    type = "year"
    length = 4


class MonthFacet(PeriodFacet):
    type = "month"
    length = 7


class SiteFacet(ArchiveFacet):
    """Counts rows per site, labelled with the paper's name from the ``sites`` table (the key where it has none)."""

    type = "site"
    lookup = "exact"

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        column = escape_sqlite(column)
        return f"""
            select counted.value, coalesce(sites.name, counted.value) as label, counted.count
            from (select {column} as value, count(*) as count from ({rows or self.sql}) group by value) as counted
              left join sites on sites.key = counted.value
            order by counted.count desc, counted.value limit {limit}
        """

    def pairs_sql(self, column: str) -> str:
        return f"""
            select rows.rowid, rows.{escape_sqlite(column)}, coalesce(sites.name, rows.{escape_sqlite(column)})
            from {escape_sqlite(self.table)} as rows left join sites on sites.key = rows.{escape_sqlite(column)}
        """


class ValueFacet(ArchiveFacet):
    """Counts rows per value of a column, as datasette's column facet does, but counted with the others."""

    type = "value"
    lookup = "exact"

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        column = escape_sqlite(column)
        return f"""
            select {column} as value, {column} as label, count(*) as count from ({rows or self.sql})
            where {column} is not null and {column} != ''
            group by value order by count desc, value limit {limit}
        """

    def pairs_sql(self, column: str) -> str:
        column = escape_sqlite(column)
        return f"""
            select rowid, {column}, {column} from {escape_sqlite(self.table)}
            where {column} is not null and {column} != ''
        """


def _siblings(facet: ArchiveFacet) -> list[ArchiveFacet]:
    """The archive's facets of the page ``facet`` is on, each as datasette made it (same request, rows and table)."""
    from datasette.plugins import pm

    siblings = []
    for kind in itertools.chain.from_iterable(pm.hook.register_facet_classes()):
        if isinstance(kind, type) and issubclass(kind, ArchiveFacet):
            # A copy of this facet's state: datasette 0.65 and 1.0 name their constructors' arguments differently.
            sibling = kind.__new__(kind)
            sibling.__dict__.update(facet.__dict__)
            siblings.append(sibling)
    return siblings


async def counted_together(facet: ArchiveFacet, limit: int) -> dict | None:
    """Every archive facet of ``facet``'s page, counted in one statement: ``{(type, column): rows}``.

    Computed once per request, whichever facet asks first; None if it failed or timed out, and each facet then
    counts on its own.
    """
    scope = facet.request.scope
    key = ("ansinh_facets", limit)
    if key not in scope:
        scope[key] = asyncio.ensure_future(_count_together(_siblings(facet), limit))
    return await scope[key]


async def _count_together(facets: list[ArchiveFacet], limit: int) -> dict | None:
    facets = [facet for facet in facets if await facet.applies()]
    # A facet both in the metadata and asked for in the URL is counted once.
    arms = list({(facet.type, column): (facet, column) for facet in facets for column in facet.columns()}.values())
    if not arms:
        return None
    in_memory = await facet_index.counted(arms, limit)
    if in_memory is not None or len(arms) < 2:
        return in_memory
    first = facets[0]
    needed = sorted(set().union(*(facet.reads(column) for facet, column in arms)))
    try:
        selects = " union all ".join(
            f"select {number} as arm, value, label, count from "
            f"({facet.values_sql(column, limit, 'select * from ansinh_hits')})"
            for number, (facet, column) in enumerate(arms)
        )
    except ValueError:  # a facet asked for that does not exist: it says so on its own
        return None
    sql = (f"with ansinh_hits as materialized (select {', '.join(escape_sqlite(c) for c in needed)} from ({first.sql})) "
           f"{selects}")
    try:
        rows = await first.ds.execute(
            first.database, sql, first.params, truncate=False,
            custom_time_limit=first.ds.setting("facet_time_limit_ms") * len(arms),
        )
    except QueryInterrupted:
        return None
    counted = {(facet.type, column): [] for facet, column in arms}
    for row in rows.rows:
        facet, column = arms[row[0]]
        counted[(facet.type, column)].append(tuple(row)[1:])
    return counted
