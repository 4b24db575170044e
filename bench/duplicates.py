"""How well near-duplicates are told apart: precision and recall of the copy links over thresholds.

Positives: each real Dân trí page (../shared/real-pages) against each of its reprints (tests/duplicate_fixtures.py:
new headline, cut ending, added paragraph, boilerplate, decomposed Unicode). Negatives: every other pair of real
pages and reprints, among them the stories of one section on one subject, and pairs of sample social-security
bodies (ansinh.samples), written from one pool of sentences on the same few subjects: the hardest case.
A pair is called a copy as the archive calls it (archive.duplicates): a shared LSH band, then the estimated
Jaccard similarity at or above the threshold.

    .venv/bin/python bench/duplicates.py [--samples 150]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from ansinh.samples.text import TextGen  # noqa: E402
from archive.duplicates import THRESHOLD, buckets, shingles, signature  # noqa: E402
from duplicate_fixtures import PAGES, REPRINTS, SAME_TOPIC, real_article, reprint  # noqa: E402


@dataclass
class Body:
    """What the archive knows of a body: its signature and bands; its shingles for the exact similarity."""

    signature: object
    buckets: set
    shingles: set

    @classmethod
    def of(cls, article: dict) -> "Body | None":
        minhash = signature(article["text"])
        return cls(minhash, set(buckets(minhash)), shingles(article["text"])) if minhash else None


def pair(a: Body | None, b: Body | None) -> tuple[bool, float, float] | None:
    """(shares a band, estimated similarity, exact Jaccard of the shingles), or None if either is too short."""
    if a is None or b is None:
        return None
    exact = len(a.shingles & b.shingles) / len(a.shingles | b.shingles)
    return bool(a.buckets & b.buckets), a.signature.jaccard(b.signature), exact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=150, help="sample social-security bodies (default 150)")
    args = parser.parse_args()

    articles = {name: real_article(name) for name in PAGES}
    originals = {name: Body.of(article) for name, article in articles.items()}
    reprints = {(name, how): Body.of(reprint(article, how)) for name, article in articles.items() for how in REPRINTS}
    positives = [pair(originals[name], copy) for (name, _), copy in reprints.items()]
    hows = [how for (_, how) in reprints]
    everything = list(originals.items()) + [(name, copy) for (name, _), copy in reprints.items()]
    negatives = {"other stories": [], "same subject": [], "sample bodies": []}
    same = {frozenset(names) for names in SAME_TOPIC}
    for (name, a), (other, b) in itertools.combinations(everything, 2):
        if name != other:
            kind = "same subject" if frozenset((name, other)) in same else "other stories"
            negatives[kind].append(pair(a, b))
    texts = TextGen(random.Random(0))
    bodies = [Body.of({"text": "\n".join(texts.paragraphs(texts.province(), datetime(2024, 5, 1)))})
              for _ in range(args.samples)]
    negatives["sample bodies"] = [pair(a, b) for a, b in itertools.combinations(bodies, 2)]

    short = sum(found is None for found in positives)
    hows = [how for found, how in zip(positives, hows) if found]
    positives = [found for found in positives if found]
    negatives = {kind: [found for found in pairs if found] for kind, pairs in negatives.items()}
    print(f"{len(originals)} real pages, {len(positives)} reprint pairs ({short} too short to compare), "
          + ", ".join(f"{len(pairs)} {kind} pairs" for kind, pairs in negatives.items()))
    print(f"exact Jaccard: reprints {min(p[2] for p in positives):.2f}..{max(p[2] for p in positives):.2f}; "
          + "; ".join(f"{kind} up to {max(p[2] for p in pairs):.2f}" for kind, pairs in negatives.items()))
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'missed':>6}  false links by pair: "
          + ", ".join(negatives))
    for step in range(1, 19):
        threshold = step / 20
        called = lambda pairs: sum(band and estimate >= threshold for band, estimate, _ in pairs)  # noqa: E731
        found, wrong = called(positives), {kind: called(pairs) for kind, pairs in negatives.items()}
        precision = found / (found + sum(wrong.values())) if found + sum(wrong.values()) else 1.0
        mark = "  <- archive.duplicates.THRESHOLD" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(f"{threshold:>9.2f} {precision:>9.3f} {found / len(positives):>7.3f} {len(positives) - found:>6}  "
              + ", ".join(str(count) for count in wrong.values()) + mark)
    lowest = sorted(zip(positives, hows), key=lambda item: item[0][1])[:3]
    print("lowest estimated reprints: " + ", ".join(f"{how} {found[1]:.2f}" for found, how in lowest))

if __name__ == "__main__":
    main()
