r"""The hash-chained audit log: append events, and verify the chain and the rows it describes.

Each event's hash is ``sha256(prev_hash + "\n" + header + "\n" + data)`` in UTF-8, where
``header`` is the canonical JSON of ``{seq, at, actor, action, entity, entity_id}`` and
``data`` is the event's stored canonical JSON text, byte for byte. The first event's
``prev_hash`` is 64 zeros. Canonical JSON: sorted keys, no spaces, UTF-8, no NaN.

An event's ``data`` records the state of every row it changed, before and after
(``{"before", "after", "related": [{"entity", "id", "before", "after"}], "note"}``, and
``"undoes"`` or ``"regarding"`` naming an earlier event's seq), so
verification can also prove that every audited row still holds the state its latest event
recorded: an edit made straight in SQL shows up as a mismatch.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import json
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import orjson
from sqlalchemy import Connection, Float, func, insert, select

from store.clock import now_iso
from store.errors import ClockBackwards
from store.models import AUDITED, AuditEvent, AuditEventRow, RowChange, table

GENESIS = "0" * 64

#: Columns left out of a row's recorded state. ``Source.text`` is covered by ``content_sha256``,
#: which verification recomputes from the text itself.
_UNRECORDED = {"source": frozenset({"text"})}


#: Arbitrary constant key of PostgreSQL's transaction-scoped advisory lock held by writers.
PG_WRITE_LOCK = 0x6175646974

_EVENT = table(AuditEvent)
_ROWS = table(AuditEventRow)
_CHANGES = table(RowChange)


@functools.cache
def _references() -> dict[str, dict[str, str]]:
    """For each audited entity, its foreign-key columns and the audited entity each refers to."""
    by_table = {table(model).name: entity for entity, model in AUDITED.items()}
    found: dict[str, dict[str, str]] = {}
    for entity, model in AUDITED.items():
        for key in table(model).foreign_keys:
            target = by_table.get(key.column.table.name)
            if target is not None:
                found.setdefault(entity, {})[key.parent.name] = target
    return found


def event_rows(seq: int, entity: str, entity_id: int | None, data: Any) -> list[dict[str, Any]]:
    """The ``audit_event_row`` lines of an event: each row it changed, and each row those refer to.

    A quote linked to claim 3 changes an evidence row and refers to claim 3 (and its source):
    claim 3's history shows it. Lines come from the event's own data only, so they can be
    recomputed from the log at any time.
    """
    changes: list[tuple[Any, Any, Any]] = []
    if isinstance(data, dict):
        changes.append((entity, entity_id, (data.get("before"), data.get("after"))))
        related = data.get("related")
        for change in related if isinstance(related, list) else ():
            if isinstance(change, dict):
                changes.append((change.get("entity"), change.get("id"), (change.get("before"), change.get("after"))))
    else:
        changes.append((entity, entity_id, ()))
    lines: dict[tuple[str, int], bool] = {}
    references = _references()
    for name, row_id, states in changes:
        if not isinstance(name, str) or not _is_id(row_id):
            continue
        lines[(name, row_id)] = True
        for column, target in references.get(name, {}).items():
            for state in states:
                value = state.get(column) if isinstance(state, dict) else None
                if _is_id(value):
                    lines.setdefault((target, value), False)
    return [{"entity": e, "entity_id": i, "seq": seq, "changed": c} for (e, i), c in lines.items()]


def _is_id(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def canonical(obj: Any) -> str:
    """Serialise ``obj`` the one way the chain hashes it."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def event_hash(
    *, prev_hash: str, seq: int, at: str, actor: str, action: str, entity: str, entity_id: int | None, data: str
) -> str:
    """The hash of one event given its predecessor's hash (see the module docstring)."""
    header = canonical(
        {"seq": seq, "at": at, "actor": actor, "action": action, "entity": entity, "entity_id": entity_id}
    )
    return hashlib.sha256(f"{prev_hash}\n{header}\n{data}".encode()).hexdigest()


def snapshot(entity: str, row: Mapping[Any, Any]) -> dict[str, Any]:
    """The recorded state of an audited row: every column but the unrecorded ones.

    Float columns are coerced to ``float`` so that a state built from the values written
    (``100``) hashes the same as one read back from the database (``100.0``). A column missing
    from values about to be inserted is NULL, as the insert leaves it.
    """
    state: dict[str, Any] = {}
    for name, is_float in _columns(entity):
        value = row.get(name)
        state[name] = float(value) if is_float and value is not None else value
    return state


