"""The claim dossier's content: the claim, its history, every quote in context, its sources, its relations.

Everything is read through one connection, in one read transaction, so the dossier shows one
state of the store: the one named by the chain head in its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, or_, select

from store.vocabulary import CREDIBILITY_WORDS, RELIABILITY_WORDS, Reliability
from workbench.anchoring import CONTEXT
from workbench.figures import figure
from workbench.matching.rules import describe
from workbench.models import AuditEventRead, ClaimRead, EvidenceRead, PairSide, RelationRead
from workbench.read import claim as read_claim
from workbench.read import pairs, relations_of, source_labels
from workbench.reports.audit import select_events
from workbench.reports.context import Header
from workbench.reports.events import EventView, Names, changes, view
from workbench.reports.svg import Mark
from workbench.sql import CLAIM, with_outlet
from workbench.sql import OUTLET as _OUTLET
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import SOURCE_RELATION as _SOURCE_RELATION
from workbench.textsafe import inline

#: Lanes of the claim's review timeline, top to bottom.
REVIEW_LANES = ("status", "credibility", "evidence", "duplicates", "contradictions")


@dataclass(frozen=True)
class SourceInfo:
    """A source the claim's evidence points into, with everything needed to find and weigh it."""

    id: int
    outlet: str
    reliability: str
    reliability_words: str
    published: str
    title: str | None
    url: str | None
    author: str | None
    content_sha256: str
    length: int
    #: Original or reprint, and of or by which sources.
    copy: str
    reprint: bool
    #: Where it stands among revisions of the same article.
    revision: str
    imported_by: str
    retrieved_at: str
    origin: str | None
    published_at: str | None


@dataclass(frozen=True)
class Quoted:
    """One evidence link: the quote in its context, and how it is anchored."""

    id: int
    source: SourceInfo
    stance: str
    before: str
    exact: str
    after: str
    anchor: str
    current: bool
    linked_by: str
    linked_at: str
    #: Who retracted the link, when and why ("ana on 2026-12-07: the quote is about 2021"); ``None``: it stands.
    retracted: str | None = None


@dataclass(frozen=True)
class Related:
    """A duplicate or contradiction involving the claim, and what a reviewer decided about it."""

    id: int
    kind: str
    status: str
    other_id: int
    other_text: str
    aspect: str | None
    reason: str | None
    score: float | None
    #: The value each side states on the disputed aspect (contradictions).
    this_value: str | None
    other_value: str | None
    #: Which claim the evidence bears out, in words: ``claim 2 (this claim)``, ``neither claim``.
    winner: str | None
    note: str | None
    decided_by: str | None
    decided_at: str | None
    #: The other claim's quotes, for duplicates: what the shared evidence is.
    other_quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimContext:
    """Everything the dossier templates show."""

    header: Header
    claim: ClaimRead
    credibility_words: str
    suggested_words: str
    #: What the claim states, parsed: ``at least 5 T-72B3``; the dates and designators it names.
    states: list[str]
    #: The events that set the current status and credibility (``None``: as created, no event kept).
    status_event: EventView | None
    credibility_event: EventView | None
    history: list[EventView]
    evidence: list[Quoted]
    sources: list[SourceInfo]
    duplicates: list[Related]
    contradictions: list[Related]
    review_marks: list[Mark]
    publication_marks: list[Mark]
    publication_lanes: list[str]
    #: Claims merged into this one (their history is in ``history``).
    merged: list[int] = field(default_factory=list)
    #: Who did the review work (its creator, or whoever last worded it or changed its evidence).
    reviewed_by: str = ""


