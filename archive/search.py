"""Vietnamese full-text search over the articles: the FTS5 indexes, the query that reads them, and what it matched.

Marks mean what the user typed, word by word. Vietnamese tones change the word (bảo, báo, bào), so a word typed
with its marks matches that word only, case aside; a word typed without marks (as on a phone) matches every accented
form, đ included. The index holds both spellings, with a standard schema: the searched columns as written, tokenized
with ``unicode61 remove_diacritics 0`` (case folds, marks stay), and stored twins (``title_folded`` …) holding the
same text with every mark removed and đ spelled d, which :class:`~archive.store.Archive` writes with each article.
:func:`fts_query` sends each word to one set of columns with an FTS5 column filter. No custom tokenizer is
involved, so the sqlite3 shell, sqlite-utils and a plain datasette still open and search the file.

Two indexes hold it: :data:`FULL`, the whole article, which every search matches and counts against, and
:data:`HEAD`, the headline, lead, tags and author only, which ranks first the articles that carry the words up front.

datasette's ``escape_fts`` is replaced by :func:`fts_query` (see ``archive.plugin``), so the table search box,
``?_search=``, the JSON API and the project's search page all read a user's words the same way; :class:`Hits`
finds the same words again in a result's text, to mark them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import sqlite_utils

SEARCHED_COLUMNS = ("title", "sapo", "text", "tags", "author")
FOLDED_COLUMNS = tuple(f"{column}_folded" for column in SEARCHED_COLUMNS)
TOKENIZER = "unicode61 remove_diacritics 0"
# bm25 weights: a title hit is worth most.
WEIGHTS = {"title": 10.0, "sapo": 4.0, "text": 1.0, "tags": 5.0, "author": 3.0}


@dataclass(frozen=True)
class Index:
    """An FTS5 index of some searched columns of ``articles``, each as written and folded, kept by triggers.

    :param table: the FTS5 table.
    :param columns: the searched columns it holds (their folded twins follow them in the index).
    :param content: how the index names its content table. datasette and sqlite-utils take the index that says
        ``content=[articles]`` for the table's own search; another index must spell it differently.
    """

    table: str
    columns: tuple[str, ...]
    content: str

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + tuple(f"{column}_folded" for column in self.columns)

    @property
    def rank(self) -> str:
        """The ranking function, stored in the index's config so that every ``order by rank`` weighs alike."""
        return "bm25({})".format(", ".join(str(WEIGHTS[column]) for column in self.columns * 2))

    @property
    def as_written(self) -> str:
        """FTS5's column filter for the columns as written."""
        return "{" + " ".join(self.columns) + "}"

    @property
    def folded(self) -> str:
        """FTS5's column filter for the folded twins."""
        return "{" + " ".join(f"{column}_folded" for column in self.columns) + "}"

    def schema(self) -> str:
        columns = ", ".join(f"[{column}]" for column in self.all_columns)
        return f"create virtual table [{self.table}] using fts5({columns}, content={self.content}, tokenize='{TOKENIZER}')"

    def triggers(self) -> dict[str, str]:
        """The triggers that keep the index in step with ``articles``, by name.

        An update re-indexes a row only when a searched column changed: a crawl that re-fetches an unchanged article
        rewrites its ``fetched`` time, and must not rewrite its index entries.
        """
        columns = ", ".join(f"[{column}]" for column in self.all_columns)
        new = ", ".join(f"new.[{column}]" for column in self.all_columns)
        old = ", ".join(f"old.[{column}]" for column in self.all_columns)
        insert = f"insert into [{self.table}](rowid, {columns}) values (new.rowid, {new});"
        delete = f"insert into [{self.table}]([{self.table}], rowid, {columns}) values ('delete', old.rowid, {old});"
        return {
            f"{self.table}_ai": f"after insert on articles begin {insert} end",
            f"{self.table}_ad": f"after delete on articles begin {delete} end",
            f"{self.table}_au": f"after update of {columns} on articles begin {delete} {insert} end",
        }


# The whole article: what every search matches against, counted and filtered. datasette's table search uses it.
FULL = Index("articles_fts", SEARCHED_COLUMNS, content="[articles]")
# Headline, lead, tags and author alone: a tenth of the text, so it ranks the articles that carry the words up
# front in a few milliseconds, where ranking every match of a common word in the full index takes hundreds.
HEAD = Index("articles_head_fts", ("title", "sapo", "tags", "author"), content="'articles'")
INDEXES = (FULL, HEAD)
FTS_TABLE = FULL.table
# The old triggers of sqlite-utils' enable_fts, replaced by the indexes' own.
OLD_TRIGGERS = ("articles_ai", "articles_ad", "articles_au")


