"""What a served archive's pages need to know of its file and that does not change while it is unchanged.

Which columns and tables it has, its papers' names, its categories: reading them is a few catalogue and index reads,
but on every search they were half of the database work. They are read once per state of the file and kept,
keyed by the file's and its write-ahead log's size and modification time: a crawl that writes to the archive
changes one of them, and the next page reads the facts again.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

# The distinct categories, one seek of the category index each (a distinct scan reads every article's entry).
CATEGORIES = """
    with recursive category(name) as (
      select min(category) from articles
      union all
      select (select min(category) from articles where category > name) from category where name is not null
    )
    select name from category where name is not null
"""


@dataclass(frozen=True)
class Facts:
    """An archive's facts for its search page.

    :param tables: the names of its tables.
    :param columns: the columns of ``articles``.
    :param site_names: site key -> the paper's name, from ``sites``.
    :param categories: the distinct categories, in order.
    """

    tables: frozenset[str]
    columns: frozenset[str]
    site_names: dict[str, str]
    categories: tuple[str, ...]


_cache: dict[str, tuple[tuple, Facts]] = {}
_lock = threading.Lock()


def stamp(path: str) -> tuple:
    """What changes when the file at ``path`` is written: its and its write-ahead log's size and time, and the
    log index's header."""
    found = []
    for name in (path, path + "-wal"):
        try:
            status = os.stat(name)
        except FileNotFoundError:
            found.append(None)
            continue
        # An empty log is no log: a reader's first look creates one, and a checkpoint that empties it writes the file.
        found.append((status.st_size, status.st_mtime_ns) if status.st_size else None)
    # A write that leaves the log's size alone (it reuses the log from its start after a checkpoint) within one tick
    # of a coarse file clock changes none of these. The log index's header changes with every transaction: in
    # SQLite's format its first 48 bytes hold a change counter, the last valid frame and the log's salts. Only
    # beside a log with something in it: a reader's first look creates the index too.
    if found[-1] is not None:
        try:
            with open(path + "-shm", "rb") as index:
                found.append(index.read(48))
        except FileNotFoundError:
            found.append(None)
    return tuple(found)


def facts(conn, path: str | None) -> Facts:
    """The facts of the archive open in ``conn``, read again only when the file at ``path`` changed.

    :param path: the database file, or None (an in-memory database: read every time).
    """
    now = stamp(path) if path else None
    with _lock:
        kept = _cache.get(path) if path else None
    if kept is not None and kept[0] == now:
        return kept[1]
    found = _read(conn)
    if path:
        with _lock:
            _cache[path] = (now, found)
    return found


def _read(conn) -> Facts:
    tables = frozenset(row[0] for row in conn.execute("select name from sqlite_master where type = 'table'"))
    columns = frozenset(row[1] for row in conn.execute("pragma table_info(articles)"))
    names = dict(conn.execute("select key, name from sites").fetchall()) if "sites" in tables else {}
    categories = tuple(row[0] for row in conn.execute(CATEGORIES)) if "category" in columns else ()
    return Facts(tables, columns, names, categories)
