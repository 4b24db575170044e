"""Serving the archive: datasette, read-only, with the project's metadata, templates and plugin.

The database is always mounted as ``archive`` (``/archive``, ``/archive/articles``…), whatever the file is called,
so the metadata and the ``row-archive-articles.html`` style templates always apply.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import sqlite_utils
import uvicorn
import yaml
from datasette.app import Database, Datasette
from datasette.plugins import pm

import archive.plugin
from archive.search import search_is_ready
from archive.store import Archive

HERE = Path(__file__).parent
DATABASE_NAME = "archive"
SETTINGS = {
    # Any query, canned or typed, stops after this: the server stays responsive for everyone.
    "sql_time_limit_ms": 3000,
    # Each facet of a search stops after this, so that a search over most of the archive still answers fast;
    # datasette says which facets timed out (bench/search.py counts them).
    "facet_time_limit_ms": 120,
    # Facets are chosen in the metadata; suggesting more costs a query per column on every page.
    "suggest_facets": False,
    # Bodies are long: the table shows their start, the article page shows them whole.
    "truncate_cells_html": 240,
    "default_page_size": 50,
}


def load_metadata() -> dict:
    """The project's datasette metadata: titles, descriptions, facets, canned queries."""
    return yaml.safe_load((HERE / "metadata.yaml").read_text(encoding="utf-8"))


def make_datasette(db_path: str | Path, **settings) -> Datasette:
    """A datasette over the archive file, configured exactly as ``ansinh serve`` runs it (tests use it in-process).

    The file is opened read-only (``mode=ro``, which still sees a crawl's fresh writes through the WAL, as
    ``immutable`` would not); nothing in this configuration writes to it.

    :param settings: datasette settings that replace the served ones (the benchmark lifts the time limit).
    """
    if not pm.is_registered(archive.plugin):
        # Installed as an entry point this is already done; this covers running from a source tree.
        pm.register(archive.plugin, name="ansinh")
    datasette = Datasette(
        metadata=load_metadata(),
        template_dir=str(HERE / "templates"),
        static_mounts=[("-/ansinh", str(HERE / "static"))],
        settings={**SETTINGS, **settings},
    )
    datasette.add_database(Database(datasette, path=str(Path(db_path).resolve()), is_mutable=True), DATABASE_NAME)
    # datasette adds an in-memory database when given no files; the archive is the only one to show.
    datasette.remove_database("_memory")
    return datasette


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the archive at ``http://host:port/`` until interrupted.

    :raises FileNotFoundError: when there is no archive at ``db_path``.
    """
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"no archive at {path}")
    if not _search_ready(path):
        # An archive written before search existed: build its index once, then serve read-only.
        Archive(path).close()
    datasette = make_datasette(path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)


def _search_ready(path: Path) -> bool:
    db = sqlite_utils.Database(sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True))
    try:
        return db["articles"].exists() and search_is_ready(db)
    finally:
        db.close()
