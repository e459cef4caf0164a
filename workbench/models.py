"""Plain data models handed to interfaces: never live ORM rows.

Their field names are the JSON keys of the CLI's ``--json`` output, a public interface.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from store.models import ClaimBase, EvidenceBase, SourceBase
from store.vocabulary import (
    AnchorMethod,
    AnchorStatus,
    Aspect,
    ClaimStatus,
    Credibility,
    ImportStatus,
    PassageField,
    RelationKind,
    RelationStatus,
    Reliability,
    Stance,
    Winner,
)


class EvidenceRead(EvidenceBase):
    """One evidence link as shown to users.

    ``current`` is false for a link on a source that a newer revision replaced: it is what the
    old version said, kept for the record, and no longer counts as support.
    """

    id: int
    current: bool = True
    #: The page of the source's original the span starts on (PDFs); ``None`` for unpaged sources.
    page: int | None = None


class ClaimRead(ClaimBase):
    """A claim with its evidence across all sources; parsed values as objects, not JSON text."""

    id: int
    quantity: dict[str, Any] | None = None  # type: ignore[assignment]
    date: dict[str, Any] | None = None  # type: ignore[assignment]
    items: list[str] | None = None  # type: ignore[assignment]
    evidence: list[EvidenceRead] = Field(default_factory=list)
    #: Supporting sources counted once per outlet, reprints and revisions as their original.
    independent_sources: int = 0
    #: The outlets those independent sources come from.
    outlets: list[str] = Field(default_factory=list)
    #: A confirmed contradiction about it (or a confirmed duplicate of it) is open.
    contradicted: bool = False
    #: Admiralty credibility (1–6) the evidence suggests, and the rule that gave it.
    suggested_credibility: Credibility = 6
    credibility_rule: str = ""
    #: Claims confirmed as the same claim (transitively).
    duplicates: list[int] = Field(default_factory=list)
    #: The reviewers' tags on it.
    tags: list[str] = Field(default_factory=list)

    @field_validator("quantity", "date", "items", mode="before")
    @classmethod
    def _parse_json(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class SourceRead(SourceBase):
    """A source's metadata (no text): what lists show."""

    id: int
    outlet: str | None = None
    outlet_reliability: Reliability | None = None
    #: The language detected in its text at import (ISO 639-1, "und" when it could not be told).
    language: str | None = None


class SourceDetail(SourceRead):
    """A source with its full text and every evidence link into it."""

    text: str
    evidence: list[EvidenceRead] = Field(default_factory=list)


class OriginalRead(SQLModel):
    """The bytes a source was extracted from, as kept at import, and what extracted its text."""

    sha256: str
    size: int
    media_type: str
    extractor: str
    #: The bytes themselves, when asked for.
    content: bytes | None = None


class OutletRead(SQLModel):
    """A publisher and its Admiralty reliability grade."""

    id: int
    name: str
    domain: str | None = None
    reliability: Reliability
    sources: int = 0
    #: Other names and domains that file under it (``outlet alias``, ``outlet merge``).
    aliases: list[str] = Field(default_factory=list)


