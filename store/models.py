"""Table models: the one place the schema is declared (migrations must match it).

Timestamps are stored as ISO-8601 UTC strings (``2026-11-21T19:30:00.123456Z``) rather than
``DateTime`` columns: the audit chain hashes row states, so a value must read back byte for
byte as it was written on every backend, and SQLite's ``DateTime`` drops time zones.

Offsets (``Evidence.start``/``end``) are Unicode code points into ``Source.text``: Python ``str``
indices, start inclusive, end exclusive, the W3C TextPositionSelector convention.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, LargeBinary, Table, Text, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel

from store.vocabulary import (
    ANCHOR_STATUSES,
    ASPECTS,
    CLAIM_STATUSES,
    CREDIBILITIES,
    EMBEDDED_KINDS,
    PASSAGE_FIELDS,
    RELATION_KINDS,
    RELATION_STATUSES,
    RELIABILITY_GRADES,
    SOURCE_RELATION_KINDS,
    STANCES,
    WINNERS,
    AnchorMethod,
    AnchorStatus,
    Aspect,
    ClaimStatus,
    Credibility,
    EmbeddedKind,
    PassageField,
    RelationKind,
    RelationStatus,
    Reliability,
    SourceFormat,
    SourceRelationKind,
    Stance,
    Winner,
)


def table(model: type[SQLModel]) -> Table:
    """The Core ``Table`` of a table model, for Core statements (bulk paths, plain selects)."""
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _in(column: str, values: tuple[object, ...]) -> str:
    """A CHECK expression restricting ``column`` to ``values``."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Outlet(SQLModel, table=True):
    """A publisher. Reliability is the Admiralty source grade; F means "cannot be judged"."""

    __tablename__ = "outlet"
    __table_args__ = (CheckConstraint(_in("reliability", RELIABILITY_GRADES), name="ck_outlet_reliability"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    #: ``name.casefold()``: makes names unique case-insensitively on every backend.
    name_key: str = Field(unique=True)
    domain: str | None = Field(default=None, index=True)
    reliability: Reliability = Field(default="F", sa_type=AutoString(length=1))
    created_at: str


class SourceBase(SQLModel):
    """What every view of a source shows (its text and identity keys live on the table only)."""

    title: str | None = None
    url: str | None = Field(default=None, index=True)
    author: str | None = None
    #: ISO 8601 with the precision the source gives: ``2022``, ``2022-03``, ``2022-03-31`` or a
    #: full timestamp. Unknown dates stay unknown.
    published_at: str | None = None
    retrieved_at: str
    #: How the text was obtained: ``txt``, ``md``, ``html`` or ``news-please``.
    format: SourceFormat = Field(sa_type=AutoString)
    #: Where it came from: the path given to ``import``.
    origin: str | None = None
    content_sha256: str = Field(index=True, max_length=64)
    revision_of: int | None = Field(default=None, foreign_key="source.id", index=True)
    #: Length of ``text`` in code points.
    length: int
    imported_by: str


class Source(SourceBase, table=True):
    """An article exactly as imported. ``text`` never changes; a changed article is a new revision."""

    __tablename__ = "source"
    __table_args__ = (
        Index("ix_source_identity_title", "outlet_id", "title_key"),
        CheckConstraint("length >= 0", name="ck_source_length"),
    )

    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", index=True)
    #: ``title.casefold()``: with the outlet, the identity of a source that has no URL.
    title_key: str | None = None
    #: SHA-256 of the original file's bytes, to tie the text to the file it was extracted from.
    raw_sha256: str | None = None
    text: str = Field(sa_type=Text)


class ClaimBase(SQLModel):
    """A claim's own fields."""

    text: str = Field(sa_type=Text)
    status: ClaimStatus = Field(default="draft", index=True, sa_type=AutoString)
    credibility: Credibility = Field(default=6, sa_type=Integer)
    created_by: str
    created_at: str
    updated_at: str
    version: int = 1
    #: Canonical JSON of the quantity parsed from the claim or its evidence:
    #: ``{"value", "low", "high", "qualifier", "item", "item_key", "unit", "text"}``.
    quantity: str | None = Field(default=None, sa_type=Text)
    #: Canonical JSON of the date parsed likewise: ``{"start_date", "end_date", "granularity", "text"}``.
    date: str | None = Field(default=None, sa_type=Text)
    #: Canonical JSON list of the normalised equipment designators the claim names.
    items: str | None = Field(default=None, sa_type=Text)
    #: Who last changed the claim's wording or evidence (``None``: nobody since its creator).
    edited_by: str | None = None
    #: The reviewer asked to look at the claim ("my queue").
    assigned_to: str | None = Field(default=None, index=True)
    #: Who moved the claim to ``verified``, and when: the sign-off a second pair of eyes gives.
    approved_by: str | None = None
    approved_at: str | None = None
    #: The claim this one was merged into: its evidence and relations moved there.
    merged_into: int | None = Field(default=None, foreign_key="claim.id", index=True)


class Claim(ClaimBase, table=True):
    """A factual statement under review. ``version`` increases on every change (optimistic locking)."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(_in("status", CLAIM_STATUSES), name="ck_claim_status"),
        CheckConstraint(
            f"credibility BETWEEN {min(CREDIBILITIES)} AND {max(CREDIBILITIES)}", name="ck_claim_credibility"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)


class EvidenceBase(SQLModel):
    """An evidence link's own fields: the span as offsets (position selector) and as text (quote selector)."""

    claim_id: int = Field(foreign_key="claim.id", index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    #: Code-point offsets; both ``None`` when the link is orphaned (its text is gone).
    start: int | None = None
    end: int | None = None
    #: The quoted text (for an orphaned link, the text that was lost).
    exact: str = Field(sa_type=Text)
    prefix: str
    suffix: str
    stance: Stance = Field(default="supports", sa_type=AutoString)
    anchor_status: AnchorStatus = Field(default="anchored", sa_type=AutoString)
    #: 0–100 confidence of the last anchoring; 100 for a span placed by hand.
    anchor_score: float | None = None
    #: How the span was found: ``manual``, ``position``, ``exact``, ``fuzzy`` or ``orphaned``.
    anchor_method: AnchorMethod | None = Field(default=None, sa_type=AutoString)
    #: The evidence on an earlier revision this link was carried over from.
    derived_from: int | None = Field(default=None, foreign_key="evidence.id", index=True)
    created_by: str
    created_at: str
    #: A retracted link stays on file (who, when, why) but no longer counts as evidence.
    retracted_by: str | None = None
    retracted_at: str | None = None
    retraction_note: str | None = None


class Evidence(EvidenceBase, table=True):
    """A link between a claim and an exact span of a source, with selectors to re-find it."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("claim_id", "source_id", "start", "end", name="uq_evidence_span"),
        CheckConstraint('start >= 0 AND "end" > start', name="ck_evidence_span"),
        CheckConstraint(
            "(anchor_status = 'orphaned') = (start IS NULL) AND (start IS NULL) = (\"end\" IS NULL)",
            name="ck_evidence_orphaned_has_no_span",
        ),
        CheckConstraint(_in("stance", STANCES), name="ck_evidence_stance"),
        CheckConstraint(_in("anchor_status", ANCHOR_STATUSES), name="ck_evidence_anchor_status"),
    )

    id: int | None = Field(default=None, primary_key=True)


class ClaimRelation(SQLModel, table=True):
    """A suggested or decided relation between two claims (``a < b``)."""

    __tablename__ = "claim_relation"
    __table_args__ = (
        UniqueConstraint("a", "b", "kind", name="uq_claim_relation"),
        CheckConstraint("a < b", name="ck_claim_relation_order"),
        CheckConstraint(_in("kind", RELATION_KINDS), name="ck_claim_relation_kind"),
        CheckConstraint(_in("status", RELATION_STATUSES), name="ck_claim_relation_status"),
        CheckConstraint(f"aspect IS NULL OR {_in('aspect', ASPECTS)}", name="ck_claim_relation_aspect"),
        CheckConstraint(f"winner IS NULL OR {_in('winner', WINNERS)}", name="ck_claim_relation_winner"),
        # withdrawn suggestions are deleted: an id must never come back for another pair
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    a: int = Field(foreign_key="claim.id", index=True)
    b: int = Field(foreign_key="claim.id", index=True)
    kind: RelationKind = Field(sa_type=AutoString)
    #: Indexed: grading reads the few decided relations among millions of suggestions.
    status: RelationStatus = Field(default="suggested", sa_type=AutoString, index=True)
    score: float | None = None
    #: Canonical JSON: why it was suggested (the values compared, the rule that fired).
    detail: str | None = Field(default=None, sa_type=Text)
    note: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    created_at: str
    #: For a contradiction: what the claims disagree on (quantity, date, entity, other).
    aspect: Aspect | None = Field(default=None, sa_type=AutoString)
    #: For a resolved contradiction: which side the evidence bears out (a, b or neither).
    winner: Winner | None = Field(default=None, sa_type=AutoString)


#: The review queues, in the order they are worked (``workbench.read.relations``): a window of a
#: million suggestions and each queue's size read from the index, not by sorting the table.
Index(
    "ix_claim_relation_queue",
    ClaimRelation.kind,
    ClaimRelation.status,
    ClaimRelation.score.desc(),  # type: ignore[union-attr]
    ClaimRelation.id,  # type: ignore[arg-type]
)


class SourceRelation(SQLModel, table=True):
    """A relation between two sources: the same wire copy (``syndicated``) or a ``revision``."""

    __tablename__ = "source_relation"
    __table_args__ = (
        UniqueConstraint("a", "b", "kind", name="uq_source_relation"),
        CheckConstraint(_in("kind", SOURCE_RELATION_KINDS), name="ck_source_relation_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    a: int = Field(foreign_key="source.id", index=True)
    b: int = Field(foreign_key="source.id", index=True)
    kind: SourceRelationKind = Field(sa_type=AutoString)
    score: float | None = None
    detail: str | None = Field(default=None, sa_type=Text)
    created_at: str


class AuditEvent(SQLModel, table=True):
    """One link of the append-only hash chain; see ``store.audit`` for how ``hash`` is computed."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str
    actor: str
    action: str = Field(index=True)
    entity: str
    entity_id: int | None = None
    #: Canonical JSON: ``{"before": ..., "after": ..., "related": [...], "note": ...}``.
    data: str = Field(sa_type=Text)
    prev_hash: str = Field(unique=True, max_length=64)
    hash: str = Field(unique=True, max_length=64)
    #: The actor's Ed25519 signature of ``hash`` (base64), outside the hash; ``None``: unsigned.
    signature: str | None = None


class AuditEventRow(SQLModel, table=True):
    """Which rows each event changed or referred to: the index a row's history is read by.

    One line per row an event changed (its subject and every related change; ``changed``) and
    per row a changed row refers to by foreign key (the claim of a linked quote, the two claims
    of a relation, the source of a story assignment). ``audit log --entity``, the inspector and
    ``report claim`` read a row's history through it, so one row's history never scans the
    log. Written by ``store.audit.append`` with the events, in their transaction; derived from
    the events alone, so ``audit verify --full`` can check it line by line.
    """

    __tablename__ = "audit_event_row"
    __table_args__ = (Index("ix_audit_event_row_seq", "seq"),)

    entity: str = Field(primary_key=True)
    entity_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    #: The event changed the row itself (else it changed a row that refers to it).
    changed: bool


class RowChange(SQLModel, table=True):
    """Every audited row changed, by anyone, with the chain's head at the time: written by triggers.

    Triggers on the audited tables (revision 0015) note each insert, update and delete, whether
    the workbench made it or someone in a SQL shell, so that a check from a verified checkpoint
    (``store.audit.verify_since``) re-reads every row changed since, not only those the new
    events name. Someone who drops the triggers first is caught by a full check.
    """

    __tablename__ = "row_change"

    #: The head of the chain when the row changed (the event recording a workbench change comes after).
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    entity: str = Field(primary_key=True)
    entity_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})


class Passage(SQLModel, table=True):
    """A span the retrieval index knows: a source's title, or one sentence of its text.

    Derived data, never audited: rebuilt at will from the immutable texts (``workbench index
    rebuild``). Offsets are code points into the title or the text, as ``field`` says. The
    words themselves live in the database's full-text index (``passage_fts`` on SQLite,
    ``passage_tsv`` on PostgreSQL), keyed by the passage id.
    """

    __tablename__ = "passage"
    __table_args__ = (CheckConstraint(_in("field", PASSAGE_FIELDS), name="ck_passage_field"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    field: PassageField = Field(sa_type=AutoString)
    start: int
    end: int


class IndexedSource(SQLModel, table=True):
    """A source whose passages are in the retrieval index, and by which version of the indexing rules."""

    __tablename__ = "indexed_source"

    source_id: int = Field(foreign_key="source.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int


#: The database's own full-text tables (FTS5 on SQLite, with its shadow tables; ``tsvector`` on
#: PostgreSQL): made by migration 0004 in each dialect's terms, not declared here.
FULL_TEXT_TABLES = ("passage_fts", "claim_fts", "passage_tsv", "claim_tsv")


def is_full_text(name: str | None) -> bool:
    """Whether a table belongs to the full-text index (schema comparisons leave those out)."""
    if not name:
        return False
    return any(name == t or name.startswith(f"{t}_") for t in FULL_TEXT_TABLES)


class StoryAssignment(SQLModel, table=True):
    """A reviewer's word on which story a source belongs to, over the automatic grouping.

    The source goes with ``anchor``: another source, whose story it joins, or itself, which
    makes it the first source of a story of its own (a split). Audited like every decision.
    """

    __tablename__ = "story_assignment"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", unique=True)
    anchor: int = Field(foreign_key="source.id")
    assigned_by: str
    assigned_at: str


class OutletAlias(SQLModel, table=True):
    """Another name or domain of an outlet: "AP" for Associated Press, ``chinadaily.com.cn``.

    Imports naming the alias, or at the domain or one of its sub-domains, file under the outlet.
    Made by ``outlet alias`` and by ``outlet merge`` (the merged outlet's name and domain), audited.
    """

    __tablename__ = "outlet_alias"

    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    #: "name" or "domain".
    kind: str
    #: The alias as given (a domain in lower case, without "www.").
    alias: str
    #: ``alias`` case-folded: unique per kind on every backend.
    alias_key: str
    created_by: str
    created_at: str

    __table_args__ = (
        UniqueConstraint("kind", "alias_key", name="uq_outlet_alias"),
        CheckConstraint("kind IN ('name', 'domain')", name="ck_outlet_alias_kind"),
    )


class SourceCredit(SQLModel, table=True):
    """The news agency a source's text credits as its author (``workbench.wire``): derived, never audited.

    One row per source once read (``agency`` empty when none is credited): worked out at import,
    and when a store opens for sources read before; corroboration counts an agency's copy as the
    agency's reporting, whichever outlet printed it.
    """

    __tablename__ = "source_credit"

    source_id: int = Field(foreign_key="source.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    #: The agency's canonical name ("AFP", "Reuters", "Xinhua"); ``None`` when the text credits none.
    agency: str | None = Field(default=None, index=True)
    #: The words that credit it, as written ("BAMAKO (AFP) -").
    evidence: str | None = None


class Case(SQLModel, table=True):
    """A named collection of sources and claims: an investigation, a story being checked.

    A source or a claim can be in several cases; ``--case NAME`` narrows listings, matching,
    exports and reports to one.
    """

    __tablename__ = "case_file"
    # an undo removes rows: an id, once in the audit log, must never come back for another row
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    #: ``name.casefold()``: case names are unique case-insensitively on every backend.
    name_key: str = Field(unique=True)
    note: str | None = None
    created_by: str
    created_at: str


class CaseSource(SQLModel, table=True):
    """A source put in a case."""

    __tablename__ = "case_source"
    __table_args__ = (UniqueConstraint("case_id", "source_id", name="uq_case_source"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    added_by: str
    added_at: str


class CaseClaim(SQLModel, table=True):
    """A claim put in a case."""

    __tablename__ = "case_claim"
    __table_args__ = (UniqueConstraint("case_id", "claim_id", name="uq_case_claim"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    added_by: str
    added_at: str


class ClaimTag(SQLModel, table=True):
    """A reviewer's label on a claim ("casualties", "needs-translation"), to filter by."""

    __tablename__ = "claim_tag"
    __table_args__ = (UniqueConstraint("claim_id", "tag_key", name="uq_claim_tag"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    tag: str
    #: ``tag.casefold()``: one tag per claim whatever its case.
    tag_key: str = Field(index=True)
    created_by: str
    created_at: str


class Setting(SQLModel, table=True):
    """A store-wide setting (``four_eyes``), changed only through an audited action."""

    __tablename__ = "setting"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    value: str
    set_by: str
    set_at: str


class ReviewerKey(SQLModel, table=True):
    """A reviewer's public signing key (Ed25519): events by the reviewer from its registration on are signed with it.

    The private key never enters the store (``workbench key init`` keeps it in the reviewer's
    key folder). A reviewer's newest key is the one in force.
    """

    __tablename__ = "reviewer_key"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    reviewer: str = Field(index=True)
    #: The raw 32-byte public key, base64.
    public_key: str
    #: The SHA-256 of the raw key, first 16 hex digits: how people compare keys.
    fingerprint: str = Field(unique=True)
    created_at: str


#: Audited tables by entity name, as used in ``AuditEvent.entity``.
AUDITED: dict[str, type[SQLModel]] = {
    "outlet": Outlet,
    "outlet_alias": OutletAlias,
    "source": Source,
    "claim": Claim,
    "evidence": Evidence,
    "claim_relation": ClaimRelation,
    "source_relation": SourceRelation,
    "story_assignment": StoryAssignment,
    "case": Case,
    "case_source": CaseSource,
    "case_claim": CaseClaim,
    "claim_tag": ClaimTag,
    "setting": Setting,
    "reviewer_key": ReviewerKey,
}


class ClaimFact(SQLModel, table=True):
    """The facts of a claim's text (``workbench.facts``), as JSON: derived data, never audited.

    Kept so that matching does not parse every claim again: a row is current while its
    ``claim_version`` is the claim's ``version`` and its ``rules`` the extractor's version;
    otherwise the matcher works it out again and replaces it.
    """

    __tablename__ = "claim_fact"

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    claim_version: int
    rules: int
    facts: str = Field(sa_type=Text)
    #: What the last match run judged the claim on (``workbench.facts.engine.fingerprint``): a
    #: run judges again only the pairs of claims whose fingerprint changed since.
    matched: str | None = None
    #: The claim's candidate keys (``workbench.facts.pairs.pack``), so that a run finds a new
    #: claim's partners without working out every claim's keys again.
    fact_keys: bytes | None = Field(default=None, sa_type=LargeBinary)
    #: Whether the claim is page furniture by its form (``workbench.facts.boilerplate.by_form``).
    furniture: bool | None = None
    #: The claim's informative words, normalised (``workbench.matching.normalize.block_tokens``),
    #: space-separated: a run finds wording partners without normalising every claim again.
    words: str | None = Field(default=None, sa_type=Text)


class Embedding(SQLModel, table=True):
    """A sentence embedding of a claim, an evidence quote or a passage (``workbench.semantic``).

    Derived data, never audited: made by ``workbench embed`` when the semantic extra is
    installed, and made again when the model (``model``) or the text embedded (``digest``)
    changes. ``vector`` is the unit vector as little-endian float16: 768 bytes for 384 dimensions.
    """

    __tablename__ = "embedding"
    __table_args__ = (
        CheckConstraint(_in("kind", EMBEDDED_KINDS), name="ck_embedding_kind"),
        # how many of a kind have a vector of a model, counted from the index alone: what waits
        # to be embedded is told without reading a million vectors (``workbench.embeddings.backlog``)
        Index("ix_embedding_model_kind", "model", "kind"),
    )

    kind: EmbeddedKind = Field(sa_type=AutoString, primary_key=True)
    item_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    model: str
    #: What was embedded, by hash: a text met again (a quote that is its claim's text, a
    #: headline reprinted) reuses its vector instead of being embedded again.
    digest: str = Field(index=True)
    vector: bytes = Field(sa_type=LargeBinary)


class SourceLanguage(SQLModel, table=True):
    """The language of a source's text as detected at import (``workbench.languages``): derived, never audited."""

    __tablename__ = "source_language"

    source_id: int = Field(foreign_key="source.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    #: ISO 639-1 code ("en", "fr", "ru"), or "und" when the text gives too little to tell.
    language: str = Field(index=True)
    #: The detector's probability for that language, 0–1.
    confidence: float


class Original(SQLModel, table=True):
    """The bytes an import was given (a file as read, a fetched page), kept as they came.

    Content-addressed by SHA-256, so a file imported twice, or a JSONL file of many articles,
    is kept once; immutable like source texts (guarded by triggers). ``Source.raw_sha256`` names
    the original a source's text was extracted from.
    """

    __tablename__ = "original"

    sha256: str = Field(primary_key=True)
    size: int = Field(sa_type=BigInteger)
    #: What the bytes are ("text/html", "text/markdown", "application/json"), as the reader knew it.
    media_type: str
    content: bytes = Field(sa_type=LargeBinary)


class SourceOriginal(SQLModel, table=True):
    """Which original a source was extracted from, and by which extractor and version.

    Kept apart from ``source`` so that the audited row (and every recorded state of it) stays as
    it was; the original's hash is in the audited row already (``raw_sha256``).
    """

    __tablename__ = "source_original"

    source_id: int = Field(foreign_key="source.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    sha256: str = Field(foreign_key="original.sha256", index=True)
    #: The extractor that made the text from the bytes, with its version ("trafilatura 2.0.0").
    extractor: str


class SourcePage(SQLModel, table=True):
    """Where one page of a paged original (a PDF) lies in its source's text: evidence says "p. 3".

    Written at import with the source, never changed (a revision has pages of its own).
    """

    __tablename__ = "source_page"

    source_id: int = Field(foreign_key="source.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    #: The page's number, from 1.
    page: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    #: The page's span of the text, in code points: start inclusive, end exclusive.
    start: int
    end: int


class BoilerplateLine(SQLModel, table=True):
    """A recurring line the last match run found to be furniture (by ``workbench.facts.boilerplate.key``).

    Derived and replaced by every run, never audited: kept so that the reader can mark
    boilerplate without reading every source of the store.
    """

    __tablename__ = "boilerplate_line"

    key: str = Field(primary_key=True)
