"""Commands for claims: ``claim add|link|import|set``, ``claims``, ``show claim``.

The core is imported inside each command, not here: ``workbench --help`` loads every command
module and should not pay for the store (see the README, start-up).
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from workbench.cli.app import Exit, app, claim_app, say, settings, show_app
from workbench.cli.options import (
    CaseOption,
    CredibilityOption,
    JsonFlag,
    NoteOption,
    OccurrenceOption,
    PageLimit,
    PageOffset,
    QuoteOption,
    SourceOption,
    SpanOption,
    StanceOption,
    StatusOption,
    id_argument,
)
from workbench.cli.output import count, emit, emit_json, progress_bar, table
from workbench.figures import figure
from workbench.textsafe import inline, one_line

if TYPE_CHECKING:
    from workbench.models import ClaimRead, FactRead
    from workbench.spans import SpanRef

_SPAN = re.compile(r"^\s*([0-9]{1,18})\s*:\s*([0-9]{1,18})\s*$")


def _span(quote: str | None, occurrence: int | None, span: str | None) -> SpanRef:
    """Exactly one of ``--quote`` (with optional ``--occurrence``) or ``--span``."""
    from workbench.spans import Offsets, Quote

    if (quote is None) == (span is None):
        raise typer.BadParameter("give either --quote or --span")
    if span is not None:
        if occurrence is not None:
            raise typer.BadParameter("--occurrence goes with --quote, not --span")
        match = _SPAN.match(span)
        if match is None:
            raise typer.BadParameter(f"--span must be START:END with whole numbers, not {span!r}")
        return Offsets(int(match[1]), int(match[2]))
    assert quote is not None
    return Quote(quote, occurrence)


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

    \b
    Example: workbench claim add "At least five T-72B3 tanks delivered" --source 1 --quote "at least five T-72B3"
    """
    from workbench.claims import EvidenceSpec, create_claim

    evidence = EvidenceSpec(source_id=source, span=_span(quote, occurrence, span), stance=stance)
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
    claim_id: Annotated[int, id_argument("The claim to link evidence to.")],
    source: SourceOption,
    quote: QuoteOption = None,
    occurrence: OccurrenceOption = None,
    span: SpanOption = None,
    stance: StanceOption = "supports",
    as_json: JsonFlag = False,
) -> None:
    """Link another span (in any source) to a claim; prints the new evidence id.

    \b
    Example: workbench claim link 1 --source 2 --quote "two helicopters" --occurrence 2
    """
    from workbench.claims import EvidenceSpec, link_evidence

    evidence = EvidenceSpec(source_id=source, span=_span(quote, occurrence, span), stance=stance)
    s = settings(ctx)
    linked = link_evidence(store=s.store(), actor=s.reviewer, claim_id=claim_id, evidence=evidence)
    if as_json:
        emit_json(linked)
    else:
        typer.echo(linked.id)


@claim_app.command("import")
def claim_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A .csv or .jsonl file of claims.", dir_okay=False)],
    as_json: JsonFlag = False,
) -> None:
    """Create claims in bulk from a CSV or JSON Lines file; prints the new claims' ids.

    Columns: text (required), source (an id, URL or title), quote, occurrence, stance,
    credibility, status. A row that cannot go in (say, its quote is not in the source) is
    reported with its line and left out; the rest go in. Exits 1 if any row was left out.

    \b
    Example: workbench claim import claims.csv
    """
    from workbench.claim_import import import_claims

    s = settings(ctx)
    with ExitStack() as stack:
        bar: list[Any] = []  # (progress, task) once the number of rows is known

        def progress(done: int, total: int) -> None:
            if not bar:
                shown = stack.enter_context(progress_bar(total, "checking rows"))
                bar.extend([shown, shown.add_task("check", total=total) if shown else None])
            if bar[0]:
                bar[0].update(bar[1], completed=done)

        report = import_claims(store=s.store(), actor=s.reviewer, path=path, progress=progress)
    for where, problem in report.rejected:
        say(f"error: {where}: {problem}")
    if as_json:
        emit_json({"created": report.created, "rejected": [{"at": w, "error": p} for w, p in report.rejected]})
    else:
        for claim_id in report.created:
            typer.echo(claim_id)
    say(f"imported {count(len(report.created), 'claim')}; {count(len(report.rejected), 'row')} left out")
    if report.rejected:
        raise typer.Exit(Exit.refused)


