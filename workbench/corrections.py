"""Corrections without losing history: retract a link, move it to another claim, merge two claims.

Nothing is deleted: a retracted link stays on file with who withdrew it, when and why; a merged
claim stays, rejected, pointing to the claim it was merged into. Each correction is one
transaction and one audit event recording every row it changed, so ``workbench undo`` can take
it back and the claim's dossier shows it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal, read
from workbench.access import writing
from workbench.checks import check_note
from workbench.claims import after_losing_evidence, bump_claim, sign_off_again, values_of
from workbench.errors import Conflict, InvalidInput
from workbench.models import ClaimRead, EvidenceRead
from workbench.search import index as search_index
from workbench.sql import CASE_CLAIM, EVIDENCE, RELATION, TAG

#: Relation statuses that record a reviewer's decision: they follow a merged claim.
_DECIDED = ("confirmed", "dismissed", "resolved")


def _why(note: str | None) -> str:
    """A retraction's reason: required, since "why was this withdrawn" is what an auditor asks."""
    checked = check_note(note)
    if checked is None:
        raise InvalidInput("say why (--note): a retracted link keeps its reason on record")
    return checked


def _live_claim(connection: Connection, claim_id: int) -> dict[str, Any]:
    """A claim's state, refusing one merged into another (changes go to the claim it was merged into)."""
    state = journal.state(connection, "claim", claim_id)
    if state["merged_into"] is not None:
        raise InvalidInput(f"claim {claim_id} was merged into claim {state['merged_into']}; work on that one")
    return state


def retract_evidence(*, store: Store, actor: str, evidence_id: int, note: str | None) -> EvidenceRead:
    """Withdraw an evidence link: kept and marked retracted (who, when, why); it no longer counts.

    The claim's values are parsed again without the quote; a verified claim left with no
    support goes back to ``in_review`` in the same event.

    Raises:
        NotFound: unknown evidence.
        InvalidInput: no reason given, or the link is already retracted.
    """
    why = _why(note)
    with writing(store, actor) as (connection, actor):
        before = journal.state(connection, "evidence", evidence_id)
        if before["retracted_at"] is not None:
            by, why_then = before["retracted_by"], before["retraction_note"]
            raise InvalidInput(f"evidence {evidence_id} was already retracted by {by} ({why_then})")
        connection.execute(
            update(EVIDENCE)
            .where(EVIDENCE.c.id == evidence_id)
            .values(retracted_by=actor, retracted_at=now_iso(), retraction_note=why)
        )
        after = journal.state(connection, "evidence", evidence_id)
        claim_id = before["claim_id"]
        claim_before = journal.state(connection, "claim", claim_id)
        claim_after = bump_claim(
            connection,
            claim_id,
            claim_before,
            edited_by=actor,
            **after_losing_evidence(connection, claim_id, claim_before),
        )
        search_index.claims_changed(connection, [claim_id])
        journal.record(
            connection,
            actor=actor,
            action="evidence.retract",
            change=Change("evidence", evidence_id, before, after),
            related=[Change("claim", claim_id, claim_before, claim_after)],
            note=why,
        )
        return read.evidence(connection, evidence_id)


def move_evidence(
    *, store: Store, actor: str, evidence_id: int, claim_id: int, note: str | None = None
) -> EvidenceRead:
    """Move an evidence link to another claim (linked to the wrong one): both claims' values follow.

    Raises:
        NotFound: unknown evidence or claim.
        InvalidInput: the link is retracted, already on that claim, or that claim has the same span.
    """
    with writing(store, actor) as (connection, actor):
        before = journal.state(connection, "evidence", evidence_id)
        source_claim = before["claim_id"]
        if before["retracted_at"] is not None:
            raise InvalidInput(f"evidence {evidence_id} is retracted; link the span to claim {claim_id} afresh")
        if source_claim == claim_id:
            raise InvalidInput(f"evidence {evidence_id} is already on claim {claim_id}")
        target_before = _live_claim(connection, claim_id)
        same = _same_span(connection, before, claim_id)
        if same is not None:
            if same["retracted_at"] is not None:
                raise InvalidInput(
                    f"claim {claim_id} had that span and it was retracted (evidence {same['id']}): "
                    f"link it there again with `claim link {claim_id}`, then retract this one"
                )
            raise InvalidInput(f"claim {claim_id} already has that span (evidence {same['id']})")
        connection.execute(update(EVIDENCE).where(EVIDENCE.c.id == evidence_id).values(claim_id=claim_id))
        after = journal.state(connection, "evidence", evidence_id)
        old_before = journal.state(connection, "claim", source_claim)
        old_after = bump_claim(
            connection,
            source_claim,
            old_before,
            edited_by=actor,
            **after_losing_evidence(connection, source_claim, old_before),
        )
        target_after = _gained_evidence(connection, claim_id, target_before, actor)
        search_index.claims_changed(connection, [source_claim, claim_id])
        journal.record(
            connection,
            actor=actor,
            action="evidence.move",
            change=Change("evidence", evidence_id, before, after),
            related=[
                Change("claim", source_claim, old_before, old_after),
                Change("claim", claim_id, target_before, target_after),
            ],
            note=check_note(note),
        )
        return read.evidence(connection, evidence_id)


