"""Contradictions laid out for review: both claims, the values they disagree on, and who said what.

The writes (add, resolve, dismiss) are in ``workbench.relations`` with the other relation
decisions; this module only reads.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from store import Store
from store.models import Claim, Evidence, table
from workbench.errors import store_errors
from workbench.matching.rules import describe
from workbench.models import PairRead, PairSide, RelationRead, SideSpan
from workbench.queries import source_labels
from workbench.relations import list_relations

_CLAIM = table(Claim)
_EVIDENCE = table(Evidence)

#: Statuses shown unless every contradiction is asked for: the ones still needing a reviewer.
OPEN = ("suggested", "confirmed")


def _value(row: Any, aspect: str | None) -> str | None:
    """The claim's value on the disputed aspect, as a reviewer reads it."""
    quantity = json.loads(row.quantity) if row.quantity else None
    date = json.loads(row.date) if row.date else None
    keys = json.loads(row.item_keys) if row.item_keys else []
    if aspect == "quantity" and quantity:
        return describe(quantity)
    if aspect == "date" and date:
        when = date.get("start_date")
        if when and date.get("end_date") != when:
            when = f"{when} – {date['end_date']}"
        return f"{date.get('text')} ({when})" if when else str(date.get("text"))
    if aspect == "entity" and keys:
        return ", ".join(keys)
    return None


def pair_views(connection: Connection, relations: list[RelationRead]) -> list[PairRead]:
    """Relations with both claims laid out: text, the value on the disputed aspect, the spans stating them."""
    ids = sorted({r.a for r in relations} | {r.b for r in relations})
    claims: dict[int, Any] = {}
    spans: dict[int, list[Any]] = {}
    for chunk in range(0, len(ids), 500):  # well under SQLite's limit of bound parameters
        part = ids[chunk : chunk + 500]
        keys = _CLAIM.c["items"].label("item_keys")  # `c.items` is the collection's method
        statement = select(_CLAIM.c.id, _CLAIM.c.text, _CLAIM.c.quantity, _CLAIM.c.date, keys)
        claims |= {row.id: row for row in connection.execute(statement.where(_CLAIM.c.id.in_(part)))}
        evidence = select(_EVIDENCE).where(_EVIDENCE.c.claim_id.in_(part)).order_by(_EVIDENCE.c.id)
        for row in connection.execute(evidence):
            spans.setdefault(row.claim_id, []).append(row)
    labels = source_labels(connection, {e.source_id for rows in spans.values() for e in rows})

    def side(claim_id: int, aspect: str | None) -> PairSide:
        row = claims[claim_id]
        return PairSide(
            claim_id=claim_id,
            text=row.text,
            value=_value(row, aspect),
            spans=[
                SideSpan(
                    evidence_id=e.id,
                    source_id=e.source_id,
                    outlet=labels.get(e.source_id, (None, None))[0],
                    start=e.start,
                    end=e.end,
                    exact=e.exact,
                    stance=e.stance,
                )
                for e in spans.get(claim_id, [])
            ],
        )

    return [
        PairRead.model_validate({**r.model_dump(), "side_a": side(r.a, r.aspect), "side_b": side(r.b, r.aspect)})
        for r in relations
    ]


def list_contradictions(*, store: Store, everything: bool = False) -> list[PairRead]:
    """Suggested and confirmed contradictions (with ``everything``, resolved and dismissed too)."""
    relations = list_relations(store=store, kind="contradiction", statuses=None if everything else OPEN)
    with store_errors(), store.read() as session:
        return pair_views(session.connection(), relations)
