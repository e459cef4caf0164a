"""The audit log as plain data: events in chain order or newest first, for one row or all."""

from __future__ import annotations

import json
import re

from sqlalchemy import Connection, or_, select

from store.models import AUDITED
from workbench.errors import InvalidInput
from workbench.models import AuditEventRead
from workbench.sql import EVENT

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
) -> list[AuditEventRead]:
    """Audit events in chain order (or newest first); with ``entity``, those that changed that row.

    An event changed a row if the row is its subject or is among its related changes (a claim
    whose evidence was linked, an outlet created by an import). ``search`` keeps events whose
    action, actor or entity contains it (case-insensitive); a search that names a row as
    ``KIND:ID`` ("claim:1") keeps the events that changed that row, as ``entity`` does.
    """
    if search and entity is None and _ROW.fullmatch(search.strip()):
        entity, search = parse_entity(search.strip()), None
    order = EVENT.c.seq.desc() if newest_first else EVENT.c.seq
    statement = select(EVENT).order_by(order).offset(offset).limit(limit)
    if entity is not None:
        kind, entity_id = entity
        # Canonical JSON sorts keys, so a related change always ends with `"entity":K,"id":N}`.
        marker = json.dumps({"entity": kind, "id": entity_id}, separators=(",", ":"))[1:]
        statement = statement.where(
            or_(
                (EVENT.c.entity == kind) & (EVENT.c.entity_id == entity_id),
                EVENT.c.data.contains(marker, autoescape=True),
            )
        )
    if search:
        needle = f"%{search.strip()}%"
        statement = statement.where(
            or_(EVENT.c.action.ilike(needle), EVENT.c.actor.ilike(needle), EVENT.c.entity.ilike(needle))
        )
    rows = connection.execute(statement).mappings()
    return [AuditEventRead.model_validate({**r, "data": json.loads(r["data"])}) for r in rows]
