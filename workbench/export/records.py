"""What an export holds, read in batches so that 100,000 claims never sit in memory at once.

Every format (JSON, JSON Lines, CSV, ClaimReview, Web Annotation, the evidence bundle) is a
rendering of the same records: claims with their evidence, relations and corroboration, then the
sources those claims cite. Claims are read ``BATCH`` at a time (one query per table per batch);
corroboration is computed per batch over an ``Independence`` built once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, or_, select

from store import audit
from store.clock import now_iso
from store.models import AuditEvent, Claim, ClaimRelation, Evidence, Outlet, Source, SourceRelation, table
from workbench import __version__
from workbench.corroboration import Independence, corroborate
from workbench.errors import InvalidInput, NotFound

_CLAIM = table(Claim)
_EVIDENCE = table(Evidence)
_RELATION = table(ClaimRelation)
_SOURCE = table(Source)
_OUTLET = table(Outlet)
_SOURCE_RELATION = table(SourceRelation)
_EVENT = table(AuditEvent)

#: Claims read per round trip.
BATCH = 1000
STATUSES = ("draft", "in_review", "verified", "disputed", "rejected")


@dataclass(frozen=True)
class Provenance:
    """Where an export came from: every export and report names these."""

    store: str
    exported_at: str
    reviewer: str
    chain_seq: int
    chain_head: str
    #: The hash of the log's first event: names the store itself, whatever its path.
    store_id: str
    status: str | None
    claims: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        """The header as the JSON formats write it."""
        return {
            "generator": f"claim-workbench {__version__}",
            "store": self.store,
            "store_id": self.store_id,
            "exported_at": self.exported_at,
            "exported_by": self.reviewer,
            "chain_head": {"seq": self.chain_seq, "hash": self.chain_head},
            "selection": {"status": self.status, "claims": list(self.claims) or None},
        }


def provenance(
    connection: Connection, *, store: str, reviewer: str, status: str | None, claims: Iterable[int] = ()
) -> Provenance:
    """The export's header, read in the same transaction as its records."""
    head = audit.head(connection)
    first = connection.execute(select(_EVENT.c.hash).where(_EVENT.c.seq == 1))
    return Provenance(
        store=store,
        exported_at=now_iso(),
        reviewer=reviewer,
        chain_seq=head.seq,
        chain_head=head.hash,
        store_id=first.scalar() or audit.GENESIS,
        status=status,
        claims=tuple(claims),
    )


def claim_ids(connection: Connection, *, status: str | None, claims: Iterable[int] = ()) -> list[int]:
    """The claims to export, by id: those named (all of them must exist), else by status.

    Raises:
        InvalidInput: an unknown status.
        NotFound: a named claim that does not exist.
    """
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
    wanted = sorted(set(claims))
    query = select(_CLAIM.c.id).order_by(_CLAIM.c.id)
    if wanted:
        query = query.where(_CLAIM.c.id.in_(wanted))
    if status is not None:
        query = query.where(_CLAIM.c.status == status)
    found = list(connection.execute(query).scalars())
    if wanted:
        existing = set(connection.execute(select(_CLAIM.c.id).where(_CLAIM.c.id.in_(wanted))).scalars())
        missing = [i for i in wanted if i not in existing]
        if missing:
            raise NotFound(f"no claim with id {', '.join(map(str, missing))}")
    return found


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _evidence_record(row: Any) -> dict[str, Any]:
    anchored = row.start is not None
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": row.exact, "prefix": row.prefix, "suffix": row.suffix}
    ]
    if anchored:
        selectors.append({"type": "TextPositionSelector", "start": row.start, "end": row.end})
    return {
        "id": row.id,
        "source_id": row.source_id,
        "quote": row.exact,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "start": row.start,
        "end": row.end,
        "stance": row.stance,
        "anchor_status": row.anchor_status,
        "anchor_method": row.anchor_method,
        "anchor_score": row.anchor_score,
        "derived_from": row.derived_from,
        "created_by": row.created_by,
        "created_at": row.created_at,
        "selectors": selectors,
    }


def _relation_record(row: Any, claim_id: int) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "status": row.status,
        "other": row.b if row.a == claim_id else row.a,
        "aspect": row.aspect,
        "score": row.score,
        "detail": _load(row.detail),
        "note": row.note,
        "winner": row.winner,
        "decided_by": row.decided_by,
        "decided_at": row.decided_at,
    }


def iter_claims(connection: Connection, ids: list[int]) -> Iterator[dict[str, Any]]:
    """Each claim as an export record, in id order."""
    for batch in iter_claim_batches(connection, ids):
        yield from batch