@functools.cache
def _columns(entity: str) -> tuple[tuple[str, bool], ...]:
    skip = _UNRECORDED.get(entity, frozenset())
    rows = table(AUDITED[entity])
    return tuple((c.name, isinstance(c.type, Float)) for c in rows.columns if c.name not in skip)


@dataclass(frozen=True)
class Change:
    """One row's state before and after an action; ``None`` means the row did not exist."""

    entity: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class EventDraft:
    """An event not yet chained: what changed, who did it and why."""

    actor: str
    action: str
    change: Change
    related: Sequence[Change] = ()
    note: str | None = None
    #: The earlier event this one answers: the one an ``undo`` takes back (``undoes``) or a
    #: ``note`` explains (``regarding``).
    refers: tuple[str, int] | None = None

    def data(self) -> str:
        """The event's canonical JSON ``data``."""
        return canonical(self.body())

    def body(self) -> dict[str, Any]:
        """The event's ``data`` before it is serialised."""
        body: dict[str, Any] = {"before": self.change.before, "after": self.change.after}
        if self.related:
            body["related"] = [
                {"entity": c.entity, "id": c.entity_id, "before": c.before, "after": c.after} for c in self.related
            ]
        if self.note:
            body["note"] = self.note
        if self.refers:
            body[self.refers[0]] = self.refers[1]
        return body


@dataclass(frozen=True)
class ChainHead:
    """The last event of the chain: what exports and reports cite."""

    seq: int
    hash: str


def head(connection: Connection) -> ChainHead:
    """The current head; ``seq`` 0 and the genesis hash for an empty log."""
    row = connection.execute(select(_EVENT.c.seq, _EVENT.c.hash).order_by(_EVENT.c.seq.desc()).limit(1)).first()
    return ChainHead(0, GENESIS) if row is None else ChainHead(row.seq, row.hash)


