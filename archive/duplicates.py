"""Near-duplicates: the same story printed by several papers, found by the words of its body.

A body is cut into shingles (every run of ``SHINGLE`` words, in diacritic-folded lower case: a reprint that lost
or changed a mark is still the same text) and summed up by a MinHash signature (datasketch) of ``PERMUTATIONS``
values, whose share of equal values estimates the Jaccard similarity of two bodies' shingles. Headlines and sapos
are left out on purpose: papers rewrite them when they reprint.

So that a new article is compared with a few candidates and not with the whole archive, each signature is also
cut into ``BANDS`` bands of ``ROWS`` values (locality-sensitive hashing): two articles become candidates when any
band is equal (in a bucket that at most ``CROWDED`` articles share), which is likely for similar bodies and
unlikely for others; a candidate is a copy when the
estimated similarity is at least the threshold. Everything lives in the archive, so it is readable by anyone:

- ``article_signatures`` (article, signature): the signature's values as little-endian 32-bit integers;
- ``article_bands`` (band, bucket, article), indexed by band and bucket: where candidates are looked up;
- ``article_duplicates`` (article, copy, similarity): each pair of copies, both ways;
- ``articles.repeat_of``: the earliest published of an article's copies, when it was published before it (the
  original wins); null for an original or an article without copies.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING

import sqlite_utils

from archive.search import WORD, fold

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SHINGLE = 5
PERMUTATIONS = 96
# 32 bands of 3: a pair becomes a candidate with probability 1 - (1 - s³)³², which is 0.99 at similarity 0.5 and
# 0.58 at 0.3, so no pair near the threshold is missed, and 0.03 at 0.1, so unrelated bodies are rarely compared.
BANDS, ROWS = 32, 3
SEED = 1
# Chosen on fixture pairs (bench/duplicates.py, stated in README): every reprint is above it, and every other
# story, on the same topic or not, below.
THRESHOLD = 0.5
# A bucket that this many articles share holds text they all print (a paper's standing paragraphs), not a reprint:
# its articles are not read as candidates. Without the bound the comparisons grow with the square of the archive
# (20,000 sample articles sharing boilerplate made buckets of 1,300 and 62 million signature reads); a reprint
# shares its other bands with the original, where its own text, not the boilerplate, has the smallest hashes.
CROWDED = 100
# A body shorter than this many shingles (a photo gallery's captions) says too little to call anything a copy.
MIN_SHINGLES = 20


@cache
def _datasketch():
    """datasketch, imported when first needed: it brings numpy and scipy, seconds on a busy machine, which
    readers (``ansinh serve``) and the commands that store no article should not wait for."""
    import datasketch

    return datasketch


@cache
def _permutations():
    # The hash functions of every signature (made from SEED), computed once rather than per article.
    return _datasketch().MinHash(num_perm=PERMUTATIONS, seed=SEED).permutations


def shingles(text: str | None, folded: str | None = None) -> set[str]:
    """The runs of ``SHINGLE`` consecutive words of ``text``, without marks, in lower case.

    :param folded: ``fold(text)``, where it is at hand (the stored twin): folding a body costs as much as the rest.
    """
    words = WORD.findall((folded if folded is not None else fold(text) or "").lower())
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str | None, folded: str | None = None) -> LeanMinHash | None:
    """The MinHash signature of a body, or None when it is too short to compare.

    :param folded: ``fold(text)``, where it is at hand (see :func:`shingles`).
    """
    found = shingles(text, folded)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = _datasketch().MinHash(num_perm=PERMUTATIONS, seed=SEED, permutations=_permutations())
    minhash.update_batch([shingle.encode() for shingle in found])
    return _datasketch().LeanMinHash(minhash)


def _to_blob(minhash: LeanMinHash) -> bytes:
    # datasketch's values are below 2³², kept as uint64: stored in half the space.
    return minhash.hashvalues.astype("<u4").tobytes()


def similarities(minhash: LeanMinHash, blobs: list[bytes]) -> list[float]:
    """The estimated Jaccard similarity of ``minhash`` with each stored signature: the share of equal values, as
    ``LeanMinHash.jaccard`` gives it, computed for all of them at once (a signature object per candidate cost
    more than the comparison)."""
    import numpy as np

    if not blobs:
        return []
    others = np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), PERMUTATIONS)
    return (others == minhash.hashvalues.astype("<u4")).mean(axis=1).tolist()


def buckets(minhash: LeanMinHash) -> list[tuple[int, int]]:
    """(band, bucket) of each band of a signature: the bucket is a 63-bit hash of the band's values."""
    values = minhash.hashvalues.astype("<u4")
    found = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        found.append((band, int.from_bytes(digest, "little") >> 1))
    return found


def create_duplicate_tables(db: sqlite_utils.Database) -> None:
    """Create what is missing: the three tables, their indexes and ``articles.repeat_of``."""
    db["article_signatures"].create({"article": str, "signature": bytes}, pk="article", if_not_exists=True)
    db["article_bands"].create({"band": int, "bucket": int, "article": str}, pk=("band", "bucket", "article"),
                               if_not_exists=True)
    db["article_bands"].create_index(["article"], if_not_exists=True)
    db["article_duplicates"].create(
        {"article": str, "copy": str, "similarity": float}, pk=("article", "copy"),
        foreign_keys=[("article", "articles", "url"), ("copy", "articles", "url")], if_not_exists=True,
    )
    if "repeat_of" not in db["articles"].columns_dict:
        db["articles"].add_column("repeat_of", str)
    db["articles"].create_index(["repeat_of"], if_not_exists=True)


