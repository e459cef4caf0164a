"""Audit events told for people: who, when, what was changed from what to what, and what it was about.

An event records whole row states (``store.audit``); a report shows what differs between them,
with ids turned into names (an outlet id into the outlet's name) and the bookkeeping fields
(``version``, ``updated_at``, the case-folded keys) left out: they change with every edit and
say nothing a reader needs. A row created or removed is summed up in one line instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from workbench.figures import figure
from workbench.matching.rules import describe
from workbench.models import AuditEventRead
from workbench.read import claim_texts, source_labels
from workbench.sql import OUTLET as _OUTLET
from workbench.textsafe import one_line

#: Fields never shown as changes: they move with every edit, or restate the event's own time,
#: actor and note (``decided_at``, ``decided_by``, a relation's ``note``).
_BOOKKEEPING = frozenset(
    {"id", "version", "updated_at", "created_at", "created_by", "name_key", "title_key", "decided_at", "decided_by",
     "tag_key", "approved_at", "retracted_at", "retracted_by", "set_at", "set_by", "added_at", "added_by",
     "edited_by"}
)  # fmt: skip
#: Free text, shown in quotes and cut to a readable length.
_PROSE = frozenset({"text", "exact", "prefix", "suffix", "title", "note", "retraction_note"})
#: The verb for a row an event created, by entity.
_CREATED = {"claim": "created", "evidence": "linked", "source": "imported", "outlet": "added", "claim_tag": "added",
            "case": "opened", "case_source": "added", "case_claim": "added", "setting": "set"}  # fmt: skip
#: Longest value shown in a change line; whole texts are in the dossier, not the trail.
WIDTH = 90


@dataclass
class Names:
    """What ids stand for, read once: outlet names, claim texts, source titles and outlets."""

    outlets: dict[int, str] = field(default_factory=dict)
    claims: dict[int, str] = field(default_factory=dict)
    sources: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection, events: Iterable[AuditEventRead]) -> Names:
        """The names the given events refer to (outlets all, claims and sources as needed)."""
        claim_ids: set[int] = set()
        source_ids: set[int] = set()
        for event in events:
            for entity, entity_id, before, after in changes(event):
                state = after or before or {}
                if entity in {"claim", "source"}:
                    (claim_ids if entity == "claim" else source_ids).add(entity_id)
                elif entity == "evidence":
                    claim_ids.add(state.get("claim_id", 0))
                    source_ids.add(state.get("source_id", 0))
        names = cls(outlets=dict(connection.execute(select(_OUTLET.c.id, _OUTLET.c.name)).all()))
        names.claims = claim_texts(connection, claim_ids)
        names.sources = source_labels(connection, source_ids)
        return names

    def source(self, source_id: int) -> str:
        """``source 3 (AFP)``: a source as a change line names it."""
        outlet = self.sources.get(source_id, (None, None))[0]
        return f"source {source_id} ({outlet or 'unknown outlet'})"


@dataclass(frozen=True)
class EventView:
    """One event as a report shows it."""

    seq: int
    at: str
    day: str
    time: str
    actor: str
    action: str
    #: The row the event is about, as ``claim 1``, ``relation 2 (contradiction, claims 2 and 3)``.
    subject: str
    #: What the event is about for grouping: evidence belongs with its claim.
    topic: tuple[str, int]
    topic_label: str
    #: Whether the subject is the topic itself (false for evidence, grouped under its claim).
    about_topic: bool
    #: One line per change: ``status: in_review → verified``, ``evidence 4 linked: …``.
    changes: tuple[str, ...]
    note: str | None
    hash: str


def changes(event: AuditEventRead) -> list[tuple[str, int, dict[str, Any] | None, dict[str, Any] | None]]:
    """(entity, id, before, after) of the event's subject, then of each related row."""
    data = event.data
    found = [(event.entity, event.entity_id or 0, data.get("before"), data.get("after"))]
    found += [(r["entity"], r["id"], r.get("before"), r.get("after")) for r in data.get("related", [])]
    return found


