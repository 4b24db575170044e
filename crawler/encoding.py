"""Decoding a page's bytes into text that is right, or saying that it cannot be.

Sites lie about their charset: windows-1258 bytes labelled UTF-8, UTF-8 labelled windows-1252. A wrong guess
does not fail loudly, it yields mojibake ("Ä‘áº¡i" for "đại") or U+FFFD, which would be stored and searched
as text. So every candidate is decoded strictly and the result checked; the first clean one wins.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# UTF-8 read as a single-byte charset, as Vietnamese letters come out of it: "áº¡" for "ạ", "Ä‘" for "đ",
# "Æ°" for "ư", "Ã©" for "é", "Ã”" for "Ô", "Ì£" for a combining dot below. One such pair can be real text ("XÃ”" closing a quote), a page of
# them is not: MOJIBAKE_PAIRS of them make mojibake. A C1 control character, which no page means, always does.
MOJIBAKE = re.compile(r"[ÃÂÄÅÆÌÍ][\u0080-\u00bf\u0152-\u0192\u02c6\u02dc\u2013-\u2122]|á[º»¸¹]")
MOJIBAKE_PAIRS = 3
C1_CONTROLS = re.compile(r"[\u0080-\u009f]")
# Vietnamese is written in Latin letters: a reading whose letters beyond ASCII are mostly of other scripts
# (a detector's guess of Arabic or Cyrillic for mojibake) is wrong.
LATIN_LETTER = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
OTHER_LETTER = re.compile(r"[^\W\d_\x00-\x7f\u00c0-\u024f\u1e00-\u1eff]")
# Every character and pair the checks look for is beyond ASCII: they read the runs of such characters alone (a
# space between runs keeps them apart), a small part of an HTML page's text (5.3 ms a page read whole, 1.3 ms so).
BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")
# Vietnamese pages are UTF-8, or windows-1258 on older systems: the two tried after what the page declares.
FALLBACKS = ("utf-8", "windows-1258")


class UndecodableText(ValueError):
    """No charset turns the page's bytes into clean text."""


def decode_html(body: bytes, content_type: str | bytes | None = None) -> str:
    """The text of an HTML page, NFC.

    Candidates, in order: the byte-order mark (which settles it), the HTTP header's charset, the page's
    ``<meta charset>``, UTF-8, windows-1258, then charset-normalizer's guess. Each is decoded strictly; one that
    fails, or gives replacement characters or mojibake, is passed over.

    :param body: the page's raw bytes.
    :param content_type: the response's Content-Type header, if any.
    :raises UndecodableText: when no candidate gives clean text.
    """
    bom, mark = read_bom(body)
    if bom:
        return _clean(body[len(mark):].decode(bom, errors="replace"), bom)
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    declared = [http_content_type_encoding(content_type or ""), html_body_declared_encoding(body[:4096])]
    tried = []
    for name in (*declared, *FALLBACKS, None):
        if name is None:
            guess = from_bytes(body).best()
            name = guess.encoding if guess else None
        name = _codec(name)
        if name is None or name in tried:
            continue
        tried.append(name)
        try:
            return _clean(body.decode(name), name)
        except (UnicodeDecodeError, UndecodableText):
            continue
    raise UndecodableText(f"no charset gives clean text, without mojibake (tried {', '.join(tried)})")


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _clean(text: str, name: str) -> str:
    # windows-1258 writes tones as combining marks after the letter: NFC makes them the one character.
    text = unicodedata.normalize("NFC", text)
    beyond = " ".join(BEYOND_ASCII.findall(text))
    if "\ufffd" in beyond or C1_CONTROLS.search(beyond) or len(MOJIBAKE.findall(beyond)) >= MOJIBAKE_PAIRS:
        raise UndecodableText(f"{name} gives replacement characters or mojibake")
    if len(OTHER_LETTER.findall(beyond)) > len(LATIN_LETTER.findall(beyond)):
        raise UndecodableText(f"{name} gives letters of another script than Vietnamese")
    return text