def append(connection: Connection, drafts: Iterable[EventDraft], *, at: str | None = None) -> list[ChainHead]:
    """Chain ``drafts`` onto the log inside the caller's (write) transaction.

    The caller must hold the write lock (``Store.write``): on SQLite ``BEGIN IMMEDIATE``; on
    PostgreSQL the advisory lock, taken again here (it is re-entrant) for callers with their own
    transaction. Returns each event's seq and hash.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
    #: Set by ``Store.write`` (or a service for one transaction): signs each event by its actor.
    signer = connection.info.get("signer")
    last = connection.execute(select(_EVENT.c.seq, _EVENT.c.hash, _EVENT.c.at).order_by(_EVENT.c.seq.desc()).limit(1))
    found = last.first()
    current, latest = (ChainHead(0, GENESIS), None) if found is None else (ChainHead(found.seq, found.hash), found.at)
    stamp = at or now_iso()
    if latest is not None and stamp < latest:
        # a clock set back (or SOURCE_DATE_EPOCH given an earlier date) cannot date an event before its predecessor
        raise ClockBackwards(f"the clock reads {stamp}, before the last event's {latest}: nothing was recorded")
    rows: list[dict[str, Any]] = []
    heads: list[ChainHead] = []
    seq, prev = current.seq, current.hash
    lines: list[dict[str, Any]] = []
    for draft in drafts:
        seq += 1
        body = draft.body()
        data = canonical(body)
        lines += event_rows(seq, draft.change.entity, draft.change.entity_id, body)
        row = {
            "seq": seq,
            "at": stamp,
            "actor": draft.actor,
            "action": draft.action,
            "entity": draft.change.entity,
            "entity_id": draft.change.entity_id,
            "data": data,
            "prev_hash": prev,
        }
        prev = row["hash"] = event_hash(
            prev_hash=prev,
            seq=seq,
            at=stamp,
            actor=draft.actor,
            action=draft.action,
            entity=draft.change.entity,
            entity_id=draft.change.entity_id,
            data=data,
        )
        if signer is not None:  # left out otherwise: an older schema (a migration's own history) has no column
            row["signature"] = signer(draft.actor, prev)
        rows.append(row)
        heads.append(ChainHead(seq, prev))
    if rows:
        connection.execute(insert(_EVENT), rows)
        if lines and _has_event_rows(connection):
            connection.execute(insert(_ROWS), lines)
    return heads


def _has_event_rows(connection: Connection) -> bool:
    """Whether the schema has ``audit_event_row`` (a migration's own history may predate it)."""
    if connection.dialect.name == "sqlite":
        found = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'audit_event_row'").first()
    else:
        found = connection.exec_driver_sql("SELECT to_regclass('audit_event_row')").scalar()
    return bool(found)


@dataclass(frozen=True)
class Problem:
    """One thing verification found wrong, tied to the event it concerns when there is one."""

    seq: int | None
    message: str


@dataclass
class Verification:
    """The outcome of ``verify``: ``ok`` only when the chain and every audited row check out.

    ``problems`` are ordered by the event they concern; problems with no event come last.
    """

    events: int = 0
    head: ChainHead = field(default_factory=lambda: ChainHead(0, GENESIS))
    problems: list[Problem] = field(default_factory=list)
    #: Events by reviewers who had no signing key on record yet (stores made before signing).
    unsigned: int = 0
    #: Rows in each audited table, as verified (what a checkpoint carries forward).
    counts: dict[str, int] = field(default_factory=dict)
    #: The checkpoint an incremental check started from (``None``: the whole chain was checked).
    since: ChainHead | None = None
    #: Each reviewer's public key in force at the head (what a checkpoint carries forward).
    keys: dict[str, str] = field(default_factory=dict)
    #: Lines of ``audit_event_row`` the events checked call for (``event_rows``).
    lines: int = 0

    @property
    def ok(self) -> bool:
        """Whether nothing was found wrong."""
        return not self.problems


def _stream(connection: Connection, statement: Any) -> Iterator[Any]:
    """Rows of a large query without loading them all at once."""
    result = connection.execution_options(yield_per=2000).execute(statement)
    yield from result


#: Bytes of a row state's SHA-256 a full verification keeps: 128 bits, so that a row changed to
#: pass for its recorded state would need a second preimage of 128 bits, while a million-claim
#: store's states fit in a few hundred megabytes.
_KEPT = 16


class _Ledger:
    """The latest recorded state of every audited row, as a full verification notes them: compact.

    Noted in event order, 32 bytes a recorded state in flat arrays (row id, seq, the state's
    digest; a deletion's seq negated), not a dictionary entry of some 300 bytes per row: at a
    million claims with millions of suggestions the dictionary alone took 3 GB. A row changed
    ten times is noted ten times until ``settled`` keeps each row's last state, by sorting the
    ids (a stable sort keeps events in order; it takes about as much again while it sorts). An
    id no row can have (crafted data) is kept apart, to be reported as recorded but missing.
    """

    def __init__(self) -> None:
        self._ids = {entity: array("q") for entity in AUDITED}
        self._seqs = {entity: array("q") for entity in AUDITED}
        self._digests = {entity: bytearray() for entity in AUDITED}
        self.odd: dict[tuple[str, Any], tuple[int, bytes | None]] = {}

    def __setitem__(self, key: tuple[str, Any], recorded: tuple[int, bytes | None]) -> None:
        entity, row_id = key
        seq, digest = recorded
        if entity not in self._ids or not _is_id(row_id):
            self.odd[key] = recorded
            return
        self._ids[entity].append(row_id)
        self._seqs[entity].append(seq if digest is not None else -seq)
        self._digests[entity] += digest[:_KEPT] if digest is not None else bytes(_KEPT)

    def settled(self, entity: str) -> Iterator[tuple[int, int, bytes | None]]:
        """(row id, seq, digest or ``None`` if deleted) of each row's last state, by id; the notes are freed."""
        import numpy as np  # deferred: only a full verification sorts

        ids = np.frombuffer(self._ids.pop(entity), dtype=np.int64)
        seqs = np.frombuffer(self._seqs.pop(entity), dtype=np.int64)
        digests = np.frombuffer(self._digests.pop(entity), dtype=np.uint8).reshape(-1, _KEPT)
        order = np.argsort(ids, kind="stable")
        ordered = ids[order]
        last = order[np.r_[ordered[1:] != ordered[:-1], True]] if ordered.size else order
        del ordered, order
        for at in range(0, last.size, 10_000):
            part = last[at : at + 10_000]
            for row_id, seq, digest in zip(ids[part].tolist(), seqs[part].tolist(), digests[part], strict=True):
                yield row_id, abs(seq), digest.tobytes() if seq > 0 else None


def verify(connection: Connection, *, expect: str | None = None, max_problems: int = 100) -> Verification:
    """Recompute the chain, then compare every audited row with its last recorded state.

    Problems found: a hash that does not match the event, a broken ``prev_hash`` link or gap in
    ``seq``, a row whose current state differs from its latest recorded ``after`` state, a row
    no event ever recorded, a recorded row that is gone, a source whose text no longer hashes
    to its ``content_sha256``, and a value of the wrong type.

    A chain alone cannot show that its newest events were removed (with their rows put back)
    or that it was rebuilt from scratch. ``expect`` closes that gap: the hash of an event
    recorded elsewhere earlier (a head printed by ``audit verify``, carried by an export); it
    must still be in the chain.
    """
    result = Verification()
    latest = _Ledger()
    events = select(_EVENT).order_by(_EVENT.c.seq)
    expected_found = _walk(connection, events, "", latest, result, max_problems, expect=expect)
    if not expected_found:
        result.problems.append(
            Problem(None, f"the chain no longer holds the expected event {expect}: events were removed or rewritten")
        )
    if len(result.problems) < max_problems:
        _check_lines(connection, result, after=0)
    if len(result.problems) < max_problems:
        _verify_rows(connection, latest, result, max_problems)
    result.problems.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return result


def verify_since(
    connection: Connection,
    checkpoint: ChainHead,
    counts: Mapping[str, int],
    *,
    keys: Mapping[str, str] = {},
    expect: str | None = None,
    max_problems: int = 100,
) -> Verification:
    """Check what was recorded after a verified ``checkpoint``: ``verify`` for the events since.

    ``checkpoint`` and ``counts`` (rows per audited table) come from an earlier verification
    that found nothing wrong. Checked: the checkpoint's event is still in the chain with its
    hash and no event before it is missing; every event since chains on from it with a valid
    hash, date and signature; every row those events changed holds the state last recorded;
    and each table holds as many rows as the checkpoint's count plus those created and less
    those deleted since (a row added or removed behind the workbench shows). ``keys`` are the
    reviewers' keys in force at the checkpoint, as that verification found them. The store's
    change triggers must all be in place, or the check refuses to vouch for what it cannot see.
    Not checked: the events before the checkpoint, and rows changed by someone who first
    removed the triggers, which ``verify`` (``audit verify --full``) re-reads.
    """
    result = Verification(since=checkpoint, keys=dict(keys))
    missing = _missing_triggers(connection)
    if missing:
        message = f"the store's change triggers are gone ({missing[0]} and {len(missing) - 1} more)"
        result.problems.append(Problem(None, f"{message}: run `audit verify --full`"))
        return result
    pinned = connection.execute(select(_EVENT.c.hash, _EVENT.c.at).where(_EVENT.c.seq == checkpoint.seq)).first()
    before = connection.execute(select(func.count()).select_from(_EVENT).where(_EVENT.c.seq <= checkpoint.seq))
    if pinned is None or pinned.hash != checkpoint.hash or before.scalar_one() != checkpoint.seq:
        result.problems.append(
            Problem(
                None,
                f"the chain no longer holds event #{checkpoint.seq} as last verified ({checkpoint.hash[:16]}…): "
                "events were removed or rewritten (a store made again on purpose: `audit verify --full`)",
            )
        )
        return result
    if expect is not None and connection.execute(select(_EVENT.c.seq).where(_EVENT.c.hash == expect)).first() is None:
        result.problems.append(
            Problem(None, f"the chain no longer holds the expected event {expect}: events were removed or rewritten")
        )
    latest: dict[tuple[str, int], tuple[int, bytes | None]] = {}
    created: dict[str, int] = dict.fromkeys(AUDITED, 0)
    result.events, result.head = checkpoint.seq, checkpoint
    events = select(_EVENT).where(_EVENT.c.seq > checkpoint.seq).order_by(_EVENT.c.seq)
    _walk(connection, events, pinned.at, latest, result, max_problems, created=created)
    if len(result.problems) < max_problems:
        _check_lines(connection, result, after=checkpoint.seq)
    if len(result.problems) < max_problems:
        behind = _changed_behind(connection, checkpoint.seq, latest)
        _verify_changed_rows(connection, latest, result, max_problems, unrecorded=behind)
    for entity, model in AUDITED.items():
        expected = counts.get(entity, 0) + created[entity]
        found = connection.execute(select(func.count()).select_from(table(model))).scalar_one()
        result.counts[entity] = found
        if found != expected and len(result.problems) < max_problems:
            how = "added" if found > expected else "removed"
            message = f"{entity}: {found} rows where the log accounts for {expected} ({how} outside the workbench)"
            result.problems.append(Problem(None, message))
    result.problems.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return result


def _check_lines(connection: Connection, result: Verification, *, after: int) -> None:
    """The log's row index holds as many lines after event ``after`` as the events checked call for.

    A line left out would hide an event from a row's history, a line added would show one that
    never touched it: either changes the count. (The history readers still check each event.)
    """
    found = connection.execute(select(func.count()).select_from(_ROWS).where(_ROWS.c.seq > after)).scalar_one()
    if found != result.lines:
        result.problems.append(
            Problem(None, f"the log's index of rows holds {found} lines where the events call for {result.lines}")
        )


def _walk(
    connection: Connection,
    events: Any,
    last_at: str,
    latest: dict[tuple[str, int], tuple[int, bytes | None]] | _Ledger,
    result: Verification,
    max_problems: int,
    *,
    created: dict[str, int] | None = None,
    expect: str | None = None,
) -> bool:
    """Check ``events`` in order, chaining on from ``result.head`` (its keys in ``result.keys``).

    Notes each row state they record in ``latest`` and, with ``created``, the rows they create
    and delete by entity. Returns whether an event hashed ``expect`` (always, without one).
    """
    prev, expected_seq, found = result.head.hash, result.head.seq + 1, expect is None
    for ev in _stream(connection, events):
        if len(result.problems) >= max_problems:
            break
        if isinstance(ev.at, str) and ev.at < last_at:  # ISO UTC stamps of one width sort as times
            result.problems.append(
                Problem(ev.seq, f"event #{ev.seq}: dated {ev.at}, before the event it follows ({last_at})")
            )
        last_at = max(last_at, ev.at) if isinstance(ev.at, str) else last_at
        try:
            body = _check_event(ev, prev, expected_seq, latest, result)  # the event's data, read once
            _check_signature(ev, body, result.keys, result)
            if created is not None:
                _count_creations(ev, body, created)
        except (TypeError, ValueError, AttributeError, RecursionError) as e:  # data crafted to break a reader
            result.problems.append(Problem(ev.seq, f"event #{ev.seq}: unreadable ({type(e).__name__})"))
        found = found or ev.hash == expect
        prev, expected_seq = ev.hash, ev.seq + 1
        result.events += 1
        result.head = ChainHead(ev.seq, ev.hash)
    return found


def _missing_triggers(connection: Connection) -> list[str]:
    """The triggers a check from a checkpoint relies on that the store no longer has.

    One per audited table and operation filling ``row_change``, and those keeping it and the
    log's row index append-only.
    """
    wanted = {f"row_change_{table(m).name}_{op}" for m in AUDITED.values() for op in ("insert", "update", "delete")}
    if connection.dialect.name == "sqlite":
        wanted |= {f"{name}_no_{op}" for name in ("audit_event_row", "row_change") for op in ("update", "delete")}
        found = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
    else:
        wanted |= {"audit_event_row_append_only", "row_change_append_only"}
        found = connection.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        ).scalars()
    return sorted(wanted - set(found))


