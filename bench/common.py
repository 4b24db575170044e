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
# The four news sites that the figures in README (and the crawler of earlier commits) were measured on; the
# ministry sites came later, and one of them is rendered in a browser.
NEWS_SITES = "bhxh,dansinh,dantri,laodongxahoi"


def arguments(doc: str, name: str, *more: tuple[str, dict]) -> argparse.Namespace:
    """The options both benchmarks take, and ``more`` (name, add_argument keywords) of one; ``--out`` defaults
    to bench/out/<name>-<articles>/."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="in-section articles per site (default 500)")
    parser.add_argument("--per-page", type=int, default=10, help="items per listing page (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="sample generator seed (default 0)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the report as JSON here")
    parser.add_argument("--out", type=Path, help="work folder for the archive and logs (emptied first)")
    parser.add_argument("--sites", default=NEWS_SITES,
                        help=f"comma-separated sample sites to serve and crawl (default {NEWS_SITES})")
    for option, keywords in more:
        parser.add_argument(option, **keywords)
    args = parser.parse_args()
    args.sites = [key.strip() for key in args.sites.split(",") if key.strip()]
    unknown = sorted(set(args.sites) - set(SITES))
    if unknown:
        parser.error(f"unknown site(s) {', '.join(unknown)}; the sites are: {', '.join(sorted(SITES))}")
    args.out = args.out or OUT / f"{name}-{args.articles}"
    return args


def sample_sites(args: argparse.Namespace) -> dict[str, SampleSite]:
    """The sample sites of ``--sites``, every listing and article page rendered now: the server then only sends
    bytes, and rendering (the sample generator's cost, not the crawler's) stays out of the timed crawl."""
    sites = build_sites(articles=args.articles, seed=args.seed, per_page=args.per_page, keys=args.sites)
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
    cpu_seconds: float  # user + system time of the child and every process under it (extraction workers)
    returncode: int
    stdout: str
    tree_rss_mib: float = 0.0  # the peak of the summed RSS of the child and the processes under it
    processes: int = 1  # how many processes the tree held at most
    # Time the tree's threads were ready to run but waited for a core (schedstat, 0 where the kernel has none),
    # added up over the threads as last polled: high when the machine's cores were all busy.
    waited_seconds: float = 0.0
    # CPU time of this process meanwhile: the sample server's threads and the 50 ms polling (a bound on the server's).
    server_cpu_seconds: float = 0.0

    @property
    def cores(self) -> float:
        """CPU time over wall time: 2.0 is both cores busy the whole run."""
        return self.cpu_seconds / self.seconds


def vm_hwm_kib(pid: int) -> int:
    """The peak resident set size of a live process so far (VmHWM in /proc/PID/status), or 0.

    Not ru_maxrss: Linux carries the RSS of the forked image into it across exec, so a child of this process
    (which holds every rendered sample page) would report at least this process's own RSS."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


TICKS = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """A live process and every process under it (Linux's /proc/PID/task/PID/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += map(int, Path(f"/proc/{current}/task/{current}/children").read_text().split())
        except OSError:
            pass
    return found


def cpu_and_rss(pid: int) -> tuple[float, int]:
    """(user + system seconds so far, resident KiB) of one live process, or (0, 0)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError):
        return 0.0, 0
    return (int(fields[11]) + int(fields[12])) / TICKS, rss_pages * os.sysconf("SC_PAGE_SIZE") // 1024


def waits(pid: int) -> dict[int, float]:
    """Seconds each thread of a live process has waited for a core so far (/proc/PID/task/TID/schedstat)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found[int(task.name)] = int((task / "schedstat").read_text().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            pass
    return found


def measure(command: list[str], out: Path, err: Path, **popen) -> Run:
    """Run a command to completion, polling every 50 ms its peak RSS, and the CPU time, RSS and time waited for a
    core of its process tree (extraction workers, trafilatura's threads), and this process's own CPU meanwhile
    (the sample server's threads and this polling); fails loudly on a non-zero exit."""
    with out.open("w") as stdout, err.open("w") as stderr:
        started, own = time.perf_counter(), os.times()
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, **popen)
        peak, tree_peak, processes, cpu, waited = 0, 0, 1, {}, {}
        while True:
            peak = max(peak, vm_hwm_kib(child.pid))
            members = tree(child.pid)
            processes = max(processes, len(members))
            rss = 0
            for member in members:
                seconds, kib = cpu_and_rss(member)
                cpu[member] = max(cpu.get(member, 0.0), seconds)
                rss += kib
                for thread, seconds in waits(member).items():
                    waited[thread] = max(waited.get(thread, 0.0), seconds)
            tree_peak = max(tree_peak, rss)
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        now = os.times()
        server_cpu = now.user + now.system - own.user - own.system
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"FAILED: `{' '.join(command)}` exited with {child.returncode}:\n{err.read_text()[-3000:]}")
    # Each process's time as last polled (up to 50 ms short), or wait4's (the child and the descendants it
    # reaped) when that is more.
    cpu_seconds = max(sum(cpu.values()), usage.ru_utime + usage.ru_stime)
    return Run(seconds, peak / 1024, cpu_seconds, child.returncode, out.read_text(), tree_peak / 1024, processes,
               sum(waited.values()), server_cpu)


def crawl(db: Path, server, *extra: str, log: str = "crawl", code: Path | None = None) -> Run:
    """Run `ansinh crawl --db DB --quiet --mirror ... EXTRA SITE...` of the served sites to completion; fails
    loudly on a non-zero exit.

    :param code: a checkout whose code to run instead of this one's (same Python and libraries).
    """
    command = [*ansinh_command(), "crawl", "--db", str(db), "--quiet", *server.mirror_args(), *extra, *server.mirrors()]
    popen = {}
    if code is not None:
        command = [sys.executable, "-m", "ansinh", *command[command.index("crawl"):]]
        popen = {"cwd": code, "env": {**os.environ, "PYTHONPATH": str(code)}}
    return measure(command, db.parent / f"{log}.out", db.parent / f"{log}.err", **popen)


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
