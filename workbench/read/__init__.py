"""The read layer: every query the interfaces and the services share, as plain data models.

One naming rule: each function takes a ``Connection`` first (so that several reads can share
one transaction: ``workbench.access.reading``, or ``fetch`` for one query) and is named for
what it returns — a singular noun for one item (``claim``, ``source``, ``evidence``,
``relation``, ``outlet``), the plural for all of them (``claims``, ``sources``, ``outlets``,
``relations``, ``audit_events``), ``_page``, ``_rows``, ``_view`` and ``_queue`` for what a
screen shows a piece at a time. Nothing here writes; nothing returns a live row.

The shared SQL (superseded sources, a source with its outlet, id lists in chunks, the name
key) is in ``workbench.sql``.
"""

from workbench.read.audit import audit_events, parse_entity
from workbench.read.claims import (
    GRADE_SORTS,
    SQL_SORTS,
    ClaimQuery,
    ClaimSort,
    claim,
    claim_detail,
    claim_texts,
    claims,
    claims_page,
    evidence,
    evidence_of,
    fact_reads,
    lookup,
    similar_claims,
    stored_fact_reads,
)
from workbench.read.matrix import matrix
from workbench.read.outlets import outlet, outlets
from workbench.read.relations import (
    OPEN,
    contradiction_queue,
    contradictions,
    duplicate_queue,
    orphan_queue,
    pairs,
    queue_size,
    relation,
    relations,
    relations_by_id,
    relations_of,
)
from workbench.read.search import search_hits, search_page, similar_page
from workbench.read.sources import (
    anchors,
    boilerplate_keys,
    neighbour_source,
    original,
    page_count,
    source,
    source_count,
    source_credit,
    source_labels,
    source_rows,
    source_view,
    sources,
)

__all__ = [
    "GRADE_SORTS",
    "OPEN",
    "SQL_SORTS",
    "ClaimQuery",
    "ClaimSort",
    "anchors",
    "audit_events",
    "boilerplate_keys",
    "claim",
    "claim_detail",
    "claim_texts",
    "claims",
    "claims_page",
    "contradiction_queue",
    "contradictions",
    "duplicate_queue",
    "evidence",
    "evidence_of",
    "fact_reads",
    "lookup",
    "matrix",
    "neighbour_source",
    "original",
    "orphan_queue",
    "outlet",
    "outlets",
    "page_count",
    "pairs",
    "parse_entity",
    "queue_size",
    "relation",
    "relations",
    "relations_by_id",
    "relations_of",
    "search_hits",
    "search_page",
    "similar_claims",
    "similar_page",
    "source",
    "source_count",
    "source_credit",
    "source_labels",
    "source_rows",
    "source_view",
    "sources",
    "stored_fact_reads",
]