def touches_claim(event: AuditEventRead, claim_id: int) -> bool:
    """Whether the event changed the claim, one of its evidence links, or a relation it is part of."""
    for entity, entity_id, before, after in changes(event):
        for state in (before, after):
            if state is None:
                continue
            if entity == "claim" and entity_id == claim_id:
                return True
            if entity in {"evidence", "claim_tag", "case_claim"} and state.get("claim_id") == claim_id:
                return True
            if entity == "claim_relation" and claim_id in (state.get("a"), state.get("b")):
                return True
    return False


def view(event: AuditEventRead, names: Names) -> EventView:
    """The event with its changes described and its subject named."""
    rows = changes(event)
    lines: list[str] = []
    for index, (entity, entity_id, before, after) in enumerate(rows):
        label = "" if index == 0 else f"{_label(entity, entity_id, before or after or {}, names)} "
        if before is None and after is not None:
            lines.append(f"{label}{_CREATED.get(entity, 'recorded')}: {_summary(entity, after, names)}")
        elif after is None and before is not None:
            verb = "withdrawn" if event.action == "relation.withdraw" else "removed"
            lines.append(f"{label}{verb}: {_summary(entity, before, names)}")
        elif before is not None and after is not None:
            lines += [f"{label}{line}" for line in _differences(before, after, names, note=event.data.get("note"))]
    for key, words in (("undoes", "takes back event"), ("regarding", "about event")):
        if isinstance(event.data.get(key), int):
            lines.insert(0, f"{words} #{event.data[key]}")
    entity, entity_id, before, after = rows[0]
    state = after or before or {}
    topic = ("claim", int(state.get("claim_id", 0))) if entity == "evidence" else (entity, entity_id)
    note = event.data.get("note")
    return EventView(
        seq=event.seq,
        at=event.at,
        day=event.at[:10],
        time=event.at[11:19],
        actor=event.actor,
        action=event.action,
        subject=_label(entity, entity_id, state, names),
        topic=topic,
        topic_label=topic_label(topic, state if topic[0] == entity else {}, names),
        about_topic=topic == (entity, entity_id),
        changes=tuple(lines),
        note=note if isinstance(note, str) else None,
        hash=event.hash,
    )


def topic_label(topic: tuple[str, int], state: Mapping[str, Any], names: Names) -> str:
    """A heading for the events about one thing: ``Claim 1: At least five…``, ``Outlet AFP``."""
    kind, topic_id = topic
    if kind == "claim":
        text = names.claims.get(topic_id)
        return f"Claim {topic_id}: {one_line(text, WIDTH)}" if text else f"Claim {topic_id}"
    if kind == "source":
        outlet, title = names.sources.get(topic_id, (None, None))
        return f"Source {topic_id}: {one_line(title or 'untitled', WIDTH)} ({outlet or 'unknown outlet'})"
    label = _label(kind, topic_id, state, names)
    return label[:1].upper() + label[1:]


def _label(entity: str, entity_id: int, state: Mapping[str, Any], names: Names) -> str:
    if entity == "outlet":
        return f"outlet {state.get('name') or names.outlets.get(entity_id) or entity_id}"
    if entity == "claim_relation":
        kind = state.get("kind", "relation")
        return f"relation {entity_id} ({kind}, claims {state.get('a')} and {state.get('b')})"
    if entity == "source_relation":
        what = "reprint" if state.get("kind") == "syndicated" else state.get("kind", "relation")
        return f"source relation {entity_id} ({what}, sources {state.get('a')} and {state.get('b')})"
    return f"{entity.replace('_', ' ')} {entity_id}"


