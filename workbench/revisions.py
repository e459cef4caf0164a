"""Carrying evidence from one revision of a source to the next: re-anchored, or orphaned loudly."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from store import Store, audit
from store.audit import Change, EventDraft, snapshot
from store.clock import now_iso
from workbench import journal
from workbench.access import writing
from workbench.anchoring import Anchor, Selector, TextMap, resolve
from workbench.anchoring import select as selector_for
from workbench.claims import NEEDS_SUPPORT, bump_claim, has_current_support
from workbench.errors import InvalidInput, NotFound
from workbench.figures import figure
from workbench.models import AnchorRead
from workbench.read.sources import anchors
from workbench.search import index as search_index
from workbench.sql import CLAIM as _CLAIM
from workbench.sql import EVIDENCE as _EVIDENCE
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import rows_in


def _text(connection: Connection, source_id: int) -> str:
    text = connection.execute(select(_SOURCE.c.text).where(_SOURCE.c.id == source_id)).scalar()
    if text is None:
        raise NotFound(f"no source with id {source_id}")
    return str(text)


def carry_evidence(connection: Connection, *, actor: str, old_id: int, new_id: int) -> tuple[int, int]:
    """Resolve every evidence link of source ``old_id`` on source ``new_id``, in the caller's transaction.

    Each link gets a new evidence row on the new source (``reanchored`` with its score and
    method, or ``orphaned`` keeping the lost quote), derived from the old one, with one
    ``evidence.reanchor`` event. Links orphaned on the old revision are carried too: found
    again if the revision restores their text, orphaned again otherwise, so a loss stays
    visible. Two links of one claim landing on the same span keep one; the other is orphaned
    as a duplicate. Links already carried over are skipped, so running it twice changes
    nothing. A verified claim left with no current supporting evidence goes back to
    ``in_review`` (one ``claim.status`` event saying why).

    Returns:
        The numbers of links re-anchored and orphaned.
    """
    if old_id == new_id:
        raise InvalidInput("a source cannot be re-anchored on itself")
    old_text, new_text = _text(connection, old_id), _text(connection, new_id)
    carried = select(_EVIDENCE.c.derived_from).where(
        _EVIDENCE.c.source_id == new_id, _EVIDENCE.c.derived_from.is_not(None)
    )
    links = connection.execute(
        select(_EVIDENCE)
        # a retracted link stays on the old revision, withdrawn: it is carried nowhere
        .where(_EVIDENCE.c.source_id == old_id, _EVIDENCE.c.id.not_in(carried), _EVIDENCE.c.retracted_at.is_(None))
        .order_by(_EVIDENCE.c.id)
    ).mappings()
    taken = {  # span of a claim on the new source -> what already holds it
        (row.claim_id, row.start, row.end): f"evidence {row.id}"
        for row in connection.execute(
            select(_EVIDENCE.c.id, _EVIDENCE.c.claim_id, _EVIDENCE.c.start, _EVIDENCE.c.end).where(
                _EVIDENCE.c.source_id == new_id, _EVIDENCE.c.start.is_not(None)
            )
        )
    }
    mapping = TextMap(old_text, new_text)
    now = now_iso()
    counts = {"reanchored": 0, "orphaned": 0}
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for link in list(links):
        placed = link["start"] is not None
        old = Selector(
            link["start"] if placed else -1,
            link["end"] if placed else -1,
            link["exact"],
            link["prefix"],
            link["suffix"],
        )
        anchor = resolve(new_text, old, mapping=mapping)
        if anchor.found and (link["claim_id"], anchor.start, anchor.end) in taken:
            twin = taken[(link["claim_id"], anchor.start, anchor.end)]
            anchor = Anchor("orphaned", anchor.score, reason=f"a duplicate: the claim already has this span ({twin})")
        values: dict[str, Any] = {
            "claim_id": link["claim_id"],
            "source_id": new_id,
            "stance": link["stance"],
            "anchor_score": anchor.score,
            "anchor_method": anchor.method,
            "derived_from": link["id"],
            "created_by": actor,
            "created_at": now,
        }
        if anchor.found:
            assert anchor.start is not None and anchor.end is not None
            new = selector_for(new_text, anchor.start, anchor.end)
            values |= {"start": new.start, "end": new.end, "exact": new.exact, "prefix": new.prefix}
            values |= {"suffix": new.suffix, "anchor_status": "reanchored"}
        else:
            values |= {"start": None, "end": None, "exact": old.exact, "prefix": old.prefix, "suffix": old.suffix}
            values |= {"anchor_status": "orphaned"}
        counts[values["anchor_status"]] += 1
        rows.append(values)
        if anchor.found:
            taken[(link["claim_id"], values["start"], values["end"])] = f"carried from evidence {link['id']}"
        notes.append(anchor.reason or f"{anchor.method}, score {figure(anchor.score)}, from evidence {link['id']}")
    if not rows:
        return 0, 0
    # One executemany and one chain append for all links: per-row statements cost 4x more here.
    inserted = connection.execute(insert(_EVIDENCE).returning(_EVIDENCE.c.id, sort_by_parameter_order=True), rows)
    drafts = []
    for values, evidence_id, note in zip(rows, [r.id for r in inserted], notes, strict=True):
        change = Change("evidence", evidence_id, None, snapshot("evidence", {"id": evidence_id, **values}))
        drafts.append(EventDraft(actor=actor, action="evidence.reanchor", change=change, note=note))
    audit.append(connection, drafts, at=now)
    affected = {values["claim_id"] for values in rows}
    search_index.claims_changed(connection, affected)  # their evidence now quotes the new revision too
    needing = select(_CLAIM.c.id).where(_CLAIM.c.status.in_(NEEDS_SUPPORT))
    at_risk = [r.id for r in rows_in(connection, affected, lambda part: needing.where(_CLAIM.c.id.in_(part)))]
    for claim_id in at_risk:
        before = journal.state(connection, "claim", claim_id)
        if not has_current_support(connection, claim_id):
            after = bump_claim(connection, claim_id, before, status="in_review", approved_by=None, approved_at=None)
            journal.record(
                connection,
                actor=actor,
                action="claim.status",
                change=Change("claim", claim_id, before, after),
                note=f"back to review: its supporting evidence was orphaned in source {new_id}",
            )
    return counts["reanchored"], counts["orphaned"]


def _descends(connection: Connection, new_id: int, old_id: int) -> bool:
    """Whether ``new_id`` is a later revision of ``old_id`` (through ``revision_of``)."""
    at: int | None = new_id
    seen = set()
    while at is not None and at not in seen:
        seen.add(at)
        at = connection.execute(select(_SOURCE.c.revision_of).where(_SOURCE.c.id == at)).scalar()
        if at == old_id:
            return True
    return False


def reanchor_source(*, store: Store, actor: str, old_id: int, new_id: int, force: bool = False) -> list[AnchorRead]:
    """Carry the evidence of source ``old_id`` over to source ``new_id`` by hand (see ``carry_evidence``).

    Import does this on its own when it stores a revision; this carries links added to an old
    revision afterwards. The new source must be a later revision of the old one unless
    ``force``: carried links are permanent, audited rows, and an unrelated article would get
    every common phrase.

    Raises:
        NotFound: either source does not exist.
        InvalidInput: both ids are the same, or the new source does not revise the old one.
    """
    if old_id == new_id:
        raise InvalidInput("a source cannot be re-anchored on itself")
    with writing(store, actor) as (connection, actor):
        _text(connection, old_id), _text(connection, new_id)  # both must exist
        if not force and not _descends(connection, new_id, old_id):
            raise InvalidInput(
                f"source {new_id} is not a revision of source {old_id}; pass --force to carry the evidence anyway"
            )
        carry_evidence(connection, actor=actor, old_id=old_id, new_id=new_id)
        return anchors(connection, new_id)