def _count_creations(ev: Any, body: Any, created: dict[str, int]) -> None:
    """Add the rows the event (its data read as ``body``) created (+1) and deleted (-1) to ``created``, by entity."""
    changes = [{"entity": ev.entity, "before": body.get("before"), "after": body.get("after")}]
    for change in [*changes, *body.get("related", [])]:
        if not isinstance(change, dict):
            continue
        entity = change.get("entity")
        if entity in created:
            created[entity] += (change.get("after") is not None) - (change.get("before") is not None)


def _changed_behind(
    connection: Connection, since: int, latest: dict[tuple[str, int], tuple[int, bytes | None]]
) -> set[tuple[str, int]]:
    """Add to ``latest`` the rows changed since event ``since`` that no new event names; return the unrecorded.

    ``row_change`` (written by triggers on every audited table) names every row changed since,
    by the workbench or in a SQL shell; for a row the new events do not name, its latest state
    on record is read from the event that last recorded it (found through ``audit_event_row``).
    """
    found: dict[str, set[int]] = {}
    for row in connection.execute(select(_CHANGES.c.entity, _CHANGES.c.entity_id).where(_CHANGES.c.seq >= since)):
        if row.entity in AUDITED and (row.entity, row.entity_id) not in latest:
            found.setdefault(row.entity, set()).add(row.entity_id)
    unrecorded: set[tuple[str, int]] = set()
    for entity, ids in found.items():
        last: dict[int, int] = {}
        for part in _parts(sorted(ids)):
            recorded = (
                select(_ROWS.c.entity_id, func.max(_ROWS.c.seq).label("seq"))
                .where(_ROWS.c.entity == entity, _ROWS.c.entity_id.in_(part), _ROWS.c.changed)
                .group_by(_ROWS.c.entity_id)
            )
            last.update((r.entity_id, r.seq) for r in connection.execute(recorded))
        unrecorded |= {(entity, i) for i in ids if i not in last}
        by_seq: dict[int, list[int]] = {}
        for entity_id, seq in last.items():
            by_seq.setdefault(seq, []).append(entity_id)
        for part in _parts(sorted(by_seq)):
            for ev in connection.execute(select(_EVENT).where(_EVENT.c.seq.in_(part))):
                try:
                    body = json.loads(ev.data)
                except (ValueError, RecursionError):
                    body = {}  # the full check names such an event; here its rows read as unrecorded
                body = body if isinstance(body, dict) else {}
                related = body.get("related")
                states = {(ev.entity, ev.entity_id): body.get("after")}
                states |= {
                    (c.get("entity"), c.get("id")): c.get("after")
                    for c in (related if isinstance(related, list) else [])
                    if isinstance(c, dict)
                }
                for entity_id in by_seq[ev.seq]:
                    state = states.get((entity, entity_id))
                    latest[(entity, entity_id)] = (ev.seq, None if state is None else _digest(state))
    return unrecorded


