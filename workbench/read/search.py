"""Search across every source: what a query finds, as plain data."""

from __future__ import annotations

from sqlalchemy import Connection

from workbench.models import SearchHit, SearchPage
from workbench.search.find import Filters, Found, passages_by_id, passages_like, search
from workbench.search.fusion import fuse
from workbench.search.query import parse
from workbench.search.terms import informative

#: Most results one search returns.
MAX_LIMIT = 1000


def search_hits(
    connection: Connection, query: str, *, filters: Filters | None = None, limit: int = 20
) -> list[SearchHit]:
    """The passages (titles and sentences) that match ``query``, best first (see ``search_page``)."""
    return search_page(connection, query, filters=filters, limit=limit).hits


def search_page(connection: Connection, query: str, *, filters: Filters | None = None, limit: int = 20) -> SearchPage:
    """The passages (titles and sentences) that match ``query``, best first, their matched words marked.

    Raises:
        InvalidInput: a malformed query (see ``workbench.search.query.parse``).
    """
    parsed = parse(query)
    results = search(connection, parsed, filters=filters or Filters(), limit=max(1, min(limit, MAX_LIMIT)))
    return SearchPage(hits=[_hit(f) for f in results.found], narrowed=results.narrowed)


def similar_page(connection: Connection, text: str, *, filters: Filters | None = None, limit: int = 20) -> SearchPage:
    """Sentences that say what ``text`` says, in any wording or language, best first.

    The index's passages sharing the most (and rarest) of its words, fused with the sentences
    nearest in meaning when the semantic tier is on (``workbench.search.fusion``); the words
    alone when it is off. A sentence found by meaning alone has no words marked.
    """
    from workbench.embeddings import passage_index
    from workbench.semantic import model as semantic

    filters = filters or Filters()
    limit = max(1, min(limit, MAX_LIMIT))
    lexical = passages_like(connection, informative(text), filters=filters, limit=limit * 2)
    name = semantic.offered()
    known = None if name is None else passage_index(connection, name)
    # no sentence embedded yet: nothing to be near, and no model to load
    encoder = semantic.encoder() if known is not None and len(known) else None
    if encoder is None or known is None:
        return SearchPage(hits=[_hit(f) for f in lexical[:limit]])
    vector = encoder.embed([text])
    # more neighbours than asked for: filters may leave some out
    nearest = known.search(vector, limit * 4)[0]
    close = dict(nearest)
    by_id: dict[int, Found] = {f.passage_id: f for f in lexical}
    by_id |= {
        f.passage_id: f
        for f in passages_by_id(connection, [p for p in close if p not in by_id], filters=filters, scores=close)
    }
    order = fuse([f.passage_id for f in lexical], [p for p, _ in nearest if p in by_id])
    return SearchPage(hits=[_hit(by_id[p], score) for p, score in order[:limit]])


def _hit(f: Found, score: float | None = None) -> SearchHit:
    """A passage found, as search shows it (``score`` the fused one, when meaning ranked it too)."""
    return SearchHit(
        source_id=f.source_id,
        outlet=f.outlet,
        published_at=f.published_at,
        start=f.start,
        end=f.end,
        text=f.text,
        score=f.score if score is None else round(score, 4),
        field=f.field,
        title=f.title,
        sentence=f.passage,
        sentence_start=f.passage_start,
        sentence_end=f.passage_end,
        marks=f.marks,
    )
