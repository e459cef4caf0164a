"""The audit log as plain data: events in chain order or newest first, for one row or all."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Connection, or_, select

from store.models import AUDITED
from workbench.cases import Members, members
from workbench.errors import InvalidInput
from workbench.models import AuditEventRead
from workbench.sql import EVENT, EVENT_ROW

#: A search that names one row: "claim:1", "source: 3" (a known kind, checked by ``parse_entity``).
_ROW = re.compile(rf"(?:{'|'.join(AUDITED)}):\s*[0-9]{{1,18}}")


def parse_entity(text: str) -> tuple[str, int]:
    """``claim:12`` → ``("claim", 12)``.

    Raises:
        InvalidInput: not ``KIND:ID`` with a known kind.
    """
    kind, sep, number = text.partition(":")
    kind = kind.strip().replace("-", "_")
    if not sep or kind not in AUDITED or not re.fullmatch(r"[0-9]{1,18}", number.strip()):
        kinds = ", ".join(AUDITED)
        raise InvalidInput(f"expected KIND:ID with KIND one of {kinds}, not {text!r}")
    return kind, int(number)


def audit_events(
    connection: Connection,
    entity: tuple[str, int] | None = None,
    *,
    search: str | None = None,
    newest_first: bool = False,
    offset: int = 0,
    limit: int | None = None,
    case: str | None = None,
) -> list[AuditEventRead]:
    """Audit events in chain order (or newest first); with ``entity``, those that changed that row.

    An event changed a row if the row is its subject or is among its related changes (a claim
    whose evidence was linked, an outlet created by an import). ``search`` keeps events whose
    action, actor or entity contains it (case-insensitive); a search that names a row as
    ``KIND:ID`` ("claim:1") keeps the events that changed that row, as ``entity`` does. ``case``
    keeps the events about what the case holds (``touches_case``).

    Raises:
        NotFound: ``case`` names no case.
    """
    if search and entity is None and _ROW.fullmatch(search.strip()):
        entity, search = parse_entity(search.strip()), None
    order = EVENT.c.seq.desc() if newest_first else EVENT.c.seq
    held = None if case is None else members(connection, case)
    statement = select(EVENT).order_by(order)
    if held is None:
        statement = statement.offset(offset).limit(limit)
    if entity is not None:
        kind, entity_id = entity
        changed = select(EVENT_ROW.c.seq).where(
            EVENT_ROW.c.entity == kind, EVENT_ROW.c.entity_id == entity_id, EVENT_ROW.c.changed
        )
        statement = statement.where(EVENT.c.seq.in_(changed))
    if search:
        needle = f"%{search.strip()}%"
        statement = statement.where(
            or_(EVENT.c.action.ilike(needle), EVENT.c.actor.ilike(needle), EVENT.c.entity.ilike(needle))
        )
    rows = connection.execute(statement).mappings()
    if held is None:
        return [AuditEventRead.model_validate({**r, "data": _data(r["data"])}) for r in rows]
    # a case is a set of rows, not a column: its events are picked by reading them (fine for a review desk's log)
    found = (AuditEventRead.model_validate({**r, "data": _data(r["data"])}) for r in rows)
    kept = [e for e in found if touches_case(e, held)]
    return kept[offset : None if limit is None else offset + limit]


def _data(text: str) -> dict[str, Any]:
    """An event's data parsed; data written behind the workbench that no reader can parse is said to be so.

    ``audit verify`` names such an event; a listing shows it rather than failing on it.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {"unreadable": "the event's data is not JSON this workbench can read (see `audit verify`)"}
    return data if isinstance(data, dict) else {"unreadable": "the event's data is not a JSON object"}


def _changes(event: AuditEventRead) -> list[tuple[str, int, dict[str, Any] | None, dict[str, Any] | None]]:
    """(entity, id, before, after) of the event's subject, then of each related row."""
    data = event.data
    found = [(event.entity, event.entity_id or 0, data.get("before"), data.get("after"))]
    found += [(r["entity"], r["id"], r.get("before"), r.get("after")) for r in data.get("related", [])]
    return found


def touches_case(event: AuditEventRead, case: Members) -> bool:
    """Whether the event changed the case, one of its claims (with their evidence and relations) or sources."""
    for entity, entity_id, before, after in _changes(event):
        for state in (before, after):
            if state is None:
                continue
            if entity == "case" and entity_id == case.id:
                return True
            if entity in {"case_claim", "case_source"} and state.get("case_id") == case.id:
                return True
            if (entity == "claim" and entity_id in case.claims) or (entity == "source" and entity_id in case.sources):
                return True
            if entity in {"evidence", "claim_tag"} and state.get("claim_id") in case.claims:
                return True
            if entity == "claim_relation" and {state.get("a"), state.get("b")} & case.claims:
                return True
            if entity == "source_relation" and {state.get("a"), state.get("b")} & case.sources:
                return True
    return False
