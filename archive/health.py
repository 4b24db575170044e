"""Site health: the signs that a site changed its templates, as a view any SQLite tool (and datasette) shows.

A crawl that finds no article links where earlier crawls found some, or articles whose dates, authors or
bodies now come from weaker sources than before (the ``*_source`` columns: the site's selectors and structured
data are strong, a date pattern or trafilatura's guess is weak), flag the site; so do pages given up after
failing too often.
"""

from __future__ import annotations

import sqlite_utils

# How far the share of articles with a strong source may fall before the site is flagged.
DROP = 0.3

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
        avg(coalesce(published_source in ('selector', 'json-ld', 'meta', 'url'), 0)) as dates,
        avg(coalesce(author_source in ('selector', 'json-ld', 'meta'), 0)) as authors,
        avg(coalesce(text_source = 'selector', 0)) as bodies
    from articles join last on articles.site = last.site
    group by articles.site, recent
)
select last.site, last.id as crawl, last.started, last.status, last.links_found, earlier.links_before,
    now.articles as articles_now, round(now.dates, 2) as dates_now, round(before.dates, 2) as dates_before,
    round(now.authors, 2) as authors_now, round(before.authors, 2) as authors_before,
    round(now.bodies, 2) as bodies_now, round(before.bodies, 2) as bodies_before,
    coalesce(given_up.pages, 0) as given_up,
    coalesce(nullif(trim(
        iif(last.links_found = 0 and earlier.links_before > 0,
            'no articles found (earlier crawls found ' || earlier.links_before || '); ', '')
        || iif(now.dates + {DROP} < before.dates, 'dates from weaker sources; ', '')
        || iif(now.authors + {DROP} < before.authors, 'authors from weaker sources; ', '')
        || iif(now.bodies + {DROP} < before.bodies, 'bodies from weaker sources; ', '')
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
