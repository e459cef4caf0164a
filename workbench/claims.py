"""Claims and their evidence: create, link, set status, set credibility — each one audited transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from store import Store, audit
from store.audit import Change, EventDraft, snapshot
from store.clock import now_iso
from store.vocabulary import ClaimStatus, Stance
from workbench import claim_values, journal, read, settings
from workbench.access import fetch, reading, writing
from workbench.checks import MAX_CLAIM_CHARS, check_credibility, check_note, check_stance, check_status, check_text
from workbench.claim_values import Quoted
from workbench.errors import Conflict, InvalidInput, NotFound
from workbench.models import ClaimRead, EvidenceRead
from workbench.search import index as search_index
from workbench.settings import check_sign_off
from workbench.spans import SpanRef, locate
from workbench.sql import CLAIM as _CLAIM
from workbench.sql import EVIDENCE as _EVIDENCE
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import counted, superseded, superseded_ids

__all__ = [
    "MAX_CLAIM_CHARS",
    "EvidenceSpec",
    "NewClaim",
    "create_claim",
    "create_claims",
    "link_evidence",
    "set_claim_status",
    "set_credibility",
    "update_claim",
]

#: Statuses that need at least one supporting, anchored piece of evidence.
NEEDS_SUPPORT: frozenset[ClaimStatus] = frozenset({"verified"})


@dataclass(frozen=True)
class EvidenceSpec:
    """Where a claim is stated: a source, a span of it (quote or offsets), and how it bears on the claim."""

    source_id: int
    span: SpanRef
    stance: Stance = "supports"


@dataclass(frozen=True)
class NewClaim:
    """A claim to create, with the evidence it starts with."""

    text: str
    evidence: Sequence[EvidenceSpec] = ()
    credibility: int = 6
    #: ``None``: ``in_review`` with evidence, else ``draft``. ``verified`` needs current support.
    status: ClaimStatus | None = None


class _Texts:
    """Source texts and publication dates fetched once per transaction, for resolving spans."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cache: dict[int, tuple[str, str | None]] = {}
        self._replaced: dict[int, bool] = {}

    def _load(self, source_id: int) -> tuple[str, str | None]:
        if source_id not in self._cache:
            row = self._connection.execute(
                select(_SOURCE.c.text, _SOURCE.c.published_at).where(_SOURCE.c.id == source_id)
            ).first()
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self._cache[source_id] = (row.text, row.published_at)
        return self._cache[source_id]

    def __getitem__(self, source_id: int) -> str:
        return self._load(source_id)[0]

    def superseded(self, source_id: int) -> bool:
        """Whether a newer revision replaced the source (asked once per source)."""
        if source_id not in self._replaced:
            self._replaced[source_id] = bool(superseded_ids(self._connection, [source_id]))
        return self._replaced[source_id]

    def published(self, source_id: int) -> str | None:
        """The source's publication date (ISO, any precision), if known."""
        return self._load(source_id)[1]


def _quotes(texts: _Texts, links: Sequence[dict[str, Any]]) -> list[Quoted]:
    """The supporting quotes of a claim's evidence, for parsing its values."""
    return [Quoted(link["exact"], texts.published(link["source_id"])) for link in links if link["stance"] == "supports"]


def _initial_status(asked: ClaimStatus | None, links: Sequence[dict[str, Any]], texts: _Texts) -> ClaimStatus:
    """A new claim's status: as asked (``verified`` only with current support), else by its evidence."""
    if asked is None:
        return "in_review" if links else "draft"
    status = check_status(asked)
    if status in NEEDS_SUPPORT and not any(
        link["stance"] == "supports" and not texts.superseded(link["source_id"]) for link in links
    ):
        raise InvalidInput(f"a claim cannot start {status} without supporting evidence on a current revision")
    return status


def _evidence_values(texts: _Texts, spec: EvidenceSpec, *, actor: str, now: str) -> dict[str, Any]:
    """The evidence row for ``spec`` (claim id still to fill in), its span resolved and checked."""
    stance = check_stance(spec.stance)
    selector = locate(texts[spec.source_id], spec.span)
    return {
        "source_id": spec.source_id,
        "start": selector.start,
        "end": selector.end,
        "exact": selector.exact,
        "prefix": selector.prefix,
        "suffix": selector.suffix,
        "stance": stance,
        "anchor_status": "anchored",
        "anchor_score": 100.0,
        "anchor_method": "manual",
        "derived_from": None,
        "created_by": actor,
        "created_at": now,
    }


