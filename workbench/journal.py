"""Reading a row's audited state and recording one event per action, inside the action's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, select

from store import audit
from store.audit import Change, EventDraft
from store.models import AUDITED, table
from workbench.sql import one


def entity_table(entity: str) -> Table:
    """The table behind an audited entity name."""
    return table(AUDITED[entity])


def row(connection: Connection, entity: str, entity_id: int) -> RowMapping:
    """The current row of ``entity`` ``entity_id``.

    Raises:
        NotFound: no such row.
    """
    t = entity_table(entity)
    return one(connection, select(t).where(t.c.id == entity_id), entity.replace("_", " "), entity_id)


def state(connection: Connection, entity: str, entity_id: int) -> dict[str, Any]:
    """The audited state of a row as it is now (what an event records as before/after)."""
    return audit.snapshot(entity, row(connection, entity, entity_id))


def record(
    connection: Connection,
    *,
    actor: str,
    action: str,
    change: Change,
    related: Sequence[Change] = (),
    note: str | None = None,
    refers: tuple[str, int] | None = None,
) -> None:
    """Append the action's single audit event, in the caller's transaction."""
    draft = EventDraft(actor=actor, action=action, change=change, related=related, note=note, refers=refers)
    audit.append(connection, [draft])
