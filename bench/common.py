"""What the crawl benchmarks share: the served sample sites, `ansinh crawl` run as a child process, the archive.

Not a benchmark itself; see bench/crawl.py and bench/recrawl.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ansinh.samples import SampleSite, build_sites
from crawler.sites import load_sites

OUT = Path(__file__).resolve().parent / "out"
SITES = load_sites()


def arguments(doc: str, name: str, *more: tuple[str, dict]) -> argparse.Namespace:
    """The options both benchmarks take, and ``more`` (name, add_argument keywords) of one; ``--out`` defaults
    to bench/out/<name>-<articles>/."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="in-section articles per site (default 500)")
    parser.add_argument("--per-page", type=int, default=10, help="items per listing page (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="sample generator seed (default 0)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the report as JSON here")
    parser.add_argument("--out", type=Path, help="work folder for the archive and logs (emptied first)")
    for option, keywords in more:
        parser.add_argument(option, **keywords)
    args = parser.parse_args()
    args.out = args.out or OUT / f"{name}-{args.articles}"
    return args


def sample_sites(args: argparse.Namespace) -> dict[str, SampleSite]:
    """The four sample sites, every listing and article page rendered now: the server then only sends bytes,
    and rendering (the sample generator's cost, not the crawler's) stays out of the timed crawl."""
    sites = build_sites(articles=args.articles, seed=args.seed, per_page=args.per_page)
    for site in sites.values():
        site.cache_size = 10**9  # an instance override of the LRU bound (400 pages by default)
        warm(site)
    return sites


def warm(site: SampleSite) -> None:
    for listing in site.listings():
        site.get(listing.path)
    for article in site.articles:
        site.get(article.path)


def ansinh_command() -> list[str]:
    """The installed `ansinh` script beside this Python (as a user runs it), else `python -m ansinh`."""
    script = Path(sys.executable).with_name("ansinh")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ansinh"]


@dataclass
class Run:
    seconds: float
    peak_rss_mib: float  # the child's VmHWM (peak resident set size), polled from /proc every 50 ms
    cpu_seconds: float  # user + system time of the child, from os.wait4
    returncode: int
    stdout: str


def vm_hwm_kib(pid: int) -> int:
    """The peak resident set size of a live process so far (VmHWM in /proc/PID/status), or 0.

    Not ru_maxrss: Linux carries the RSS of the forked image into it across exec, so a child of this process
    (which holds every rendered sample page) would report at least this process's own RSS."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def crawl(db: Path, server, *extra: str, log: str = "crawl") -> Run:
    """Run `ansinh crawl --db DB --quiet --mirror ... EXTRA` to completion; fails loudly on a non-zero exit."""
    command = [*ansinh_command(), "crawl", "--db", str(db), "--quiet", *server.mirror_args(), *extra]
    out, err = db.parent / f"{log}.out", db.parent / f"{log}.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        peak = 0
        while True:
            peak = max(peak, vm_hwm_kib(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"FAILED: `{' '.join(command)}` exited with {child.returncode}:\n{err.read_text()[-3000:]}")
    return Run(seconds, peak / 1024, usage.ru_utime + usage.ru_stime, child.returncode, out.read_text())


def fresh(folder: Path) -> Path:
    """An empty work folder; returns the archive path in it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder / "archive.db"


def query(db: Path, sql: str, params=()) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


def size(path: Path) -> int:
    """Bytes of a file or of everything under a folder (0 if missing)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def article_url(key: str, path: str) -> str:
    """The canonical URL under which the archive stores a sample article."""
    site = SITES[key]
    return site.canonical(site.base + path)


def check_stored(db: Path, sites: dict[str, SampleSite]) -> int:
    """Every in-section sample article is in the archive, and nothing else; exits loudly otherwise.
    Returns the number of articles stored."""
    stored = {row["url"] for row in query(db, "select url from articles")}
    wanted = {article_url(key, a.path) for key, site in sites.items() for a in site.articles}
    missing, extra = wanted - stored, stored - wanted
    if missing or extra:
        sys.exit(f"FAILED: the archive has {len(stored)} articles, the samples {len(wanted)}: "
                 f"{len(missing)} missing (e.g. {sorted(missing)[:3]}), {len(extra)} unexpected "
                 f"(e.g. {sorted(extra)[:3]})")
    return len(stored)


def finish(args: argparse.Namespace, title: str, lines: list[str], data: dict) -> None:
    """Print the report; with --json, also write it (the figures and the printed lines)."""
    print(title)
    print("\n".join(lines))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"benchmark": title, **data, "report": lines}, indent=2, ensure_ascii=False))
        print(f"(written to {args.json})")
