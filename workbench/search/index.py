"""Keeping the retrieval index: every title and sentence of every source, and every claim.

A source's passages (its title, then each sentence of its text, with their code-point spans)
are indexed in the transaction that imports it; a claim is indexed in the transaction that
creates it, and again whenever its evidence changes: its document is its text plus the titles
of the sources its evidence is in and the quotes that word it otherwise, so that a claim is
found by every wording on file. The index is derived: ``rebuild`` makes it again from the
texts, and ``catch_up`` indexes what an older store (or an older version of these rules) has
not indexed yet.

SQLite keeps the words in FTS5 tables (``passage_fts`` without content: the words are in the
source's text; ``claim_fts``), PostgreSQL in ``tsvector`` columns (``english`` stemming) with
GIN indexes. Both index the same folded, web-clutter-free text (``workbench.search.terms``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, exists, func, insert, select, text

from store import Store
from store.models import IndexedSource, Passage, table
from store.vocabulary import PassageField
from workbench.access import maintaining, reading
from workbench.search.terms import WORD, fold, readable
from workbench.sql import CLAIM, CREDIT, EMBEDDING, EVIDENCE, LANGUAGE, SOURCE, chunks, rows_in
from workbench.wire import record_credits

PASSAGE = table(Passage)
INDEXED = table(IndexedSource)

#: The version of the indexing rules (what a passage is, how text is read). Sources indexed by an
#: older version are indexed again by ``catch_up``.
VERSION = 1
#: Sources indexed per transaction when catching up or rebuilding: memory stays flat.
BATCH = 500

#: ``progress(done, total)``, called as sources and claims are indexed.
Progress = Callable[[int, int], None]

_SQLITE = {
    "add_passages": "INSERT INTO passage_fts (rowid, body) VALUES (:id, :body)",
    "forget_passages": "INSERT INTO passage_fts (passage_fts, rowid, body) VALUES ('delete', :id, :body)",
    "forget_claims": "DELETE FROM claim_fts WHERE rowid IN :ids",
    "add_claims": "INSERT INTO claim_fts (rowid, text, context) VALUES (:id, :text, :context)",
    # counted in FTS5's own table of each row's size (one row per indexed claim, a plain B-tree):
    # counting the virtual table reads every stored row, 0.15 s of every command at a million claims
    "count_claims": "SELECT count(*) FROM claim_fts_docsize",
    "unindexed_claims": "SELECT id FROM claim WHERE id NOT IN (SELECT id FROM claim_fts_docsize) ORDER BY id",
    "clear": "INSERT INTO passage_fts (passage_fts) VALUES ('delete-all');DELETE FROM claim_fts",
    "optimize": (
        "INSERT INTO passage_fts (passage_fts) VALUES ('optimize');"
        "INSERT INTO claim_fts (claim_fts) VALUES ('optimize')"
    ),
}
_POSTGRES = {
    "add_passages": "INSERT INTO passage_tsv (passage_id, tsv) VALUES (:id, to_tsvector('english', :body))",
    "forget_passages": "DELETE FROM passage_tsv WHERE passage_id = :id",
    "forget_claims": "DELETE FROM claim_tsv WHERE claim_id IN :ids",
    "add_claims": (
        "INSERT INTO claim_tsv (claim_id, tsv) VALUES (:id, setweight(to_tsvector('english', :text), 'A') "
        "|| setweight(to_tsvector('english', :context), 'B'))"
    ),
    "count_claims": "SELECT count(*) FROM claim_tsv",
    "unindexed_claims": "SELECT id FROM claim WHERE id NOT IN (SELECT claim_id FROM claim_tsv) ORDER BY id",
    "clear": "DELETE FROM passage_tsv;DELETE FROM claim_tsv",
    "optimize": "ANALYZE passage_tsv;ANALYZE claim_tsv",
}


def _sql(connection: Connection, name: str) -> list[TextClause]:
    """The statements (one or more) named ``name`` in the connection's dialect, ready to execute."""
    found = (_SQLITE if connection.dialect.name == "sqlite" else _POSTGRES)[name]
    return [text(s).bindparams(bindparam("ids", expanding=True)) if ":ids" in s else text(s) for s in found.split(";")]


@dataclass(frozen=True, slots=True)
class Span:
    """A passage of a source before it is stored: where it is, and the words to index for it."""

    field: PassageField
    start: int
    end: int
    body: str


def body(piece: str) -> str:
    """What the full-text index stores for a piece of text: its words, folded, URLs out, tags split.

    Only the words, space-separated, so that both databases cut them alike: PostgreSQL would
    otherwise read "t-72b3" as one hyphenated word where SQLite reads "t" and "72b3".
    """
    return " ".join(WORD.findall(fold(readable(piece))))


def passages(title: str | None, source_text: str) -> list[Span]:
    """A source's passages: its title (if it has one), then every sentence of its text."""
    from workbench.extract import sentences  # deferred: the extractors load with it (0.1 s)

    found = [Span("title", 0, len(title), body(title))] if title and title.strip() else []
    found += [Span("text", s.start, s.end, body(s.text)) for s in sentences.find(source_text)]
    return found


