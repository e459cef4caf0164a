"""Embeddings kept with the data they describe: computing what is missing, and finding neighbours.

``embed`` computes, in batches, the vectors the store lacks for the current model: each claim's
text, each evidence link's quote, each passage of the retrieval index (titles and sentences of
sources). A vector is stale when the model changed (a new model embeds everything again) or the
text it was made from changed (a claim's text, by its digest); a passage's vector goes with the
passage when the index forgets it. Each batch is its own transaction, so an interrupted run keeps
what it did and the next one goes on from there. Derived data: never audited.

The indexes (``claim_index``, ``passage_index``) are built from the stored vectors and kept in
memory while the store has not changed, so that the reader asking for suggestions source after
source does not read every vector again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, delete, exists, func, insert, select

from store import Store
from store.vocabulary import EMBEDDED_KINDS, EmbeddedKind
from workbench.access import maintaining, reading
from workbench.search.index import PASSAGE
from workbench.semantic import model as semantic
from workbench.semantic.vectors import Index, gather, pack
from workbench.sql import CLAIM, EMBEDDING, EVIDENCE, SOURCE, chunks

#: Dimensions of the vectors stored (multilingual-e5-small's).
DIM = 384
#: Texts embedded and written per transaction.
BATCH = 256
#: ``progress(done, total)``, called after each batch.
Progress = Callable[[int, int], None]


def digest(text: str) -> str:
    """A short hash of the text a vector was made from: a changed text is embedded again."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class EmbedReport:
    """What ``embed`` did: vectors made per kind, the model that made them, and what was already current."""

    model: str
    embedded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EMBEDDED_KINDS, 0))
    current: int = 0
    dropped: int = 0

    @property
    def total(self) -> int:
        """Vectors made in this run."""
        return sum(self.embedded.values())


def _stored(connection: Connection, kind: EmbeddedKind, model: str) -> dict[int, str]:
    query = select(EMBEDDING.c.item_id, EMBEDDING.c.digest).where(EMBEDDING.c.kind == kind, EMBEDDING.c.model == model)
    return dict(connection.execute(query).all())


def _pending_texts(connection: Connection, kind: EmbeddedKind, model: str) -> tuple[list[tuple[int, str]], int]:
    """(id, text) of the claims or quotes without a current vector, and how many have one."""
    if kind == "claim":
        rows = connection.execute(select(CLAIM.c.id, CLAIM.c.text).order_by(CLAIM.c.id))
    else:
        query = select(EVIDENCE.c.id, EVIDENCE.c.exact).where(EVIDENCE.c.exact.is_not(None))
        rows = connection.execute(query.order_by(EVIDENCE.c.id))
    stored = _stored(connection, kind, model)
    pending, current = [], 0
    for item_id, text in rows:
        if stored.get(item_id) == digest(text):
            current += 1
        else:
            pending.append((item_id, text))
    return pending, current


def _unembedded_passages(connection: Connection, model: str) -> list[int]:
    have = and_(EMBEDDING.c.kind == "passage", EMBEDDING.c.item_id == PASSAGE.c.id, EMBEDDING.c.model == model)
    query = select(PASSAGE.c.id).outerjoin(EMBEDDING, have).where(EMBEDDING.c.item_id.is_(None))
    return list(connection.execute(query.order_by(PASSAGE.c.id)).scalars())


def passage_texts(connection: Connection, passage_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, text) of passages: a title, or a sentence cut from its source's text."""
    query = select(PASSAGE.c.id, PASSAGE.c.field, PASSAGE.c.start, PASSAGE.c.end, SOURCE.c.title, SOURCE.c.text)
    query = query.join(SOURCE, SOURCE.c.id == PASSAGE.c.source_id).where(PASSAGE.c.id.in_(passage_ids))
    found = []
    for row in connection.execute(query.order_by(PASSAGE.c.id)):
        whole = (row.title or "") if row.field == "title" else row.text
        found.append((row.id, whole[row.start : row.end]))
    return found


def _write(
    connection: Connection, kind: EmbeddedKind, model: str, items: Sequence[tuple[int, str]], vectors: Any
) -> None:
    ids = [i for i, _ in items]
    connection.execute(delete(EMBEDDING).where(EMBEDDING.c.kind == kind, EMBEDDING.c.item_id.in_(ids)))
    rows = [
        {"kind": kind, "item_id": i, "model": model, "digest": digest(t), "vector": v}
        for (i, t), v in zip(items, pack(vectors), strict=True)
    ]
    connection.execute(insert(EMBEDDING), rows)


def _known(connection: Connection, model: str, digests: Sequence[str]) -> dict[str, bytes]:
    """Vectors already stored for texts of these digests (of any kind)."""
    query = select(EMBEDDING.c.digest, EMBEDDING.c.vector).where(
        EMBEDDING.c.model == model, EMBEDDING.c.digest.in_(set(digests))
    )
    return dict(connection.execute(query).all())


