"""Undo a reviewer's own last action by a compensating event: the log only ever grows.

Every event records the state of each row it changed, before and after. Undoing it puts each
row back as it was before (a row it created is removed, a row it removed comes back with its
id), in one transaction recorded as an ``undo`` event that names the event it takes back
(``undoes``). Nothing is undone over someone's later work: if any of those rows changed since,
the undo is refused and says who changed what. Undoing again takes back the action before
(the reviewer's notes, imports and matcher runs are not decisions and are passed over). A claim
or a link the action created is rejected or retracted rather than deleted: its id is on record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, desc, insert, select, update
from sqlalchemy.exc import IntegrityError

from store import Store, audit
from store.audit import Change
from store.clock import now_iso
from workbench import journal
from workbench.access import writing
from workbench.errors import Conflict, InvalidInput
from workbench.read.audit import audit_events
from workbench.search import index as search_index
from workbench.sql import EVENT

#: Actions a reviewer can take back. Imports, revisions and the matcher's own suggestions are
#: not decisions: a wrong import is re-imported or left out of a case, a suggestion is decided.
UNDOABLE = frozenset(
    {
        "claim.create",
        "claim.edit",
        "claim.status",
        "claim.credibility",
        "claim.update",
        "claim.assign",
        "claim.tag",
        "claim.untag",
        "claim.merge",
        "evidence.link",
        "evidence.retract",
        "evidence.move",
        "relation.decide",
        "contradiction.add",
        "contradiction.dismiss",
        "contradiction.resolve",
        "outlet.grade",
        "outlet.alias",
        "story.merge",
        "story.move",
        "story.split",
        "case.add",
        "case.put",
        "case.drop",
        "config.set",
    }
)
#: How far back through a reviewer's own events to look for something to undo.
_LOOK_BACK = 1000
#: Rows removed before their parents, restored after them.
_DEPENDENTS_FIRST = ("claim_tag", "case_claim", "case_source", "claim_relation", "evidence", "story_assignment",
                     "outlet_alias", "claim", "case", "setting", "outlet")  # fmt: skip


@dataclass(frozen=True)
class Undone:
    """What an undo took back, and the event that records it."""

    seq: int
    action: str
    entity: str
    entity_id: int | None
    undo_seq: int
    summary: str


def last_action(connection: Connection, actor: str) -> Any:
    """The reviewer's latest decision not yet undone, or ``None``.

    Notes, undos, imports and the matcher's own suggestions are passed over: they are not
    decisions to take back, and must not stand in the way of one made before them.
    """
    undone: set[int] = set()
    rows = connection.execute(
        select(EVENT).where(EVENT.c.actor == actor).order_by(desc(EVENT.c.seq)).limit(_LOOK_BACK)
    ).mappings()
    for row in rows:
        if row["action"] == "undo":
            undone.add(json.loads(row["data"]).get("undoes"))
        elif row["action"] in UNDOABLE and row["seq"] not in undone:
            return row
    return None


def _changes(event: Any) -> list[Change]:
    body = json.loads(event["data"])
    changes = [Change(event["entity"], event["entity_id"], body.get("before"), body.get("after"))]
    changes += [Change(c["entity"], c["id"], c.get("before"), c.get("after")) for c in body.get("related", [])]
    return [c for c in changes if c.entity_id is not None]


def _current(connection: Connection, entity: str, entity_id: int) -> dict[str, Any] | None:
    t = journal.entity_table(entity)
    row = connection.execute(select(t).where(t.c.id == entity_id)).mappings().first()
    return None if row is None else audit.snapshot(entity, row)


#: Fields that move with every change and say nothing of their own: an undo moves them forward.
_BOOKKEEPING = frozenset({"version", "updated_at"})


def _same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Two recorded states alike but for bookkeeping (a column added later reads as NULL in older states)."""
    if a is None or b is None:
        return a is b

    def kept(state: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in state.items() if v is not None and k not in _BOOKKEEPING}

    return kept(a) == kept(b)


def _refuse_if_changed(connection: Connection, event: Any, changes: list[Change]) -> None:
    for change in changes:
        if _same(_current(connection, change.entity, change.entity_id), change.after):
            continue
        later = [
            e
            for e in audit_events(connection, (change.entity, change.entity_id), newest_first=True, limit=20)
            if e.seq > event["seq"]
        ]
        what = change.entity.replace("_", " ")
        by = f" by {later[0].actor} (#{later[0].seq} {later[0].action})" if later else ""
        raise Conflict(
            f"cannot undo #{event['seq']} {event['action']}: {what} {change.entity_id} was changed since{by}"
        )


