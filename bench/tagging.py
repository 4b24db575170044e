"""Precision and recall of the province and subtopic tags on the articles a reader tagged by hand.

    python bench/tagging.py

The set is tests/tagging_fixtures.py: each article's provinces (pre-2025), their 2025 successors and subtopics
as a person wrote them down from the text. A tag counts once per article.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from archive.tagging import tags_of  # noqa: E402
from tagging_fixtures import TAGGED  # noqa: E402

KINDS = {
    "provinces": lambda tags: {row["province"] for row in tags.places},
    "provinces_2025": lambda tags: {row["province_2025"] for row in tags.places},
    "topics": lambda tags: {row["topic"] for row in tags.topics},
}


def main() -> None:
    totals = {kind: [0, 0, 0] for kind in KINDS}  # right, found, expected
    for case in TAGGED:
        tags = tags_of(case["article"], case.get("captions", ()))
        for kind, values in KINDS.items():
            found, expected = values(tags), case[kind]
            totals[kind][0] += len(found & expected)
            totals[kind][1] += len(found)
            totals[kind][2] += len(expected)
            for wrong in sorted(found - expected):
                print(f"  extra   {kind:<15} {wrong:<24} {case['article']['url']}")
            for missed in sorted(expected - found):
                print(f"  missed  {kind:<15} {missed:<24} {case['article']['url']}")
    print(f"{len(TAGGED)} articles tagged by hand")
    print(f"{'tags':<15} {'precision':>9} {'recall':>7} {'right/found/expected':>22}")
    for kind, (right, found, expected) in totals.items():
        print(f"{kind:<15} {right / found:>9.2f} {right / expected:>7.2f} {f'{right}/{found}/{expected}':>22}")


if __name__ == "__main__":
    main()