class AuditEventRead(SQLModel):
    """One audit event, its data parsed."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: int | None = None
    data: dict[str, Any]
    prev_hash: str
    hash: str


class ImportResult(SQLModel):
    """What happened to one imported document: ``imported``, ``unchanged`` or ``revision``."""

    status: ImportStatus
    source_id: int
    revision_of: int | None = None
    origin: str | None = None
    #: For a revision: evidence links carried over from the old one, and those orphaned.
    reanchored: int = 0
    orphaned: int = 0
    #: For ``unchanged``: the newest revision, when the text matched an older one instead.
    newest: int | None = None
    #: For ``imported`` without an identity (no URL, no title): a source its text nearly equals,
    #: which it may correct (``--revision-of``) or reprint.
    near_copy_of: int | None = None


class AnchorRead(SQLModel):
    """One evidence link on a source, with where it came from when it was carried over."""

    evidence_id: int
    claim_id: int
    status: AnchorStatus
    method: AnchorMethod | None = None
    score: float | None = None
    start: int | None = None
    end: int | None = None
    exact: str
    old_evidence_id: int | None = None
    old_source_id: int | None = None
    old_start: int | None = None
    old_end: int | None = None
    old_exact: str | None = None


class Verification(SQLModel):
    """The result of ``audit verify``: ``ok`` only if the chain and every audited row check out."""

    ok: bool
    events: int
    head_seq: int
    head: str
    problems: list[str] = Field(default_factory=list)
    first_problem: str | None = None
    #: Events by reviewers with no signing key on record yet (a store made before signing).
    unsigned: int = 0
    #: The verified checkpoint this check started from (``None``: everything was checked).
    since_seq: int | None = None
    #: When that checkpoint was verified.
    since_at: str | None = None


class RelationRead(SQLModel):
    """A relation between two claims (``a < b``): a duplicate or contradiction, suggested or decided."""

    id: int
    a: int
    b: int
    kind: RelationKind
    status: RelationStatus
    score: float | None = None
    reason: str | None = None
    aspect: Aspect | None = None
    winner: Winner | None = None
    note: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    created_at: str
    detail: dict[str, Any] = Field(default_factory=dict)


class SyndicationRead(SQLModel):
    """Two sources carrying the same wire copy: the original (published first) and its reprint."""

    id: int
    original: int
    reprint: int
    score: float | None = None
    original_outlet: str | None = None
    reprint_outlet: str | None = None
    original_title: str | None = None
    reprint_title: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class EvidenceSuggestion(SQLModel):
    """A span that states (``supports``), disputes (``refutes``) or only touches on (``mentions``) a claim.

    ``score`` is the retrieval index's (BM25 on SQLite; higher is better); ``reason`` says what the
    value rules found. ``source_id`` and ``outlet`` name the source when the suggestions span
    several (``claim sources``).
    """

    claim_id: int
    claim_text: str
    source_id: int | None = None
    outlet: str | None = None
    start: int
    end: int
    text: str
    score: float
    stance: Stance
    reason: str


class SideSpan(SQLModel):
    """A span that states one side of a contradiction, with the outlet that published it."""

    evidence_id: int
    source_id: int
    outlet: str | None = None
    start: int | None = None
    end: int | None = None
    exact: str
    stance: Stance


class PairSide(SQLModel):
    """One claim of a pair under review: its text, the value in dispute, and the spans stating it."""

    claim_id: int
    text: str
    value: str | None = None
    spans: list[SideSpan] = Field(default_factory=list)


class PairRead(RelationRead):
    """A relation (a contradiction, or a duplicate suggestion) with both claims laid out for review."""

    side_a: PairSide
    side_b: PairSide


class SourceRow(SQLModel):
    """A source as the reader's list shows it: who published it, when, and how it relates to others."""

    id: int
    title: str | None = None
    outlet: str | None = None
    reliability: Reliability | None = None
    published_at: str | None = None
    claims: int = 0
    #: The source this one revises, and whether a newer revision replaced it.
    revision_of: int | None = None
    superseded: bool = False
    #: The original this source reprints, and how many sources reprint this one.
    reprint_of: int | None = None
    reprints: int = 0


class Span(SQLModel):
    """An evidence span in a source, with what the reader needs to colour and name it."""

    evidence_id: int
    claim_id: int
    start: int
    end: int
    stance: Stance
    status: ClaimStatus
    claim_text: str


class SourceView(SQLModel):
    """A source opened in the reader: metadata, text, and the evidence spans on it."""

    source: SourceRead
    text: str
    spans: list[Span] = Field(default_factory=list)
    #: Pages of its original (a PDF's), 0 for an unpaged source.
    pages: int = 0
    #: The news agency its text credits (wire copy), if any.
    agency: str | None = None


