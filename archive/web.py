"""Serving the archive: datasette, read-only, with the project's metadata, templates and plugin.

The database is always mounted as ``archive`` (``/archive``, ``/archive/articles``…), whatever the file is called,
so the metadata (keyed by database name) always applies; the templates and canned queries apply to any database
that is an archive (see ``archive.datasette_api``), under a plain ``datasette mynews.db`` too.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
from pathlib import Path

import sqlite_utils
import uvicorn
from datasette.app import Database, Datasette
from datasette.plugins import pm

import archive.browse
import archive.copies
import archive.plugin
from archive.datasette_api import load_metadata
from archive.search import search_is_ready

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


def make_datasette(db_path: str | Path, **settings) -> Datasette:
    """A datasette over the archive file, configured exactly as ``ansinh serve`` runs it (tests use it in-process).

    The file is opened read-only (``mode=ro``, which still sees a crawl's fresh writes through the WAL, as
    ``immutable`` would not); nothing in this configuration writes to it.

    :param settings: datasette settings that replace the served ones (the benchmark lifts the time limit).
    """
    for plugin, name in ((archive.plugin, "ansinh"), (archive.browse, "ansinh-browse"), (archive.copies, "ansinh-copies")):
        if not pm.is_registered(plugin):
            # Installed as an entry point this is already done; this covers running from a source tree.
            pm.register(plugin, name=name)
    datasette = Datasette(
        # Templates and static files come with the plugin, as under a plain `datasette FILE`. datasette 1.0 moves
        # the tables' facets and order from metadata to its configuration itself.
        metadata=load_metadata(),
        settings={**SETTINGS, **settings},
    )
    datasette.add_database(Database(datasette, path=str(Path(db_path).resolve()), is_mutable=True), DATABASE_NAME)
    # datasette adds an in-memory database when given no files; the archive is the only one to show.
    datasette.remove_database("_memory")
    return datasette


class CannotServe(RuntimeError):
    """The server could not start: no archive, not SQLite, or the address is taken."""


def check_servable(path: Path) -> str | None:
    """Read (never write) the file to be served; what is missing, if anything, to serve it fully.

    :raises CannotServe: when the file is missing or not SQLite.
    """
    if not path.is_file():
        raise CannotServe(f"no archive at {path}")
    db = sqlite_utils.Database(sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True))
    try:
        ready = db["articles"].exists() and search_is_ready(db)
    except sqlite3.DatabaseError as error:
        raise CannotServe(f"{path} is not a SQLite database ({error})") from None
    finally:
        db.close()
    return None if ready else "it has no archive search index yet (a crawl builds it)"


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``.

    :raises CannotServe: when the address is taken (or not this machine's).
    """
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise CannotServe(f"cannot listen on {host}:{port}: {error.strerror}") from None
    listener.listen(128)
    return listener


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the archive at ``http://host:port/`` until interrupted, read-only: the file is never changed.

    :raises CannotServe: when there is no archive at ``db_path``, it is not SQLite, or the port is taken.
    """
    path = Path(db_path)
    missing = check_servable(path)
    if missing:
        logging.getLogger("ansinh").warning("serving %s as it is: %s", path, missing)
    with listen(host, port) as listener:
        datasette = make_datasette(path)
        asyncio.run(datasette.invoke_startup())
        # The socket is bound already: a port taken is one clear line, not a server that announced itself.
        config = uvicorn.Config(datasette.app(), log_level="info", lifespan="on", workers=1)
        uvicorn.Server(config).run(sockets=[listener])
