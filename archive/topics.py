"""The taxonomy of social-security subtopics, kept as data in ``data/topics.toml``."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY = Path(__file__).parent / "data" / "topics.toml"


@dataclass(frozen=True)
class Topic:
    """A subtopic and the Vietnamese terms that put an article in it."""

    #: a stable identifier, like ``pensions``
    key: str
    #: what readers see, Vietnamese then English
    label: str
    terms: tuple[str, ...]


@cache
def taxonomy() -> dict[str, Topic]:
    """The subtopics by key, in the file's order."""
    document = tomllib.loads(TAXONOMY.read_text(encoding="utf-8"))
    return {
        key: Topic(key, entry["label"], tuple(unicodedata.normalize("NFC", term) for term in entry["terms"]))
        for key, entry in document.items()
    }