def _parts(values: list[int], size: int = 500) -> Iterator[list[int]]:
    for at in range(0, len(values), size):
        yield values[at : at + size]


def _verify_changed_rows(
    connection: Connection,
    latest: dict[tuple[str, int], tuple[int, bytes | None]],
    result: Verification,
    max_problems: int,
    *,
    unrecorded: set[tuple[str, int]] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Compare each row in ``latest`` (changed since a checkpoint) with the state recorded for it.

    ``unrecorded`` rows were changed since but no event ever recorded them: any still there is one.
    """
    by_entity: dict[str, list[int]] = {}
    for entity, entity_id in latest:
        if _is_id(entity_id):  # an id no row can have is reported below, as recorded but missing
            by_entity.setdefault(entity, []).append(entity_id)
    for entity, entity_id in sorted(unrecorded):
        rows = table(AUDITED[entity])
        if connection.execute(select(rows.c.id).where(rows.c.id == entity_id)).first() is not None:
            result.problems.append(Problem(None, f"{entity} {entity_id}: no audit event records this row"))
    for entity, ids in by_entity.items():
        rows = table(AUDITED[entity])
        for at in range(0, len(ids), 500):
            part = sorted(ids[at : at + 500])
            for row in connection.execute(select(rows).where(rows.c.id.in_(part))):
                if len(result.problems) >= max_problems:
                    return
                mapping = row._mapping
                recorded = latest.pop((entity, mapping["id"]), None)
                if recorded is None:
                    continue
                try:
                    _check_row(connection, entity, mapping, recorded, result)
                except (TypeError, ValueError, AttributeError, OverflowError, RecursionError) as e:
                    message = f"{entity} {mapping['id']}: unreadable value ({type(e).__name__})"
                    result.problems.append(Problem(recorded[0], message))
    for (entity, entity_id), (seq, digest) in sorted(latest.items(), key=lambda kv: kv[1][0]):
        if digest is not None and len(result.problems) < max_problems:
            result.problems.append(Problem(seq, f"{entity} {entity_id}: recorded in event #{seq} but missing"))


def _check_event(
    ev: Any,
    prev: str,
    expected_seq: int,
    latest: dict[tuple[str, int], tuple[int, bytes | None]] | _Ledger,
    result: Verification,
) -> Any:
    """Check one event's place and hash, and note the row states it records; returns its data, read."""
    if ev.seq != expected_seq:
        result.problems.append(Problem(ev.seq, f"event #{ev.seq}: expected #{expected_seq} (events missing)"))
    if ev.prev_hash != prev:
        result.problems.append(Problem(ev.seq, f"event #{ev.seq}: prev_hash does not match event #{ev.seq - 1}"))
    digest = event_hash(
        prev_hash=ev.prev_hash,
        seq=ev.seq,
        at=ev.at,
        actor=ev.actor,
        action=ev.action,
        entity=ev.entity,
        entity_id=ev.entity_id,
        data=ev.data,
    )
    if digest != ev.hash:
        result.problems.append(Problem(ev.seq, f"event #{ev.seq}: content does not match its hash"))
    body = json.loads(ev.data)
    result.lines += len(event_rows(ev.seq, ev.entity, ev.entity_id, body))
    changes = [{"entity": ev.entity, "id": ev.entity_id, "after": body.get("after")}, *body.get("related", [])]
    for change in changes:
        if change.get("entity") in AUDITED and change.get("id") is not None:
            state = change.get("after")
            latest[(change["entity"], change["id"])] = (ev.seq, None if state is None else _digest(state))
    return body


def _check_signature(ev: Any, body: Any, keys: dict[str, str], result: Verification) -> None:
    """Check the event's signature against its actor's key in force, and note a key it registers.

    A key's registration is signed by the key it replaces, or by itself when it is the
    reviewer's first: so nobody can put a key of theirs in another reviewer's name once that
    reviewer signs. Events by a reviewer without a key yet are counted as unsigned, not refused.
    """
    from store.signing import fingerprint, signed_by

    registered = [
        c.get("after")
        for c in [{"entity": ev.entity, "after": body.get("after")}, *body.get("related", [])]
        if c.get("entity") == "reviewer_key" and isinstance(c.get("after"), dict)
    ]
    current = keys.get(ev.actor)
    for key in registered:
        if key.get("reviewer") != ev.actor:
            result.problems.append(
                Problem(ev.seq, f"event #{ev.seq}: {ev.actor} registered a key for {key.get('reviewer')}")
            )
            return
    checking = current or (registered[0]["public_key"] if registered else None)
    if checking is None:
        result.unsigned += 1
    elif not ev.signature:
        result.problems.append(
            Problem(
                ev.seq,
                f"event #{ev.seq} by {ev.actor} is not signed ({ev.actor} signs with key {fingerprint(checking)})",
            )
        )
    elif not signed_by(checking, ev.hash, ev.signature):
        result.problems.append(
            Problem(ev.seq, f"event #{ev.seq}: the signature is not {ev.actor}'s (key {fingerprint(checking)})")
        )
    for key in registered:
        keys[ev.actor] = str(key.get("public_key"))


def _digest(state: Mapping[str, Any]) -> bytes:
    """Digest of a row state with its null fields left out.

    A column added later as NULL keeps old events valid, while setting or clearing any value
    still changes the digest.
    """
    present = {k: v for k, v in state.items() if v is not None}
    if any(isinstance(v, float) and not math.isfinite(v) for v in present.values()):
        raise ValueError("not a finite number")  # as ``canonical`` refuses it: no state records one
    # compared within one verification only, never stored: orjson's sorted JSON, several times
    # faster than ``canonical``, serves as well as long as both sides of a comparison use it;
    # what orjson cannot write (an integer beyond 64 bits) goes through ``canonical``
    try:
        return hashlib.sha256(orjson.dumps(present, option=orjson.OPT_SORT_KEYS)).digest()
    except orjson.JSONEncodeError:
        return hashlib.sha256(canonical(present).encode()).digest()


def _verify_rows(connection: Connection, latest: _Ledger, result: Verification, max_problems: int) -> None:
    """Compare every audited row with its last recorded state: rows and states both read in id order."""
    # rows recorded but gone are reported after every row is compared, earliest event first, as
    # many as room is left for: the ``max_problems`` of them with the earliest events are kept
    gone: list[tuple[int, int, str, str]] = []

    def missing(entity: str, entity_id: Any, seq: int) -> None:
        item = (-seq, -len(gone), entity, str(entity_id))  # a heap of the latest first: dropped first
        if len(gone) < max_problems:
            heapq.heappush(gone, item)
        elif item > gone[0]:
            heapq.heapreplace(gone, item)

    for entity, model in AUDITED.items():
        rows = table(model)
        result.counts[entity] = 0
        states = latest.settled(entity)
        state = next(states, None)
        for row in _stream(connection, select(rows).order_by(rows.c.id)):
            if len(result.problems) >= max_problems:
                break
            result.counts[entity] += 1
            mapping = row._mapping
            while state is not None and state[0] < mapping["id"]:  # recorded, but no row of that id
                if state[2] is not None:
                    missing(entity, state[0], state[1])
                state = next(states, None)
            recorded = None
            if state is not None and state[0] == mapping["id"]:
                recorded, state = (state[1], state[2]), next(states, None)
            try:
                _check_row(connection, entity, mapping, recorded, result)
            except (TypeError, ValueError, AttributeError, OverflowError, RecursionError) as e:
                seq = recorded[0] if recorded else None
                result.problems.append(Problem(seq, f"{entity} {mapping['id']}: unreadable value ({type(e).__name__})"))
        if len(result.problems) >= max_problems:
            return
        while state is not None:
            if state[2] is not None:
                missing(entity, state[0], state[1])
            state = next(states, None)
    for (entity, entity_id), (seq, digest) in latest.odd.items():
        if digest is not None:
            missing(entity, entity_id, seq)
    for negated, _, entity, entity_id in sorted(gone, reverse=True):
        if len(result.problems) < max_problems:
            seq = -negated
            result.problems.append(Problem(seq, f"{entity} {entity_id}: recorded in event #{seq} but missing"))


def _check_row(
    connection: Connection,
    entity: str,
    mapping: Any,
    recorded: tuple[int, bytes | None] | None,
    result: Verification,
) -> None:
    """Compare one row with the state its latest event recorded."""
    if recorded is None:
        result.problems.append(Problem(None, f"{entity} {mapping['id']}: no audit event records this row"))
        return
    seq, digest = recorded
    state = snapshot(entity, mapping)
    if digest is None:
        result.problems.append(Problem(seq, f"{entity} {mapping['id']}: deleted in event #{seq} but present"))
    elif _digest(state)[: len(digest)] != digest:  # a full verification keeps the first ``_KEPT`` bytes
        fields = _changed_fields(connection, seq, entity, mapping["id"], state)
        result.problems.append(Problem(seq, f"{entity} {mapping['id']}: {fields} not as recorded in event #{seq}"))
    if entity == "source" and hashlib.sha256(mapping["text"].encode()).hexdigest() != mapping["content_sha256"]:
        result.problems.append(Problem(seq, f"source {mapping['id']}: text does not match content_sha256"))


def _changed_fields(connection: Connection, seq: int, entity: str, entity_id: int, state: dict[str, Any]) -> str:
    """Name the fields of a row that differ from what event ``seq`` recorded for it."""
    data = connection.execute(
        select(_EVENT.c.entity, _EVENT.c.entity_id, _EVENT.c.data).where(_EVENT.c.seq == seq)
    ).one()
    body = json.loads(data.data)
    recorded: dict[str, Any] = {}
    if data.entity == entity and data.entity_id == entity_id:
        recorded = body.get("after") or {}
    else:
        for change in body.get("related", []):
            if change.get("entity") == entity and change.get("id") == entity_id:
                recorded = change.get("after") or {}
    names = sorted(k for k in set(state) | set(recorded) if state.get(k) != recorded.get(k))  # absent = null
    return ", ".join(names) if names else "fields"