def claim_context(connection: Connection, *, header: Header, claim_id: int) -> ClaimContext:
    """The dossier of one claim.

    Raises:
        NotFound: no such claim.
    """
    claim = read_claim(connection, claim_id)
    merged = sorted(connection.execute(select(CLAIM.c.id).where(CLAIM.c.merged_into == claim_id)).scalars())
    events = select_events(connection, since=None, claim_id=claim_id, merged=merged)
    names = Names.load(connection, events)
    history = [view(e, names) for e in events]
    sources = _sources(connection, sorted({e.source_id for e in claim.evidence}))
    relations = relations_of(connection, claim_id)
    contradictions = [r for r in relations if r.kind == "contradiction"]
    status_seq, credibility_seq = _last_set(events, claim_id, claim)
    # a decision taken by one key gets its reason in a note just after: the dossier shows them together
    why = {e.data["regarding"]: e.data.get("note") for e in events if e.action == "note" and "regarding" in e.data}
    history = [replace(v, note=v.note or why.get(v.seq)) for v in history]
    by_seq = {v.seq: v for v in history}
    return ClaimContext(
        header=header,
        claim=claim,
        credibility_words=CREDIBILITY_WORDS.get(claim.credibility, ""),
        suggested_words=CREDIBILITY_WORDS.get(claim.suggested_credibility, ""),
        states=_states(claim),
        status_event=by_seq.get(status_seq or 0),
        credibility_event=by_seq.get(credibility_seq or 0),
        history=history,
        evidence=[_quoted(e, sources[e.source_id]) for e in claim.evidence],
        sources=list(sources.values()),
        duplicates=[_related(connection, r, claim_id, None, names) for r in relations if r.kind == "duplicate"],
        contradictions=_contradictions(connection, contradictions, claim_id, names),
        review_marks=_review_marks(events, claim_id, names),
        publication_marks=[_publication_mark(s) for s in sources.values()],
        publication_lanes=_publication_lanes(list(sources.values())),
        merged=merged,
        reviewed_by=claim.edited_by or claim.created_by,
    )


def _states(claim: ClaimRead) -> list[str]:
    found = []
    if claim.quantity:
        found.append(f"quantity: {describe(claim.quantity)}")
    if claim.date:
        found.append(f"date: {claim.date.get('text') or claim.date.get('start_date')}")
    if claim.items:
        found.append(f"equipment: {', '.join(claim.items)}")
    return found


def _last_set(events: list[AuditEventRead], claim_id: int, claim: ClaimRead) -> tuple[int | None, int | None]:
    """The seq of the events that last changed the claim's status and its credibility."""
    status = credibility = None
    for event in events:
        for entity, entity_id, before, after in changes(event):
            if entity != "claim" or entity_id != claim_id or after is None:
                continue
            if before is None or before.get("status") != after.get("status"):
                status = event.seq if after.get("status") == claim.status else status
            if before is None or before.get("credibility") != after.get("credibility"):
                credibility = event.seq if after.get("credibility") == claim.credibility else credibility
    return status, credibility


def _sources(connection: Connection, ids: list[int]) -> dict[int, SourceInfo]:
    """Metadata of the sources, with their reprint and revision relations spelled out."""
    if not ids:
        return {}
    rows = connection.execute(
        with_outlet(select(_SOURCE, _OUTLET.c.name.label("outlet"), _OUTLET.c.reliability))
        .where(_SOURCE.c.id.in_(ids))
        .order_by(_SOURCE.c.id)
    ).mappings()
    found = {r["id"]: dict(r) for r in rows}
    copies = list(
        connection.execute(
            select(_SOURCE_RELATION.c.a, _SOURCE_RELATION.c.b, _SOURCE_RELATION.c.score).where(
                _SOURCE_RELATION.c.kind == "syndicated",
                or_(_SOURCE_RELATION.c.a.in_(ids), _SOURCE_RELATION.c.b.in_(ids)),
            )
        )
    )
    newer = list(connection.execute(select(_SOURCE.c.id, _SOURCE.c.revision_of).where(_SOURCE.c.revision_of.in_(ids))))
    others = {r.a for r in copies} | {r.b for r in copies}
    outlets = {source_id: outlet for source_id, (outlet, _) in source_labels(connection, others).items()}

    def named(source_id: int) -> str:
        return f"source {source_id} ({outlets.get(source_id) or 'unknown outlet'})"

    result = {}
    for source_id, row in found.items():
        originals = [r for r in copies if r.b == source_id]
        reprints = [r.b for r in copies if r.a == source_id]
        if originals:
            copy = "; ".join(
                f"reprint of {named(r.a)}, {figure(r.score)}% of the shorter text shared" for r in originals
            )
        elif reprints:
            copy = "original; reprinted by " + ", ".join(named(b) for b in sorted(reprints))
        else:
            copy = "original: no reprint of it or by it on file"
        later = sorted(r.id for r in newer if r.revision_of == source_id)
        revision = f"revision of source {row['revision_of']}" if row["revision_of"] else "first version on file"
        if later:
            revision += f"; superseded by source {later[-1]}: evidence here no longer counts as support"
        grade: Reliability = row["reliability"] or "F"
        result[source_id] = SourceInfo(
            id=source_id,
            outlet=row["outlet"] or "unknown outlet",
            reliability=grade if row["outlet"] else "–",
            reliability_words=RELIABILITY_WORDS[grade] if row["outlet"] else "no outlet to grade",
            published=row["published_at"] or "undated",
            title=row["title"],
            url=row["url"],
            author=row["author"],
            content_sha256=row["content_sha256"],
            length=row["length"],
            copy=copy,
            reprint=bool(originals),
            revision=revision,
            imported_by=row["imported_by"],
            retrieved_at=row["retrieved_at"],
            origin=row["origin"],
            published_at=row["published_at"],
        )
    return result


