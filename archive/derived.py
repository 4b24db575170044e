"""What storing an article computes from the article alone: its searched columns folded, its tags, its MinHash.

Pure functions of the article and its image captions, so a crawl computes them in its extraction workers, beside
the extraction, and hands them to the archive with the article: the archive's one writer then only writes. (On
the writer they held the crawl's one Python thread for about 3 ms an article: the shingles' hashes, the tagger's
phrase search and the folding, measured with py-spy on bench/crawl.py.) Any other collector leaves them to the
archive, which computes them in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.duplicates import signature
from archive.schema import ARTICLE_COLUMNS
from archive.search import folded_columns
from archive.tagging import Tags, tags_of

if TYPE_CHECKING:
    from datasketch import LeanMinHash


@dataclass(frozen=True)
class Derived:
    """An article's derived columns and rows.

    :param folded: the folded twins of the searched columns (see :func:`archive.search.folded_columns`).
    :param tags: its provinces and subtopics (see :func:`archive.tagging.tags_of`).
    :param minhash: the body's signature for near-duplicates, None when the body is too short to compare.
    """

    folded: dict[str, str | None]
    tags: Tags
    minhash: LeanMinHash | None


def article_row(article: dict) -> dict:
    """An article's ``articles`` columns as stored: those of the schema only, its tags as a JSON array."""
    row = {name: article.get(name) for name in ARTICLE_COLUMNS}
    if isinstance(row["tags"], list):
        row["tags"] = json.dumps(row["tags"], ensure_ascii=False)
    return row


def derive(article: dict, captions: Iterable[str | None]) -> Derived:
    """What the archive stores beside ``article`` (its columns, as :func:`article_row` or the extractor gives
    them), with the captions of its images."""
    row = article_row(article)
    folded = folded_columns(row)
    return Derived(folded, tags_of(row, captions), signature(row["text"], folded["text_folded"]))
