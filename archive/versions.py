"""An article's earlier versions, for its page: when each was fetched, and what changed from one to the next.

The archive keeps a version in ``article_versions`` whenever a re-fetch changed an article (see
:meth:`archive.store.Archive.store_article`); here consecutive versions, ending with the article as it is now,
are compared word by word, so that a reader sees a corrected figure or a softened headline at a glance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from markupsafe import Markup, escape

# The fields a reader compares, with their labels; the date is compared as the page shows it.
DIFFED = {"title": "Tiêu đề · Title", "sapo": "Tóm tắt · Sapo", "text": "Nội dung · Text", "published": "Ngày đăng · Date"}
# Each word with the spaces after it (line breaks too, so that paragraphs stay paragraphs): a changed phrase is
# one change, not words and spaces matched apart.
TOKEN = re.compile(r"\S+\s*|\s+")
# Unchanged stretches longer than this many words either side of a change are cut to "…".
CONTEXT = 12


def word_diff(before: str | None, after: str | None) -> Markup:
    """``before`` turned into ``after``, word by word: removed words in ``<del>``, added ones in ``<ins>``, the
    rest as it was (long unchanged stretches shortened); every piece of text escaped."""
    old, new = TOKEN.findall(before or ""), TOKEN.findall(after or "")
    # Words are compared without their spaces (a word that now ends a paragraph is the same word); autojunk off:
    # in a long body, common words would otherwise be ignored and the diff would go to pieces.
    matcher = SequenceMatcher(None, [token.strip() for token in old], [token.strip() for token in new], autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces = []
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            pieces.append(escape(_shortened(new[j1:j2], first=position == 0, last=position == len(opcodes) - 1)))
            continue
        if i2 > i1:
            pieces.append(Markup("<del>{}</del>").format("".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Markup("<ins>{}</ins>").format("".join(new[j1:j2])))
    return Markup("").join(pieces)


def _shortened(tokens: list[str], first: bool, last: bool) -> str:
    """An unchanged stretch, keeping ``CONTEXT`` words next to each change around it (none at the ends)."""
    if first and last:
        return "".join(tokens)  # nothing changed
    head = [] if first else tokens[:CONTEXT]
    tail = [] if last else tokens[-CONTEXT:]
    if len(head) + len(tail) >= len(tokens):
        return "".join(tokens)
    return "".join(head) + "… " + "".join(tail)


def changes(older: dict, newer: dict, show_date: Callable[[str | None], str]) -> list[dict]:
    """What changed between two versions of an article: ``{"field", "label", "diff"}`` per changed field."""
    found = []
    for field, label in DIFFED.items():
        before, after = older.get(field), newer.get(field)
        if before == after:
            continue
        if field == "published":
            before, after = show_date(before), show_date(after)
        found.append({"field": field, "label": label, "diff": word_diff(before, after)})
    return found


async def article_versions(db, url: str, show_date: Callable[[str | None], str]) -> list[dict]:
    """An article's edits, newest first: each with the earlier version's ``fetched`` time, when the change was
    seen (``replaced``), and its ``changes`` on the way to the next version (the last one to the article as it is).

    :param db: a datasette ``Database``.
    :param show_date: how a publication date is shown (the article page's Vietnam time).
    """
    fields = ", ".join(DIFFED)
    versions = [dict(row) for row in (await db.execute(
        f"select fetched, replaced, {fields} from article_versions where url = ? order by fetched", [url])).rows]
    current = (await db.execute(f"select fetched, {fields} from articles where url = ?", [url])).first()
    if not versions or current is None:
        return []
    following = versions[1:] + [dict(current)]
    edits = [{**older, "changes": changes(older, newer, show_date)} for older, newer in zip(versions, following)]
    return edits[::-1]
