"""The gazetteer: Vietnam's provinces before and after the July 2025 merger, and the ways articles name them.

``data/provinces.json`` is generated from the vietnamadminunits package (see ``tools/gazetteer.py``);
``data/places.toml`` holds the spellings and look-alike phrases, kept by hand.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# The tone mark of a final oa, oe or uy sits on either letter ("Hòa" or "Hoà"), both in use: matching moves it
# to the first. One code point stands for one, so a match's span is the same in the original text.
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
TONE_STYLES = {
    unicodedata.normalize("NFC", first + second + tone): unicodedata.normalize("NFC", first + tone + second)
    for pair in ("oa", "oe", "uy", "OA", "OE", "UY", "Oa", "Oe", "Uy")
    for first, second in [pair]
    for tone in TONES
}
TONE_PAIR = re.compile(f"(?:{'|'.join(TONE_STYLES)})(?!\\w)")


def same_tone_style(text: str) -> str:
    """``text`` with the tone of every final oa/oe/uy on its first letter, as long as ``text`` (for matching)."""
    return TONE_PAIR.sub(lambda match: TONE_STYLES[match[0]], text)


def without_marks(text: str) -> str:
    """``text`` with no diacritics, đ as d: how names are written where marks are missing."""
    bare = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    return bare.replace("đ", "d").replace("Đ", "D")



@dataclass(frozen=True)
class Province:
    """A province (or centrally governed city) of the gazetteer."""

    #: its name as the gazetteer spells it, without "Tỉnh" or "Thành phố"
    name: str
    #: the two-digit administrative code of its era
    code: str
    latitude: float
    longitude: float
    #: for a province before the merger, the post-2025 province it now belongs to; for one after, its own name
    province_2025: str


@dataclass(frozen=True)
class Gazetteer:
    """The 63 provinces before July 2025, the 34 after, and every spelling that names one of the 63."""

    provinces: dict[str, Province]
    provinces_2025: dict[str, Province]
    #: which 2025 province took in which earlier ones
    merged_from: dict[str, list[str]]
    #: spelling (tone style normalised) -> the pre-2025 province's name, or None for a phrase that is no place
    names: dict[str, str | None]
    source: str


@cache
def gazetteer() -> Gazetteer:
    """The project's gazetteer, read once from ``archive/data``."""
    generated = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    spellings = tomllib.loads((DATA / "places.toml").read_text(encoding="utf-8"))
    provinces = {row["name"]: Province(**row) for row in generated["provinces"]}
    provinces_2025 = {
        row["name"]: Province(row["name"], row["code"], row["latitude"], row["longitude"], row["name"])
        for row in generated["provinces_2025"]
    }
    names: dict[str, str | None] = {}
    for name in provinces:
        names[name] = name
        if " " in name:
            # A single bare word ("Hue", "Hau") is too often something else.
            names[without_marks(name)] = name
    for name, aliases in spellings["aliases"].items():
        if name not in provinces:
            raise ValueError(f"places.toml: {name!r} is no province of provinces.json")
        names.update({alias: name for alias in aliases})
    names.update({phrase: None for phrase in spellings["not_places"]})
    return Gazetteer(
        provinces=provinces,
        provinces_2025=provinces_2025,
        merged_from={row["name"]: row["merged_from"] for row in generated["provinces_2025"]},
        names={same_tone_style(unicodedata.normalize("NFC", spelling)): name for spelling, name in names.items()},
        source=generated["source"],
    )