def _restore(connection: Connection, change: Change, now: str, *, actor: str, seq: int) -> dict[str, Any] | None:
    """Put one row back as ``change.before``; its state after.

    A claim or an evidence link the action created is not deleted: its id is in the log and in
    exports already. The link is retracted ("undone: #N") and the claim rejected, so that neither
    counts any more and both stay on record.
    """
    t = journal.entity_table(change.entity)
    if change.before is None and change.entity == "evidence":
        note = f"undone: #{seq}"
        connection.execute(
            update(t)
            .where(t.c.id == change.entity_id)
            .values(retracted_by=actor, retracted_at=now, retraction_note=note)
        )
        return journal.state(connection, change.entity, change.entity_id)
    if change.before is None and change.entity == "claim":
        current = connection.execute(select(t.c.version).where(t.c.id == change.entity_id)).scalar_one()
        connection.execute(
            update(t)
            .where(t.c.id == change.entity_id)
            .values(status="rejected", approved_by=None, approved_at=None, version=current + 1, updated_at=now)
        )
        return journal.state(connection, change.entity, change.entity_id)
    if change.before is None:
        connection.execute(delete(t).where(t.c.id == change.entity_id))
        return None
    values = {k: v for k, v in change.before.items() if k in t.c}
    if change.entity == "claim":  # a claim's version only goes forward: readers holding it must reload
        current = connection.execute(select(t.c.version).where(t.c.id == change.entity_id)).scalar()
        values["version"] = (current or values["version"]) + 1
        values["updated_at"] = now
    if change.after is None:
        connection.execute(insert(t).values(**values))
    else:
        connection.execute(update(t).where(t.c.id == change.entity_id).values(**values))
    return journal.state(connection, change.entity, change.entity_id)


def _order(change: Change) -> int:
    return _DEPENDENTS_FIRST.index(change.entity) if change.entity in _DEPENDENTS_FIRST else len(_DEPENDENTS_FIRST)


def undo(*, store: Store, actor: str) -> Undone:
    """Take back the reviewer's own last action (see the module docstring).

    Raises:
        InvalidInput: nothing to undo, or the last action is not one that can be undone.
        Conflict: a row the action changed was changed since (by anyone).
    """
    with writing(store, actor) as (connection, actor):
        event = last_action(connection, actor)
        if event is None:
            raise InvalidInput(f"{actor} has nothing to undo (imports and matcher runs are not undone)")
        changes = _changes(event)
        _refuse_if_changed(connection, event, changes)
        now = now_iso()
        removed = sorted((c for c in changes if c.before is None), key=_order)
        updated = [c for c in changes if c.before is not None and c.after is not None]
        restored = sorted((c for c in changes if c.before is not None and c.after is None), key=_order, reverse=True)
        claims = {c.entity_id for c in changes if c.entity == "claim"}
        claims |= {
            state["claim_id"] for c in changes if c.entity == "evidence" for state in (c.before, c.after) if state
        }
        # every row the undo may write, as it is now: a claim whose evidence comes back changes too
        touched = list(dict.fromkeys([*((c.entity, c.entity_id) for c in changes), *(("claim", i) for i in claims)]))
        now_states = {key: _current(connection, *key) for key in touched}
        try:
            for change in [*removed, *updated, *restored]:
                _restore(connection, change, now, actor=actor, seq=event["seq"])
        except IntegrityError as e:
            raise Conflict(f"cannot undo #{event['seq']} {event['action']}: later work depends on it ({e.orig})") from e
        # each row as the undo leaves it, recorded whenever it moved at all (its version too)
        compensations = [
            Change(entity, entity_id, now_states[(entity, entity_id)], after)
            for entity, entity_id in touched
            if (after := _current(connection, entity, entity_id)) != now_states[(entity, entity_id)]
        ]
        if claims:
            search_index.claims_changed(connection, sorted(claims))
        main = next(
            (c for c in compensations if (c.entity, c.entity_id) == (event["entity"], event["entity_id"])), None
        )
        if main is None:  # a note-like event (nothing to put back but the event's own row)
            state = _current(connection, event["entity"], event["entity_id"])
            main = Change(event["entity"], event["entity_id"], state, state)
        summary = f"undoes #{event['seq']} {event['action']}"
        journal.record(
            connection,
            actor=actor,
            action="undo",
            change=main,
            related=[c for c in compensations if c is not main],
            note=summary,
            refers=("undoes", event["seq"]),
        )
        undo_seq = audit.head(connection).seq
    return Undone(
        seq=event["seq"],
        action=event["action"],
        entity=event["entity"],
        entity_id=event["entity_id"],
        undo_seq=undo_seq,
        summary=summary,
    )
