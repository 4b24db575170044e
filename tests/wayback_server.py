"""A local stand-in for the Wayback Machine, on 127.0.0.1: the CDX API and id_ captures, as documented.

``/cdx/search/cdx`` answers as the Internet Archive's CDX server does (``output=json``): a header row, one row
per capture sorted by URL key and time, ``matchType`` exact/prefix/domain, ``filter``, ``collapse``,
``from``/``to`` (1 to 14 digits, padded), and answers cut at ``page_size`` rows end with an empty row and a
resumption key when ``showResumeKey=true``. ``/web/<timestamp>id_/<url>`` serves a capture's original bytes;
a capture made at another time is a 302 to the nearest one, a captured redirect is replayed with its target
rewritten into the archive, and a URL never captured is a 404.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote_plus, urlsplit

FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
CAPTURE = re.compile(r"^/web/(\d{1,14})id_/(.+)$")


def urlkey(url: str) -> str:
    """A SURT-like key, as the CDX sorts by: host reversed without www, then path and sorted query, lower case."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").removeprefix("www.")
    query = "?" + "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return (",".join(reversed(host.split("."))) + ")" + (parts.path or "/") + query).lower()


@dataclass
class Capture:
    timestamp: str
    original: str
    body: bytes = b""
    status: int = 200
    location: str | None = None
    mimetype: str = "text/html"

    def row(self) -> dict:
        return {"urlkey": urlkey(self.original), "timestamp": self.timestamp, "original": self.original,
                "mimetype": self.mimetype, "statuscode": str(self.status), "digest": str(hash(self.body) & 0xFFFFFF),
                "length": str(len(self.body))}


class WaybackServer:
    """Serves ``captures``; ``hits`` logs (path with query, status, time.monotonic()) of every request."""

    def __init__(self, captures: list[Capture], page_size: int = 1000):
        self.captures = sorted(captures, key=lambda c: (urlkey(c.original), c.timestamp))
        self.page_size = page_size
        self.hits: list[tuple[str, int, float]] = []
        self.lock = threading.Lock()

    def __enter__(self) -> "WaybackServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                status, headers, body = owner.answer(self.path)
                with owner.lock:
                    owner.hits.append((self.path, status, time.monotonic()))
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self, prefix: str = "") -> list[str]:
        return [path for path, _, _ in self.hits if path.startswith(prefix)]

    def answer(self, path: str) -> tuple[int, dict, bytes]:
        if path.startswith("/cdx/search/cdx?"):
            return 200, {"Content-Type": "application/json"}, json.dumps(self.cdx(parse_qs(urlsplit(path).query))).encode()
        match = CAPTURE.match(path)
        if match is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        timestamp, original = match.groups()
        captures = [c for c in self.captures if urlkey(c.original) == urlkey(original)]
        if not captures:
            return 404, {"Content-Type": "text/html"}, b"<p>Wayback Machine has not archived that URL.</p>"
        capture = min(captures, key=lambda c: abs(int(c.timestamp) - int(timestamp.ljust(14, "0"))))
        if capture.timestamp != timestamp:
            return 302, {"Location": f"{self.base}/web/{capture.timestamp}id_/{capture.original}"}, b""
        headers = {"Content-Type": f"{capture.mimetype}; charset=utf-8"}
        if capture.location:
            headers["Location"] = f"{self.base}/web/{capture.timestamp}id_/{capture.location}"
        return capture.status, headers, capture.body

    def cdx(self, params: dict[str, list[str]]) -> list[list[str]]:
        one = {name: values[0] for name, values in params.items()}
        key, match_type = urlkey(one["url"]), one.get("matchType", "exact")
        host_key = key.split(")")[0]
        since = one.get("from", "").ljust(14, "0")
        until = one.get("to", "").ljust(14, "9")
        rows = [c.row() for c in self.captures]
        rows = [row for row in rows if since <= row["timestamp"] <= until and {
            "exact": row["urlkey"] == key,
            "prefix": row["urlkey"].startswith(key),
            "domain": row["urlkey"].startswith(host_key + ")") or row["urlkey"].startswith(host_key + ","),
        }[match_type]]
        for expression in params.get("filter", []):
            invert, field, pattern = expression.startswith("!"), *expression.lstrip("!").split(":", 1)
            rows = [row for row in rows if bool(re.fullmatch(pattern, row[field])) != invert]
        for collapse in params.get("collapse", []):
            field, _, length = collapse.partition(":")
            cut = int(length) if length else None
            kept = []
            for row in rows:
                if not kept or kept[-1][field][:cut] != row[field][:cut]:
                    kept.append(row)
            rows = kept
        if "resumeKey" in one:
            after = tuple(one["resumeKey"].rstrip("!").split(" "))
            rows = [row for row in rows if (row["urlkey"], row["timestamp"]) > after]
        limit = min(int(one.get("limit", self.page_size)), self.page_size)
        page, more = rows[:limit], len(rows) > limit
        answer = [FIELDS] + [[row[field] for field in FIELDS] for row in page]
        if more and one.get("showResumeKey") == "true":
            last = page[-1]
            answer += [[], [quote_plus(f"{last['urlkey']} {last['timestamp']}!")]]
        return answer
