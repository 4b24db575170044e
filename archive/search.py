"""Vietnamese full-text search over the articles: the FTS5 index and the query that reads it.

SQLite's ``unicode61 remove_diacritics 2`` tokenizer folds case and every tone and vowel mark, but not đ/Đ,
which has no Unicode decomposition. The archive folds đ once, in the schema: each searched column has a virtual
generated twin with đ→d (``title_folded`` …), and the FTS5 table indexes both, kept in step by sqlite-utils' standard
triggers. No custom tokenizer is involved, so the sqlite3 shell, sqlite-utils and a plain datasette still open the
file, and even their searches find "Đắk Nông" for "dak nong".

:func:`fts_query` is the query side: datasette's ``escape_fts`` is replaced by it (see ``archive.plugin``), so the
table search box, ``?_search=`` and the project's search page all read a user's words the same way.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import sqlite_utils

SEARCHED_COLUMNS = ("title", "sapo", "text", "tags", "author")
FOLDED_COLUMNS = tuple(f"{column}_folded" for column in SEARCHED_COLUMNS)
FTS_TABLE = "articles_fts"
TOKENIZER = "unicode61 remove_diacritics 2"
# bm25 weights, in the FTS column order (originals, then their folded twins): a title hit is worth most.
WEIGHTS = {"title": 10.0, "sapo": 4.0, "text": 1.0, "tags": 5.0, "author": 3.0}
RANK = "bm25({})".format(", ".join(str(WEIGHTS[column]) for column in SEARCHED_COLUMNS * 2))

# đ/Đ, and ð/Ð which stand for them in Vietnamese text once mis-decoded through a windows-125x code page.
D_FOLDS = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
# Typographic quotes, as phones type them, count as phrase quotes.
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
# A phrase is spelled in every đ/d combination up to this many; beyond, only folded (still found, less highlighted).
MAX_SPELLINGS = 16
# FTS5 reads these as operators only in capitals; a user who types them gets their other words, all required.
OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def _fold_sql(column: str) -> str:
    expression = f"[{column}]"
    for letter, plain in D_FOLDS.items():
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def enable_search(db: sqlite_utils.Database) -> None:
    """Set up full-text search on ``articles``: folded twin columns, the FTS5 table, its triggers and ranking.

    Idempotent, and a few catalogue reads when already done: it runs each time an archive is opened.
    """
    if search_is_ready(db):
        return
    with db.conn:
        present = {row[1] for row in db.execute("pragma table_xinfo(articles)")}
        for column, folded in zip(SEARCHED_COLUMNS, FOLDED_COLUMNS):
            if folded not in present:
                # Virtual: computed on read, so the articles table itself grows by nothing.
                db.execute(f"alter table articles add column [{folded}] text generated always as ({_fold_sql(column)})")
        db["articles"].enable_fts(
            SEARCHED_COLUMNS + FOLDED_COLUMNS,
            fts_version="FTS5",
            create_triggers=True,
            tokenize=TOKENIZER,
            replace=True,
        )
        # Stored in the FTS table's config, so every `order by rank` weighs columns the same way.
        db.execute(f"insert into [{FTS_TABLE}]([{FTS_TABLE}], rank) values ('rank', ?)", [RANK])


def search_is_ready(db: sqlite_utils.Database) -> bool:
    """Whether the archive's search index exists with the expected columns, triggers and ranking."""
    fts = db[FTS_TABLE]
    if not fts.exists() or tuple(fts.columns_dict) != SEARCHED_COLUMNS + FOLDED_COLUMNS:
        return False
    triggers = {trigger.name for trigger in db["articles"].triggers}
    if not {"articles_ai", "articles_ad", "articles_au"} <= triggers:
        return False
    rank = db.execute(f"select v from [{FTS_TABLE}_config] where k = 'rank'").fetchone()
    return rank is not None and rank[0] == RANK


def fold(text: str) -> str:
    """Lower-case ``text`` in NFC and spell đ as d, as the folded columns and the index see it."""
    text = unicodedata.normalize("NFC", text).lower()
    for letter, plain in D_FOLDS.items():
        text = text.replace(letter, plain)
    return text


# What a search reads of the query: far longer than any real search, far shorter than one that costs seconds.
MAX_QUERY = 256


def fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 query that never raises a syntax error.

    Quoted parts match as phrases, every other word must appear; only the first ``MAX_QUERY`` characters count. FTS5 operators typed in capitals (AND, OR, NOT,
    NEAR) are dropped, brackets, stars and a stray quote are read as punctuation. Diacritics never matter: the tokenizer folds the marks, this folds
    đ/Đ. Each word starting with d is also asked for with đ, which the folded columns do not need but which lets
    ``snippet()`` and ``highlight()`` on the original columns mark "Đắk" for "dak".

    >>> fts_query('"Đắk Nông" OR ngheo"')
    '("dắk nông" OR "đắk nông") AND "ngheo"'
    """
    if len(query) > MAX_QUERY:
        # Cut between words: half a word would be a word the articles do not have.
        query = re.sub(r"\w*$", "", query[:MAX_QUERY]) if query[MAX_QUERY].isalnum() else query[:MAX_QUERY]
    phrases = []
    for quoted, bare in re.findall(r'"([^"]*)"|([^"]+)', query.translate(QUOTES)):
        if quoted:
            phrases.append(_phrase(_words(quoted)))
        else:
            phrases.extend(_phrase([word]) for word in _words(bare) if word not in OPERATORS)
    # An empty phrase matches nothing, quietly: the query had no word at all.
    return " AND ".join(phrase for phrase in phrases if phrase) or '""'


def _words(text: str) -> list[str]:
    # The tokenizer's own notion of a word: letters and digits (underscore is a separator for it too).
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text))


def _phrase(words: list[str]) -> str:
    if not words:
        return ""
    # In Vietnamese đ only starts a syllable, so a word has one spelling with d and, if it starts with d, one with đ.
    words = [fold(word) for word in words]
    choices = [(word, "đ" + word[1:]) if word.startswith("d") else (word,) for word in words]
    spellings = [" ".join(spelling) for spelling in itertools.islice(itertools.product(*choices), MAX_SPELLINGS + 1)]
    if len(spellings) > MAX_SPELLINGS:
        spellings = [" ".join(words)]
    quoted = [f'"{spelling}"' for spelling in spellings]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