def _vectors(encoder: semantic.Encoder, items: Sequence[tuple[int, str]], known: dict[str, bytes]) -> np.ndarray:
    """Vectors for these texts: those already embedded reused (``known``, by digest), the rest embedded."""
    digests = [digest(t) for _, t in items]
    fresh = {d: t for d, (_, t) in zip(digests, items, strict=True) if d not in known}
    made = dict(zip(fresh, encoder.embed(list(fresh.values())), strict=True)) if fresh else {}
    out = np.empty((len(items), encoder.dim), dtype=np.float32)
    for row, d in enumerate(digests):
        out[row] = made[d] if d in made else np.frombuffer(known[d], dtype="<f2")
    return out


def _drop_orphans(connection: Connection) -> int:
    """Forget vectors of claims, quotes or passages no longer on file."""
    dropped = 0
    for kind, table_ in (("claim", CLAIM), ("evidence", EVIDENCE), ("passage", PASSAGE)):
        # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join at any size
        on_file = exists().where(table_.c.id == EMBEDDING.c.item_id)
        gone = delete(EMBEDDING).where(EMBEDDING.c.kind == kind, ~on_file)
        dropped += connection.execute(gone).rowcount or 0
    return dropped


def backlog(*, store: Store) -> int:
    """How many claims, quotes and passages have no vector of the installed model (0 when the tier is off).

    Counted as the rows of each kind on file less their vectors of the model, both from indexes
    (``ix_embedding_model_kind``), not by reading and hashing every text, nor by an anti-join
    that reads every row: a command that says how much waits must not cost as much as the
    embedding it reports on, and every ``suggest`` says it. The count is exact while every
    vector belongs to a row on file: a passage's vectors go with it when its source is indexed
    again, and ``embed`` drops any other first. A claim edited since its vector was made is not
    counted (``embed`` finds it by its digest).
    """
    name = semantic.offered()  # the model's name, without loading it
    if name is None:
        return 0
    with reading(store) as connection:
        waiting = 0
        for kind, rows in (("claim", CLAIM), ("evidence", EVIDENCE), ("passage", PASSAGE)):
            on_file = connection.execute(select(func.count()).select_from(rows)).scalar_one()
            made = select(func.count()).where(EMBEDDING.c.model == name, EMBEDDING.c.kind == kind)
            waiting += max(on_file - connection.execute(made).scalar_one(), 0)
        return waiting


def embed(
    *,
    store: Store,
    progress: Progress | None = None,
    kinds: Iterable[EmbeddedKind] = EMBEDDED_KINDS,
    batch: int = BATCH,
) -> EmbedReport:
    """Embed whatever lacks a current vector, ``batch`` texts per transaction.

    ``progress`` is called after each batch; an exception it raises stops the run there, with
    every batch before it kept (how an interface cancels).

    Raises:
        SemanticOff: the semantic extra is not installed, turned off, or its model is damaged.
    """
    with reading(store) as connection:  # the store first: a failing store says so, whatever the tier
        connection.execute(select(func.count()).select_from(EMBEDDING)).scalar_one()
    encoder = semantic.require()
    wanted = set(kinds)
    report = EmbedReport(encoder.name)
    with maintaining(store) as connection:
        report.dropped = _drop_orphans(connection)
    with reading(store) as connection:
        texts: dict[EmbeddedKind, list[tuple[int, str]]] = {}
        for kind in ("claim", "evidence"):
            if kind in wanted:
                texts[kind], current = _pending_texts(connection, kind, encoder.name)
                report.current += current
        passages = _unembedded_passages(connection, encoder.name) if "passage" in wanted else []
        report.current += (
            connection.execute(select(func.count()).select_from(PASSAGE)).scalar_one() - len(passages)
            if "passage" in wanted
            else 0
        )
    total = sum(len(t) for t in texts.values()) + len(passages)
    done = 0
    if progress is not None:
        progress(0, total)

    def store_batch(kind: EmbeddedKind, items: Sequence[tuple[int, str]]) -> None:
        nonlocal done
        with reading(store) as connection:
            known = _known(connection, encoder.name, [digest(t) for _, t in items])
        vectors = _vectors(encoder, items, known)  # outside any transaction: the write lock is held only to write
        with maintaining(store) as connection:
            if kind == "passage":
                # the index may have been rebuilt meanwhile (its ids given to other sentences):
                # a vector is written only for the very text it was made from
                now = dict(passage_texts(connection, [i for i, _ in items]))
                keep = [row for row, (i, t) in enumerate(items) if now.get(i) == t]
                items, vectors = [items[row] for row in keep], vectors[keep]
            if items:
                _write(connection, kind, encoder.name, items, vectors)
        report.embedded[kind] += len(items)
        done += len(items)
        if progress is not None:
            progress(done, total)

    for kind, items in texts.items():
        for at in range(0, len(items), batch):
            store_batch(kind, items[at : at + batch])
    for ids in chunks(passages, batch):
        with reading(store) as connection:
            items = passage_texts(connection, ids)
        if items:
            store_batch("passage", items)
    _cache.clear()
    return report


