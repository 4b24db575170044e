"""Scheduled crawls: one long-lived process that runs each site's crawl on its cron schedule (APScheduler).

Each run is an ordinary `ansinh crawl SITE` in a child process: Twisted's reactor cannot restart within one
process, and a child returns its memory when done. Runs go one at a time (one worker), and the archive's lock
keeps them from overlapping with crawls started by hand or by cron. SIGINT/SIGTERM stop the schedule and
pass SIGINT to a running crawl, which finishes the requests in flight and closes cleanly.
"""

from __future__ import annotations

import logging
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from archive import Archive
from archive.web import CannotServe, listen
from crawler.dates import VIETNAM
from crawler.sites import Site

logger = logging.getLogger("ansinh.schedule")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_UNITS = {"s": 1, "": 60, "m": 60, "h": 3600, "d": 86400}
# How long a scheduled run waits for a crawl started elsewhere to release the archive.
LOCK_WAIT = 6 * 3600


def parse_every(text: str) -> float:
    """A period such as ``90s``, ``15m`` (or ``15``), ``6h``, ``1d``, in seconds."""
    match = _DURATION.match(text.strip())
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"not a period: {text!r} (use e.g. 30s, 15m, 6h, 1d)")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_cron(text: str) -> CronTrigger:
    """A five-field crontab expression, in Vietnam's time."""
    try:
        trigger = CronTrigger.from_crontab(text, timezone=VIETNAM)
    except ValueError as error:
        raise ValueError(f"not a cron expression: {text!r} ({error})") from None
    if trigger.get_next_fire_time(None, datetime.now(VIETNAM)) is None:
        raise ValueError(f"the cron expression {text!r} never fires")
    return trigger


class CrawlSchedule:
    """The sites' crawls on their schedules, until :meth:`stop`.

    :param db: the archive.
    :param sites: the sites to crawl, each on its own ``schedule`` unless overridden.
    :param mirrors: site key → mirror base URL, passed on to each crawl.
    :param every: seconds between runs, for every site (overrides the sites' cron schedules).
    :param cron: one cron expression for every site (overrides the sites' schedules).
    :param now: run every site once right away too.
    """

    def __init__(self, db: Path, sites: list[Site], mirrors: dict[str, str] | None = None,
                 every: float | None = None, cron: str | None = None, now: bool = False):
        self.db = Path(db)
        self.mirrors = mirrors or {}
        self.scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)}, timezone=VIETNAM)
        self.current: subprocess.Popen | None = None
        self.stopping = threading.Event()
        # APScheduler calls every run that returned "executed successfully", a failed crawl too: run_crawl
        # logs the real outcome instead.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        for site in sites:
            if every:
                trigger = IntervalTrigger(seconds=every, timezone=VIETNAM)
            else:
                trigger = parse_cron(cron or site.schedule)
            # Without next_run_time the trigger decides; an explicit None would pause the job.
            first = {"next_run_time": datetime.now(VIETNAM)} if now else {}
            self.scheduler.add_job(
                self.run_crawl, trigger, args=[site.key], id=site.key, name=f"crawl {site.key}",
                max_instances=1, coalesce=True, misfire_grace_time=None, **first,
            )

    def command(self, site: str) -> list[str]:
        mirror_args = [arg for key, base in self.mirrors.items() if key == site for arg in ("--mirror", f"{key}={base}")]
        return [sys.executable, "-m", "ansinh", "crawl", site, "--db", str(self.db), "--wait", str(LOCK_WAIT),
                "--quiet", *mirror_args]

    def run_crawl(self, site: str) -> int | None:
        """Run one site's crawl in a child process; logs a line with its outcome."""
        if self.stopping.is_set():
            return None
        logger.info("%s: crawl starting", site)
        # Its own process group: a Ctrl-C in the terminal reaches this process only, which passes on one SIGINT
        # (Scrapy takes a second one as "stop now").
        self.current = subprocess.Popen(self.command(site), stdin=subprocess.DEVNULL, process_group=0)
        code = self.current.wait()
        self.current = None
        archive = Archive(self.db, readonly=True)
        row = archive.last_crawl(site)
        archive.close()
        if row:
            level = logging.INFO if row["status"] == "ok" else logging.WARNING
            logger.log(level, "%s: %s · %d new, %d updated, %d failed · %d requests%s", site, row["status"],
                       row["new"], row["updated"], row["failed"], row["requests"],
                       f" · {row['error']}" if row["status"] != "ok" and row["error"] else "")
        if not row or code not in (0, 1):
            logger.error("%s: crawl exited with status %d", site, code)
        return code

    def next_runs(self) -> dict[str, datetime]:
        return {job.id: job.next_run_time for job in self.scheduler.get_jobs()}

    def start(self) -> None:
        self.scheduler.start()
        for site, moment in self.next_runs().items():
            logger.info("%s: next crawl at %s", site, moment.isoformat(timespec="minutes"))

    def stop(self) -> None:
        """Stop scheduling; a running crawl gets SIGINT and is waited for."""
        self.stopping.set()
        running = self.current
        if running is not None and running.poll() is None:
            logger.info("stopping: letting the running crawl finish its current requests")
            running.send_signal(signal.SIGINT)
        self.scheduler.shutdown(wait=True)

    def run_until_signalled(self, beside: subprocess.Popen | None = None) -> None:
        """Start, and block until SIGINT or SIGTERM (or until the process ``beside`` it exits); then stop
        cleanly."""
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.start()
        while not stop.wait(1):
            if beside is not None and beside.poll() is not None:
                logger.error("the server exited with status %s: stopping", beside.returncode)
                break
        self.stop()


