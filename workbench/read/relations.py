"""Relations between claims as plain data, and the queues of them a reviewer decides.

A pair (a duplicate suggestion, a contradiction) is shown with both claims laid out: their
text, the value in dispute, and every span that states each side.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, or_, select

from store.vocabulary import Aspect, RelationKind, RelationStatus
from workbench.cases import scope
from workbench.models import OrphanRead, PairRead, PairSide, RelationRead, SideSpan
from workbench.sql import CLAIM, EVIDENCE, OUTLET, RELATION, SOURCE, one, rows_in, superseded, with_outlet

#: Contradiction statuses still needing a reviewer: what is shown unless everything is asked for.
OPEN: tuple[RelationStatus, ...] = ("suggested", "confirmed")


def _read(row: Any) -> RelationRead:
    detail = json.loads(row["detail"]) if row["detail"] else {}
    return RelationRead.model_validate({**dict(row), "detail": detail, "reason": detail.get("reason")})


def relation(connection: Connection, relation_id: int) -> RelationRead:
    """One relation.

    Raises:
        NotFound: no such relation.
    """
    return _read(one(connection, select(RELATION).where(RELATION.c.id == relation_id), "relation", relation_id))


def relations(
    connection: Connection,
    *,
    kind: RelationKind | None = None,
    statuses: Iterable[RelationStatus] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[RelationRead]:
    """Relations, optionally of one kind and some statuses, by pair (a page of them with ``limit``)."""
    statement = select(RELATION).order_by(RELATION.c.a, RELATION.c.b, RELATION.c.kind).offset(offset).limit(limit)
    if kind is not None:
        statement = statement.where(RELATION.c.kind == kind)
    if statuses is not None:
        statement = statement.where(RELATION.c.status.in_(list(statuses)))
    return [_read(r) for r in connection.execute(statement).mappings()]


def relations_by_id(connection: Connection, ids: Iterable[int]) -> list[RelationRead]:
    """The relations ``ids``, by pair."""
    query = select(RELATION)
    found = [_read(r._mapping) for r in rows_in(connection, ids, lambda part: query.where(RELATION.c.id.in_(part)))]
    return sorted(found, key=lambda r: (r.a, r.b, r.kind))


def relations_of(connection: Connection, claim_id: int) -> list[RelationRead]:
    """Every relation a claim is part of."""
    rows = connection.execute(
        select(RELATION).where(or_(RELATION.c.a == claim_id, RELATION.c.b == claim_id)).order_by(RELATION.c.id)
    ).mappings()
    return [_read(r) for r in rows]


def _value(row: Any, aspect: Aspect | None) -> str | None:
    """The claim's value on the disputed aspect, as a reviewer reads it."""
    quantity = json.loads(row.quantity) if row.quantity else None
    date = json.loads(row.date) if row.date else None
    keys = json.loads(row.item_keys) if row.item_keys else []
    if aspect == "quantity" and quantity:
        from workbench.matching.rules import describe  # deferred: it loads the extractors (0.1 s)

        return describe(quantity)
    if aspect == "date" and date:
        when = date.get("start_date")
        if when and date.get("end_date") != when:
            when = f"{when} – {date['end_date']}"
        return f"{date.get('text')} ({when})" if when else str(date.get("text"))
    if aspect == "entity" and keys:
        return ", ".join(keys)
    return None


def pairs(connection: Connection, found: list[RelationRead]) -> list[PairRead]:
    """Relations with both claims laid out: text, the value on the disputed aspect, the spans stating them."""
    ids = {r.a for r in found} | {r.b for r in found}
    keys = CLAIM.c["items"].label("item_keys")  # `c.items` is the column collection's method
    columns = select(CLAIM.c.id, CLAIM.c.text, CLAIM.c.quantity, CLAIM.c.date, keys)
    claims = {row.id: row for row in rows_in(connection, ids, lambda part: columns.where(CLAIM.c.id.in_(part)))}
    spans: dict[int, list[Any]] = {}
    links = with_outlet(
        select(EVIDENCE, OUTLET.c.name.label("outlet")).join(SOURCE, SOURCE.c.id == EVIDENCE.c.source_id)
    ).order_by(EVIDENCE.c.id)
    links = links.where(EVIDENCE.c.retracted_at.is_(None))  # a withdrawn quote states nothing
    for row in rows_in(connection, ids, lambda part: links.where(EVIDENCE.c.claim_id.in_(part))):
        spans.setdefault(row.claim_id, []).append(row)

    def side(claim_id: int, aspect: Aspect | None, fact: Any) -> PairSide:
        row = claims[claim_id]
        # a suggestion from facts names the very figures it compared; otherwise the claim's first
        value = fact["value"] if isinstance(fact, dict) and fact.get("value") else _value(row, aspect)
        return PairSide(
            claim_id=claim_id,
            text=row.text,
            value=value,
            spans=[
                SideSpan(
                    evidence_id=e.id,
                    source_id=e.source_id,
                    outlet=e.outlet,
                    start=e.start,
                    end=e.end,
                    exact=e.exact,
                    stance=e.stance,
                )
                for e in sorted(spans.get(claim_id, []), key=lambda e: e.id)
            ],
        )

    return [
        PairRead.model_validate(
            {
                **r.model_dump(),
                "side_a": side(r.a, r.aspect, r.detail.get("a_fact")),
                "side_b": side(r.b, r.aspect, r.detail.get("b_fact")),
            }
        )
        for r in found
    ]