def _fold_table() -> dict[int, str]:
    # One character for one, so that a position in folded text is the same position in the original.
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if len(bare) == 1 and bare != chr(code):
            table[code] = bare
    # đ/Đ have no decomposition; ð/Ð stand for them in Vietnamese text once mis-decoded through windows-125x.
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"})
    return table


FOLD = _fold_table()


def fold(text: str | None) -> str | None:
    """``text`` in NFC with every Latin mark removed and đ spelled d, one character for one; case is kept."""
    return unicodedata.normalize("NFC", text).translate(FOLD) if text is not None else None


def folded_columns(article: dict) -> dict[str, str | None]:
    """The folded twins of an article's searched columns, as stored beside them."""
    return {folded: fold(article.get(column)) for column, folded in zip(SEARCHED_COLUMNS, FOLDED_COLUMNS)}


def enable_search(db: sqlite_utils.Database) -> None:
    """Set up full-text search on ``articles``: stored folded twins, the FTS5 indexes, their triggers and ranking.

    Idempotent, and a few catalogue reads when already done: it runs each time an archive is opened or closed
    for writing. An index paused for a bulk load (:func:`pause_search`) is filled from the table in one pass. An
    archive indexed an earlier way is migrated: its twins are filled and its indexes rebuilt.
    """
    if search_is_ready(db):
        return
    with db.conn:
        for trigger in OLD_TRIGGERS:
            db.execute(f"drop trigger if exists [{trigger}]")
        columns = {row[1]: row[6] for row in db.execute("pragma table_xinfo(articles)")}
        twins_ready = all(columns.get(folded) == 0 for folded in FOLDED_COLUMNS)
        for folded in FOLDED_COLUMNS:
            if columns.get(folded, 0) != 0:  # a generated twin (đ→d only) of an earlier archive
                db.execute(f"alter table articles drop column [{folded}]")
                columns.pop(folded)
            if folded not in columns:
                db.execute(f"alter table articles add column [{folded}] text")
        if not twins_ready or not db[FULL.table].exists():
            db.conn.create_function("ansinh_fold", 1, fold, deterministic=True)
            db.execute("update articles set " + ", ".join(
                f"[{folded}] = ansinh_fold([{column}])" for column, folded in zip(SEARCHED_COLUMNS, FOLDED_COLUMNS)
            ))
        for index in INDEXES:
            if not index_is_ready(db, index):
                create_index(db, index)


def create_index(db: sqlite_utils.Database, index: Index) -> None:
    """(Re)create ``index``, filled from ``articles`` in one pass, with its triggers and ranking."""
    for name in index.triggers():
        db.execute(f"drop trigger if exists [{name}]")
    if db[index.table].exists():
        db[index.table].drop()
    db.execute(index.schema())
    db.execute(f"insert into [{index.table}]([{index.table}]) values ('rebuild')")
    for name, body in index.triggers().items():
        db.execute(f"create trigger [{name}] {body}")
    db.execute(f"insert into [{index.table}]([{index.table}], rank) values ('rank', ?)", [index.rank])


def index_is_ready(db: sqlite_utils.Database, index: Index) -> bool:
    """Whether ``index`` exists as this version defines it: columns, content, tokenizer, triggers and ranking."""
    schemas = dict(db.execute("select name, sql from sqlite_master where name in ({})".format(
        ", ".join("?" * (1 + len(index.triggers())))), [index.table, *index.triggers()]).fetchall())
    if schemas.get(index.table, "").lower() != index.schema().lower():
        return False
    if any(schemas.get(name, "").lower() != f"create trigger [{name}] {body}".lower()
           for name, body in index.triggers().items()):
        return False
    rank = db.execute(f"select v from [{index.table}_config] where k = 'rank'").fetchone()
    return rank is not None and rank[0] == index.rank


def pause_search(db: sqlite_utils.Database) -> None:
    """Drop the indexes' triggers before a bulk load (a first crawl): rows then go in without an index update
    each, and :func:`enable_search` fills each index in one pass when the archive is closed, or, after a kill,
    next opened for writing. Readers meanwhile search what was indexed before. Safe inside a transaction."""
    for index in INDEXES:
        for trigger in index.triggers():
            db.execute(f"drop trigger if exists [{trigger}]")


def search_is_ready(db: sqlite_utils.Database) -> bool:
    """Whether the archive's search indexes exist as this version defines them, with no trigger of an older one."""
    if any(db.execute(f"select 1 from sqlite_master where type = 'trigger' and name in {OLD_TRIGGERS}").fetchall()):
        return False
    return all(index_is_ready(db, index) for index in INDEXES)


