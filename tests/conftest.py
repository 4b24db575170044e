"""Shared fixtures: sample sites in the real markup served on 127.0.0.1, and `ansinh` run as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

sys.path.insert(0, str(Path(__file__).parent))

from ansinh.samples import build_sites, serve, site_keys  # noqa: E402
from crawler.sites import load_sites  # noqa: E402

# The sample sites read with plain requests: those a crawl test serves. A site read through a browser has tests
# of its own (test_ministry.py), which need chromium.
PLAIN_KEYS = tuple(key for key in site_keys() if key in load_sites() and not load_sites()[key].rendered)


def ansinh(*args: str, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
    """Run the `ansinh` command line in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "ansinh", *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)


@pytest.fixture
def sample_sites(request):
    """The plain sample sites, 30 articles each (at least three listing pages for a section of each).

    A test that needs less asks for it: ``@pytest.mark.parametrize("sample_sites", [{"articles": 5, "keys":
    ("dantri",)}], indirect=True)`` (build_sites' arguments) serves, and crawls, only that.
    """
    return build_sites(**{"articles": 30, "keys": PLAIN_KEYS, **getattr(request, "param", {})})


@pytest.fixture
def server(sample_sites):
    with serve(sample_sites) as running:
        yield running


@pytest.fixture
def crawl(server, tmp_path):
    """Crawl the served sample sites (``crawl("dantri", "--full")``; all of them if none is named) into
    ``tmp_path/archive.db``."""
    db = tmp_path / "archive.db"

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        named = [arg for arg in args if arg in server.mirrors()]
        result = ansinh("crawl", *([] if named else server.mirrors()), "--db", str(db), "--quiet",
                        *server.mirror_args(), *args)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run.db = db
    return run


def rows(db: Path, sql: str, params=()) -> list[dict]:
    return list(sqlite_utils.Database(db).query(sql, params))