def contradictions(
    connection: Connection, *, everything: bool = False, offset: int = 0, limit: int | None = None
) -> list[PairRead]:
    """Suggested and confirmed contradictions (with ``everything``, resolved and dismissed too), laid out.

    ``offset`` and ``limit`` page them in pair order: a page costs the same in any store.
    """
    found = relations(
        connection, kind="contradiction", statuses=None if everything else OPEN, offset=offset, limit=limit
    )
    return pairs(connection, found)


def _both_in_case(connection: Connection, case: str | None) -> list[Any]:
    """The condition "both claims of the relation are in ``case``" (none without a case)."""
    if case is None:
        return []
    held = scope(connection, case)
    return [held.claims(RELATION.c.a), held.claims(RELATION.c.b)]


def _duplicates_waiting(connection: Connection, case: str | None) -> list[Any]:
    return [RELATION.c.kind == "duplicate", RELATION.c.status == "suggested", *_both_in_case(connection, case)]


def _contradictions_open(connection: Connection, case: str | None) -> list[Any]:
    return [RELATION.c.kind == "contradiction", RELATION.c.status.in_(OPEN), *_both_in_case(connection, case)]


def duplicate_queue(
    connection: Connection, *, case: str | None = None, offset: int = 0, limit: int | None = None
) -> list[PairRead]:
    """Duplicate suggestions awaiting a decision (within ``case``), best score first, both claims laid out.

    ``offset`` and ``limit`` give a window of the queue: a reviewer works through a queue of a
    million suggestions a window at a time (``queue_size`` says how many wait in all).
    """
    rows = connection.execute(
        select(RELATION)
        .where(*_duplicates_waiting(connection, case))
        .order_by(RELATION.c.score.desc(), RELATION.c.id)
        .offset(offset)
        .limit(limit)
    ).mappings()
    return pairs(connection, [_read(r) for r in rows])


def contradiction_queue(
    connection: Connection, *, case: str | None = None, offset: int = 0, limit: int | None = None
) -> list[PairRead]:
    """Suggested and confirmed contradictions (within ``case``; confirmed first: to resolve), both sides laid out.

    ``offset`` and ``limit`` give a window, as for ``duplicate_queue``.
    """
    rows = connection.execute(
        select(RELATION)
        .where(*_contradictions_open(connection, case))
        .order_by(RELATION.c.status, RELATION.c.score.desc(), RELATION.c.id)
        .offset(offset)
        .limit(limit)
    ).mappings()
    return pairs(connection, [_read(r) for r in rows])


def queue_size(connection: Connection, queue: str, *, case: str | None = None) -> int:
    """How many wait in the ``duplicates`` or ``contradictions`` queue (within ``case``)."""
    conditions = _duplicates_waiting if queue == "duplicates" else _contradictions_open
    return connection.execute(
        select(func.count()).select_from(RELATION).where(*conditions(connection, case))
    ).scalar_one()


def orphan_queue(connection: Connection, *, case: str | None = None) -> list[OrphanRead]:
    """Orphaned evidence on current revisions (of ``case``'s claims): its text is gone, the claim needs re-verifying."""
    held = [] if case is None else [scope(connection, case).claims(EVIDENCE.c.claim_id)]
    rows = connection.execute(
        with_outlet(
            select(
                EVIDENCE.c.id.label("evidence_id"),
                EVIDENCE.c.claim_id,
                CLAIM.c.text.label("claim_text"),
                CLAIM.c.status.label("claim_status"),
                EVIDENCE.c.source_id,
                SOURCE.c.title.label("source_title"),
                OUTLET.c.name.label("outlet"),
                EVIDENCE.c.exact,
            )
            .join(CLAIM, CLAIM.c.id == EVIDENCE.c.claim_id)
            .join(SOURCE, SOURCE.c.id == EVIDENCE.c.source_id)
        )
        .where(
            EVIDENCE.c.anchor_status == "orphaned",
            EVIDENCE.c.retracted_at.is_(None),
            ~superseded(EVIDENCE.c.source_id),
            *held,
        )
        .order_by(EVIDENCE.c.id)
    ).mappings()
    return [OrphanRead.model_validate(dict(r)) for r in rows]
