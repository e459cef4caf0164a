"""Asking the retrieval index: passages for a query or for a claim's words, claims for a passage's words.

Ranking is the database's: BM25 in SQLite's FTS5 (``bm25()``, higher is better once negated),
cover density on PostgreSQL (``ts_rank_cd``). Results come best first; ties keep the older
source or claim first. Filters that keep only a few sources (``--source``) are applied in the
query; the others (outlet, dates, old revisions) are applied to ranked results fetched a page
ahead, so that a search of a large store still reads only the best matches.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import OperationalError

from store.vocabulary import PassageField
from workbench.search.query import All as AllOf
from workbench.search.query import Any as AnyOf
from workbench.search.query import Node, Query, Term, Without, any_of, fts5
from workbench.search.terms import fold, stem, words
from workbench.sql import name_key


@dataclass(frozen=True)
class Filters:
    """Which sources a search may return passages of."""

    outlets: Sequence[str] = ()
    sources: Sequence[int] = ()
    #: ISO dates (any precision): only sources published then or later / then or earlier.
    since: str | None = None
    until: str | None = None
    #: Passages of sources a newer revision replaced (what an old version said) too.
    old_revisions: bool = False
    #: Only sources in these languages (as detected at import: "en", "fr", "ru"...).
    languages: Sequence[str] = ()


@dataclass(frozen=True)
class Found:
    """One passage found: where its matched words are, the passage itself, how well it matched.

    ``start``/``end`` span the matched words, from the first to the last (a phrase searched for is
    exactly that phrase), in the coordinates of the source's text or title (``field``);
    ``passage_start``/``passage_end`` span the whole title or sentence, and ``marks`` are the
    matched words as offsets into ``passage``.
    """

    passage_id: int
    source_id: int
    field: PassageField
    start: int
    end: int
    passage: str
    passage_start: int
    passage_end: int
    score: float
    title: str | None
    outlet: str | None
    published_at: str | None
    marks: list[tuple[int, int]] = default(default_factory=list)
    #: The source's language as detected at import (``None`` until detected).
    language: str | None = None

    @property
    def text(self) -> str:
        """The matched stretch itself: ``source.text[start:end]`` (or the title's, for a title)."""
        return self.passage[self.start - self.passage_start : self.end - self.passage_start]


def _sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _tsquery(node: Node) -> str:
    """The query in PostgreSQL's ``to_tsquery`` syntax (every word is letters and digits only)."""
    if isinstance(node, Term):
        phrase = " <-> ".join(node.words)
        return f"({phrase}:*)" if node.prefix else f"({phrase})"
    if isinstance(node, AllOf):
        return "(" + " & ".join(_tsquery(p) for p in node.parts) + ")"
    if isinstance(node, AnyOf):
        return "(" + " | ".join(_tsquery(p) for p in node.parts) + ")"
    assert isinstance(node, Without)
    return f"({_tsquery(node.keep)} & !{_tsquery(node.drop)})"


_DETAILS = """
SELECT p.id, p.source_id, p.field, p.start, p."end", s.title, s.published_at, o.name AS outlet, l.language,
       CASE p.field WHEN 'title' THEN substr(s.title, p.start + 1, p."end" - p.start)
                    ELSE substr(s.text, p.start + 1, p."end" - p.start) END AS body,
       EXISTS (SELECT 1 FROM source AS newer WHERE newer.revision_of = s.id) AS superseded
FROM passage AS p JOIN source AS s ON s.id = p.source_id LEFT JOIN outlet AS o ON o.id = s.outlet_id
     LEFT JOIN source_language AS l ON l.source_id = s.id
WHERE p.id IN :ids
"""


#: A query matching more passages than this is ranked among the newest this many of them: ranking
#: every one of half a million matches takes seconds, and such a query needs narrowing anyway.
RANKED_AMONG = 10_000


def _threshold(connection: Connection, match: str) -> int | None:
    """The id from which the newest ``RANKED_AMONG`` matches start, or ``None`` if fewer match."""
    if _sqlite(connection):
        sql = "SELECT rowid FROM passage_fts WHERE passage_fts MATCH :match ORDER BY rowid DESC LIMIT 1 OFFSET :among"
    else:
        sql = (
            "SELECT passage_id FROM passage_tsv WHERE tsv @@ to_tsquery('english', :match) "
            "ORDER BY passage_id DESC LIMIT 1 OFFSET :among"
        )
    found = connection.execute(text(sql), {"match": match, "among": RANKED_AMONG}).scalar()
    return None if found is None else int(found)


def _ranked(
    connection: Connection, match: str, *, limit: int, offset: int, sources: Sequence[int], since_id: int | None
) -> list[Any]:
    """(passage id, score) best first, for a MATCH expression (SQLite) or tsquery text (PostgreSQL)."""
    restrict = "AND p.source_id IN :sources" if sources else ""
    params: dict[str, Any] = {"match": match, "limit": limit, "offset": offset, "since_id": since_id or 0}
    if sources:
        params["sources"] = list(sources)
    if _sqlite(connection):
        join = "JOIN passage AS p ON p.id = passage_fts.rowid" if sources else ""
        sql = (
            f"SELECT passage_fts.rowid AS id, -bm25(passage_fts) AS score FROM passage_fts {join} "
            f"WHERE passage_fts MATCH :match AND passage_fts.rowid >= :since_id {restrict} "
            "ORDER BY bm25(passage_fts), passage_fts.rowid LIMIT :limit OFFSET :offset"
        )
    else:
        join = "JOIN passage AS p ON p.id = t.passage_id" if sources else ""
        sql = (
            f"SELECT t.passage_id AS id, ts_rank_cd(t.tsv, q) AS score FROM passage_tsv AS t {join}, "
            f"to_tsquery('english', :match) AS q WHERE t.tsv @@ q AND t.passage_id >= :since_id {restrict} "
            "ORDER BY score DESC, t.passage_id LIMIT :limit OFFSET :offset"
        )
    statement = text(sql)
    if sources:
        statement = statement.bindparams(bindparam("sources", expanding=True))
    return list(connection.execute(statement, params))


def _keep(row: Any, filters: Filters) -> bool:
    if row.superseded and not filters.old_revisions:
        return False
    if filters.outlets and (row.outlet is None or name_key(row.outlet) not in {name_key(o) for o in filters.outlets}):
        return False
    if filters.languages and row.language not in {code.strip().lower() for code in filters.languages}:
        return False
    published = row.published_at
    if filters.since and (published is None or published[: len(filters.since)] < filters.since):
        return False
    return not (filters.until and (published is None or published[: len(filters.until)] > filters.until))


@dataclass(frozen=True)
class Results:
    """Passages found, best first; ``narrowed`` when more matched than are ranked (``RANKED_AMONG``)."""

    found: list[Found]
    narrowed: bool = False


def _found(row: Any, score: float, marked: set[str], prefixes: set[str]) -> Found:
    """A passage found (a row of ``_DETAILS``), its matched words marked."""
    marks = mark(row.body, marked, prefixes)
    first, last = (marks[0][0], marks[-1][1]) if marks else (0, len(row.body))
    return Found(
        passage_id=row.id,
        source_id=row.source_id,
        field=row.field,
        start=row.start + first,
        end=row.start + last,
        passage=row.body,
        passage_start=row.start,
        passage_end=row.end,
        score=round(score, 4),
        title=row.title,
        outlet=row.outlet,
        published_at=row.published_at,
        marks=marks,
        language=row.language,
    )


def passages_by_id(
    connection: Connection, ids: Sequence[int], *, filters: Filters, scores: dict[int, float] | None = None
) -> list[Found]:
    """These passages, in this order, those ``filters`` let through (found another way: by meaning)."""
    if not ids:
        return []
    statement = text(_DETAILS).bindparams(bindparam("ids", expanding=True))
    details = {r.id: r for r in connection.execute(statement, {"ids": list(ids)})}
    allowed = set(filters.sources)
    return [
        _found(details[i], (scores or {}).get(i, 0.0), set(), set())
        for i in ids
        if i in details and _keep(details[i], filters) and (not allowed or details[i].source_id in allowed)
    ]


def _passages(
    connection: Connection, match: str, filters: Filters, limit: int, marked: set[str], prefixes: set[str]
) -> Results:
    """The best ``limit`` passages for ``match`` that pass ``filters``, fetching ranked pages until enough."""
    found: list[Found] = []
    offset, page = 0, max(limit * 3, 30)
    since_id = None if filters.sources else _threshold(connection, match)
    while len(found) < limit:
        ranked = _ranked(connection, match, limit=page, offset=offset, sources=filters.sources, since_id=since_id)
        if not ranked:
            break
        statement = text(_DETAILS).bindparams(bindparam("ids", expanding=True))
        details = {r.id: r for r in connection.execute(statement, {"ids": [r.id for r in ranked]})}
        for hit in ranked:
            row = details.get(hit.id)
            if row is None or not _keep(row, filters):
                continue
            found.append(_found(row, float(hit.score), marked, prefixes))
            if len(found) == limit:
                break
        offset += page
        page *= 2
    return Results(found, narrowed=since_id is not None)


def search(connection: Connection, query: Query, *, filters: Filters | None = None, limit: int = 20) -> Results:
    """The passages that match a parsed query, best first."""
    filters = filters or Filters()
    match = fts5(query.tree) if _sqlite(connection) else _tsquery(query.tree)
    exact = {stem(w) for t in query.terms if not t.prefix for w in t.words}
    exact |= {stem(w) for t in query.terms if t.prefix for w in t.words[:-1]}
    prefixes = {t.words[-1] for t in query.terms if t.prefix}
    return _passages(connection, match, filters, limit, exact, prefixes)


#: Most postings (index entries: a word in a claim or a sentence) a query built from a text reads.
#: BM25 ranks a query of many words by reading every entry of every word; at a million claims a
#: common word ("government") holds 100,000 of them and a long paragraph's words millions, for
#: seconds a query. Such a word weighs little in the ranking (BM25's idf) and costs most, so the
#: query keeps its text's rarest words, as many as fit in this many entries (about 50 ms).
POSTINGS = 50_000
#: Fewest words a query built from a text keeps, however common: a suggestion needs two
#: (``workbench.suggest.SHARED``).
FEWEST = 2


#: The tokenizer of the store's full-text tables (``store/migrations/versions/0004``).
_TOKENIZE = "porter unicode61 remove_diacritics 2"
_TABLES = frozenset({"claim_fts", "passage_fts"})
_terms_lock = threading.Lock()
_terms_db: sqlite3.Connection | None = None
_terms: dict[str, tuple[str, ...]] = {}


def _index_terms(folded: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The terms SQLite's FTS5 makes of each word, from SQLite's own tokenizer.

    Its Porter stemmer is not Snowball's: it leaves words under three letters alone ("us") and
    stems "technology" to "technolog", where ``terms.stem`` gives "u" and "technologi". A word
    looked up by another stem would seem absent from the index, and cost its entries unbudgeted.
    Worked out in a scratch in-memory table, each word once per process.
    """
    global _terms_db
    with _terms_lock:
        wanted = [w for w in dict.fromkeys(folded) if w not in _terms]
        if wanted:
            if _terms_db is None:
                _terms_db = sqlite3.connect(":memory:", check_same_thread=False)
                _terms_db.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{_TOKENIZE}')")
                _terms_db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'instance')")
            if len(_terms) > 100_000:
                _terms.clear()
            _terms_db.executemany("INSERT INTO words (rowid, word) VALUES (?, ?)", enumerate(wanted))
            made: dict[int, list[str]] = {}
            for doc, term in _terms_db.execute('SELECT doc, term FROM terms ORDER BY doc, "offset"'):
                made.setdefault(doc, []).append(term)
            _terms_db.execute("DELETE FROM words")
            _terms.update({word: tuple(made.get(at, ())) for at, word in enumerate(wanted)})
        return {word: _terms[word] for word in folded}


def telling(connection: Connection, folded: Sequence[str], *, table: str, budget: int | None = None) -> list[str]:
    """The rarest of ``folded`` words in an index (``claim_fts``, ``passage_fts``), within ``budget`` postings.

    ``budget`` is ``POSTINGS`` unless given; the words come back in their order.

    Each word's document count comes from the index itself (SQLite's ``fts5vocab``, read per
    word), so a query reads a bounded share of a store of any size, and a small store, where
    every word fits, keeps them all: its ranking is unchanged. A word the index does not hold
    costs nothing and is kept, but does not count towards the ``FEWEST`` kept. PostgreSQL
    keeps every word (its text search keeps no counts a query can read in time), and so does a
    connection that may not make the temporary table the counts are read through.
    """
    if table not in _TABLES:
        raise ValueError(f"no full-text table {table!r}")
    if not _sqlite(connection) or len(folded) <= FEWEST:
        return list(folded)
    budget = POSTINGS if budget is None else budget
    made = _index_terms(folded)
    try:
        # a temporary view of the index's vocabulary: per connection, nothing written to the store
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_words USING fts5vocab(main, {table}, 'row')"
        )
        statement = text(f"SELECT term, doc FROM temp.{table}_words WHERE term IN :terms").bindparams(
            bindparam("terms", expanding=True)
        )
        terms = sorted({term for found in made.values() for term in found})
        held = {term: int(count) for term, count in connection.execute(statement, {"terms": terms})} if terms else {}
    except OperationalError:  # a read-only connection (``query_only``): every word, as before
        return list(folded)
    cost = {word: sum(held.get(term, 0) for term in made[word]) for word in folded}
    kept: list[str] = []
    read = counted = 0
    for word in sorted(folded, key=lambda w: cost[w]):  # rarest first, ties in the text's order
        if counted >= FEWEST and read + cost[word] > budget:
            break
        kept.append(word)
        read += cost[word]
        counted += cost[word] > 0
    chosen = set(kept)
    return [word for word in folded if word in chosen]


def passages_like(connection: Connection, folded: Iterable[str], *, filters: Filters, limit: int) -> list[Found]:
    """Passages that share the most (and rarest) of these folded words with each other, best first.

    Only the words ``telling`` keeps are asked for: a store of any size reads a bounded share.
    """
    wanted = telling(connection, [w for w in dict.fromkeys(folded) if w.isalnum()], table="passage_fts")
    if not wanted:
        return []
    match = any_of(wanted) if _sqlite(connection) else " | ".join(wanted)
    return _passages(connection, match, filters, limit, {stem(w) for w in wanted}, set()).found


def claims_like(connection: Connection, folded: Iterable[str], *, limit: int) -> list[tuple[int, float]]:
    """(claim id, score) of the claims whose text or evidence shares most of these folded words, best first.

    Only the words ``telling`` keeps are asked for: a store of any size reads a bounded share.
    """
    wanted = telling(connection, [w for w in dict.fromkeys(folded) if w.isalnum()], table="claim_fts")
    if not wanted:
        return []
    if _sqlite(connection):
        sql = (
            "SELECT rowid AS id, -bm25(claim_fts) AS score FROM claim_fts WHERE claim_fts MATCH :match "
            "ORDER BY bm25(claim_fts), rowid LIMIT :limit"
        )
        match = any_of(wanted)
    else:
        sql = (
            "SELECT claim_id AS id, ts_rank_cd(tsv, q) AS score FROM claim_tsv, to_tsquery('english', :match) AS q "
            "WHERE tsv @@ q ORDER BY score DESC, claim_id LIMIT :limit"
        )
        match = " | ".join(wanted)
    return [(r.id, float(r.score)) for r in connection.execute(text(sql), {"match": match, "limit": limit})]


def mark(passage: str, stems: set[str], prefixes: set[str]) -> list[tuple[int, int]]:
    """Offsets of the runs of words of ``passage`` that match: a wanted stem, or a wanted prefix.

    Matched words next to each other (nothing but spaces or punctuation between) make one run,
    so that a phrase is marked as one: "at least five T-72B3".
    """
    found: list[tuple[int, int]] = []
    previous_matched = False
    for w in words(passage):
        matched = w.stem in stems or any(w.folded.startswith(fold(p)) for p in prefixes)
        if matched and previous_matched and found:
            found[-1] = (found[-1][0], w.end)
        elif matched:
            found.append((w.start, w.end))
        previous_matched = matched
    return found