# Typographic quotes, as phones type them, count as phrase quotes.
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
# FTS5 reads these as operators only in capitals; a user who types them gets their other words, all required.
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# The tokenizer's notion of a word: letters and digits (underscore separates, for it too).
WORD = re.compile(r"[^\W_]+")


def is_marked(word: str) -> bool:
    """Whether a word was typed with a Vietnamese mark (đ counts as one)."""
    return fold(word) != word


# What a search reads of the query: far longer than any real search, far shorter than one that costs seconds.
MAX_QUERY = 256


def phrases(query: str) -> list[list[str]]:
    """What a user typed, as phrases of words: each quoted part is one phrase, every other word one on its own.

    FTS5 operators typed in capitals (AND, OR, NOT, NEAR) are dropped; brackets, stars and a stray quote are
    punctuation. Only the first ``MAX_QUERY`` characters count.
    """
    if len(query) > MAX_QUERY:
        # Cut between words: half a word would be a word the articles do not have.
        query = re.sub(r"\w*$", "", query[:MAX_QUERY]) if query[MAX_QUERY].isalnum() else query[:MAX_QUERY]
    found = []
    for quoted, bare in re.findall(r'"([^"]*)"|([^"]+)', query.translate(QUOTES)):
        words = WORD.findall(unicodedata.normalize("NFC", quoted or bare))
        if quoted:
            found.append([word.lower() for word in words])
        else:
            found.extend([word.lower()] for word in words if word not in OPERATORS)
    return [words for words in found if words]


def fts_query(query: str, index: Index = FULL) -> str:
    """Turn what a user typed into an FTS5 query that never raises a syntax error.

    Every phrase must appear; only the first ``MAX_QUERY`` characters count. A phrase typed with no mark is looked
    for in the folded twins; one whose every word has its marks, as written; a phrase mixing both is looked for
    folded, and each marked word of it as written.

    :param index: the index whose columns the query names.

    >>> fts_query('"Đắk Nông" OR ngheo"')
    '{title sapo text tags author}: "đắk nông" AND {title_folded sapo_folded text_folded tags_folded author_folded}: "ngheo"'
    """
    parts = []
    for words in phrases(query.replace("\x00", "")):
        marked = [word for word in words if is_marked(word)]
        if len(marked) == len(words):
            parts.append(f'{index.as_written}: "{" ".join(words)}"')
        else:
            parts.append(f'{index.folded}: "{" ".join(fold(word) for word in words)}"')
            parts.extend(f'{index.as_written}: "{word}"' for word in dict.fromkeys(marked))
    # An empty phrase matches nothing, quietly: the query had no word at all.
    return " AND ".join(parts) or '""'


def _is_mixed(words: list[str]) -> bool:
    return any(is_marked(word) for word in words) and not all(is_marked(word) for word in words)


def mixes_marks(query: str) -> bool:
    """Whether a phrase of the query mixes words typed with marks and without: the index finds a superset of its
    matches (the phrase folded, each marked word anywhere), which :func:`has_phrases` narrows to the real ones."""
    return any(_is_mixed(words) for words in phrases(query))


@lru_cache(maxsize=64)
def _mixed_phrases(query: str) -> tuple[Hits, ...]:
    return tuple(Hits('"' + " ".join(words) + '"') for words in phrases(query) if _is_mixed(words))


def has_phrases(query: str, *texts: str | None) -> bool:
    """Whether each phrase of the query that mixes marks occurs, as typed, in one of ``texts`` (a row's searched
    columns): ``"bảo hiem"`` is bảo followed by any form of hiem, not báo hiểm with a bảo elsewhere. The SQL
    function ``ansinh_has_phrases(query, column, …)``."""
    return all(any(hits.first(text) for text in texts) for hits in _mixed_phrases(query))


def column_search_error(column: str, query: str) -> str | None:
    """Why datasette's search of one column (``?_search_title=``) cannot give what ``query`` asks, or None.

    datasette matches the query in that one column of the index, and the index holds a column either as written
    (``title``: where a word typed with marks is) or folded (``title_folded``: where a word without marks finds
    every form); a query with both kinds of word matches in neither.
    """
    words = [word for found in phrases(query) for word in found]
    marked = {is_marked(word) for word in words}
    folded = column.endswith("_folded")
    if column.removesuffix("_folded") not in SEARCHED_COLUMNS or not words or marked == {folded is False}:
        return None
    plain = column.removesuffix("_folded")
    return (f"Tìm trong một cột · ?_search_{column}= finds words as the column holds them: with their marks in "
            f"?_search_{plain}=, without marks in ?_search_{plain}_folded=; for \"{query}\" use ?_search= (every "
            f"column, each word by its own marks).")


