"""The workbench's vocabulary, declared once: every status, stance, kind and grade as a ``Literal`` type.

The store's CHECK constraints, the table and read models, the CLI's choices, the exports, the
reports and the workbench's screens all take their words from here. Being ``Literal`` types,
mypy (strict equality) refuses a comparison with a word that is not one of them
(``status == "verfied"``), and pydantic refuses such a value where a model is built.

Each type comes with the tuple of its words, in the order people expect to see them.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

#: Where a claim is in review.
ClaimStatus = Literal["draft", "in_review", "verified", "disputed", "rejected"]
CLAIM_STATUSES: Final[tuple[ClaimStatus, ...]] = get_args(ClaimStatus)

#: How a span bears on a claim.
Stance = Literal["supports", "refutes", "mentions"]
STANCES: Final[tuple[Stance, ...]] = get_args(Stance)

#: Whether an evidence span is where it was placed, was found again in a revision, or is lost.
AnchorStatus = Literal["anchored", "reanchored", "orphaned"]
ANCHOR_STATUSES: Final[tuple[AnchorStatus, ...]] = get_args(AnchorStatus)

#: How an evidence span was last placed.
AnchorMethod = Literal["manual", "position", "exact", "fuzzy", "orphaned"]
ANCHOR_METHODS: Final[tuple[AnchorMethod, ...]] = get_args(AnchorMethod)

#: What links two claims.
RelationKind = Literal["duplicate", "contradiction", "refines"]
RELATION_KINDS: Final[tuple[RelationKind, ...]] = get_args(RelationKind)

#: Where a claim relation stands: suggested by the matcher, or decided by a reviewer.
RelationStatus = Literal["suggested", "confirmed", "dismissed", "resolved"]
RELATION_STATUSES: Final[tuple[RelationStatus, ...]] = get_args(RelationStatus)
#: The statuses that record a reviewer's decision: a run of the matcher never touches them.
DECIDED: Final[frozenset[RelationStatus]] = frozenset({"confirmed", "dismissed", "resolved"})

#: A reviewer's answer to "are these the same claim?".
DuplicateDecision = Literal["duplicate", "distinct"]
DUPLICATE_DECISIONS: Final[tuple[DuplicateDecision, ...]] = get_args(DuplicateDecision)

#: What two contradicting claims disagree on.
Aspect = Literal["quantity", "date", "entity", "other"]
ASPECTS: Final[tuple[Aspect, ...]] = get_args(Aspect)

#: Which side of a resolved contradiction the evidence bears out.
Winner = Literal["a", "b", "neither"]
WINNERS: Final[tuple[Winner, ...]] = get_args(Winner)

#: What links two sources: the same wire copy, or a newer version of one article.
SourceRelationKind = Literal["syndicated", "revision"]
SOURCE_RELATION_KINDS: Final[tuple[SourceRelationKind, ...]] = get_args(SourceRelationKind)

#: How a source's text was obtained.
SourceFormat = Literal["txt", "md", "html", "news-please", "pdf", "warc", "docx"]
SOURCE_FORMATS: Final[tuple[SourceFormat, ...]] = get_args(SourceFormat)

#: What importing a document did.
ImportStatus = Literal["imported", "unchanged", "revision"]

#: Admiralty source reliability: A completely reliable … E unreliable, F cannot be judged.
Reliability = Literal["A", "B", "C", "D", "E", "F"]
RELIABILITY_GRADES: Final[tuple[Reliability, ...]] = get_args(Reliability)
#: The Admiralty scale's words for each reliability grade.
RELIABILITY_WORDS: Final[dict[Reliability, str]] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "cannot be judged",
}

#: Admiralty information credibility: 1 confirmed … 5 improbable, 6 cannot be judged.
Credibility = Literal[1, 2, 3, 4, 5, 6]
CREDIBILITIES: Final[tuple[Credibility, ...]] = get_args(Credibility)
#: The Admiralty scale's words for each credibility.
CREDIBILITY_WORDS: Final[dict[Credibility, str]] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}

#: What ``workbench export`` writes.
ExportFormat = Literal["json", "jsonl", "csv", "claimreview", "annotations", "bundle"]
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = get_args(ExportFormat)

#: What a report is written as.
ReportFormat = Literal["md", "html"]
REPORT_FORMATS: Final[tuple[ReportFormat, ...]] = get_args(ReportFormat)

#: What ``workbench candidates`` and the reader mark in a text, in the order they are listed.
CandidateKind = Literal["sentence", "quantity", "date", "item", "attribution"]
CANDIDATE_KINDS: Final[tuple[CandidateKind, ...]] = get_args(CandidateKind)

#: Where a passage of the retrieval index lies: a source's title, or a sentence of its text.
PassageField = Literal["title", "text"]
PASSAGE_FIELDS: Final[tuple[PassageField, ...]] = get_args(PassageField)

#: What an embedding describes: a claim's text, an evidence link's quote, a passage of the index.
EmbeddedKind = Literal["claim", "evidence", "passage"]
EMBEDDED_KINDS: Final[tuple[EmbeddedKind, ...]] = get_args(EmbeddedKind)

#: What a fact states: a count of things, a measurement, an amount of money, a share, a person's
#: or thing's age, a rank, a length of time, a year, a date or a clock time.
FactKind = Literal["count", "measure", "money", "percent", "age", "ordinal", "duration", "year", "date", "time"]
FACT_KINDS: Final[tuple[FactKind, ...]] = get_args(FactKind)

#: How two reports of one fact disagree: incompatible figures; different lower bounds ("at least
#: 50" / "at least 59"); a later report updating a figure that grows (a toll); figures that
#: disagree once converted to one unit or time zone.
ConflictType = Literal["hard", "soft", "revised", "unit"]
CONFLICT_TYPES: Final[tuple[ConflictType, ...]] = get_args(ConflictType)
