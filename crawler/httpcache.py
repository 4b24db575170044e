"""Scrapy's file HTTP cache, made safe against kills: an entry is written whole or not at all, and its body is
checked against what was stored before it is served (or used to revalidate)."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from functools import partial
from pathlib import Path

from scrapy.extensions.httpcache import FilesystemCacheStorage

# Entries are written on the reactor thread: gzip level 1, not gzip.open's 9, which took 5 to 6.5 ms more an entry
# of the real pages (128 KiB on average) in every run of python bench/httpcache.py, for 54.4 KiB of disk an
# entry against 49.4.
GZIP_LEVEL = 1


class VerifiedCacheStorage(FilesystemCacheStorage):
    """Scrapy's :class:`FilesystemCacheStorage`, but atomic and checked.

    An entry is written in a staging folder beside its place and moved there by renames, so a SIGKILL mid-write
    leaves the old entry or none, never a 0-byte body. Each entry keeps its body's SHA-256; an entry that does
    not match (or cannot be read at all) is a cache miss and is removed: no conditional request is ever sent
    with the validators of a broken entry, so its page comes back whole with a 200.
    """

    _staging: Path | None = None

    def __init__(self, settings):
        super().__init__(settings)
        if self.use_gzip:
            self._open = partial(gzip.open, compresslevel=GZIP_LEVEL)

    def _get_request_path(self, spider, request) -> str:
        # While an entry is being written, Scrapy's own writer puts its files in the staging folder.
        return str(self._staging) if self._staging else super()._get_request_path(spider, request)

    def store_response(self, spider, request, response) -> None:
        entry = Path(self._get_request_path(spider, request))
        staging, old = entry.with_name(entry.name + ".staging"), entry.with_name(entry.name + ".old")
        for leftover in (staging, old):
            shutil.rmtree(leftover, ignore_errors=True)
        self._staging = staging
        try:
            super().store_response(spider, request, response)
        finally:
            self._staging = None
        (staging / "body_sha256").write_text(hashlib.sha256(response.body).hexdigest())
        if entry.exists():
            # A directory cannot replace a full one: move the old entry aside first (a kill here is a miss).
            os.replace(entry, old)
        os.replace(staging, entry)
        shutil.rmtree(old, ignore_errors=True)

    def retrieve_response(self, spider, request):
        entry = Path(self._get_request_path(spider, request))
        try:
            response = super().retrieve_response(spider, request)
            if response is None:
                return None
            intact = hashlib.sha256(response.body).hexdigest() == (entry / "body_sha256").read_text()
        except Exception:  # noqa: BLE001 - any damage (truncated gzip, bad pickle, missing file) is a miss
            intact = False
        if not intact:
            request.meta.pop("cache_timestamp", None)
            shutil.rmtree(entry, ignore_errors=True)
            return None
        return response