def _summary(entity: str, state: Mapping[str, Any], names: Names) -> str:
    """A created (or removed) row in one line."""
    if entity == "claim":
        return f"{_quote(state.get('text'))}, {state.get('status')}, credibility {state.get('credibility')}"
    if entity == "evidence":
        where = "orphaned" if state.get("start") is None else f"at {state.get('start')}–{state.get('end')}"
        return (
            f"claim {state.get('claim_id')} ← {names.source(int(state.get('source_id', 0)))}, "
            f"{state.get('stance')}, {_quote(state.get('exact'))} {where}"
        )
    if entity == "source":
        outlet = names.outlets.get(state.get("outlet_id") or 0, "unknown outlet")
        revises = f", revision of source {state['revision_of']}" if state.get("revision_of") else ""
        return (
            f"{_quote(state.get('title') or 'untitled')} ({outlet}), {_published(state.get('published_at'))}, "
            f"{state.get('length', 0):,} characters, sha256 {str(state.get('content_sha256'))[:16]}…{revises}"
        )
    if entity == "outlet":
        return f"grade {state.get('reliability')}"
    if entity == "claim_tag":
        return f"tag {_quote(state.get('tag'))} on claim {state.get('claim_id')}"
    if entity == "case":
        return _quote(state.get("name"))
    if entity in {"case_source", "case_claim"}:
        member = "source" if entity == "case_source" else "claim"
        return f"{member} {state.get(f'{member}_id')} in case {state.get('case_id')}"
    if entity == "setting":
        return f"{state.get('name')} = {state.get('value')}"
    if entity == "claim_relation":
        extra = [f"{k} {_value(k, state.get(k), names)}" for k in ("aspect", "score", "winner") if state.get(k)]
        parts = [f"{state.get('kind')} of claims {state.get('a')} and {state.get('b')}", str(state.get("status"))]
        return ", ".join(parts + extra)
    if entity == "source_relation":
        score = f", {figure(state['score'])}% shared" if state.get("score") is not None else ""
        if state.get("kind") == "syndicated":
            return f"source {state.get('b')} reprints source {state.get('a')}{score}"
        return f"source {state.get('b')} {state.get('kind')} of source {state.get('a')}{score}"
    return one_line(json.dumps(dict(state), sort_keys=True), WIDTH)


def _differences(before: Mapping[str, Any], after: Mapping[str, Any], names: Names, *, note: Any) -> list[str]:
    """``field: before → after`` for each shown field that changed (a note the event itself carries once).

    A retraction reads as one line ("retracted: why"), not as the three fields that record it.
    """
    lines = []
    if before.get("retracted_at") is None and after.get("retracted_at") is not None:
        why = after.get("retraction_note")
        lines.append("retracted" + ("" if why == note else f": {_value('retraction_note', why, names)}"))
    elif before.get("retracted_at") is not None and after.get("retracted_at") is None:
        lines.append("retraction lifted: it counts as evidence again")
    return lines + [
        f"{key}: {_value(key, before.get(key), names)} → {_value(key, after.get(key), names)}"
        for key in sorted(set(before) | set(after))
        if key not in _BOOKKEEPING | {"retraction_note"}
        and before.get(key) != after.get(key)
        and not (key == "note" and after[key] == note)
    ]


def _value(key: str, value: Any, names: Names) -> str:
    """A field's value as a reader recognises it."""
    if value is None:
        return "–"
    if key == "outlet_id":
        return names.outlets.get(value, str(value))
    if key in {"quantity", "date", "items", "detail"} and isinstance(value, str):
        return _parsed(key, value)
    if key in _PROSE:
        return _quote(value)
    if isinstance(value, float):
        return figure(value)
    return one_line(str(value), WIDTH)


def _parsed(key: str, text: str) -> str:
    """A JSON column (parsed claim values, a relation's detail) summed up."""
    try:
        data = json.loads(text)
    except ValueError:
        return one_line(text, WIDTH)
    if key == "quantity" and isinstance(data, dict):
        return describe(data)
    if key == "date" and isinstance(data, dict):
        return one_line(str(data.get("text") or data.get("start_date")), WIDTH)
    if key == "items" and isinstance(data, list):
        return ", ".join(str(i) for i in data) or "–"
    if key == "detail" and isinstance(data, dict) and data.get("reason"):
        return one_line(str(data["reason"]), WIDTH)
    return one_line(json.dumps(data, sort_keys=True, ensure_ascii=False), WIDTH)


def _published(value: Any) -> str:
    return f"published {value}" if value else "undated"


def _quote(value: Any) -> str:
    return f"“{one_line(str(value), WIDTH)}”"
