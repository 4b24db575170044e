"""Where each field comes from (not a test): every saved page and every real page, field by field.

    python bench/fields.py [--json PATH]

Runs the crawl's own extraction on tests/pages/<site>/*.html (synthetic, with their expected sources) and on
the real Dân trí pages of ../shared/real-pages/ (read in place; their original URLs from
tests/expected/real_pages.json), and prints one line per page: each field's source, with a count per field and
source at the end. A source of "selector", "json-ld" or "meta" is the site's own markup; anything else is a
fallback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from crawler.extract import STRONG_SOURCES, extract  # noqa: E402
from crawler.sites import get_site  # noqa: E402
from shared_pages import SHARED  # noqa: E402

FIELDS = ("title", "sapo", "text", "author", "published", "category")


def pages():
    """(label, site key, URL, HTML) of every saved and real page."""
    for path in sorted((HERE.parent / "tests" / "pages").glob("*/*.html")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        yield f"saved {path.parent.name}/{path.stem[:28]}", path.parent.name, expected["url"], path.read_text("utf-8")
    listing = HERE.parent / "tests" / "expected" / "real_pages.json"
    if not (SHARED / "real-pages").exists() or not listing.exists():
        print(f"(no real pages: {SHARED / 'real-pages'} or {listing} is absent)", file=sys.stderr)
        return
    for expected in json.loads(listing.read_text(encoding="utf-8")):
        html = (SHARED / "real-pages" / expected["file"]).read_text(encoding="utf-8")
        html = html.split("\n", 1)[1] if html.startswith("<%@") else html
        yield f"real  {Path(expected['file']).stem[:34]}", "dantri", expected["url"], html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the table as JSON here")
    args = parser.parse_args()
    table, counts = [], Counter()
    print(f"{'page':<42} " + " ".join(f"{field:<12}" for field in FIELDS))
    for label, key, url, html in pages():
        article = extract(get_site(key), url, html)
        sources = {field: getattr(article, f"{field}_source") for field in FIELDS}
        counts.update((field, source) for field, source in sources.items())
        table.append({"page": label, **sources, "published_precision": article.published_precision})
        print(f"{label:<42} " + " ".join(f"{source or '—':<12}" for source in sources.values()))
    print()
    for field in FIELDS:
        per_source = sorted(((s, n) for (f, s), n in counts.items() if f == field), key=lambda item: -item[1])
        strong = sum(n for s, n in per_source if s in STRONG_SOURCES)
        print(f"{field:<10} {strong}/{len(table)} from the site's markup; "
              + ", ".join(f"{s or 'none'} {n}" for s, n in per_source))
    if args.json:
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