def _same_span(connection: Connection, evidence: dict[str, Any], claim_id: int) -> Any:
    """The evidence row of ``claim_id`` on the same span of the same source (retracted or not), if any."""
    if evidence["start"] is None:
        return None
    return (
        connection.execute(
            select(EVIDENCE.c.id, EVIDENCE.c.retracted_at).where(
                EVIDENCE.c.claim_id == claim_id,
                EVIDENCE.c.source_id == evidence["source_id"],
                EVIDENCE.c.start == evidence["start"],
                EVIDENCE.c.end == evidence["end"],
            )
        )
        .mappings()
        .first()
    )


def _gained_evidence(connection: Connection, claim_id: int, before: dict[str, Any], actor: str) -> dict[str, Any]:
    """Bump a claim that received evidence: values parsed again, a draft now in review (a sign-off withdrawn)."""
    changes = {"status": "in_review" if before["status"] == "draft" else before["status"]}
    changes |= values_of(connection, before["text"], claim_id) | sign_off_again(connection, before)
    return bump_claim(connection, claim_id, before, edited_by=actor, **changes)


def merge_claims(
    *,
    store: Store,
    actor: str,
    from_id: int,
    into_id: int,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimRead:
    """Merge claim ``from_id`` into ``into_id``: one claim stated twice becomes one.

    Its evidence moves to the survivor (a span the survivor already has stays with the merged
    claim, for the record); decided relations follow it (a pair the survivor already has stays);
    undecided suggestions about it are withdrawn (the next ``match`` judges the survivor); its
    tags and cases are added to the survivor's. The merged claim is kept, ``rejected``, with
    ``merged_into`` naming the survivor; the survivor's dossier shows its history.

    Raises:
        NotFound: unknown claim.
        InvalidInput: the same claim twice, a claim already merged, a confirmed contradiction or a
            "distinct" decision between them, decisions about a third claim that disagree, or a
            span the survivor retracted that the merged claim still cites.
        Conflict: ``expected_version`` (of ``from_id``) is outdated.
    """
    if from_id == into_id:
        raise InvalidInput("a claim cannot be merged into itself")
    with writing(store, actor) as (connection, actor):
        gone_before = _live_claim(connection, from_id)
        if expected_version is not None and gone_before["version"] != expected_version:
            raise Conflict(f"claim {from_id} was changed meanwhile; reload it and try again")
        kept_before = _live_claim(connection, into_id)
        related: list[Change] = []
        related += _move_relations(connection, from_id, into_id, actor)
        moved = 0
        for row in connection.execute(select(EVIDENCE).where(EVIDENCE.c.claim_id == from_id)).mappings().all():
            same = _same_span(connection, dict(row), into_id)
            if same is not None and same["retracted_at"] is not None and row["retracted_at"] is None:
                raise InvalidInput(
                    f"claim {into_id} retracted a span (evidence {same['id']}) that claim {from_id} still cites "
                    f"(evidence {row['id']}): settle which holds before merging"
                )
            if same is not None:
                continue  # the survivor has it already: the merged claim's copy stays with it, on record
            connection.execute(update(EVIDENCE).where(EVIDENCE.c.id == row["id"]).values(claim_id=into_id))
            related.append(
                Change(
                    "evidence", row["id"], snapshot("evidence", row), journal.state(connection, "evidence", row["id"])
                )
            )
            moved += row["retracted_at"] is None  # a withdrawn link follows, for the record, but adds nothing
        related += _copy_labels(connection, from_id, into_id, actor)
        gone_after = bump_claim(
            connection,
            from_id,
            gone_before,
            status="rejected",
            merged_into=into_id,
            approved_by=None,
            approved_at=None,
            edited_by=actor,
            **values_of(connection, gone_before["text"], from_id),
        )
        kept_after = _gained_evidence(connection, into_id, kept_before, actor) if moved else kept_before
        if moved:
            related.insert(0, Change("claim", into_id, kept_before, kept_after))
        search_index.claims_changed(connection, [from_id, into_id])
        journal.record(
            connection,
            actor=actor,
            action="claim.merge",
            change=Change("claim", from_id, gone_before, gone_after),
            related=related,
            note=check_note(note),
        )
        return read.claim(connection, into_id)


def _move_relations(connection: Connection, from_id: int, into_id: int, actor: str) -> list[Change]:
    """Carry the merged claim's relations over to the survivor; the changes, for the event."""
    changes: list[Change] = []
    rows = connection.execute(
        select(RELATION).where(or_(RELATION.c.a == from_id, RELATION.c.b == from_id)).order_by(RELATION.c.id)
    ).mappings()
    for row in rows.all():
        before = snapshot("claim_relation", row)
        other = row["b"] if row["a"] == from_id else row["a"]
        if other == into_id:
            if row["kind"] == "contradiction" and row["status"] == "confirmed":
                raise InvalidInput(
                    f"claims {from_id} and {into_id} contradict each other (relation {row['id']}): "
                    "resolve or dismiss it before merging them"
                )
            if row["kind"] == "duplicate" and row["status"] == "dismissed":
                raise InvalidInput(
                    f"claims {from_id} and {into_id} were decided distinct (relation {row['id']}, "
                    f"by {row['decided_by']}): merging them would overturn that decision"
                )
            if row["kind"] == "duplicate" and row["status"] == "suggested":
                connection.execute(
                    update(RELATION)
                    .where(RELATION.c.id == row["id"])
                    .values(status="confirmed", decided_by=actor, decided_at=now_iso())
                )
                changes.append(
                    Change("claim_relation", row["id"], before, journal.state(connection, "claim_relation", row["id"]))
                )
            elif row["status"] == "suggested":  # any other open suggestion between the two is moot
                connection.execute(delete(RELATION).where(RELATION.c.id == row["id"]))
                changes.append(Change("claim_relation", row["id"], before, None))
            continue
        if row["status"] not in _DECIDED:
            connection.execute(delete(RELATION).where(RELATION.c.id == row["id"]))
            changes.append(Change("claim_relation", row["id"], before, None))
            continue
        a, b = sorted((into_id, other))
        taken = (
            connection.execute(
                select(RELATION).where(RELATION.c.a == a, RELATION.c.b == b, RELATION.c.kind == row["kind"])
            )
            .mappings()
            .first()
        )
        if taken is not None and taken["status"] == "suggested":
            # the survivor only had a suggestion about that claim: the decision replaces it
            connection.execute(delete(RELATION).where(RELATION.c.id == taken["id"]))
            changes.append(Change("claim_relation", taken["id"], snapshot("claim_relation", taken), None))
        elif taken is not None:
            if (taken["status"], taken["winner"]) != (row["status"], row["winner"]):
                raise InvalidInput(
                    f"claims {from_id} and {into_id} have different decisions about claim {other} "
                    f"(relations {row['id']} and {taken['id']}): settle them before merging"
                )
            continue  # the same decision on both: the survivor's stands, the other stays on file
        winner = row["winner"]
        if winner in ("a", "b") and (row["a"] == from_id) != (a == into_id):
            winner = "b" if winner == "a" else "a"  # the sides swapped places
        connection.execute(update(RELATION).where(RELATION.c.id == row["id"]).values(a=a, b=b, winner=winner))
        changes.append(
            Change("claim_relation", row["id"], before, journal.state(connection, "claim_relation", row["id"]))
        )
    return changes


def _copy_labels(connection: Connection, from_id: int, into_id: int, actor: str) -> list[Change]:
    """Give the survivor the merged claim's tags and cases it does not have yet."""
    changes: list[Change] = []
    now = now_iso()
    tags = connection.execute(select(TAG.c.tag, TAG.c.tag_key).where(TAG.c.claim_id == from_id)).all()
    for tag, key in tags:
        if connection.execute(select(TAG.c.id).where(and_(TAG.c.claim_id == into_id, TAG.c.tag_key == key))).first():
            continue
        values = {"claim_id": into_id, "tag": tag, "tag_key": key, "created_by": actor, "created_at": now}
        new_id = connection.execute(insert(TAG).values(**values).returning(TAG.c.id)).scalar_one()
        changes.append(Change("claim_tag", new_id, None, snapshot("claim_tag", {"id": new_id, **values})))
    cases = connection.execute(select(CASE_CLAIM.c.case_id).where(CASE_CLAIM.c.claim_id == from_id)).scalars().all()
    for case_id in cases:
        held = select(CASE_CLAIM.c.id).where(CASE_CLAIM.c.case_id == case_id, CASE_CLAIM.c.claim_id == into_id)
        if connection.execute(held).first():
            continue
        values = {"case_id": case_id, "claim_id": into_id, "added_by": actor, "added_at": now}
        new_id = connection.execute(insert(CASE_CLAIM).values(**values).returning(CASE_CLAIM.c.id)).scalar_one()
        changes.append(Change("case_claim", new_id, None, snapshot("case_claim", {"id": new_id, **values})))
    return changes