class FactRead(SQLModel):
    """A figure of a claim's text or of a quote, as the matcher reads it (``workbench.facts``)."""

    kind: str
    #: Code-point offsets in the text it was read from, and the figure as written there.
    start: int
    end: int
    text: str
    #: The figure in plain numbers: "at least 50 people", "181 kg", "19:36 UTC"; as stated
    #: (exact, at_least, at_most, approx, range) and its unit, if any.
    value: str
    qualifier: str = "exact"
    unit: str | None = None
    #: What it counts or measures (its lemma), the event it belongs to, how serious.
    counted: str | None = None
    event: str | None = None
    severity: str | None = None
    #: A running total ("adds to", "so far"), a part of a whole ("15 of the 200"), a date given
    #: relative to publication ("on Tuesday").
    total: bool = False
    part: bool = False
    relative: bool = False


class EvidenceItem(EvidenceRead):
    """An evidence link with the source it points into."""

    outlet: str | None = None
    reliability: Reliability | None = None
    title: str | None = None
    reprint: bool = False
    #: The figures of its quote.
    facts: list[FactRead] = Field(default_factory=list)


class RelatedClaim(SQLModel):
    """Another claim related to the one shown: a duplicate or a contradiction, and where it stands."""

    relation_id: int
    kind: RelationKind
    status: RelationStatus
    aspect: Aspect | None = None
    winner: Winner | None = None
    other_id: int
    other_text: str
    score: float | None = None
    reason: str | None = None


class ClaimDetail(SQLModel):
    """Everything the inspector shows about a claim."""

    claim: ClaimRead
    #: The figures of its text, as matching compares them.
    facts: list[FactRead] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    related: list[RelatedClaim] = Field(default_factory=list)
    history: list[AuditEventRead] = Field(default_factory=list)


class ClaimRow(SQLModel):
    """A claim as the claims table shows it."""

    id: int
    status: ClaimStatus
    credibility: Credibility
    text: str
    version: int
    suggested_credibility: Credibility = 6
    independent_sources: int = 0
    contradicted: bool = False


class ClaimPage(SQLModel):
    """One page of a filtered, sorted list of claims, and how many match in all."""

    rows: list[ClaimRow] = Field(default_factory=list)
    total: int = 0


class OrphanRead(SQLModel):
    """Evidence whose text is gone from the current revision of its source: to re-verify."""

    evidence_id: int
    claim_id: int
    claim_text: str
    claim_status: ClaimStatus
    source_id: int
    source_title: str | None = None
    outlet: str | None = None
    exact: str


class MatrixRow(SQLModel):
    """A claim's support across outlets: one cell per outlet column."""

    claim_id: int
    text: str
    status: ClaimStatus
    independent_sources: int = 0
    #: Outlet → ``supports``, ``refutes``, ``mentions`` (a reprint's counts for its original's outlet).
    cells: dict[str, Stance] = Field(default_factory=dict)
    #: Outlets whose cell comes only through reprints of their wire copy.
    via_reprint: list[str] = Field(default_factory=list)


class MatrixView(SQLModel):
    """Claims as rows, outlets as columns."""

    outlets: list[str] = Field(default_factory=list)
    rows: list[MatrixRow] = Field(default_factory=list)
    total: int = 0


class SearchHit(SQLModel):
    """What search found: a span of a source (the matched words), the sentence around it, how well it matched.

    ``start``/``end`` span the matched words, first to last (a phrase searched for is exactly
    that phrase), and ``text`` is ``source.text[start:end]``: usable as it is in ``claim add
    --span START:END``. For a match in a source's title (``field`` "title") they index the title.
    ``sentence`` is the whole sentence (or title) from ``sentence_start`` on, and ``marks`` the
    matched words in it, as offsets into ``sentence``.
    """

    source_id: int
    outlet: str | None = None
    published_at: str | None = None
    start: int
    end: int
    text: str
    score: float
    field: PassageField = "text"
    title: str | None = None
    sentence: str
    sentence_start: int
    sentence_end: int
    marks: list[tuple[int, int]] = Field(default_factory=list)


class SearchPage(SQLModel):
    """What one search found, best first.

    ``narrowed``: so many passages matched that only the newest of them were ranked
    (``workbench.search.find.RANKED_AMONG``); more words would narrow it.
    """

    hits: list[SearchHit] = Field(default_factory=list)
    narrowed: bool = False
