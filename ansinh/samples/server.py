"""A local HTTP server for the sample sites: one port per site on 127.0.0.1.

Each site runs a ``ThreadingHTTPServer`` in a daemon thread (HTTP/1.1, keep-alive). Responses carry
ETag and Last-Modified and answer 304 to matching conditional requests; every request is logged.
Faults (see :mod:`ansinh.samples.faults`) can be switched on per site and URL prefix, or at random from a seed,
for error-handling tests; ``stop_after`` makes the server stop by itself.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, Mapping, NamedTuple

from .faults import Fault, RandomFaults, gzip_bomb, mojibake, windows_1258
from .model import HTML, Page
from .site import SampleSite


class Hit(NamedTuple):
    """One logged request: site key, method, path with query, status, body bytes sent, the fault injected
    (if any), and when (``time.monotonic()``)."""

    site: str
    method: str
    path: str
    status: int
    bytes: int
    fault: str | None = None
    at: float = 0.0


class RequestLog:
    """A thread-safe log of the requests the sample server answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: list[Hit] = []

    def add(self, hit: Hit) -> None:
        """Record one request."""
        with self._lock:
            self._hits.append(hit)

    def snapshot(self) -> list[Hit]:
        """A copy of the log so far."""
        with self._lock:
            return list(self._hits)

    def reset(self) -> list[Hit]:
        """Empty the log; returns what it held."""
        with self._lock:
            hits, self._hits = self._hits, []
            return hits

    def filter(self, site: str | None = None, *, status: int | None = None, path: str | None = None,
               prefix: str | None = None, method: str | None = None) -> list[Hit]:
        """The hits matching every given criterion (``prefix`` matches the start of the path)."""
        return [h for h in self.snapshot()
                if (site is None or h.site == site) and (status is None or h.status == status)
                and (path is None or h.path == path) and (prefix is None or h.path.startswith(prefix))
                and (method is None or h.method == method)]

    def count(self, site: str | None = None, **criteria) -> int:
        """How many hits match (same criteria as :meth:`filter`)."""
        return len(self.filter(site, **criteria))

    def paths(self, site: str | None = None, **criteria) -> list[str]:
        """The paths of the matching hits, in order."""
        return [h.path for h in self.filter(site, **criteria)]

    def __len__(self) -> int:
        with self._lock:
            return len(self._hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.snapshot())


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # Crawlers open many connections at once; the default backlog of 5 would refuse some.
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], key: str, site: SampleSite, owner: "SampleServer") -> None:
        super().__init__(address, _Handler)
        self.key, self.site, self.owner = key, site, owner

    def handle_error(self, request, client_address) -> None:
        # A client that went away (a crawler killed mid-request) is no error of the server's.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def _not_modified(headers, page: Page) -> bool:
    """Whether a conditional request's validators match ``page`` (If-None-Match wins, as in RFC 9110)."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or page.etag in tags
    ims = headers.get("If-Modified-Since")
    if ims and page.last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
        return page.last_modified.replace(microsecond=0) <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ansinh-samples/1.0"
    sys_version = ""
    server: _SiteServer

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the RequestLog is the log; stderr noise would drown test output

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        owner, key = self.server.owner, self.server.key
        fault = owner._take_fault(key, self.path)
        self.fault = fault.kind if fault else None
        if fault and fault.delay and fault.kind != "retry_after":
            owner._stopping.wait(fault.delay)  # a stop() releases stalled requests at once
        if fault and fault.kind == "drop":
            self._log(0, 0)
            self.close_connection = True
            return
        if fault and fault.kind in ("status", "retry_after"):
            retry = {"Retry-After": str(int(fault.delay))} if fault.kind == "retry_after" else {}
            self._send(fault.status, f"<h1>{fault.status}</h1>".encode(), HTML, send_body, headers=retry)
            return
        if fault and fault.kind in ("redirect_loop", "offsite"):
            target = self.path if fault.kind == "redirect_loop" else "http://example.org" + self.path
            self._send(302, b"", HTML, send_body, headers={"Location": target})
            return
        if fault and fault.kind == "empty":
            self._send(200, b"", HTML, send_body)
            return
        if fault and fault.kind == "gzip_bomb":
            self._send(200, gzip_bomb(), HTML, send_body, headers={"Content-Encoding": "gzip"})
            return
        page = self.server.site.get(self.path)
        if page is None:
            self._send(404, b"<html><body><h1>404 - Not Found</h1></body></html>", HTML, send_body)
        elif _not_modified(self.headers, page):
            self._send(304, b"", None, False, page)
        elif fault and fault.kind == "truncated":
            self._send(page.status, page.body, page.content_type, send_body, page, cut=len(page.body) // 2)
        elif fault and fault.kind in ("windows_1258", "mislabelled_utf8", "mojibake"):
            body, content_type = {
                "windows_1258": (windows_1258(page.text), HTML),
                "mislabelled_utf8": (page.body, "text/html; charset=windows-1252"),
                "mojibake": (mojibake(page.body), HTML),
            }[fault.kind]
            self._send(page.status, body, content_type, send_body)
        else:
            self._send(page.status, page.body, page.content_type, send_body, page)

    def _log(self, status: int, sent: int) -> None:
        self.server.owner.requests.add(Hit(self.server.key, self.command, self.path, status, sent, self.fault,
                                           time.monotonic()))

    def _send(self, status: int, body: bytes, content_type: str | None, send_body: bool, page: Page | None = None,
              headers: dict[str, str] | None = None, cut: int | None = None) -> None:
        sent = (len(body) if cut is None else cut) if send_body else 0
        self._log(status, sent)
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if page is not None:
                self.send_header("ETag", page.etag)
                if page.last_modified is not None:
                    self.send_header("Last-Modified", format_datetime(page.last_modified.astimezone(timezone.utc), usegmt=True))
            self.end_headers()
            if send_body:
                self.wfile.write(body[:cut])
            if cut is not None:
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away: nothing to answer


class SampleServer:
    """Serves sample sites, each on its own port of ``host``; a context manager.

    ``requests`` logs every request; ``url(key)`` is a site's base URL; ``mirrors()`` maps keys to
    base URLs (what the crawler's ``--mirror`` takes). With ``rebase`` the sites' absolute URLs
    (canonical links, feeds) point at the local server instead of the real host.
    """

    def __init__(self, sites: Mapping[str, SampleSite], host: str = "127.0.0.1", port_base: int | None = None,
                 rebase: bool = False, stop_after: float | None = None) -> None:
        self.sites = dict(sites)
        self.host = host
        self.port_base = port_base
        self.rebase = rebase
        self.requests = RequestLog()
        self._servers: dict[str, _SiteServer] = {}
        self._threads: list[threading.Thread] = []
        self._faults: dict[str, list[Fault]] = {}
        self._random: RandomFaults | None = None
        self._fault_lock = threading.Lock()
        self._stopping = threading.Event()
        self._stop_timer = threading.Timer(stop_after, self.stop) if stop_after else None

    def start(self) -> "SampleServer":
        """Bind every site's port and start serving; returns self."""
        for i, (key, site) in enumerate(self.sites.items()):
            port = self.port_base + i if self.port_base else 0
            server = _SiteServer((self.host, port), key, site, self)
            self._servers[key] = server
            if self.rebase:
                site.set_base(self.url(key))
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"samples-{key}", daemon=True)
            thread.start()
            self._threads.append(thread)
        if self._stop_timer:
            self._stop_timer.daemon = True
            self._stop_timer.start()
        return self

    def url(self, key: str) -> str:
        """The base URL of site ``key``, like "http://127.0.0.1:8101"."""
        host, port = self._servers[key].server_address[:2]
        return f"http://{host}:{port}"

    def mirrors(self) -> dict[str, str]:
        """Site key → base URL, for every served site."""
        return {key: self.url(key) for key in self._servers}

    def mirror_args(self) -> list[str]:
        """Command-line arguments for the crawler: ["--mirror", "dantri=http://…", …]."""
        return [arg for key, url in self.mirrors().items() for arg in ("--mirror", f"{key}={url}")]

    # --- faults -------------------------------------------------------------------------------------
    def fail(self, key: str, status: int = 500, prefix: str = "", times: int | None = None) -> Fault:
        """Make site ``key`` answer ``status`` to requests under ``prefix`` (``times`` of them, or all)."""
        return self._add_fault(key, Fault(status=status, prefix=prefix, times=times))

    def stall(self, key: str, seconds: float, prefix: str = "", times: int | None = None) -> Fault:
        """Make site ``key`` wait ``seconds`` before answering requests under ``prefix``."""
        return self._add_fault(key, Fault("stall", status=None, delay=seconds, prefix=prefix, times=times))

    def inject(self, key: str, kind: str, prefix: str = "", times: int | None = None, **options) -> Fault:
        """Make site ``key`` misbehave as ``kind`` (see :data:`ansinh.samples.faults.KINDS`) under ``prefix``;
        ``options`` are the :class:`Fault`'s ``status`` and ``delay``."""
        return self._add_fault(key, Fault(kind, prefix=prefix, times=times, **options))

    def randomly(self, seed: int, rate: float = 0.1, **options) -> RandomFaults:
        """Faults at random on every site, reproducibly from ``seed`` (see :class:`RandomFaults`), after the
        faults set by URL."""
        self._random = RandomFaults(seed, rate, **options)
        return self._random

    def clear_faults(self, key: str | None = None) -> None:
        """Remove the faults of site ``key`` (or of all sites)."""
        with self._fault_lock:
            if key is None:
                self._faults.clear()
                self._random = None
            else:
                self._faults.pop(key, None)

    def _add_fault(self, key: str, fault: Fault) -> Fault:
        if key not in self.sites:
            raise KeyError(key)
        with self._fault_lock:
            self._faults.setdefault(key, []).append(fault)
        return fault

    def _take_fault(self, key: str, path: str) -> Fault | None:
        with self._fault_lock:
            for fault in self._faults.get(key, []):
                if path.startswith(fault.prefix) and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
            return self._random.draw(path) if self._random else None

    # --- lifecycle ------------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop serving and close the ports (stalled requests are released first)."""
        if not self._servers:
            return
        self._stopping.set()
        if self._stop_timer:
            self._stop_timer.cancel()
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        if self.rebase:
            for site in self.sites.values():
                site.set_base(site.real_base)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> "SampleServer":
        return self if self._servers else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(sites: Mapping[str, SampleSite], port_base: int | None = None, host: str = "127.0.0.1",
          rebase: bool = False, stop_after: float | None = None) -> SampleServer:
    """Start serving ``sites`` (key → site) and return the running :class:`SampleServer`.

    Ports are ``port_base``, ``port_base + 1``, … in the order of ``sites``, or free ports when None; with
    ``stop_after`` it stops by itself after that many seconds.
    """
    return SampleServer(sites, host=host, port_base=port_base, rebase=rebase, stop_after=stop_after).start()
