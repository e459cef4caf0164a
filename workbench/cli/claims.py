"""Commands for claims: ``claim add|link|set``, ``claims``, ``show claim``."""

from __future__ import annotations

from typing import Annotated

import typer

from store.models import CLAIM_STATUSES, STANCES
from workbench.claims import EvidenceSpec, create_claim, link_evidence, set_claim_status, set_credibility
from workbench.cli.app import JsonFlag, app, claim_app, settings, show_app
from workbench.cli.output import emit, emit_json, table
from workbench.models import ClaimRead
from workbench.queries import get_claim, list_claims
from workbench.spans import Offsets, Quote, SpanRef
from workbench.textsafe import inline, one_line

SourceOption = Annotated[int, typer.Option("--source", help="Id of the source that states it.")]
QuoteOption = Annotated[str | None, typer.Option("--quote", help="The exact words, as the source prints them.")]
OccurrenceOption = Annotated[
    int | None, typer.Option("--occurrence", min=1, help="Which occurrence of the quote, counting from 1.")
]
SpanOption = Annotated[str | None, typer.Option("--span", help="Code-point offsets START:END (end exclusive).")]
StanceOption = Annotated[str, typer.Option("--stance", help=f"How the span bears on the claim: {', '.join(STANCES)}.")]
CredibilityOption = Annotated[
    int | None,
    typer.Option("--credibility", min=1, max=6, help="Admiralty credibility 1 (confirmed) … 6 (cannot be judged)."),
]


def _span(quote: str | None, occurrence: int | None, span: str | None) -> SpanRef:
    """Exactly one of ``--quote`` (with optional ``--occurrence``) or ``--span``."""
    if (quote is None) == (span is None):
        raise typer.BadParameter("give either --quote or --span")
    if span is not None:
        if occurrence is not None:
            raise typer.BadParameter("--occurrence goes with --quote, not --span")
        start, sep, end = span.partition(":")
        if not sep or not start.strip().isdigit() or not end.strip().isdigit():
            raise typer.BadParameter(f"--span must be START:END with whole numbers, not {span!r}")
        return Offsets(int(start), int(end))
    assert quote is not None
    return Quote(quote, occurrence)


def _stance(stance: str) -> str:
    if stance not in STANCES:
        raise typer.BadParameter(f"--stance must be one of {', '.join(STANCES)}, not {stance!r}")
    return stance


@claim_app.command("add")
def claim_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The claim, in your words.")],
    source: SourceOption,
    quote: QuoteOption = None,
    occurrence: OccurrenceOption = None,
    span: SpanOption = None,
    stance: StanceOption = "supports",
    credibility: CredibilityOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record a claim with the span of a source that states it; prints the new claim's id.

    Example: workbench claim add "At least five T-72B3 tanks delivered" --source 1 --quote "at least five T-72B3"
    """
    evidence = EvidenceSpec(source_id=source, span=_span(quote, occurrence, span), stance=_stance(stance))
    s = settings(ctx)
    claim = create_claim(
        store=s.store(), actor=s.reviewer, text=text, evidence=[evidence], credibility=credibility or 6
    )
    if as_json:
        emit_json(claim)
    else:
        typer.echo(claim.id)


@claim_app.command("link")
def claim_link(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="The claim to link evidence to.")],
    source: SourceOption,
    quote: QuoteOption = None,
    occurrence: OccurrenceOption = None,
    span: SpanOption = None,
    stance: StanceOption = "supports",
    as_json: JsonFlag = False,
) -> None:
    """Link another span (in any source) to a claim; prints the new evidence id.

    Example: workbench claim link 1 --source 2 --quote "two helicopters" --occurrence 2
    """
    evidence = EvidenceSpec(source_id=source, span=_span(quote, occurrence, span), stance=_stance(stance))
    s = settings(ctx)
    linked = link_evidence(store=s.store(), actor=s.reviewer, claim_id=claim_id, evidence=evidence)
    if as_json:
        emit_json(linked)
    else:
        typer.echo(linked.id)


@claim_app.command("set")
def claim_set(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="The claim to change.")],
    status: Annotated[str | None, typer.Option("--status", help=f"New status: {', '.join(CLAIM_STATUSES)}.")] = None,
    credibility: CredibilityOption = None,
    note: Annotated[str | None, typer.Option("--note", help="Why: kept in the audit log.")] = None,
) -> None:
    """Set a claim's status and/or credibility (each change is its own audit event).

    Example: workbench claim set 1 --status verified --credibility 2 --note "matches the Cap Mali+ footage"
    """
    if status is None and credibility is None:
        raise typer.BadParameter("give --status and/or --credibility")
    if status is not None and status not in CLAIM_STATUSES:
        raise typer.BadParameter(f"--status must be one of {', '.join(CLAIM_STATUSES)}, not {status!r}")
    s = settings(ctx)
    store = s.store()
    claim = get_claim(store=store, claim_id=claim_id)
    if credibility is not None:
        claim = set_credibility(
            store=store,
            actor=s.reviewer,
            claim_id=claim_id,
            credibility=credibility,
            note=note,
            expected_version=claim.version,
        )
    if status is not None:
        claim = set_claim_status(
            store=store, actor=s.reviewer, claim_id=claim_id, status=status, note=note, expected_version=claim.version
        )
    typer.echo(f"claim {claim.id}: {claim.status}, credibility {claim.credibility}, version {claim.version}")


@app.command("claims")
def claims_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help="Only claims with this status.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List claims with status, credibility and number of evidence links.

    Example: workbench claims --status verified --json
    """
    if status is not None and status not in CLAIM_STATUSES:
        raise typer.BadParameter(f"--status must be one of {', '.join(CLAIM_STATUSES)}, not {status!r}")
    found = list_claims(store=settings(ctx).store(), status=status)
    if as_json:
        emit_json(found)
        return
    table(
        ["ID", "STATUS", "CRED", "EVIDENCE", "TEXT"],
        [[c.id, c.status, c.credibility, len(c.evidence), c.text] for c in found],
    )


def _print_claim(claim: ClaimRead) -> None:
    emit(f"claim {claim.id} · {claim.status} · credibility {claim.credibility} · version {claim.version}")
    emit(f"text:     {one_line(claim.text)}")
    emit(f"created:  {claim.created_at} by {claim.created_by}")
    emit(f"updated:  {claim.updated_at}")
    emit(f"evidence ({len(claim.evidence)}):")
    for ev in claim.evidence:
        context = f"…{inline(ev.prefix)}⟦{inline(ev.exact)}⟧{inline(ev.suffix)}…"
        emit(f"  #{ev.id} source {ev.source_id} · {ev.start}–{ev.end} · {ev.stance}, {ev.anchor_status}")
        emit(f"     {context}")


@show_app.command("claim")
def show_claim(ctx: typer.Context, claim_id: int, as_json: JsonFlag = False) -> None:
    """Show a claim with every piece of evidence, quoted in context.

    Example: workbench show claim 1
    """
    claim = get_claim(store=settings(ctx).store(), claim_id=claim_id)
    if as_json:
        emit_json(claim)
    else:
        _print_claim(claim)
