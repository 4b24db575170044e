"""One search of the search page as SQL: its filters, its exact count, its matches in order, page by page.

The order is in tiers, so that a page costs a few milliseconds however common the words are (FTS5 cannot stop
ranking early: ``order by rank`` scores every match):

1. the :data:`RANKED` newest matches in the head index (headline, lead, tags, author), by bm25;
2. the other head matches, newest first;
3. the matches in the body only, newest first.

Ties go to the newer (higher rowid), so every order is total and a result is on exactly one page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta, timezone
from urllib.parse import urlencode

from archive.search import FOLD, FULL, HEAD, INDEXES, Index, fts_query, phrase_check, phrases

# The furthest page a URL may ask for (20 million results): its offset stays an SQLite integer, and a page past the
# last is shown as the last.
MAX_PAGE = 1_000_000
# The papers' time, in which the archive's dates are written and read.
VIETNAM = timezone(timedelta(hours=7))
# How many of the newest head matches are ranked by relevance; ranking them costs about a millisecond a hundred.
RANKED = 500
# The table of the full index's terms with the number of articles holding each, per connection (never written to
# the file, which is served read-only).
VOCABULARY = "temp.ansinh_terms"


def day(value: str | None) -> str | None:
    """A day as ISO 8601 (``2024-05-31``), or None for anything else."""
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Search:
    """One search as the page's URL states it.

    :param q: what the user typed.
    :param site: a site key, or "" for every site.
    :param category: a category as stored, or "" for all.
    :param start: the first day of publication (Vietnam time), ISO 8601, or None.
    :param end: the last day of publication, included, or None.
    :param sort: "newest", or "" for the most relevant first.
    :param page: the page shown, from 1.
    """

    q: str = ""
    site: str = ""
    category: str = ""
    start: str | None = None
    end: str | None = None
    sort: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> Search:
        try:
            page = min(max(1, int(args.get("page") or 1)), MAX_PAGE)
        except ValueError:
            page = 1
        return cls(
            q=(args.get("q") or "").strip(), site=args.get("site") or "", category=args.get("category") or "",
            start=day(args.get("_from")), end=day(args.get("_to")),
            sort="newest" if args.get("sort") == "newest" else "", page=page,
        )

    def args(self, **changes) -> str:
        """This search's query string, with ``changes`` (field=value); empty fields left out."""
        search = replace(self, **changes)
        pairs = {"q": search.q, "site": search.site, "category": search.category, "_from": search.start,
                 "_to": search.end, "sort": search.sort, "page": search.page if search.page > 1 else None}
        return urlencode({key: value for key, value in pairs.items() if value})

    def table_args(self) -> str:
        """The same search and filters as the articles table reads them."""
        pairs = {"_search": self.q, "site": self.site, "category": self.category, "_from": self.start, "_to": self.end}
        return urlencode({key: value for key, value in pairs.items() if value})

    def where(self, index: Index = FULL) -> str:
        """The ``from … where …`` of the articles that match in ``index`` (parameters: :meth:`params`)."""
        clauses = [f"[{index.table}] match :{index.table}", *self._filters(index)]
        # Without a filter the index alone answers: no row of articles is read per match.
        joined = f" join articles on articles.rowid = [{index.table}].rowid" if len(clauses) > 1 else ""
        return f"from [{index.table}]{joined} where " + " and ".join(clauses)

    def params(self) -> dict:
        return {**{index.table: fts_query(self.q, index) for index in INDEXES}, "site": self.site,
                "category": self.category, "start": self.start, "end": self.end, "ansinh_q": self.q}

    def count(self, conn) -> int:
        """The exact number of matches."""
        term = self._lone_term()
        if term is not None:
            conn.execute(f"create virtual table if not exists {VOCABULARY} using fts5vocab(main, [{FULL.table}], 'row')")
            found = conn.execute(f"select doc from {VOCABULARY} where term = ?", [term]).fetchone()
            return found[0] if found else 0
        return conn.execute(f"select count(*) {self.where()}", self.params()).fetchone()[0]

    def _lone_term(self) -> str | None:
        """The index's term for a search of one word and no filter, which the vocabulary counts exactly; else None.

        A word with marks matches only itself, and only the columns as written hold marked terms; a word without
        marks matches its folded form, which the folded twin holds wherever the text as written holds it. So either
        way, the articles holding the term anywhere are the matches. Only for letters whose case the tokenizer
        folds as Python does (ASCII and the marked Latin letters), and digits.
        """
        found = phrases(self.q)
        if self._filters() or len(found) != 1 or len(found[0]) != 1:
            return None
        word = found[0][0]
        if not all(c.isalnum() and (c.isascii() or ord(c) in FOLD) for c in word):
            return None
        return word

    def ranked(self, conn, newest: bool | None = None, limit: int = -1, offset: int = 0) -> list[int]:
        """The rowids of the matches in order, ``limit`` of them (-1: all) from ``offset``.

        :param newest: newest first whatever the search's ``sort`` (the feed); None follows it.
        """
        newest = self.sort == "newest" if newest is None else newest
        params = self.params()
        if newest:
            # Walking the date index and keeping the matches is faster than sorting every match by date.
            clauses = [f"articles.rowid in (select rowid from [{FULL.table}] where [{FULL.table}] match :{FULL.table})",
                       *self._filters(FULL)]
            sql = f"select articles.rowid from articles where {' and '.join(clauses)} order by articles.published desc"
            return [row[0] for row in conn.execute(f"{sql} limit {limit} offset {offset}", params)]
        # Each tier fills what is left of the page; where the page starts in the next tier depends on how many
        # matches this one held.
        best = self._best_of_head(conn, params)
        ids = best[offset:offset + limit] if limit >= 0 else best[offset:]
        if len(ids) == limit:
            return ids
        offset = 0 if ids else max(0, offset - len(best))
        # The head matches past the ranked ones are older than all of them.
        older = f" and [{HEAD.table}].rowid < {min(best)}" if len(best) == RANKED else " and 0"
        rest = self._rest_of_head(conn, params, older, limit - len(ids) if limit >= 0 else -1, offset)
        ids += rest
        if len(ids) == limit:
            return ids
        offset = 0 if rest else max(0, offset - (self._head_count(conn, params) - len(best)))
        return ids + self._body_only(conn, params, limit - len(ids) if limit >= 0 else -1, offset)

    def _best_of_head(self, conn, params: dict) -> list[int]:
        """Tier 1: the :data:`RANKED` newest head matches, by bm25."""
        head = f"[{HEAD.table}]"
        return [row[0] for row in conn.execute(
            f"select rowid from (select {head}.rowid, {head}.rank {self.where(HEAD)} order by {head}.rowid desc "
            f"limit {RANKED}) order by rank, rowid desc", params)]

    def _rest_of_head(self, conn, params: dict, older: str, limit: int, offset: int) -> list[int]:
        """Tier 2: the head matches ``older`` than the ranked ones, newest first."""
        head = f"[{HEAD.table}]"
        return [row[0] for row in conn.execute(
            f"select {head}.rowid {self.where(HEAD)}{older} order by {head}.rowid desc limit {limit} offset {offset}",
            params)]

    def _head_count(self, conn, params: dict) -> int:
        return conn.execute(f"select count(*) {self.where(HEAD)}", params).fetchone()[0]

    def _body_only(self, conn, params: dict, limit: int, offset: int) -> list[int]:
        """Tier 3: the matches in the body only, newest first."""
        head, full = f"[{HEAD.table}]", f"[{FULL.table}]"
        return [row[0] for row in conn.execute(
            f"select {full}.rowid {self.where(FULL)} and {full}.rowid not in (select {head}.rowid {self.where(HEAD)}) "
            f"order by {full}.rowid desc limit {limit} offset {offset}", params)]

    def _filters(self, index: Index | None = None) -> list[str]:
        """The conditions on articles besides the index's match: the page's filters, and for a match in ``index``
        the check of phrases that mix marks (:func:`archive.search.phrase_check`)."""
        filters = [clause for clause, value in (
            ("articles.site = :site", self.site),
            ("articles.category = :category", self.category),
            ("articles.published >= :start", self.start),
            # Times carry "+07:00", so "2024-05-31T23:00…" sorts before the next day but after "2024-05-31".
            ("articles.published < date(:end, '+1 day')", self.end),
        ) if value]
        check = phrase_check(self.q, index) if index is not None else None
        return [check, *filters] if check else filters
