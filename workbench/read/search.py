"""Search across every source: what a query finds, as plain data."""

from __future__ import annotations

from sqlalchemy import Connection

from workbench.models import SearchHit, SearchPage
from workbench.search.find import Filters, search
from workbench.search.query import parse

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
    hits = [
        SearchHit(
            source_id=f.source_id,
            outlet=f.outlet,
            published_at=f.published_at,
            start=f.start,
            end=f.end,
            text=f.text,
            score=f.score,
            field=f.field,
            title=f.title,
            sentence=f.passage,
            sentence_start=f.passage_start,
            sentence_end=f.passage_end,
            marks=f.marks,
        )
        for f in results.found
    ]
    return SearchPage(hits=hits, narrowed=results.narrowed)