def create_claims(*, store: Store, actor: str, claims: Sequence[NewClaim]) -> list[int]:
    """Create many claims with their evidence in one transaction, one audit event per claim.

    The bulk path: rows go in with Core ``executemany`` statements, not per-object ORM adds.
    Every claim is validated and every span resolved before anything is written, so a bad
    item leaves the store unchanged.

    Returns:
        The new claims' ids, in input order.

    Raises:
        InvalidInput: a bad item (the message names it by position when there are several).
        NotFound: an evidence span names an unknown source.
    """
    with writing(store, actor) as (connection, actor):
        now = now_iso()  # after the write lock, so that event times follow chain order
        texts = _Texts(connection)
        claim_rows: list[dict[str, Any]] = []
        evidence_rows: list[list[dict[str, Any]]] = []
        four_eyes = settings.value(connection, "four_eyes") == "on"
        for position, item in enumerate(claims, 1):
            try:
                text = check_text(item.text)
                credibility = check_credibility(item.credibility)
                links = [_evidence_values(texts, spec, actor=actor, now=now) for spec in item.evidence]
                status = _initial_status(item.status, links, texts)
                if status == "verified" and four_eyes:
                    raise InvalidInput(
                        "four_eyes is on: a new claim cannot start verified; another reviewer verifies it"
                    )
            except (InvalidInput, NotFound) as e:
                if len(claims) == 1:
                    raise
                raise type(e)(f"claim {position}: {e}") from e
            spans = {(e["source_id"], e["start"], e["end"]) for e in links}
            if len(spans) < len(links):
                raise InvalidInput(f"claim {position}: the same span is given twice")
            claim_rows.append(
                {
                    "text": text,
                    "status": status,
                    "credibility": credibility,
                    "created_by": actor,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "approved_by": actor if status == "verified" else None,
                    "approved_at": now if status == "verified" else None,
                    **claim_values.parse(text, _quotes(texts, links)),
                }
            )
            evidence_rows.append(links)
        if not claim_rows:
            return []
        ids = [
            row.id
            for row in connection.execute(
                insert(_CLAIM).returning(_CLAIM.c.id, sort_by_parameter_order=True), claim_rows
            )
        ]
        flat: list[dict[str, Any]] = []
        for claim_id, links in zip(ids, evidence_rows, strict=True):
            for link in links:
                link["claim_id"] = claim_id
                flat.append(link)
        if flat:
            evidence_ids = [
                row.id
                for row in connection.execute(
                    insert(_EVIDENCE).returning(_EVIDENCE.c.id, sort_by_parameter_order=True), flat
                )
            ]
            for link, evidence_id in zip(flat, evidence_ids, strict=True):
                link["id"] = evidence_id
        drafts = [
            EventDraft(
                actor=actor,
                action="claim.create",
                change=Change("claim", claim_id, None, snapshot("claim", {"id": claim_id, **row})),
                related=[Change("evidence", link["id"], None, snapshot("evidence", link)) for link in links],
            )
            for claim_id, row, links in zip(ids, claim_rows, evidence_rows, strict=True)
        ]
        audit.append(connection, drafts, at=now)
        search_index.claims_changed(connection, ids)
        return ids


def create_claim(
    *,
    store: Store,
    actor: str,
    text: str,
    evidence: Sequence[EvidenceSpec] = (),
    credibility: int = 6,
) -> ClaimRead:
    """Create one claim, with its first evidence if given (then it starts ``in_review``, else ``draft``)."""
    [claim_id] = create_claims(
        store=store, actor=actor, claims=[NewClaim(text=text, evidence=evidence, credibility=credibility)]
    )
    with reading(store) as connection:
        return read.claim(connection, claim_id)


def check_version(before: dict[str, Any], expected_version: int | None) -> None:
    if expected_version is not None and before["version"] != expected_version:
        raise Conflict(
            f"claim {before['id']} was changed meanwhile (now version {before['version']}, "
            f"you had version {expected_version}); reload it and try again"
        )


def refuse_merged(before: dict[str, Any]) -> None:
    """Refuse changing a claim merged into another: its evidence and decisions live on the survivor.

    Raises:
        InvalidInput: the claim was merged (the message names the claim to work on).
    """
    if before.get("merged_into") is not None:
        raise InvalidInput(f"claim {before['id']} was merged into claim {before['merged_into']}; work on that one")