def iter_claim_batches(connection: Connection, ids: list[int]) -> Iterator[list[dict[str, Any]]]:
    """Claims as export records, ``BATCH`` at a time (one round of queries each)."""
    independence = Independence(connection)
    superseded = independence.superseded
    for at in range(0, len(ids), BATCH):
        batch = ids[at : at + BATCH]
        claims = connection.execute(select(_CLAIM).where(_CLAIM.c.id.in_(batch)).order_by(_CLAIM.c.id)).all()
        evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in connection.execute(
            select(_EVIDENCE).where(_EVIDENCE.c.claim_id.in_(batch)).order_by(_EVIDENCE.c.id)
        ):
            record = _evidence_record(row)
            record["current"] = row.source_id not in superseded
            evidence[row.claim_id].append(record)
        relations: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in connection.execute(
            select(_RELATION).where(or_(_RELATION.c.a.in_(batch), _RELATION.c.b.in_(batch))).order_by(_RELATION.c.id)
        ):
            for side in {row.a, row.b}:
                if side in batch:
                    relations[side].append(_relation_record(row, side))
        graded = corroborate(connection, batch, independence)
        records = []
        for claim in claims:
            corroboration = graded[claim.id]
            records.append(
                {
                    "id": claim.id,
                    "text": claim.text,
                    "status": claim.status,
                    "credibility": claim.credibility,
                    "suggested_credibility": corroboration.suggested_credibility,
                    "credibility_rule": corroboration.credibility_rule,
                    "independent_sources": corroboration.independent_sources,
                    "outlets": corroboration.outlets,
                    "contradicted": corroboration.contradicted,
                    "duplicates": corroboration.duplicates,
                    "quantity": _load(claim.quantity),
                    "date": _load(claim.date),
                    "items": _load(claim.items),
                    "created_by": claim.created_by,
                    "created_at": claim.created_at,
                    "updated_at": claim.updated_at,
                    "version": claim.version,
                    "evidence": evidence.get(claim.id, []),
                    "relations": relations.get(claim.id, []),
                }
            )
        yield records


def iter_sources(connection: Connection, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The sources cited, with their outlet and reprint relations, without their texts."""
    wanted = sorted(set(ids))
    for at in range(0, len(wanted), BATCH):
        batch = wanted[at : at + BATCH]
        reprint_of: dict[int, int] = {}
        for row in connection.execute(
            select(_SOURCE_RELATION.c.a, _SOURCE_RELATION.c.b).where(
                _SOURCE_RELATION.c.kind == "syndicated", _SOURCE_RELATION.c.b.in_(batch)
            )
        ):
            reprint_of[int(row.b)] = int(row.a)
        columns = [c for c in _SOURCE.c if c.name not in {"text", "title_key", "outlet_id"}]
        rows = connection.execute(
            select(*columns, _OUTLET.c.name.label("outlet"), _OUTLET.c.reliability, _OUTLET.c.domain)
            .outerjoin(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)
            .where(_SOURCE.c.id.in_(batch))
            .order_by(_SOURCE.c.id)
        ).mappings()
        for mapping in rows:
            record: dict[str, Any] = dict(mapping)
            outlet = {key: record.pop(key) for key in ("outlet", "reliability", "domain")}
            named = outlet.pop("outlet")
            record["outlet"] = None if named is None else {"name": named, **outlet}
            record["reprint_of"] = reprint_of.get(record["id"])
            yield record


def count_evidence(connection: Connection, ids: list[int]) -> int:
    """How many evidence links these claims have (a collection states its total before its items)."""
    total = 0
    for at in range(0, len(ids), 10 * BATCH):
        batch = ids[at : at + 10 * BATCH]
        query = select(func.count()).select_from(_EVIDENCE).where(_EVIDENCE.c.claim_id.in_(batch))
        total += connection.execute(query).scalar_one()
    return total


class Sources:
    """Source records fetched once each, a batch at a time, for formats that cite them per claim."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[int, dict[str, Any]] = {}

    def fetch(self, claims: Iterable[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """Make sure every source cited by ``claims`` is known; returns all known ones."""
        missing = {e["source_id"] for c in claims for e in c["evidence"]} - self.known.keys()
        self.known.update((s["id"], s) for s in iter_sources(self.connection, missing))
        return self.known


def source_text(connection: Connection, source_id: int) -> str:
    """A source's stored text (for the bundle)."""
    text = connection.execute(select(_SOURCE.c.text).where(_SOURCE.c.id == source_id)).scalar()
    if text is None:
        raise NotFound(f"no source with id {source_id}")
    return str(text)
