"""One writer at a time: a lock beside the archive file, whoever starts the crawl (scheduler, hand, cron).

The lock is an ``flock`` on ``<archive>.lock``, which the kernel releases when its process dies, so a crash
never leaves it stuck. The holder's PID is written in the file; finding the PID of a process that no longer
runs means the last holder died without cleaning up, and taking over is said out loud.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path


class ArchiveLocked(RuntimeError):
    """Another live process holds the archive's lock."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ArchiveLock:
    """The write lock of one archive.

    :param archive: the archive's path; the lock is ``<archive>.lock`` beside it.
    :param wait: seconds to wait for another holder to finish before giving up (0: do not wait).
    :param say: called with a message when a dead process's lock is taken over.
    """

    def __init__(self, archive: str | Path, wait: float = 0, say=print):
        self.path = Path(f"{archive}.lock")
        self.wait = wait
        self.say = say
        self.handle = None

    def holder(self) -> int | None:
        """The PID written by the last process that took the lock, if any."""
        try:
            return int(self.path.read_text().strip() or 0) or None
        except (FileNotFoundError, ValueError):
            return None

    def acquire(self) -> "ArchiveLock":
        handle = open(self.path, "a+")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.close()
                    raise ArchiveLocked(
                        f"another crawl (process {self.holder() or '?'}) is writing {self.path.with_suffix('')}"
                    ) from None
                time.sleep(0.2)
        previous = self.holder()
        if previous and previous != os.getpid() and not _alive(previous):
            self.say(f"taking over the lock of {self.path.with_suffix('')} left by process {previous}, which died")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return self

    def release(self) -> None:
        if self.handle is not None:
            # Emptied first: a PID left in the file would read as a crash to the next holder.
            self.handle.seek(0)
            self.handle.truncate()
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    def __enter__(self) -> "ArchiveLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