# --- nearest neighbours ---------------------------------------------------------------------------

_cache: dict[tuple[Any, ...], Index] = {}
_cache_lock = threading.Lock()


def _stamp(connection: Connection, kinds: Sequence[str]) -> tuple[Any, ...]:
    """What an index was built from: the vectors' count and ids, and the evidence on file (which claim has which)."""
    vectors = select(func.count(), func.sum(EMBEDDING.c.item_id)).where(EMBEDDING.c.kind.in_(kinds))
    links = select(
        func.count(), func.sum(EVIDENCE.c.claim_id + EVIDENCE.c.source_id), func.count(EVIDENCE.c.retracted_at)
    )
    return (*connection.execute(vectors).one(), *connection.execute(links).one())


def _cached(connection: Connection, key: tuple[Any, ...], build: Callable[[], Index]) -> Index:
    """The index built for ``key`` (its kind first), kept until the store changes: one per kind in memory."""
    with _cache_lock:
        found = _cache.get(key)
    if found is None:
        found = build()
        with _cache_lock:
            for stale in [k for k in _cache if k[0] == key[0]]:
                del _cache[stale]  # one store at a time, one index of each kind
            _cache[key] = found
    return found


def claim_index(connection: Connection, model: str) -> Index:
    """Every wording of every claim, labelled with the claim: its text, its quotes, its sources' headlines."""
    key = ("claims", str(connection.engine.url), model, _stamp(connection, ["claim", "evidence", "passage"]))

    def build() -> Index:
        own = select(EMBEDDING.c.item_id, EMBEDDING.c.digest, EMBEDDING.c.vector).where(
            EMBEDDING.c.kind == "claim", EMBEDDING.c.model == model
        )
        quotes = (
            select(EVIDENCE.c.claim_id, EMBEDDING.c.digest, EMBEDDING.c.vector)
            .join(EMBEDDING, and_(EMBEDDING.c.kind == "evidence", EMBEDDING.c.item_id == EVIDENCE.c.id))
            .where(EMBEDDING.c.model == model, EVIDENCE.c.retracted_at.is_(None))
        )
        titles = (
            select(EVIDENCE.c.claim_id, EMBEDDING.c.digest, EMBEDDING.c.vector)
            .join(PASSAGE, and_(PASSAGE.c.source_id == EVIDENCE.c.source_id, PASSAGE.c.field == "title"))
            .join(EMBEDDING, and_(EMBEDDING.c.kind == "passage", EMBEDDING.c.item_id == PASSAGE.c.id))
            .where(EMBEDDING.c.model == model, EVIDENCE.c.retracted_at.is_(None))
        )
        seen: set[tuple[int, str]] = set()

        def wordings() -> Iterator[tuple[int, bytes]]:
            # a quote that is its claim's text (a claim recorded from a span) is one wording, not two
            for query in (own, quotes, titles):
                for claim_id, text_digest, vector in connection.execute(query):
                    if (claim_id, text_digest) not in seen:
                        seen.add((claim_id, text_digest))
                        yield claim_id, vector

        rows = wordings()
        return Index(*gather(rows, DIM))

    return _cached(connection, key, build)


def passage_index(connection: Connection, model: str) -> Index:
    """Every sentence of every source (not titles), labelled with its passage id."""
    key = ("passages", str(connection.engine.url), model, _stamp(connection, ["passage"]))

    def build() -> Index:
        query = (
            select(EMBEDDING.c.item_id, EMBEDDING.c.vector)
            .join(PASSAGE, and_(EMBEDDING.c.kind == "passage", EMBEDDING.c.item_id == PASSAGE.c.id))
            .where(EMBEDDING.c.model == model, PASSAGE.c.field == "text")
            .order_by(EMBEDDING.c.item_id)
        )
        return Index(*gather((tuple(row) for row in connection.execute(query)), DIM))

    return _cached(connection, key, build)


def stored_vectors(
    connection: Connection, kind: EmbeddedKind, item_ids: Sequence[int], model: str
) -> dict[int, np.ndarray]:
    """The stored vectors of some items (those that have one), as float32."""
    found: dict[int, np.ndarray] = {}
    for part in chunks(list(item_ids)):
        query = select(EMBEDDING.c.item_id, EMBEDDING.c.vector).where(
            EMBEDDING.c.kind == kind, EMBEDDING.c.model == model, EMBEDDING.c.item_id.in_(part)
        )
        for item_id, vector in connection.execute(query):
            found[item_id] = np.frombuffer(vector, dtype="<f2").astype(np.float32)
    return found
