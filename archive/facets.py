"""Facets that datasette has, but cannot afford or reads wrongly on the archive.

Year and month: datasette's own ``date`` facet goes through SQLite's ``date()``, which turns
"2024-05-01T06:00:00+07:00" into 2024-04-30 (UTC). Articles carry Vietnam time, so these facets take the leading
characters of the text as written, and filter with datasette's ``__startswith``: a selected period is an ordinary,
bookmarkable table filter.

List: datasette's ``array`` facet deduplicates by comparing whole rows (bodies included), which took a second for
5,000 search hits; this one numbers the rows instead, and filters with the same ``__arraycontains``.
"""

from __future__ import annotations

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class ArchiveFacet(Facet):
    """A facet whose values are computed by :meth:`values_sql` and selected by one ``column__lookup=value`` filter."""

    lookup: str

    def values_sql(self, column: str, limit: int) -> str:
        """SQL giving ``value, count`` (and optionally ``label``) rows for ``column`` over ``self.sql``, best first."""
        raise NotImplementedError

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                rows = await self.ds.execute(
                    self.database, self.values_sql(column, size + 1), self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": [self._value(column, row) for row in rows.rows[:size]],
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
        value, count = row["value"], row["count"]
        label = row["label"] if "label" in row.keys() else value
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


class ListFacet(ArchiveFacet):
    """Counts the rows holding each value of a JSON array column."""

    type = "list"
    lookup = "arraycontains"

    def values_sql(self, column: str, limit: int) -> str:
        column = escape_sqlite(column)
        return f"""
            select item.value as value, count(distinct numbered.n) as count
            from (
                select row_number() over () as n, {column} as items from ({self.sql})
                where json_valid({column}) and json_type({column}) = 'array'
            ) as numbered, json_each(numbered.items) as item
            group by item.value order by count desc, value limit {limit}
        """


class PeriodFacet(ArchiveFacet):
    """Counts rows per period, newest period first; a period is a prefix of the ISO 8601 text."""

    lookup = "startswith"
    length: int

    def values_sql(self, column: str, limit: int) -> str:
        column = escape_sqlite(column)
        return f"""
            select substr({column}, 1, {self.length}) as value, count(*) as count
            from ({self.sql})
            where {column} glob '[0-9][0-9][0-9][0-9]-*'
            group by value order by value desc limit {limit}
        """


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

    def values_sql(self, column: str, limit: int) -> str:
        column = escape_sqlite(column)
        return f"""
            select counted.value, counted.count, coalesce(sites.name, counted.value) as label
            from (select {column} as value, count(*) as count from ({self.sql}) group by value) as counted
              left join sites on sites.key = counted.value
            order by counted.count desc, counted.value limit {limit}
        """
