"""One object per key in this process, shared by its users and closed by the last one to give it back.

A crawl process runs a spider per site: they share the archive's one writer (:mod:`archive.writer`) and one pool
of extraction workers (``crawler.workers``).
"""

from __future__ import annotations

import threading
from typing import Callable, Generic, Hashable, TypeVar

T = TypeVar("T")


class Shared(Generic[T]):
    """Objects made by ``make(key)`` on first use and closed by ``close(obj)`` when their last user is done."""

    def __init__(self, make: Callable[[Hashable], T], close: Callable[[T], None]):
        self._make, self._close = make, close
        self._entries: dict[Hashable, list] = {}
        self._lock = threading.Lock()

    def acquire(self, key: Hashable) -> T:
        """The object of ``key``, made if it is the first use; give it back with :meth:`release`."""
        with self._lock:
            if key not in self._entries:
                self._entries[key] = [self._make(key), 0]
            self._entries[key][1] += 1
            return self._entries[key][0]

    def release(self, key: Hashable) -> None:
        """One user of ``key``'s object is done; the last one closes it (outside the lock: closing may take long)."""
        with self._lock:
            entry = self._entries[key]
            entry[1] -= 1
            if entry[1]:
                return
            del self._entries[key]
        self._close(entry[0])