def candidate_buckets(db: sqlite_utils.Database, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Those of an article's (band, bucket) pairs that are not crowded: that no more than ``CROWDED`` articles
    share (the article itself included)."""
    pairs = " or ".join("(band = ? and bucket = ?)" for _ in found)
    counts = db.execute(f"select band, bucket, count(*) from article_bands where {pairs} group by band, bucket",
                        [value for pair in found for value in pair]).fetchall()
    return [(band, bucket) for band, bucket, count in counts if count <= CROWDED]


def link_copies(db: sqlite_utils.Database, url: str, minhash: LeanMinHash | None,
                threshold: float = THRESHOLD) -> list[str]:
    """(Re)compute one stored article's copies from its body's signature, and who is a repeat of whom around it.

    The caller holds the transaction. The article is compared only with the articles sharing a band with it.

    :param minhash: the body's :func:`signature` (None: too short to compare, so a copy of nothing).

    :return: the URLs of its copies.
    """
    before = [row[0] for row in db.execute("select copy from article_duplicates where article = ?", [url])]
    db.execute("delete from article_signatures where article = ?", [url])
    db.execute("delete from article_bands where article = ?", [url])
    # Links are kept both ways: each one of the article's is found through its primary key, with no scan.
    db.execute("delete from article_duplicates where article = ?", [url])
    db.conn.executemany("delete from article_duplicates where article = ? and copy = ?", [(other, url) for other in before])
    copies = []
    if minhash is not None:
        db.execute("insert into article_signatures (article, signature) values (?, ?)", [url, _to_blob(minhash)])
        found = buckets(minhash)
        # Plain statements rather than sqlite-utils' inserts: they run for every article stored.
        db.conn.executemany("insert into article_bands (band, bucket, article) values (?, ?, ?)",
                            [(band, bucket, url) for band, bucket in found])
        kept = candidate_buckets(db, found)
        pairs = " or ".join("(b.band = ? and b.bucket = ?)" for _ in kept)
        candidates = db.execute(
            f"select s.article, s.signature from article_signatures s where s.article in "
            f"(select b.article from article_bands b where {pairs}) and s.article != ?",
            [value for pair in kept for value in pair] + [url],
        ).fetchall() if kept else []
        for (other, _), similarity in zip(candidates, similarities(minhash, [blob for _, blob in candidates])):
            if similarity >= threshold:
                copies.append(other)
                db.conn.executemany("insert or replace into article_duplicates (article, copy, similarity) values (?, ?, ?)",
                                    [(url, other, round(similarity, 3)), (other, url, round(similarity, 3))])
    mark_repeats(db, {url, *before, *copies})
    return copies


def mark_repeats(db: sqlite_utils.Database, urls: Iterable[str]) -> None:
    """Set ``repeat_of`` of these articles: the earliest published of each one's own copies, if before it (a
    copy of a copy that is no copy of the article itself does not count: the links say what was compared).

    Only rows whose value changes are written, and the search index's update trigger watches the searched
    columns only (archive.search), so marking repeats never re-indexes a body.
    """
    for url in urls:
        rows = db.execute(
            "select a.url, unixepoch(a.published) from articles a where a.url = ? "
            "union all select a.url, unixepoch(a.published) from article_duplicates d "
            "join articles a on a.url = d.copy where d.article = ?", [url, url]).fetchall()
        if not rows:
            continue  # not stored (yet)
        # An article without a readable date counts as the latest; the URL decides between equal dates.
        earliest = min(rows, key=lambda row: (math.inf if row[1] is None else row[1], row[0]))[0]
        original = None if earliest == url else earliest
        db.execute("update articles set repeat_of = ? where url = ? and repeat_of is not ?", [original, url, original])


def dedupe(db: sqlite_utils.Database, threshold: float = THRESHOLD,
           progress: Callable[[int, int], None] | None = None, every: int = 500) -> dict[str, int]:
    """Find every article's copies again, over the whole archive, the same way as each article is stored.

    One transaction: a stop half-way leaves the archive as it was.

    :param progress: called with (articles done, articles in all) every ``every`` articles and at the end.
    :return: how many ``articles`` were compared, ``pairs`` of copies linked and articles marked ``repeats``.
    """
    create_duplicate_tables(db)
    total = db["articles"].count
    with db.conn:
        for table in ("article_signatures", "article_bands", "article_duplicates"):
            db.execute(f"delete from [{table}]")
        db.execute("update articles set repeat_of = null where repeat_of is not null")
        done = 0
        # The URLs first, each body when its turn comes: the bodies of a whole archive need not fit in memory.
        for (url,) in db.execute("select url from articles order by rowid").fetchall():
            text = db.execute("select text from articles where url = ?", [url]).fetchone()[0]
            link_copies(db, url, signature(text), threshold)
            done += 1
            if progress and (done % every == 0 or done == total):
                progress(done, total)
        pairs = db.execute("select count(*) from article_duplicates").fetchone()[0] // 2
        repeats = db.execute("select count(*) from articles where repeat_of is not null").fetchone()[0]
    return {"articles": done, "pairs": pairs, "repeats": repeats}
