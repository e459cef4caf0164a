"""A team's hold on its claims: who is asked to look at one, the tags it carries, notes on decisions.

Each is one audited transaction like every other change, so the audit trail says who asked
whom to look at what, and why a decision was taken.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import delete, desc, insert, select

from store import Store, audit
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal, read
from workbench.access import writing
from workbench.checks import check_actor, check_note, check_unicode
from workbench.claims import bump_claim, check_version, refuse_merged
from workbench.errors import InvalidInput
from workbench.models import AuditEventRead, ClaimRead
from workbench.sql import EVENT, TAG

#: Longest tag accepted: a label, not a sentence.
MAX_TAG_CHARS = 40
#: The entities a note can be put on.
NOTED = ("claim", "evidence", "claim_relation", "source", "outlet", "case")


def assign_claim(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    reviewer: str | None,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimRead:
    """Ask ``reviewer`` to look at a claim (``None``: nobody); one ``claim.assign`` event.

    Raises:
        NotFound: unknown claim.
        InvalidInput: an empty reviewer name, or a merged claim.
        Conflict: ``expected_version`` is outdated.
    """
    to = None if reviewer is None else check_actor(reviewer)
    with writing(store, actor) as (connection, actor):
        before = journal.state(connection, "claim", claim_id)
        check_version(before, expected_version)
        refuse_merged(before)
        if before["assigned_to"] != to:
            after = bump_claim(connection, claim_id, before, assigned_to=to)
            journal.record(
                connection,
                actor=actor,
                action="claim.assign",
                change=Change("claim", claim_id, before, after),
                note=check_note(note),
            )
        return read.claim(connection, claim_id)


def check_tag(tag: str) -> str:
    """A tag, stripped.

    Raises:
        InvalidInput: empty, too long, or with a comma (which separates tags where they are listed).
    """
    tag = " ".join(check_unicode(tag, "the tag").split())
    if not tag:
        raise InvalidInput("a tag cannot be empty")
    if len(tag) > MAX_TAG_CHARS:
        raise InvalidInput(f"a tag is at most {MAX_TAG_CHARS} characters: {tag[:MAX_TAG_CHARS]}…")
    if "," in tag:
        raise InvalidInput(f"a tag cannot hold a comma: {tag!r}")
    return tag


def tag_claim(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    tags: Sequence[str] = (),
    remove: Sequence[str] = (),
    expected_version: int | None = None,
) -> ClaimRead:
    """Put tags on a claim and take others off: one ``claim.tag`` event (``claim.untag`` when only removing).

    Tags are matched case-insensitively: "Casualties" and "casualties" are one tag. Tags it has
    already (or does not have, to remove) are no change; if nothing changes, nothing is recorded.

    Raises:
        NotFound: unknown claim.
        InvalidInput: no tag, a bad one, or a merged claim (nothing is changed then).
        Conflict: ``expected_version`` is outdated.
    """
    wanted = {check_tag(t).casefold(): check_tag(t) for t in tags}
    unwanted = {check_tag(t).casefold() for t in remove}
    if not wanted and not unwanted:
        raise InvalidInput("name at least one tag")
    with writing(store, actor) as (connection, actor):
        state = journal.state(connection, "claim", claim_id)
        check_version(state, expected_version)
        refuse_merged(state)
        held = {
            r["tag_key"]: r for r in connection.execute(select(TAG).where(TAG.c.claim_id == claim_id)).mappings().all()
        }
        now = now_iso()
        changes: list[Change] = []
        for key in sorted(unwanted & held.keys()):
            row = held[key]
            connection.execute(delete(TAG).where(TAG.c.id == row["id"]))
            changes.append(Change("claim_tag", row["id"], snapshot("claim_tag", row), None))
        for key, tag in wanted.items():
            if key not in held:
                values = {"claim_id": claim_id, "tag": tag, "tag_key": key, "created_by": actor, "created_at": now}
                tag_id = connection.execute(insert(TAG).values(**values).returning(TAG.c.id)).scalar_one()
                changes.append(Change("claim_tag", tag_id, None, snapshot("claim_tag", {"id": tag_id, **values})))
        if changes:
            added = any(c.before is None for c in changes)
            journal.record(
                connection,
                actor=actor,
                action="claim.tag" if added else "claim.untag",
                change=Change("claim", claim_id, state, state),
                related=changes,
            )
        return read.claim(connection, claim_id)


def add_note(*, store: Store, actor: str, entity: str, entity_id: int, note: str) -> AuditEventRead:
    """Put a note on a claim, a link, a relation…: a ``note`` event that changes nothing else.

    When the reviewer's own latest event concerns the same row (a decision just taken by one
    key), the note says it is about that event (``regarding``), so the audit screen and the
    reports show the decision with its reason.

    Raises:
        NotFound: no such row.
        InvalidInput: an empty note or an entity that takes no notes.
    """
    if entity not in NOTED:
        raise InvalidInput(f"notes go on {', '.join(NOTED)}, not {entity!r}")
    text = check_note(note)
    if text is None:
        raise InvalidInput("the note is empty")
    with writing(store, actor) as (connection, actor):
        state = journal.state(connection, entity, entity_id)
        latest = connection.execute(
            select(EVENT.c.seq, EVENT.c.entity, EVENT.c.entity_id, EVENT.c.action, EVENT.c.data)
            .where(EVENT.c.actor == actor)
            .order_by(desc(EVENT.c.seq))
            .limit(1)
        ).first()
        regarding = None
        if latest is not None and latest.action != "note":
            related = json.loads(latest.data).get("related", [])
            touched = {(latest.entity, latest.entity_id), *((r.get("entity"), r.get("id")) for r in related)}
            if (entity, entity_id) in touched:  # the decision just taken on this row: the note says why
                regarding = ("regarding", latest.seq)
        journal.record(
            connection,
            actor=actor,
            action="note",
            change=Change(entity, entity_id, state, state),
            note=text,
            refers=regarding,
        )
        written = connection.execute(select(EVENT).where(EVENT.c.seq == audit.head(connection).seq)).mappings().one()
        return AuditEventRead.model_validate({**written, "data": json.loads(written["data"])})