def add_sources(connection: Connection, sources: Iterable[tuple[int, str | None, str]]) -> int:
    """Index sources given as (id, title, text), in the caller's transaction. Returns the passages added."""
    rows: list[dict[str, Any]] = []
    bodies: list[str] = []
    done: list[int] = []
    sources = list(sources)
    detect_languages(connection, sources)
    for source_id, title, source_text in sources:
        for span in passages(title, source_text):
            rows.append({"source_id": source_id, "field": span.field, "start": span.start, "end": span.end})
            bodies.append(span.body)
        done.append(source_id)
    if rows:
        inserted = connection.execute(insert(PASSAGE).returning(PASSAGE.c.id, sort_by_parameter_order=True), rows)
        words = [{"id": r.id, "body": b} for r, b in zip(inserted, bodies, strict=True)]
        [statement] = _sql(connection, "add_passages")
        connection.execute(statement, words)
    if done:
        connection.execute(insert(INDEXED), [{"source_id": i, "version": VERSION} for i in done])
    return len(rows)


def claim_documents(connection: Connection, claim_ids: Iterable[int]) -> Iterator[tuple[int, str, str]]:
    """(id, text, context) of each claim: its text, and the titles and other wordings of its evidence."""
    wanted = list(claim_ids)
    claims = select(CLAIM.c.id, CLAIM.c.text)
    texts = {r.id: r.text for r in rows_in(connection, wanted, lambda part: claims.where(CLAIM.c.id.in_(part)))}
    context: dict[int, dict[str, None]] = defaultdict(dict)
    evidence = select(EVIDENCE.c.claim_id, EVIDENCE.c.exact, SOURCE.c.title)
    evidence = evidence.join(SOURCE, SOURCE.c.id == EVIDENCE.c.source_id)
    evidence = evidence.where(EVIDENCE.c.retracted_at.is_(None))  # a withdrawn quote is no wording of the claim
    for row in rows_in(connection, wanted, lambda part: evidence.where(EVIDENCE.c.claim_id.in_(part))):
        own = body(texts.get(row.claim_id, ""))
        for piece in (row.title, row.exact):
            if piece and body(piece) != own:
                context[row.claim_id][piece] = None
    for claim_id in wanted:
        if claim_id in texts:
            yield claim_id, body(texts[claim_id]), body("\n".join(context.get(claim_id, {})))


def claims_changed(connection: Connection, claim_ids: Iterable[int]) -> None:
    """Index claims again (new, or their text or evidence changed), in the caller's transaction."""
    [forget] = _sql(connection, "forget_claims")
    [add] = _sql(connection, "add_claims")
    for part in chunks(claim_ids):
        connection.execute(forget, {"ids": part})
        documents = [{"id": i, "text": t, "context": c} for i, t, c in claim_documents(connection, part)]
        if documents:
            connection.execute(add, documents)


def drop_sources(connection: Connection, source_ids: list[int]) -> None:
    """Forget the passages of these sources (to index them again by the current rules)."""
    [forget] = _sql(connection, "forget_passages")
    for part in chunks(source_ids):
        rows = list(connection.execute(select(PASSAGE).where(PASSAGE.c.source_id.in_(part))))
        if rows:
            # SQLite's contentless table forgets a row only when given back the words it was given
            query = select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.text).where(SOURCE.c.id.in_(part))
            texts = {r.id: (r.title or "", r.text) for r in connection.execute(query)}
            pieces = [texts[r.source_id][0 if r.field == "title" else 1][r.start : r.end] for r in rows]
            connection.execute(forget, [{"id": r.id, "body": body(p)} for r, p in zip(rows, pieces, strict=True)])
        # a passage's vector goes with it: its id may be given to another sentence
        for ids in chunks(r.id for r in rows):
            connection.execute(EMBEDDING.delete().where(EMBEDDING.c.kind == "passage", EMBEDDING.c.item_id.in_(ids)))
        connection.execute(PASSAGE.delete().where(PASSAGE.c.source_id.in_(part)))
        connection.execute(INDEXED.delete().where(INDEXED.c.source_id.in_(part)))
        connection.execute(LANGUAGE.delete().where(LANGUAGE.c.source_id.in_(part)))


def detect_languages(connection: Connection, sources: Iterable[tuple[int, str | None, str]]) -> None:
    """Record the language of each source given as (id, title, text), in the caller's transaction."""
    from workbench.languages import detect  # deferred: its model loads on first use

    rows = []
    for source_id, title, source_text in sources:
        found = detect(f"{title or ''}\n{source_text}")
        rows.append({"source_id": source_id, "language": found.language, "confidence": found.confidence})
    if rows:
        connection.execute(insert(LANGUAGE), rows)


def index_sources(connection: Connection, source_ids: list[int]) -> int:
    """Index the sources ``source_ids`` (dropping any older passages of theirs first)."""
    drop_sources(connection, source_ids)
    query = select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.text).where(SOURCE.c.id.in_(source_ids))
    return add_sources(connection, ((r.id, r.title, r.text) for r in connection.execute(query.order_by(SOURCE.c.id))))


