"""Browsing by province and subtopic in datasette: facets and filters on articles, the home page's map and chart.

A datasette plugin of its own (registered beside ``archive.plugin``): the tags live in ``article_places`` and
``article_topics`` (see ``archive.tagging``), so the articles table gets facets that count its rows through them,
and filters that select by them:

- ``?_province=Đắk Nông``: articles naming that pre-2025 province;
- ``?_province_2025=Lâm Đồng``: articles naming a province that is part of it since July 2025;
- ``?_topic=pensions``: articles in that subtopic.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import urlsafe_components

from archive.datasette_api import add_canned_queries, first_archive, is_archive
from archive.facets import ArchiveFacet

# Filter and facet name -> (tag table, its column, SQL naming a value for readers or None).
TAGS = {
    "province": ("article_places", "province", None),
    "province_2025": ("article_places", "province_2025", None),
    "topic": ("article_topics", "topic", "(select label from topics where key = tags.topic)"),
}

# The archive's canned queries, for any database that is an archive (archive.datasette_api.is_archive).
QUERIES = {
    "articles_per_month": {
        "title": "Số bài mỗi tháng theo trang · Articles per month per site",
        "description": "Theo tháng đăng, giờ Việt Nam · By month of publication, Vietnam time.",
        "sql": """
            select substr(published, 1, 7) as month, site, count(*) as articles
            from articles
            where published is not null
            group by month, site
            order by month desc, site
        """,
    },
    "latest_crawls": {
        "title": "Các lần thu thập gần nhất · Latest crawls per site",
        "description": "Năm lần chạy gần nhất của mỗi trang · The last five runs of each site, with counts and status.",
        "sql": """
            select site, started, finished, status, listing_pages, articles_fetched, new, updated, unchanged,
              failed, requests, bytes, error
            from (
              select *, row_number() over (partition by site order by started desc, id desc) as recent
              from crawls
            )
            where recent <= 5
            order by site, started desc
        """,
    },
    "articles_per_province": {
        "title": "Số bài theo tỉnh · Articles per province",
        "description": "Trên bản đồ ở trang chủ; era 2025 là 34 tỉnh từ 7/2025 · The home page's map; era 2025 is "
        "the 34 provinces since July 2025, before the 63 earlier ones; provinces no article names count 0.",
        "sql": """
            select '2025' as era, p.name as province, p.latitude, p.longitude, count(distinct t.article) as articles
            from provinces_2025 p left join article_places t on t.province_2025 = p.name
            group by p.name
            union all
            select 'before', p.name, p.latitude, p.longitude, count(distinct t.article)
            from provinces p left join article_places t on t.province = p.name
            group by p.name
            order by era, articles desc, province
        """,
    },
    "topics_per_month": {
        "title": "Số bài mỗi tháng theo chủ đề và trang · Articles per month per subtopic and site",
        "description": "Theo tháng đăng, giờ Việt Nam · By month of publication, Vietnam time.",
        "sql": """
            select substr(a.published, 1, 7) as month, a.site, t.topic, topics.label, count(distinct a.url) as articles
            from article_topics t
              join articles a on a.url = t.article
              join topics on topics.key = t.topic
            where a.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
            group by month, a.site, t.topic
            order by month, a.site, t.topic
        """,
    },
}


class TagFacet(ArchiveFacet):
    """Counts the articles carrying each province or subtopic tag; a value selects them with ``?_province=``…"""

    type = "tagged"

    def filter_arg(self, column: str) -> str:
        return f"_{column}"

    def reads(self, column: str) -> set[str]:
        return {"url"}

    def values_sql(self, column: str, limit: int, rows: str | None = None) -> str:
        if column not in TAGS:
            raise ValueError(f"no tag {column!r}; the tags are {', '.join(TAGS)}")
        table, tag, label = TAGS[column]
        return f"""
            select tags.{tag} as value, {label or 'tags.' + tag} as label, count(distinct tags.article) as count
            from {table} as tags
            where tags.article in (select url from ({rows or self.sql}))
            group by tags.{tag} order by count desc, value limit {limit}
        """

    def pairs_sql(self, column: str) -> str:
        if column not in TAGS:
            raise ValueError(f"no tag {column!r}; the tags are {', '.join(TAGS)}")
        if self.table != "articles":
            # values_sql counts distinct articles; rows are articles only where each url is one row.
            raise NotImplementedError
        table, tag, label = TAGS[column]
        return f"""
            select articles.rowid, tags.{tag}, {label or 'tags.' + tag}
            from {table} as tags join articles on articles.url = tags.article
        """


@hookimpl
def register_facet_classes():
    return [TagFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    if table != "articles":
        return None
    clauses, params, descriptions = [], {}, []
    for name, (tag_table, column, _) in TAGS.items():
        for position, value in enumerate(request.args.getlist(f"_{name}")):
            param = f"ansinh_{name}_{position}"
            clauses.append(f"url in (select article from {tag_table} where {column} = :{param})")
            params[param] = value
            descriptions.append(f'{name} is "{value}"')
    return FilterArguments(clauses, params, descriptions)


@hookimpl
def canned_queries(datasette, database):
    # datasette 0.65 asks per request; 1.0 has stored queries instead, added at startup (below).
    async def archive_queries():
        return QUERIES if await is_archive(datasette.databases.get(database)) else None

    return archive_queries


@hookimpl
def startup(datasette):
    async def add_queries():
        await add_canned_queries(datasette, QUERIES)

    return add_queries


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def browse_vars():
        if view_name == "index":
            # The home page maps the first archive served that is tagged.
            return {"browse_database": await first_archive(datasette, "article_places")}
        db = datasette.databases.get(database) if database else None
        if not await is_archive(db) or not await db.table_exists("article_places"):
            return {}
        if view_name == "row" and table == "articles":
            return {"article_tags": await tags_of_article(db, urlsafe_components(request.url_vars["pks"])[0])}
        return {}

    return browse_vars


async def tags_of_article(db, url: str) -> dict[str, list[dict]]:
    """An article's provinces and subtopics, each with the terms that gave it, for the article page."""
    places = await db.execute(
        "select province, province_2025, group_concat(distinct term) as terms from article_places "
        "where article = ? group by province order by min(rowid)", [url],
    )
    topics = await db.execute(
        "select topic, topics.label, group_concat(distinct term) as terms from article_topics "
        "join topics on topics.key = article_topics.topic where article = ? group by topic order by min(article_topics.rowid)",
        [url],
    )
    return {"places": [dict(row) for row in places.rows], "topics": [dict(row) for row in topics.rows]}