def reachable(sites: list[Site], mirrors: dict[str, str], timeout: float = 5.0) -> list[str]:
    """The keys of the sites (or their mirrors) that accept a connection, all tried at once."""
    found = []

    def probe(site: Site) -> None:
        parts = urlsplit(mirrors.get(site.key, site.base))
        try:
            socket.create_connection((parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)),
                                     timeout=timeout).close()
            found.append(site.key)
        except OSError:
            pass

    threads = [threading.Thread(target=probe, args=[site], daemon=True) for site in sites]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 1)
    return found


def wait_until_serving(server: subprocess.Popen, host: str, port: int, timeout: float = 60) -> bool:
    """Whether the server came to listen on its port (False: it exited first, or never did)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


def run_up(db: Path, sites: list[Site], host: str, port: int, mirrors: dict[str, str] | None = None,
           every: float | None = None) -> int:
    """The main job: serve the archive in datasette and keep it crawled on schedule, crawling every site
    at once first if the archive is empty; until SIGINT/SIGTERM.

    :return: the exit status: 0 after a clean stop; 1 when the server could not serve (it says why), or the
        archive is empty and no site can be reached.
    """
    mirrors = mirrors or {}
    try:
        # Said before anything else happens; the server binds it again a moment later.
        listen(host, port).close()
    except CannotServe as error:
        logger.error("ansinh: error: %s", error)
        return 1
    archive = Archive(db, readonly=True)
    empty = archive.is_empty()
    archive.close()
    if empty and not reachable(sites, mirrors):
        logger.error("no site can be reached from here (no network?); `ansinh demo` runs the same over bundled "
                     "samples")
        return 1
    server = subprocess.Popen([sys.executable, "-m", "ansinh", "serve", "--db", str(db), "--host", host,
                               "--port", str(port)], stdin=subprocess.DEVNULL)
    try:
        if not wait_until_serving(server, host, port):
            logger.error("not serving: the server exited with status %s", server.poll())
            return 1
        logger.info("serving %s at http://%s:%d/", db, host, port)
        CrawlSchedule(db, sites, mirrors, every=every, now=empty).run_until_signalled(beside=server)
        return 0 if server.poll() is None else 1
    finally:
        server.terminate()
        server.wait(timeout=15)
