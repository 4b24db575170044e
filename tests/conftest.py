"""Shared fixtures: sample sites in the real markup served on 127.0.0.1, and `ansinh` run as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

sys.path.insert(0, str(Path(__file__).parent))

from ansinh.samples import build_sites, serve  # noqa: E402


def ansinh(*args: str, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
    """Run the `ansinh` command line in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "ansinh", *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)


@pytest.fixture
def sample_sites():
    """The four sample sites, 30 articles each (at least three listing pages for a section of each)."""
    return build_sites(articles=30)


@pytest.fixture
def server(sample_sites):
    with serve(sample_sites) as running:
        yield running


@pytest.fixture
def crawl(server, tmp_path):
    """Crawl the served sample sites (``crawl("dantri", "--full")``) into ``tmp_path/archive.db``."""
    db = tmp_path / "archive.db"

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = ansinh("crawl", "--db", str(db), "--quiet", *server.mirror_args(), *args)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run.db = db
    return run


def rows(db: Path, sql: str, params=()) -> list[dict]:
    return list(sqlite_utils.Database(db).query(sql, params))