@claim_app.command("set")
def claim_set(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to change.")],
    status: StatusOption = None,
    credibility: CredibilityOption = None,
    note: NoteOption = None,
) -> None:
    """Set a claim's status and/or credibility: one change, one audit event, or nothing if refused.

    \b
    Example: workbench claim set 1 --status verified --credibility 2 --note "matches the Cap Mali+ footage"
    """
    from workbench.claims import update_claim

    if status is None and credibility is None:
        raise typer.BadParameter("give --status and/or --credibility")
    s = settings(ctx)
    claim = update_claim(
        store=s.store(),
        actor=s.reviewer,
        claim_id=claim_id,
        status=status,
        credibility=credibility,
        note=note,
    )
    typer.echo(f"claim {claim.id}: {claim.status}, credibility {claim.credibility}, version {claim.version}")


@claim_app.command("edit")
def claim_edit(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to correct.")],
    text: Annotated[str, typer.Option("--text", help="The claim's corrected wording.", show_default=False)],
    note: NoteOption = None,
) -> None:
    """Correct a claim's wording; the old wording stays in the audit trail and the dossier.

    Its evidence, status and relations stay as they are.

    \b
    Example: workbench claim edit 1 --text "At least five T-72B3 tanks were delivered to Mali" --note "typo"
    """
    from workbench.claims import edit_claim

    s = settings(ctx)
    claim = edit_claim(store=s.store(), actor=s.reviewer, claim_id=claim_id, text=text, note=note)
    typer.echo(f"claim {claim.id}: version {claim.version}")


@app.command("claims")
def claims_(
    ctx: typer.Context,
    status: StatusOption = None,
    case: CaseOption = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only claims with this tag.")] = None,
    assigned: Annotated[str | None, typer.Option("--assigned", help="Only claims assigned to this reviewer.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only claims assigned to you (your queue).")] = False,
    limit: PageLimit = None,
    offset: PageOffset = 0,
    as_json: JsonFlag = False,
) -> None:
    """List claims with status, credibility and number of evidence links.

    Claims merged into another are left out (`show claim ID` still shows them). --limit and
    --offset list one page, oldest first: as fast in a store of a million claims as in a small one.

    \b
    Example: workbench claims --status verified --json
    \b
    Example: workbench claims --case "Mali deliveries" --mine
    """
    from workbench import read

    s = settings(ctx)
    if mine and assigned is not None:
        raise typer.BadParameter("give --mine or --assigned, not both")
    who = s.reviewer if mine else assigned
    found = s.read(read.claims, status=status, case=case, tag=tag, assigned=who, offset=offset, limit=limit)
    if as_json:
        emit_json(found)
        return
    table(
        ["ID", "STATUS", "CRED", "SUGGESTED", "INDEPENDENT", "EVIDENCE", "TEXT"],
        [
            [
                c.id,
                c.status,
                c.credibility,
                f"{c.suggested_credibility}{' !' if c.contradicted else ''}",
                c.independent_sources,
                sum(e.current and e.retracted_at is None for e in c.evidence),
                c.text,
            ]
            for c in found
        ],
    )


def _fact_line(fact: FactRead) -> str:
    """A figure as matching reads it: "2 combat helicopters · count of helicopter · deliver"."""
    said = [fact.value, f"{fact.kind} of {fact.counted}" if fact.counted else fact.kind]
    said += [w for w in (fact.event, fact.severity) if w]
    said += [w for w, on in (("running total", fact.total), ("part of a whole", fact.part)) if on]
    return " · ".join(said)


