"""Extraction in worker processes, so that both cores work: the reactor fetches, parses listings and hands items
to the archive's writer thread while the workers turn article pages into articles, and compute what the archive
stores beside each (:mod:`archive.derived`), so that the writer only writes.

Extraction is a pure function (:func:`crawler.extract.extract`), so a worker needs nothing but its arguments.
Workers are forked from a forkserver that has imported the extractor once: a crawl's pool starts in a
moment, and never inherits the reactor's threads or sockets. Crawls of several sites in one process share one
pool.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from archive.derived import Derived, derive
from archive.shared import Shared
from crawler.encoding import decode_html
from crawler.extract import Article, extract
from crawler.sites import Site


def extract_page(site: Site, url: str, body: bytes, content_type: str | None) -> tuple[Article, Derived]:
    """An article page's bytes, decoded and extracted (raises :class:`~crawler.extract.ExtractionError`), and
    what the archive stores beside the article."""
    article = extract(site, url, decode_html(body, content_type))
    return article, derive(article.row(), [image.get("caption") for image in article.images])


def on_reactor(future: Future) -> Deferred:
    """A Deferred that fires on the reactor thread with a future's result (or its error)."""
    # Imported here: importing the reactor installs one, and Scrapy chooses which.
    from twisted.internet import reactor

    deferred = Deferred()

    def fire(done: Future) -> None:
        error = done.exception()
        if error is None:
            deferred.callback(done.result())
        else:
            deferred.errback(Failure(error))

    future.add_done_callback(lambda done: reactor.callFromThread(fire, done))
    return deferred


class Extraction:
    """Where article pages are extracted: ``workers`` processes, or in this process when 0."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None
        if workers:
            context = multiprocessing.get_context("forkserver")
            # datasketch too (numpy, scipy: seconds to import), which the workers need for the bodies' signatures.
            context.set_forkserver_preload(["crawler.workers", "datasketch"])
            self.pool = ProcessPoolExecutor(workers, mp_context=context)

    async def extract(self, site: Site, url: str, body: bytes, content_type: str | None) -> tuple[Article, Derived]:
        if self.pool is None:
            return extract_page(site, url, body, content_type)
        future = self.pool.submit(extract_page, site, url, body, content_type)
        return await maybe_deferred_to_future(on_reactor(future))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


_extractions: Shared[Extraction] = Shared(Extraction, Extraction.close)


def shared_extraction(workers: int | None) -> Extraction:
    """This process's extraction with ``workers`` processes (None: one per core), started on first use; give it
    back with :func:`release`."""
    return _extractions.acquire((os.cpu_count() or 1) if workers is None else workers)


def release(extraction: Extraction) -> None:
    """One crawl is done with it; the last one stops the workers."""
    _extractions.release(extraction.workers)
