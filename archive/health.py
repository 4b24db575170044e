"""Site health: the signs that a site changed its templates, as a view any SQLite tool (and datasette) shows.

A site is flagged when its latest crawl
- finds no article links where earlier crawls found some;
- found its listings' article links only because its ``[listing] links`` selector matched nothing (every
  in-pattern link of the page then counted);
- met articles on which a selector of its seed matched nothing (``crawls.selectors_missed``);
- stored articles whose fields come from weaker sources than before (the ``*_source`` columns: the site's
  selectors and structured data are strong, every fallback is weak);
- failed, or stopped a walk at the bound of pages per run (which goes on next run).
- has pages given up after failing too often (the ``failures`` table).
"""

from __future__ import annotations

import sqlite_utils

# How far the share of articles with a strong source may fall before the site is flagged.
DROP = 0.3
# The fields whose sources are watched, with the sources that are no fallback.
STRONG = {
    "title": ("selector", "json-ld", "meta"),
    "sapo": ("selector", "json-ld", "meta"),
    "text": ("selector",),
    "author": ("selector", "json-ld", "meta"),
    "published": ("selector", "json-ld", "meta"),
    "category": ("selector", "json-ld", "meta"),
}
# What the flags call each field.
NAMES = {"title": "titles", "sapo": "sapos", "text": "bodies", "author": "authors", "published": "dates",
         "category": "categories"}


def _shares() -> str:
    return ",\n        ".join(
        f"avg(coalesce({field}_source in ({', '.join(repr(s) for s in strong)}), 0)) as {field}"
        for field, strong in STRONG.items()
    )


def _columns() -> str:
    return ",\n    ".join(f"round(now.{field}, 2) as {field}_now, round(before.{field}, 2) as {field}_before"
                           for field in STRONG)


def _weaker() -> str:
    return "\n        || ".join(
        f"iif(now.{field} + {DROP} < before.{field}, '{NAMES[field]} from weaker sources; ', '')" for field in STRONG
    )


HEALTH_VIEW = f"""
with latest as (
    select site, max(id) as id from crawls where status not in ('running') group by site
),
last as (
    select crawls.* from crawls join latest on crawls.id = latest.id
),
earlier as (
    select crawls.site, max(crawls.links_found) as links_before
    from crawls join latest on crawls.site = latest.site and crawls.id < latest.id
    where crawls.status in ('ok', 'partial')
    group by crawls.site
),
given_up as (
    select site, count(*) as pages from failures where given_up is not null group by site
),
sources as (
    select articles.site, articles.fetched >= last.started as recent, count(*) as articles,
        {_shares()}
    from articles join last on articles.site = last.site
    group by articles.site, recent
)
select last.site, last.id as crawl, last.started, last.status, last.links_found, earlier.links_before,
    now.articles as articles_now,
    {_columns()},
    coalesce(given_up.pages, 0) as given_up,
    coalesce(nullif(trim(
        iif(last.links_found = 0 and earlier.links_before > 0,
            'no articles found (earlier crawls found ' || earlier.links_before || '); ', '')
        || iif(coalesce(last.listing_selector_missed, 0) > 0,
            'the listing selector matched nothing on ' || last.listing_selector_missed || ' pages; ', '')
        || coalesce((select 'selectors matched nothing: '
                || group_concat(key || ' on ' || value || ' articles', ', ') || '; '
            from json_each(last.selectors_missed) where json_valid(last.selectors_missed)), '')
        || {_weaker()}
        || iif(coalesce(last.walks_bounded, 0) > 0,
            last.walks_bounded || ' walks stopped at the bound of pages per run (they go on next run); ', '')
        || iif(last.status = 'failed', 'last crawl failed; ', '')
        || iif(given_up.pages > 0, given_up.pages || ' pages given up after failing (see failures); ', ''),
        '; '), ''), 'ok') as health
from last
left join earlier on earlier.site = last.site
left join given_up on given_up.site = last.site
left join sources as now on now.site = last.site and now.recent = 1
left join sources as before on before.site = last.site and before.recent = 0
"""


def create_health_view(db: sqlite_utils.Database) -> None:
    """Create (or bring up to date) the ``site_health`` view."""
    wanted = f"CREATE VIEW site_health as {HEALTH_VIEW}"
    current = db.execute("select sql from sqlite_master where type = 'view' and name = 'site_health'").fetchone()
    if current is None or current[0] != wanted:
        db.execute("drop view if exists site_health")
        db.execute(wanted)


def unhealthy(db: sqlite_utils.Database) -> list[dict]:
    """The sites whose health is not "ok", with what is wrong."""
    return list(db.query("select site, health from site_health where health != 'ok' order by site"))