def _print_claim(claim: ClaimRead, facts: list[FactRead]) -> None:
    emit(f"claim {claim.id} · {claim.status} · credibility {claim.credibility} · version {claim.version}")
    emit(f"text:     {one_line(claim.text)}")
    for i, fact in enumerate(facts):
        emit(f"{'facts:' if i == 0 else '':<10}{one_line(fact.text)} → {one_line(_fact_line(fact))}")
    emit(f"created:  {claim.created_at} by {one_line(claim.created_by)}")
    emit(
        f"updated:  {claim.updated_at}"
        + (f" (wording or evidence by {one_line(claim.edited_by)})" if claim.edited_by else "")
    )
    if claim.approved_by:
        emit(f"approved: {claim.approved_at} by {one_line(claim.approved_by)}")
    if claim.merged_into:
        emit(f"merged:   into claim {claim.merged_into} (its evidence and decisions are there)")
    if claim.assigned_to:
        emit(f"assigned: {one_line(claim.assigned_to)}")
    if claim.tags:
        emit(f"tags:     {one_line(', '.join(claim.tags))}")
    outlets = f" ({one_line(', '.join(claim.outlets))})" if claim.outlets else ""
    emit(f"sources:  {claim.independent_sources} independent{outlets}")
    emit(f"suggested credibility: {claim.suggested_credibility} ({claim.credibility_rule})")
    if claim.contradicted:
        emit("contradicted: an open contradiction (see `workbench contradictions`)")
    if claim.duplicates:
        emit(f"same claim as: {', '.join(map(str, claim.duplicates))}")
    counted = sum(e.current and e.retracted_at is None for e in claim.evidence)
    emit(f"evidence ({counted} current, {len(claim.evidence)} in all):")
    for ev in claim.evidence:
        context = f"…{inline(ev.prefix)}⟦{inline(ev.exact)}⟧{inline(ev.suffix)}…"
        where = "no longer in the text" if ev.start is None else f"{ev.start}–{ev.end}"
        where += "" if ev.page is None else f" (p. {ev.page})"
        old = "" if ev.current else " · superseded by a newer revision"
        if ev.retracted_at is not None:
            old += f" · RETRACTED by {one_line(ev.retracted_by or '')}: {one_line(ev.retraction_note or '')}"
        emit(f"  #{ev.id} source {ev.source_id} · {where} · {ev.stance}, {ev.anchor_status}{old}")
        emit(f"     {context}")


@show_app.command("claim")
def show_claim(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to show.")],
    as_json: JsonFlag = False,
) -> None:
    """Show a claim with every piece of evidence, quoted in context.

    \b
    Example: workbench show claim 1
    """
    from workbench import read

    claim = settings(ctx).read(read.claim, claim_id)
    stored = settings(ctx).read(read.stored_fact_reads, claim_id, claim.version)  # as `match` read them
    facts = read.fact_reads(claim.text) if stored is None else stored
    if as_json:
        emit_json({**claim.model_dump(mode="json"), "facts": [f.model_dump(mode="json") for f in facts]})
    else:
        _print_claim(claim, facts)


@claim_app.command("sources")
def claim_sources_(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to look for.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Most sentences.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Sentences in other sources that state or dispute a claim, best first, each with a suggested stance.

    "Other": sources the claim has no evidence in yet. With the semantic extra (after `workbench
    embed`), sentences close in meaning are found too, in French and Russian as in English; the
    figures still decide the stance. Link one with:
    workbench claim link CLAIM --source SOURCE --span START:END --stance STANCE

    \b
    Example: workbench claim sources 1 --json
    """
    from workbench.cli.semantic import say_unembedded
    from workbench.suggest import claim_sources

    say_unembedded(settings(ctx).store())
    found = claim_sources(store=settings(ctx).store(), claim_id=claim_id, limit=limit)
    say(f"{count(len(found), 'sentence')} in other sources for claim {claim_id}")
    if as_json:
        emit_json(found)
        return
    table(
        ["SOURCE", "OUTLET", "SPAN", "STANCE", "SCORE", "SENTENCE"],
        [[f.source_id, f.outlet, f"{f.start}:{f.end}", f.stance, figure(f.score), f.text] for f in found],
        flex=5,
    )
