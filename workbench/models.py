"""Plain data models handed to interfaces: never live ORM rows.

Their field names are the JSON keys of the CLI's ``--json`` output, a public interface.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from store.models import ClaimBase, EvidenceBase, SourceBase


class EvidenceRead(EvidenceBase):
    """One evidence link as shown to users.

    ``current`` is false for a link on a source that a newer revision replaced: it is what the
    old version said, kept for the record, and no longer counts as support.
    """

    id: int
    current: bool = True


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
    suggested_credibility: int = 6
    credibility_rule: str = ""
    #: Claims confirmed as the same claim (transitively).
    duplicates: list[int] = Field(default_factory=list)

    @field_validator("quantity", "date", "items", mode="before")
    @classmethod
    def _parse_json(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class SourceRead(SourceBase):
    """A source's metadata (no text): what lists show."""

    id: int
    outlet: str | None = None
    outlet_reliability: str | None = None


class SourceDetail(SourceRead):
    """A source with its full text and every evidence link into it."""

    text: str
    evidence: list[EvidenceRead] = Field(default_factory=list)


class OutletRead(SQLModel):
    """A publisher and its Admiralty reliability grade."""

    id: int
    name: str
    domain: str | None = None
    reliability: str
    sources: int = 0


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

    status: str
    source_id: int
    revision_of: int | None = None
    origin: str | None = None
    #: For a revision: evidence links carried over from the old one, and those orphaned.
    reanchored: int = 0
    orphaned: int = 0
    #: For ``unchanged``: the newest revision, when the text matched an older one instead.
    newest: int | None = None


class AnchorRead(SQLModel):
    """One evidence link on a source, with where it came from when it was carried over."""

    evidence_id: int
    claim_id: int
    status: str
    method: str | None = None
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


class RelationRead(SQLModel):
    """A relation between two claims (``a < b``): a duplicate or contradiction, suggested or decided."""

    id: int
    a: int
    b: int
    kind: str
    status: str
    score: float | None = None
    reason: str | None = None
    aspect: str | None = None
    winner: str | None = None
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
    """A sentence of a source that states (``supports``) or disputes (``refutes``) a stored claim."""

    claim_id: int
    claim_text: str
    start: int
    end: int
    text: str
    score: float
    stance: str
    reason: str


class SideSpan(SQLModel):
    """A span that states one side of a contradiction, with the outlet that published it."""

    evidence_id: int
    source_id: int
    outlet: str | None = None
    start: int | None = None
    end: int | None = None
    exact: str
    stance: str


class ContradictionSide(SQLModel):
    """One claim of a contradiction: its text, the value in dispute, and the spans stating it."""

    claim_id: int
    text: str
    value: str | None = None
    spans: list[SideSpan] = Field(default_factory=list)


class ContradictionRead(RelationRead):
    """A contradiction with both sides laid out for review."""

    side_a: ContradictionSide
    side_b: ContradictionSide
