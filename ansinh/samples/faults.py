"""The ways a server misbehaves, for the sample server to inject: by URL prefix, or at random from a seed.

Each :class:`Fault` says what to do with a request instead of (or on the way to) answering it normally.
"""

from __future__ import annotations

import functools
import random
import unicodedata
import zlib
from dataclasses import dataclass

# Every kind of fault, and what it does:
KINDS = {
    "status": "answer `status` (500 by default) with a small HTML body",
    "stall": "wait `delay` seconds, then answer normally",
    "truncated": "send the page's headers and half its body, then close the connection",
    "empty": "answer 200 with an empty body (a maintenance page)",
    "redirect_loop": "redirect to the same URL",
    "offsite": "redirect to another host (example.org)",
    "gzip_bomb": "answer a small gzip body that expands to 1 GiB",
    "windows_1258": "send the page in windows-1258 bytes, labelled UTF-8",
    "mislabelled_utf8": "send the page's UTF-8 bytes labelled windows-1252",
    "mojibake": "send text that is mojibake in every charset (UTF-8 read as windows-1252, saved as UTF-8)",
    "retry_after": "answer `status` (503 by default) with Retry-After: `delay` seconds",
    "drop": "close the connection without answering",
}
# What random faults pick from: the ones a crawl survives by retrying within the run, or on the next.
RANDOM_KINDS = ("status", "truncated", "empty", "redirect_loop", "windows_1258", "mislabelled_utf8", "retry_after",
                "drop")
BOMB_SIZE = 1 << 30


@dataclass
class Fault:
    """A misbehaviour for requests whose path starts with ``prefix``, of one of :data:`KINDS`.
    ``times`` limits how many requests it hits (None: all)."""

    kind: str = "status"
    status: int | None = 500
    delay: float = 0.0
    prefix: str = ""
    times: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; the kinds are: {', '.join(KINDS)}")


class RandomFaults:
    """Faults at random: each request (but robots.txt) is hit with probability ``rate`` by a kind drawn from
    ``kinds``, reproducibly from ``seed``, at most ``limit`` times in all."""

    def __init__(self, seed: int, rate: float = 0.1, kinds: tuple[str, ...] = RANDOM_KINDS, limit: int = 1000):
        self.random = random.Random(seed)
        self.rate, self.kinds, self.limit = rate, kinds, limit
        self.injected: dict[str, int] = {}

    def draw(self, path: str) -> Fault | None:
        if path == "/robots.txt" or sum(self.injected.values()) >= self.limit or self.random.random() >= self.rate:
            return None
        kind = self.random.choice(self.kinds)
        self.injected[kind] = self.injected.get(kind, 0) + 1
        return Fault(kind, status=503 if kind == "retry_after" else 500, delay=1 if kind == "retry_after" else 0)


@functools.cache
def gzip_bomb() -> bytes:
    """A gzip stream of :data:`BOMB_SIZE` zero bytes: about a megabyte."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    return b"".join(compressor.compress(chunk) for _ in range(BOMB_SIZE >> 20)) + compressor.flush()


# windows-1258 has no code for most Vietnamese letters: it writes the base letter, then the tone as a combining mark.
TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """``text`` in windows-1258, as a legacy Vietnamese CMS would save it."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += base.encode("cp1258", errors="replace") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


def mojibake(body: bytes) -> bytes:
    """UTF-8 read as windows-1252 and saved again as UTF-8: "đại" becomes "Ä‘áº¡i" whatever the charset."""
    return body.decode("utf-8").encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")