def register_functions(conn) -> None:
    """The SQL functions that a search of the archive may call, on a connection to it."""
    conn.create_function("ansinh_has_phrases", -1, has_phrases, deterministic=True)


def phrase_check(query: str, index: Index = FULL) -> str | None:
    """The SQL condition, on the rows of ``articles``, that narrows a query mixing marks to its real matches in
    ``index``'s columns (the query as the parameter ``:ansinh_q``); None where the index's match is exact."""
    if not mixes_marks(query):
        return None
    return f"ansinh_has_phrases(:ansinh_q, {', '.join(f'[articles].[{column}]' for column in index.columns)})"


@dataclass
class Hits:
    """Where the words of a query occur in a text, by the same rule as the index: to mark real hits only.

    :param query: what the user typed.
    """

    query: str

    def __post_init__(self):
        self._phrases = phrases(self.query)
        # Candidates are found in folded text (same positions as the original); marked words are checked after.
        patterns = [r"[\W_]+".join(re.escape(fold(word)) for word in words) for words in self._phrases]
        self._pattern = (
            re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + r")(?![^\W_])", re.I)
            if patterns else None
        )
        # Each phrase alone, longest first: where the longest candidate at a place is not a hit, a shorter one may be.
        self._alone = [(re.compile(pattern + r"(?![^\W_])", re.I), words) for pattern, words in
                       sorted(zip(patterns, self._phrases), key=lambda pair: len(pair[0]), reverse=True)]
        # With no word typed with marks, every candidate is a hit: nothing to check against the text as written.
        self._unmarked = not any(is_marked(word) for words in self._phrases for word in words)

    def spans(self, text: str | None, folded: str | None = None) -> list[tuple[int, int]]:
        """(start, end) of each hit in ``text``, in order.

        :param folded: ``fold(text)``, where it is at hand (the stored twin): folding a long body costs more than
            searching it.
        """
        return list(self._spans(text, folded))

    def first(self, text: str | None, folded: str | None = None) -> tuple[int, int] | None:
        """The first hit in ``text``, or None: found without reading the rest of a long body."""
        return next(self._spans(text, folded), None)

    def _spans(self, text: str | None, folded: str | None = None):
        if not text or self._pattern is None:
            return
        text = unicodedata.normalize("NFC", text)
        # A twin of another length is not of this text (one written before the text was normalised).
        folded = folded if folded is not None and len(folded) == len(text) else fold(text)
        if self._unmarked:
            yield from (match.span() for match in self._pattern.finditer(folded))
            return
        position = 0
        while (candidate := self._pattern.search(folded, position)) is not None:
            hit = self._hit_at(text, folded, candidate.start())
            if hit is not None:
                yield hit
            # Past a hit; past only the candidate's first letter otherwise, as a real hit may overlap it
            # ("ba bà ba" holds "bà ba" from its second word).
            position = hit[1] if hit is not None else candidate.start() + 1

    def _hit_at(self, text: str, folded: str, start: int) -> tuple[int, int] | None:
        """The longest phrase found at ``start`` with every marked word as typed, as a span; None if none is."""
        for pattern, words in self._alone:
            match = pattern.match(folded, start)
            if match is None:
                continue
            originals = WORD.findall(text[match.start():match.end()].lower())
            if all(not is_marked(word) or word == original for word, original in zip(words, originals)):
                return match.span()
        return None

    def snippet(self, text: str | None, folded: str | None = None, before: int = 80,
                length: int = 240) -> tuple[str, list[tuple[int, int]]]:
        """A piece of ``text`` around its first hit (its start if none) and the hits in it, at their positions there.

        Only the piece is searched past the first hit: a body is read to its end only when it has no hit at all.

        :param folded: ``fold(text)``, where it is at hand (see :meth:`spans`).
        :param before: about this many characters before the first hit, cut at a space.
        :param length: about this many characters in all.
        """
        text = unicodedata.normalize("NFC", text or "")
        folded = folded if folded is not None and len(folded) == len(text) else fold(text)
        text, folded = text.replace("\n", " "), folded.replace("\n", " ")
        first = self.first(text, folded)
        start = max(0, first[0] - before) if first else 0
        if start:
            start = text.find(" ", start) + 1 or start
        end = min(len(text), max(start + length, first[1] if first else 0))
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        piece = ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")
        shift = 2 if start else 0
        # One character past the piece, so that a word cut at its end is not taken for a whole one.
        return piece, [(a + shift, b + shift) for a, b in self._spans(text[start:end + 1], folded[start:end + 1])
                       if b <= end - start]
