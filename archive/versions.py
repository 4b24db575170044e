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
# Words and the spaces between them: the diff keeps line breaks, so paragraphs stay paragraphs.
TOKEN = re.compile(r"\s+|[^\s]+")
# Unchanged stretches longer than this many words either side of a change are cut to "…".
CONTEXT = 12


def word_diff(before: str | None, after: str | None) -> Markup:
    """``before`` turned into ``after``, word by word: removed words in ``<del>``, added ones in ``<ins>``, the
    rest as it was (long unchanged stretches shortened); every piece of text escaped."""
    old, new = TOKEN.findall(before or ""), TOKEN.findall(after or "")
    # autojunk off: in a long body, common words would otherwise be ignored and the diff would go to pieces.
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    pieces = []
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            pieces.append(escape(_shortened(old[i1:i2], first=position == 0, last=position == len(opcodes) - 1)))
            continue
        if i2 > i1:
            pieces.append(Markup("<del>{}</del>").format("".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Markup("<ins>{}</ins>").format("".join(new[j1:j2])))
    return Markup("").join(pieces)


def _shortened(tokens: list[str], first: bool, last: bool) -> str:
    """An unchanged stretch, keeping ``CONTEXT`` words next to each change around it (none at the ends)."""
    keep = 2 * CONTEXT  # a word and its following space are two tokens
    head = [] if first else tokens[:keep]
    tail = [] if last else tokens[-keep:]
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