def sign_off_again(connection: Connection, before: dict[str, Any]) -> dict[str, Any]:
    """The changes that withdraw a verified claim's sign-off once its wording or evidence changed under ``four_eyes``.

    With a second pair of eyes required, what was approved is what stays verified: a claim
    worded again, or given other evidence, goes back to review for someone else to approve.
    """
    if before["status"] == "verified" and settings.value(connection, "four_eyes") == "on":
        return {"status": "in_review", "approved_by": None, "approved_at": None}
    return {}


def bump_claim(connection: Connection, claim_id: int, before: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Update a claim, increasing its version; return its new state."""
    done = connection.execute(
        update(_CLAIM)
        .where(_CLAIM.c.id == claim_id, _CLAIM.c.version == before["version"])
        .values(**values, updated_at=now_iso(), version=before["version"] + 1)
    )
    if done.rowcount != 1:  # only possible without the write lock, e.g. on a backend without BEGIN IMMEDIATE
        raise Conflict(f"claim {claim_id} was changed meanwhile; reload it and try again")
    return journal.state(connection, "claim", claim_id)


def link_evidence(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    evidence: EvidenceSpec,
    expected_version: int | None = None,
) -> EvidenceRead:
    """Link a span of a source to an existing claim; the claim's version increases.

    A ``draft`` claim moves to ``in_review`` with its first evidence.

    Raises:
        NotFound: unknown claim or source.
        InvalidInput: bad span or stance, or the span is already linked to this claim.
        Conflict: ``expected_version`` is outdated.
    """
    with writing(store, actor) as (connection, actor):
        before = journal.state(connection, "claim", claim_id)
        check_version(before, expected_version)
        refuse_merged(before)
        values = _evidence_values(_Texts(connection), evidence, actor=actor, now=now_iso())
        existing = (
            connection.execute(
                select(_EVIDENCE).where(
                    _EVIDENCE.c.claim_id == claim_id,
                    _EVIDENCE.c.source_id == values["source_id"],
                    _EVIDENCE.c.start == values["start"],
                    _EVIDENCE.c.end == values["end"],
                )
            )
            .mappings()
            .first()
        )
        if existing is not None and existing["retracted_at"] is None:
            raise InvalidInput(f"that span is already linked to claim {claim_id} (evidence {existing['id']})")
        if existing is None:
            values["claim_id"] = claim_id
            evidence_id = connection.execute(insert(_EVIDENCE).values(**values).returning(_EVIDENCE.c.id)).scalar_one()
            link = Change("evidence", evidence_id, None, snapshot("evidence", {"id": evidence_id, **values}))
        else:  # linked again after a retraction: the same row stands again, its history in one place
            evidence_id = existing["id"]
            connection.execute(
                update(_EVIDENCE)
                .where(_EVIDENCE.c.id == evidence_id)
                .values(stance=values["stance"], retracted_by=None, retracted_at=None, retraction_note=None)
            )
            link = Change(
                "evidence",
                evidence_id,
                snapshot("evidence", existing),
                journal.state(connection, "evidence", evidence_id),
            )
        changes: dict[str, Any] = {
            "status": "in_review" if before["status"] == "draft" else before["status"],
            "edited_by": actor,
        }
        changes |= claim_values.merge(before, claim_values.parse(before["text"], _quotes(_Texts(connection), [values])))
        changes |= sign_off_again(connection, before)
        after = bump_claim(connection, claim_id, before, **changes)
        search_index.claims_changed(connection, [claim_id])
        journal.record(
            connection,
            actor=actor,
            action="evidence.link",
            change=link,
            related=[Change("claim", claim_id, before, after)],
        )
        return read.evidence(connection, evidence_id)


def edit_claim(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    text: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimRead:
    """Correct a claim's wording: one transaction, one ``claim.edit`` event holding the old text.

    Its values (quantity, date, items) are parsed again from the new text and its supporting
    quotes; its evidence, status and relations stay as they are (the reviewer decides whether
    they still hold). The old wording stays in the audit trail and the claim's dossier.

    Raises:
        InvalidInput: an empty or over-long text.
        NotFound: unknown claim.
        Conflict: ``expected_version`` is outdated.
    """
    text = check_text(text)
    with writing(store, actor) as (connection, actor):
        before = journal.state(connection, "claim", claim_id)
        check_version(before, expected_version)
        refuse_merged(before)
        if text != before["text"]:
            values = values_of(connection, text, claim_id) | sign_off_again(connection, before)
            after = bump_claim(connection, claim_id, before, text=text, edited_by=actor, **values)
            search_index.claims_changed(connection, [claim_id])
            journal.record(
                connection,
                actor=actor,
                action="claim.edit",
                change=Change("claim", claim_id, before, after),
                note=check_note(note),
            )
        return read.claim(connection, claim_id)


def values_of(connection: Connection, text: str, claim_id: int) -> dict[str, Any]:
    """A claim's parsed values (quantity, date, items) from ``text`` and the quotes of its counted evidence."""
    links = connection.execute(
        select(_EVIDENCE.c.source_id, _EVIDENCE.c.exact, _EVIDENCE.c.stance).where(
            _EVIDENCE.c.claim_id == claim_id, counted(_EVIDENCE)
        )
    ).mappings()
    return claim_values.parse(text, _quotes(_Texts(connection), [dict(link) for link in links]))


def after_losing_evidence(connection: Connection, claim_id: int, before: dict[str, Any]) -> dict[str, Any]:
    """The changes a claim needs once evidence left it: values parsed again; back in review if it lost its support.

    A verified claim whose last supporting link was retracted or moved is no longer verified:
    it goes back to ``in_review`` in the same event, so that nothing stays verified on nothing.
    """
    changes = values_of(connection, before["text"], claim_id) | sign_off_again(connection, before)
    if before["status"] in NEEDS_SUPPORT and not has_current_support(connection, claim_id):
        changes |= {"status": "in_review", "approved_by": None, "approved_at": None}
    return changes


def has_current_support(connection: Connection, claim_id: int) -> bool:
    """Whether the claim has supporting, anchored evidence on a source no newer revision replaced.

    Evidence on an old revision stays on file (it is what that version said), but once a
    revision exists, only the links carried over to it still count as support.
    """
    found = connection.execute(
        select(_EVIDENCE.c.id)
        .where(
            _EVIDENCE.c.claim_id == claim_id,
            _EVIDENCE.c.stance == "supports",
            counted(_EVIDENCE),
            ~superseded(_EVIDENCE.c.source_id),
        )
        .limit(1)
    ).first()
    return found is not None


def update_claim(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    status: ClaimStatus | None = None,
    credibility: int | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimRead:
    """Change a claim's status and/or credibility together: one transaction, one audit event.

    Values equal to the current ones are no change; if nothing changes, nothing is recorded.
    The event's action says what changed: ``claim.status``, ``claim.credibility`` or
    ``claim.update`` for both. The claim returned is read just after the commit, outside the
    write lock (grading it reads its sources and relations): another writer's change made in
    between shows in it.

    Raises:
        InvalidInput: unknown status, credibility outside 1–6, or ``verified`` without
            supporting anchored evidence (then neither value is changed).
        NotFound: unknown claim.
        Conflict: ``expected_version`` is outdated.
    """
    status = None if status is None else check_status(status)
    credibility = None if credibility is None else check_credibility(credibility)
    with writing(store, actor) as (connection, actor):
        before = journal.state(connection, "claim", claim_id)
        check_version(before, expected_version)
        refuse_merged(before)
        changes: dict[str, Any] = {}
        if status is not None and status != before["status"]:
            if status in NEEDS_SUPPORT and not has_current_support(connection, claim_id):
                raise InvalidInput(f"claim {claim_id} cannot be {status}: it has no supporting, anchored evidence")
            changes["status"] = status
            if status == "verified":
                check_sign_off(connection, before, actor)
                changes |= {"approved_by": actor, "approved_at": now_iso()}
            elif before["status"] == "verified":
                changes |= {"approved_by": None, "approved_at": None}
        if credibility is not None and credibility != before["credibility"]:
            changes["credibility"] = credibility
        if changes:
            said = [k for k in ("status", "credibility") if k in changes]
            after = bump_claim(connection, claim_id, before, **changes)
            journal.record(
                connection,
                actor=actor,
                action=f"claim.{said[0]}" if len(said) == 1 else "claim.update",
                change=Change("claim", claim_id, before, after),
                note=check_note(note),
            )
    # read after the commit: grading the claim reads its sources and relations, and every other
    # writer waits while this one holds the lock
    return fetch(store, read.claim, claim_id)


def set_claim_status(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    status: ClaimStatus,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimRead:
    """Move a claim to ``status`` (see ``update_claim``)."""
    return update_claim(
        store=store, actor=actor, claim_id=claim_id, status=status, note=note, expected_version=expected_version
    )


def set_credibility(
    *,
    store: Store,
    actor: str,
    claim_id: int,
    credibility: int,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimRead:
    """Set a claim's Admiralty credibility, 1–6 (see ``update_claim``)."""
    return update_claim(
        store=store,
        actor=actor,
        claim_id=claim_id,
        credibility=credibility,
        note=note,
        expected_version=expected_version,
    )
