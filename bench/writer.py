"""What the archive's writer spends per article, statement by statement (not a test).

    python bench/writer.py [--from bench/out/crawl-500/crawl-1/archive.db] [--batch 200]

Reads the articles (and their images) of an archive a crawl wrote (bench/crawl.py leaves one), computes what
the extraction workers compute beside each (archive.derived), then stores them all again into a fresh archive
through ``Archive.store_page``, in transactions of ``--batch`` articles as the crawl's writer thread does, in this
one thread and with nothing else running. Prints the CPU time per article of the jobs and of the commits, and
of each kind of statement (FTS triggers run inside the ``insert into [articles]``).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import Archive  # noqa: E402
from archive.derived import derive  # noqa: E402
from archive.schema import ARTICLE_COLUMNS  # noqa: E402

HERE = Path(__file__).resolve().parent


class TimedConnection:
    """A sqlite3 connection that adds up the CPU time of each statement, by its first words."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.seconds: collections.Counter = collections.Counter()

    def __getattr__(self, name):
        return getattr(self.conn, name)

    def _timed(self, method, sql, *args):
        started = time.thread_time()
        try:
            return method(sql, *args)
        finally:
            key = " ".join(sql.split()[:3]) if not sql.startswith(("SAVEPOINT", "RELEASE")) else "savepoints"
            self.seconds[key] += time.thread_time() - started

    def execute(self, sql, *args):
        return self._timed(self.conn.execute, sql, *args)

    def executemany(self, sql, *args):
        return self._timed(self.conn.executemany, sql, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path,
                        default=HERE / "out" / "crawl-500" / "crawl-1" / "archive.db",
                        help="an archive a crawl wrote (default: bench/crawl.py's first crawl)")
    parser.add_argument("--batch", type=int, default=200, help="articles per transaction (the writer's BATCH_JOBS)")
    args = parser.parse_args()
    if args.batch < 1:
        parser.error("--batch must be at least 1")
    if not args.source.is_file():
        sys.exit(f"no archive at {args.source}: run python bench/crawl.py first, or pass --from")
    source = sqlite3.connect(f"file:{args.source}?mode=ro", uri=True)
    source.row_factory = sqlite3.Row
    articles = [dict(row) for row in source.execute(f"select {', '.join(ARTICLE_COLUMNS)} from articles")]
    images: dict[str, list[dict]] = {}
    for url, src, caption in source.execute("select article, src, caption from images order by article, position"):
        images.setdefault(url, []).append({"src": src, "caption": caption})
    if not articles:
        sys.exit(f"no articles in {args.source}")
    jobs = [(row, images.get(row["url"], []), derive(row, [image["caption"] for image in images.get(row["url"], [])]))
            for row in articles]

    folder = Path(tempfile.mkdtemp(prefix="ansinh-writer-"))
    try:
        archive = Archive(folder / "archive.db")
        timed = archive.db.conn = TimedConnection(archive.db.conn)
        in_jobs = in_commits = 0.0
        for start in range(0, len(jobs), args.batch):
            started = time.thread_time()
            timed.execute("BEGIN")
            for row, found, derived in jobs[start:start + args.batch]:
                with archive.db.atomic():  # the writer's savepoint per job
                    archive.store_page(row["url"], row["site"], None, 200, "text/html", article=row, images=found,
                                       derived=derived)
            committing = time.thread_time()
            timed.execute("COMMIT")
            in_jobs += committing - started
            in_commits += time.thread_time() - committing
        archive.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    count = len(jobs)
    print(f"{count} articles from {args.source}, {args.batch} a transaction, one thread")
    print(f"per article: {(in_jobs + in_commits) / count * 1000:.2f} ms CPU ({in_jobs / count * 1000:.2f} in the "
          f"jobs, {in_commits / count * 1000:.2f} in the commits)")
    for statement, seconds in timed.seconds.most_common(15):
        print(f"  {seconds / count * 1000:6.3f} ms  {statement}")


if __name__ == "__main__":
    main()