@dataclass(frozen=True)
class Backlog:
    """What the index lacks: sources never indexed (or by older rules), claims never indexed."""

    sources: list[int]
    claims: list[int]
    #: Sources indexed before languages were detected (a store made by an older version).
    languages: list[int] = field(default_factory=list)
    #: Sources whose agency credit was never read (``workbench.wire``; a store made by an older version).
    credits: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sources or self.claims or self.languages or self.credits)


def _count(connection: Connection, statement: Any) -> int:
    return int(connection.execute(statement).scalar_one())


def status(connection: Connection) -> dict[str, int]:
    """How much the index holds: sources and claims on file and indexed, passages."""
    [claims_indexed] = _sql(connection, "count_claims")
    return {
        "sources": _count(connection, select(func.count()).select_from(SOURCE)),
        "sources_indexed": _count(connection, select(func.count()).where(INDEXED.c.version == VERSION)),
        "passages": _count(connection, select(func.count()).select_from(PASSAGE)),
        "claims": _count(connection, select(func.count()).select_from(CLAIM)),
        "claims_indexed": _count(connection, claims_indexed),
        "languages": _count(connection, select(func.count()).select_from(LANGUAGE)),
        "credits": _count(connection, select(func.count()).select_from(CREDIT)),
    }


def backlog(connection: Connection) -> Backlog:
    """What ``catch_up`` would index. Cheap when there is nothing to do (six counts)."""
    counts = status(connection)
    missing_sources: list[int] = []
    missing_claims: list[int] = []
    if counts["sources_indexed"] != counts["sources"]:
        current = select(INDEXED.c.source_id).where(INDEXED.c.version == VERSION)
        unindexed = select(SOURCE.c.id).where(SOURCE.c.id.not_in(current)).order_by(SOURCE.c.id)
        missing_sources = list(connection.execute(unindexed).scalars())
    if counts["claims_indexed"] != counts["claims"]:
        [unindexed_claims] = _sql(connection, "unindexed_claims")
        missing_claims = list(connection.execute(unindexed_claims).scalars())
    missing_languages: list[int] = []
    if counts["languages"] != counts["sources"]:
        known = exists().where(LANGUAGE.c.source_id == SOURCE.c.id)
        unknown = select(SOURCE.c.id).where(~known)
        waiting = set(missing_sources)  # indexing them detects their language too
        missing_languages = [i for i in connection.execute(unknown.order_by(SOURCE.c.id)).scalars() if i not in waiting]
    missing_credits: list[int] = []
    if counts["credits"] != counts["sources"]:
        read = exists().where(CREDIT.c.source_id == SOURCE.c.id)
        missing_credits = list(connection.execute(select(SOURCE.c.id).where(~read).order_by(SOURCE.c.id)).scalars())
    return Backlog(missing_sources, missing_claims, missing_languages, missing_credits)


def catch_up(*, store: Store, progress: Progress | None = None) -> int:
    """Index whatever the index lacks, a batch per transaction. Returns how many sources and claims it indexed.

    Nothing to do costs six counts, so it runs whenever the workbench opens a store.
    """
    with reading(store) as connection:
        missing = backlog(connection)
    if not missing:
        return 0

    def credits(connection: Connection, part: list[int]) -> None:
        query = select(SOURCE.c.id, SOURCE.c.text, SOURCE.c.author).where(SOURCE.c.id.in_(part))
        record_credits(connection, connection.execute(query).tuples())

    def languages(connection: Connection, part: list[int]) -> None:
        query = select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.text).where(SOURCE.c.id.in_(part))
        detect_languages(connection, connection.execute(query).all())

    work: list[tuple[list[int], int, Callable[[Connection, list[int]], object]]] = [
        (missing.credits, BATCH, credits),
        (missing.languages, BATCH, languages),
        (missing.sources, BATCH, index_sources),
        (missing.claims, BATCH * 10, claims_changed),
    ]
    total = sum(len(ids) for ids, _, _ in work)
    done = 0
    for ids, size, step in work:
        for part in chunks(ids, size):
            with maintaining(store) as connection:
                step(connection, part)
            done += len(part)
            if progress is not None:
                progress(done, total)
    return total


def rebuild(*, store: Store, progress: Progress | None = None) -> int:
    """Make the whole index again from the texts and claims. Returns the number of sources and claims indexed."""
    with maintaining(store) as connection:
        for statement in _sql(connection, "clear"):
            connection.execute(statement)
        connection.execute(EMBEDDING.delete().where(EMBEDDING.c.kind == "passage"))
        connection.execute(PASSAGE.delete())
        connection.execute(INDEXED.delete())
    indexed = catch_up(store=store, progress=progress)
    with maintaining(store) as connection:  # one merged index reads faster than the batches' pieces
        for statement in _sql(connection, "optimize"):
            connection.execute(statement)
    return indexed
