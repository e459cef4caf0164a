"""Option and argument types shared by several commands, written once."""

from __future__ import annotations

from typing import Annotated

import typer

from store.vocabulary import ClaimStatus, Stance

#: Largest id SQLite (and PostgreSQL's bigint) can hold; larger numbers are usage errors.
MAX_ID = 2**63 - 1

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
SourceOption = Annotated[int, typer.Option("--source", min=1, max=MAX_ID, help="Id of the source that states it.")]
QuoteOption = Annotated[str | None, typer.Option("--quote", help="The exact words, as the source prints them.")]
OccurrenceOption = Annotated[
    int | None, typer.Option("--occurrence", min=1, max=MAX_ID, help="Which occurrence of the quote, counting from 1.")
]
SpanOption = Annotated[str | None, typer.Option("--span", help="Code-point offsets START:END (end exclusive).")]
StanceOption = Annotated[Stance, typer.Option("--stance", help="How the span bears on the claim.")]
StatusOption = Annotated[ClaimStatus | None, typer.Option("--status", help="Claim status.")]
CredibilityOption = Annotated[
    int | None,
    typer.Option("--credibility", min=1, max=6, help="Admiralty credibility 1 (confirmed) … 6 (cannot be judged)."),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why: kept in the audit log.")]
CaseOption = Annotated[str | None, typer.Option("--case", help="Only what the case of this name holds (see `cases`).")]


def id_argument(help_text: str) -> typer.models.ArgumentInfo:
    """A positional id: a whole number from 1 up to ``MAX_ID``."""
    return typer.Argument(min=1, max=MAX_ID, help=help_text)  # type: ignore[no-any-return]


#: A page of a long listing: how many, and how many to skip (every page costs the same).
PageLimit = Annotated[int | None, typer.Option("--limit", min=1, help="Most to list (a page); all by default.")]
PageOffset = Annotated[int, typer.Option("--offset", min=0, help="How many to skip first (the page's start).")]
