"""One writer for an archive: a thread that owns the connection and commits the jobs handed to it in batches.

A collector submits jobs (functions of an :class:`~archive.store.Archive`) from any thread and gets a
:class:`concurrent.futures.Future` for each. The thread runs the jobs in the order they came, many to one
transaction (up to ``batch`` jobs, or what came within ``wait`` seconds of the first), each job in a savepoint of
its own: a job that fails leaves the others of its batch alone, and a job's writes are all kept or none. A
future is resolved only once its batch is committed, so a kill loses only jobs that nobody was told were done,
and what was committed is always a prefix of what was submitted.

Crawls of several sites in one process share one writer per archive file (:func:`shared_writer`), so that they
never wait on each other for SQLite's write lock.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

from archive.shared import Shared
from archive.store import Archive

# A batch is committed after this many jobs, or this many seconds after its first job came.
BATCH_JOBS = 200
BATCH_WAIT = 0.1
_STOP = object()


class Writer:
    """The writer thread of one archive file.

    :raises NotAnArchive: (and whatever else opening the archive raises) when the file cannot be written.
    """

    def __init__(self, path: str | Path, batch: int = BATCH_JOBS, wait: float = BATCH_WAIT):
        self.path = Path(path)
        self.batch, self.wait = batch, wait
        self.jobs: queue.Queue = queue.Queue()
        opened: Future = Future()
        self.thread = threading.Thread(target=self._run, args=(opened,), name=f"archive writer {self.path.name}",
                                       daemon=True)
        self.thread.start()
        opened.result()

    def submit(self, job: Callable[[Archive], Any]) -> Future:
        """Run ``job(archive)`` on the writer thread; its future resolves once its batch is committed."""
        future: Future = Future()
        self.jobs.put((job, future))
        return future

    def close(self) -> None:
        """Commit every job submitted so far, then close the archive and end the thread."""
        self.jobs.put(_STOP)
        self.thread.join()

    def _run(self, opened: Future) -> None:
        try:
            archive = Archive(self.path)
        except BaseException as error:
            opened.set_exception(error)
            return
        opened.set_result(None)
        try:
            while self._commit(archive, self._next_batch()):
                pass
        finally:
            archive.close()

    def _next_batch(self) -> list:
        """The next jobs to commit together: at least one (waits for it), at most ``batch``."""
        batch = [self.jobs.get()]
        deadline = time.monotonic() + self.wait
        while len(batch) < self.batch and batch[-1] is not _STOP:
            try:
                batch.append(self.jobs.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                break
        return batch

    def _commit(self, archive: Archive, batch: list) -> bool:
        """Run a batch in one transaction, then resolve its futures; False once the batch asked to stop."""
        jobs = [entry for entry in batch if entry is not _STOP]
        outcomes = []
        try:
            with archive.db.atomic():
                for job, _ in jobs:
                    try:
                        with archive.db.atomic():
                            outcomes.append((job(archive), None))
                    except Exception as error:
                        outcomes.append((None, error))
        except Exception as error:
            # The commit itself failed (a full disk, a lock held too long): nothing of the batch was kept.
            outcomes = [(None, error)] * len(jobs)
        for (_, future), (result, error) in zip(jobs, outcomes):
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)
        return len(jobs) == len(batch)


_writers: Shared[Writer] = Shared(Writer, Writer.close)


def shared_writer(path: str | Path) -> Writer:
    """The writer of an archive file for this process, started on first use; give it back with :func:`release`."""
    return _writers.acquire(Path(path).resolve())


def release(writer: Writer) -> None:
    """One user of a shared writer is done; the last one commits what is left and closes it."""
    _writers.release(writer.path)