def _quoted(evidence: EvidenceRead, source: SourceInfo) -> Quoted:
    """The quote between its stored context, with ``…`` where the text goes on."""
    exact = evidence.exact
    lead = exact[: len(exact) - len(exact.lstrip())]
    trail = exact[len(exact.rstrip()) :]
    if evidence.start is None or evidence.end is None:
        more_before, more_after = len(evidence.prefix) >= CONTEXT, len(evidence.suffix) >= CONTEXT
        anchor = "orphaned: its text is gone from this revision (the quote is what it said)"
    else:
        more_before = evidence.start > len(evidence.prefix)
        more_after = evidence.end + len(evidence.suffix) < source.length
        method = evidence.anchor_method or "manual"
        how = "placed by hand" if method == "manual" else f"re-found by {method} match"
        score = "" if evidence.anchor_score is None else f", score {figure(evidence.anchor_score)}"
        page = "" if evidence.page is None else f", p. {evidence.page}"
        anchor = f"{evidence.anchor_status}, {how}{score}, characters {evidence.start}–{evidence.end}{page}"
    before, after = evidence.prefix + lead, trail + evidence.suffix
    if more_before:  # start the context at a word, not in the middle of one
        before = before[_word_start(before) :]
    if more_after:
        after = after[: _word_end(after)]
    return Quoted(
        id=evidence.id,
        source=source,
        stance=evidence.stance,
        before=("…" if more_before else "") + inline(before),
        exact=inline(exact.strip()),
        after=inline(after) + ("…" if more_after else ""),
        anchor=anchor,
        current=evidence.current,
        linked_by=evidence.created_by,
        linked_at=evidence.created_at,
        retracted=None
        if evidence.retracted_at is None
        else f"by {evidence.retracted_by} on {evidence.retracted_at[:10]}: {inline(evidence.retraction_note or '')}",
    )


def _word_start(text: str) -> int:
    """Where the first whole word of a cut-off context starts (0 if there is no space to cut at)."""
    space = re.search(r"\s", text)
    return space.end() if space else 0


def _word_end(text: str) -> int:
    """Where the last whole word of a cut-off context ends (the whole text if there is no space)."""
    spaces = [m.start() for m in re.finditer(r"\s", text)]
    return spaces[-1] if spaces else len(text)


def _winner(relation: RelationRead, claim_id: int) -> str | None:
    if relation.winner in {"a", "b"}:
        winner = relation.a if relation.winner == "a" else relation.b
        return f"claim {winner}" + (" (this claim)" if winner == claim_id else "")
    return "neither claim" if relation.winner == "neither" else None


