"""What the project's datasette plugins need from datasette, the same on 0.65 and on the 1.0 alphas.

datasette 1.0 drops ``ensure_permissions``, ``permission_allowed``, ``metadata()`` and the ``canned_queries`` hook
for ``allowed``, resources, internal metadata tables and stored queries. The few places where the two have no
call in common are here, and nowhere else; the rest of the plugins use what both have.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import yaml
from datasette import Forbidden

HERE = Path(__file__).parent
# The tables every ansinh archive has from its first write (archive.store): a database with them gets the
# project's pages, templates and canned queries, whatever its file is called.
ARCHIVE_TABLES = ("articles", "sites", "crawls")
# Databases found to be archives. Only a yes is kept: an empty file may become an archive with its first crawl.
_archives: weakref.WeakSet = weakref.WeakSet()


def load_metadata() -> dict:
    """The project's datasette metadata: titles, descriptions, facets, the articles table's order."""
    return yaml.safe_load((HERE / "metadata.yaml").read_text(encoding="utf-8"))


# The archive's name on every page and in its feeds.
TITLE = load_metadata()["title"]


async def is_archive(db) -> bool:
    """Whether the datasette database ``db`` is an ansinh archive (it has the archive's tables).

    :param db: a ``datasette.database.Database``, or None.
    """
    if db is None or db.is_memory:
        return False
    if db in _archives:
        return True
    names = set(await db.table_names())
    if names.issuperset(ARCHIVE_TABLES):
        _archives.add(db)
        return True
    return False


async def first_archive(datasette, table: str = "articles") -> str | None:
    """The name of the first database served that is an archive and has ``table``, or None."""
    for name, db in datasette.databases.items():
        if await is_archive(db) and await db.table_exists(table):
            return name
    return None


async def ensure_can_view(datasette, actor, database: str, table: str | None = None) -> None:
    """Refuse (``Forbidden``) an actor who may not see ``table`` of ``database``, as datasette's own pages do.

    :param actor: the request's actor, or None.
    :param database: the database's name.
    :param table: a table of it, or None for the database itself.
    """
    if hasattr(datasette, "allowed"):
        # datasette 1.0: one action on one resource; its rules on a database or the instance cover the tables.
        from datasette.resources import DatabaseResource, TableResource

        action, resource = (
            ("view-table", TableResource(database, table)) if table else ("view-database", DatabaseResource(database))
        )
        await datasette.ensure_permission(action=action, resource=resource, actor=actor)
        return
    # datasette 0.65: the first of table, database and instance that has a rule for the actor decides.
    permissions = [("view-table", (database, table))] if table else []
    permissions += [("view-database", database), "view-instance"]
    try:
        # Not check_visibility: it asks again for the anonymous actor, to tell private pages, which costs as much.
        await datasette.ensure_permissions(actor, permissions)
    except Forbidden:
        raise Forbidden(f"{table or database} is not visible to you")


async def ensure_can_view_instance(datasette, actor) -> None:
    """Refuse (``Forbidden``) an actor who may not see this datasette at all."""
    if hasattr(datasette, "allowed"):
        await datasette.ensure_permission(action="view-instance", actor=actor)
        return
    visible, _ = await datasette.check_visibility(actor, permissions=["view-instance"])
    if not visible:
        raise Forbidden("This instance is not visible to you")


async def add_canned_queries(datasette, queries: dict[str, dict]) -> None:
    """Give every archive served by a datasette 1.0 these canned queries, as stored queries.

    datasette 0.65 asks for them per request instead, through the ``canned_queries`` hook (see archive.browse).

    :param queries: name -> ``{"sql", "title", "description"}``, as in datasette's metadata.
    """
    if not hasattr(datasette, "add_query"):
        return
    for name, db in datasette.databases.items():
        if await is_archive(db):
            for query, spec in queries.items():
                await datasette.add_query(
                    name, query, spec["sql"], title=spec.get("title"), description=spec.get("description")
                )


def jinja_environment(datasette, request):
    """datasette's Jinja environment for ``request``: 1.0 may choose one per request, 0.65 has the one."""
    choose = getattr(datasette, "get_jinja_environment", None)
    return choose(request) if choose is not None else datasette.jinja_env
