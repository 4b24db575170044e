"""Decoding a page: the BOM, then the HTTP header, then <meta charset>, then what gives clean Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest

from ansinh.samples.faults import mojibake, windows_1258
from crawler.encoding import UndecodableText, decode_html

TEXT = "<html><head><title>Hỗ trợ người nghèo đón Tết</title></head><body><p>Đắk Nông: an sinh xã hội, " \
       "lương hưu, “giảm nghèo bền vững” ở Nghệ An; “XÃ HỘI”</p></body></html>"


@pytest.mark.parametrize("body, content_type", [
    (TEXT.encode(), "text/html; charset=utf-8"),
    (TEXT.encode(), None),
    # The server lies one way or the other.
    (windows_1258(TEXT), "text/html; charset=utf-8"),
    (TEXT.encode(), "text/html; charset=windows-1252"),
    # The page says it itself.
    (TEXT.replace("<head>", '<head><meta charset="windows-1258">').encode("utf-8"), None),
    # The BOM settles it, whatever the header says.
    (b"\xef\xbb\xbf" + TEXT.encode(), "text/html; charset=windows-1252"),
])
def test_the_text_comes_out_right_and_nfc(body, content_type):
    text = decode_html(body, content_type)
    assert text.replace('<meta charset="windows-1258">', "") == TEXT
    assert unicodedata.is_normalized("NFC", text)


def test_the_meta_charset_is_read_when_the_header_says_nothing():
    body = windows_1258(TEXT.replace("<head>", '<head><meta charset="windows-1258">'))
    assert "Nghệ An" in decode_html(body, "text/html")


@pytest.mark.parametrize("body", [
    mojibake(TEXT.encode()),
    TEXT.replace("nghèo", "ngh\ufffdo").encode(),
])
def test_mojibake_or_replacement_characters_are_a_failure(body):
    with pytest.raises(UndecodableText):
        decode_html(body, "text/html; charset=utf-8")