def _related(
    connection: Connection,
    relation: RelationRead,
    claim_id: int,
    sides: tuple[PairSide, PairSide] | None,
    names: Names,
) -> Related:
    other = relation.b if relation.a == claim_id else relation.a
    this_side, other_side = (sides if relation.a == claim_id else sides[::-1]) if sides else (None, None)
    other_claim = read_claim(connection, other)
    return Related(
        id=relation.id,
        kind=relation.kind,
        status=relation.status,
        other_id=other,
        other_text=other_claim.text,
        aspect=relation.aspect,
        reason=relation.reason,
        score=relation.score,
        this_value=this_side.value if this_side else None,
        other_value=other_side.value if other_side else None,
        winner=_winner(relation, claim_id),
        note=relation.note,
        decided_by=relation.decided_by,
        decided_at=relation.decided_at,
        other_quotes=[f"{names.source(e.source_id)}, {e.stance}: “{inline(e.exact)}”" for e in other_claim.evidence],
    )


def _contradictions(
    connection: Connection, relations: list[RelationRead], claim_id: int, names: Names
) -> list[Related]:
    return [_related(connection, p, claim_id, (p.side_a, p.side_b), names) for p in pairs(connection, relations)]


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ")


def _review_marks(events: list[AuditEventRead], claim_id: int, names: Names) -> list[Mark]:
    """The review timeline: status and credibility changes, evidence linked, relation decisions."""
    marks: list[Mark] = []
    for event in events:
        at, tag = _moment(event.at), f"#{event.seq}"
        who = f"#{event.seq}, {event.at[:10]} {event.at[11:16]} UTC, {event.actor}"
        for entity, entity_id, before, after in changes(event):
            state = after or before or {}
            if entity == "claim" and entity_id == claim_id and after is not None:
                old = before or {}
                if old.get("status") != after["status"]:
                    title = f"{who}: status {old.get('status', 'new')} → {after['status']}"
                    marks.append(Mark("status", at, None, after["status"], tag, title, after["status"]))
                if old.get("credibility") != after["credibility"]:
                    title = f"{who}: credibility {old.get('credibility', 'new')} → {after['credibility']}"
                    marks.append(Mark("credibility", at, None, str(after["credibility"]), tag, title, "credibility"))
            elif entity == "evidence" and state.get("claim_id") == claim_id and before is None:
                source = names.source(int(state["source_id"]))
                title = f"{who}: evidence {entity_id} linked, {state['stance']}, {source}"
                marks.append(Mark("evidence", at, None, f"source {state['source_id']}", tag, title, state["stance"]))
            elif entity == "claim_relation" and claim_id in (state.get("a"), state.get("b")):
                status = "withdrawn" if after is None else str(state.get("status"))
                other = state["b"] if state.get("a") == claim_id else state.get("a")
                title = f"{who}: {state.get('kind')} with claim {other} {status} (relation {entity_id})"
                duplicate = state.get("kind") == "duplicate"
                style = f"{'duplicate' if duplicate else 'relation'}-{status}"
                marks.append(Mark("duplicates" if duplicate else "contradictions", at, None, status, tag, title, style))
    return marks


_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def published_period(value: str | None) -> tuple[datetime | None, datetime | None]:
    """(start, end) of a publication date at its own precision: a year or month is a period, a day a moment.

    Anything that is not an ISO date is undated (``None, None``): never guessed.
    """
    if not value:
        return None, None
    try:
        if _YEAR.match(value):
            return datetime(int(value), 1, 1), datetime(int(value) + 1, 1, 1)
        if month := _MONTH.match(value):
            start = datetime(int(month[1]), int(month[2]), 1)
            return start, (start + timedelta(days=32)).replace(day=1)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment, None


def _publication_mark(source: SourceInfo) -> Mark:
    start, end = published_period(source.published_at)
    when = f"published {source.published}" if source.published_at else "undated"
    title = f"source {source.id}: {source.outlet}, “{source.title or 'untitled'}”, {when}"
    if source.reprint:
        title += f", {source.copy}"
    style = "reprint" if source.reprint else "original"
    return Mark(source.outlet, start, end, f"source {source.id}", "reprint" if source.reprint else "", title, style)


def _publication_lanes(sources: list[SourceInfo]) -> list[str]:
    """One lane per outlet, the earliest published first, outlets with only undated sources last."""
    first: dict[str, Any] = {}
    for source in sources:
        start, _ = published_period(source.published_at)
        key = (start is None, start or datetime.min, source.id)
        first[source.outlet] = min(first.get(source.outlet, key), key)
    return sorted(first, key=lambda outlet: first[outlet])
