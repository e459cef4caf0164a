"""Proving the store is as the audit log says: the chain, and every audited row against it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from store import Store, audit
from store.clock import now_iso
from workbench.access import reading
from workbench.models import Verification

#: Most of SQLite's own findings reported: past a few, the file needs restoring, not reading.
_FILE_PROBLEMS = 20


def file_problems(connection: Connection) -> list[str]:
    """What the database engine finds wrong with the file itself: damaged pages, indexes, references.

    A byte flipped in a page no query happens to read (an index, a full-text segment) leaves
    every row reading as recorded: only the engine's own check sees it. SQLite runs
    ``PRAGMA integrity_check`` and ``foreign_key_check``; PostgreSQL guards its pages itself
    (data checksums, when the cluster has them), so there the rows and the chain are the check.
    """
    if connection.dialect.name != "sqlite":
        return []
    found = [str(r) for r in connection.exec_driver_sql(f"PRAGMA integrity_check({_FILE_PROBLEMS})").scalars()]
    problems = [] if found == ["ok"] else [f"the database file is damaged: {line}" for line in found]
    for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(_FILE_PROBLEMS):
        problems.append(f"the database file is damaged: {table} row {rowid} refers to a missing {parent}")
    return problems


def verify_store(
    *, store: Store, expect: str | None = None, anchor: dict[str, Any] | None = None, full: bool = False
) -> Verification:
    """Recompute the audit chain and check every audited row against its last recorded state.

    Catches edits made outside the workbench (straight in SQL): a changed event, a removed or
    reordered event, a changed or unrecorded row, a deleted row, a source text that no longer
    matches its hash, and damage to the database file itself (``file_problems``). With ``expect``
    (a head hash recorded earlier), also a chain whose newest events were removed or that was
    rebuilt. With ``anchor`` (``workbench.witness.read_anchor``), the same for the head it pins,
    and that it is signed by a key on record.

    After a clean verification this machine keeps a checkpoint (``workbench.checkpoints``); the
    next one, unless ``full``, checks only the events recorded since and the rows they changed
    (``store.audit.verify_since``), and says so.
    """
    from workbench import checkpoints
    from workbench.witness import anchor_problems

    checkpoint = None if full else checkpoints.load(store)
    with reading(store) as connection:
        if connection.dialect.name == "postgresql":
            # one snapshot for the events, the rows and their counts: a write committing meanwhile is not half seen
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        if checkpoint is None:
            damage = file_problems(connection)
            result = audit.verify(connection, expect=expect)
        else:
            damage = []
            result = audit.verify_since(
                connection, checkpoint.head, checkpoint.counts, keys=checkpoint.keys, expect=expect
            )
        pinned = anchor_problems(connection, anchor) if anchor is not None else []
    problems = damage + [p.message for p in result.problems] + pinned
    ok = result.ok and not damage and not pinned
    if ok:
        checkpoints.save(store, checkpoints.Checkpoint(result.head, result.counts, now_iso(), result.keys))
    return Verification(
        ok=ok,
        events=result.events,
        head_seq=result.head.seq,
        head=result.head.hash,
        problems=problems,
        first_problem=problems[0] if problems else None,
        unsigned=result.unsigned,
        since_seq=None if checkpoint is None else checkpoint.head.seq,
        since_at=None if checkpoint is None else checkpoint.at,
    )
