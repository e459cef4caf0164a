"""Proving the store is as the audit log says: the chain, and every audited row against it."""

from __future__ import annotations

from store import Store, audit
from workbench.access import reading
from workbench.models import Verification


def verify_store(*, store: Store, expect: str | None = None) -> Verification:
    """Recompute the audit chain and check every audited row against its last recorded state.

    Catches edits made outside the workbench (straight in SQL): a changed event, a removed or
    reordered event, a changed or unrecorded row, a deleted row, a source text that no longer
    matches its hash. With ``expect`` (a head hash recorded earlier), also a chain whose newest
    events were removed or that was rebuilt.
    """
    with reading(store) as connection:
        result = audit.verify(connection, expect=expect)
    problems = [p.message for p in result.problems]
    return Verification(
        ok=result.ok,
        events=result.events,
        head_seq=result.head.seq,
        head=result.head.hash,
        problems=problems,
        first_problem=problems[0] if problems else None,
    )
