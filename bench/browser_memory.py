"""The browser's memory over a long crawl: ``python bench/browser_memory.py --articles 270``.

Crawls the moha sample (rendered by script, so every page goes through chromium) and samples, every second, the
memory of the chromium processes under the crawl (their PSS); prints it as the pages go by, then the first, the
highest and the last figure. Flat means the contexts are recycled (``ANSINH_BROWSER_PAGES_PER_CONTEXT``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from ansinh.samples import build_site, serve


def descendants(pid: int) -> list[int]:
    """The processes under ``pid``, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def chromium_memory(pid: int) -> int:
    """Bytes of memory of the chromium processes under ``pid``: their proportional set size (PSS), which counts
    the pages they share once, where adding up their RSS would count them in every process."""
    total = 0
    for child in descendants(pid):
        try:
            name = Path(f"/proc/{child}/comm").read_text().strip()
            rollup = Path(f"/proc/{child}/smaps_rollup").read_text() if "chrom" in name else ""
        except OSError:
            continue
        total += next((int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def stored(db: Path) -> int:
    try:
        return sqlite_utils.Database(db).execute("select count(*) from pages").fetchone()[0]
    except Exception:  # not created yet
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/browser_memory.py", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=270, help="articles of the sample (default 270)")
    args = parser.parse_args(argv)
    sample = build_site("moha", articles=args.articles)
    db = Path(tempfile.mkdtemp(prefix="ansinh-browser-")) / "archive.db"
    samples: list[tuple[int, int]] = []
    with serve({"moha": sample}) as server:
        started = time.monotonic()
        crawl = subprocess.Popen([sys.executable, "-m", "ansinh", "crawl", "moha", "--db", str(db), "--quiet",
                                  *server.mirror_args()], stdin=subprocess.DEVNULL)
        while crawl.poll() is None:
            time.sleep(1)
            rss, pages = chromium_memory(crawl.pid), stored(db)
            if rss:
                samples.append((pages, rss))
                if len(samples) % 10 == 1:
                    print(f"{time.monotonic() - started:6.0f} s  {pages:4d} articles  chromium {rss / 2**20:6.0f} MiB",
                          flush=True)
        requests = server.requests.count("moha")
    if not samples:
        print("no chromium process was seen", file=sys.stderr)
        return 1
    highest = max(rss for _, rss in samples)
    print(f"{requests} requests, {stored(db)} articles in {time.monotonic() - started:.0f} s (exit {crawl.returncode});"
          f" chromium PSS first {samples[0][1] / 2**20:.0f} MiB, highest {highest / 2**20:.0f} MiB, last "
          f"{samples[-1][1] / 2**20:.0f} MiB")
    return crawl.returncode


if __name__ == "__main__":
    sys.exit(main())
