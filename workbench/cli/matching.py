"""Commands for cross-outlet matching: ``match``, ``match decide``, ``match list``, ``suggest``, ``syndication``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated

import typer

from store.vocabulary import RELATION_STATUSES, DuplicateDecision, RelationStatus
from workbench.checks import one_of
from workbench.cli.app import Settings, app, match_app, say, settings
from workbench.cli.options import JsonFlag, NoteOption, id_argument
from workbench.cli.output import count, emit, emit_json, table
from workbench.errors import InvalidInput
from workbench.figures import figure
from workbench.matching import DEFAULT_THRESHOLD
from workbench.textsafe import one_line

if TYPE_CHECKING:
    from workbench.models import RelationRead


#: Suggestions a run prints by default: a first run on a large store stores tens of thousands,
#: which belong in the review queues, not in a terminal.
SHOWN = 50

ThresholdOption = Annotated[
    float,
    typer.Option(
        "--threshold",
        min=0,
        max=100,
        help="Lowest wording score (0–100) for claims without figures; higher is stricter.",
    ),
]


def _print_pairs(s: Settings, relations: list[RelationRead]) -> None:
    """Each pair as a heading line and both claims' texts, so that it can be judged at a glance."""
    from workbench import read

    texts = s.read(read.claim_texts, {i for r in relations for i in (r.a, r.b)})
    for r in relations:
        score = figure(r.score, missing="–")
        kind = f"{r.kind} ({r.aspect})" if r.aspect else r.kind
        emit(f"{r.a} ~ {r.b}  {kind} · {r.status} · score {score} · {one_line(r.reason or r.note or '')}")
        for claim_id in (r.a, r.b):
            emit(f"    {claim_id}: {one_line(texts.get(claim_id, ''), 110)}")


@match_app.callback()
def match_(
    ctx: typer.Context,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    across_stories: Annotated[
        bool, typer.Option("--across-stories", help="Compare claims of different stories too (default: within one).")
    ] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Judge every pair again, not only pairs holding a changed claim.")
    ] = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=0,
            help="Show at most this many suggestions (0: all); every one is stored, and --json lists all.",
        ),
    ] = SHOWN,
    case: Annotated[
        str | None,
        typer.Option("--case", help="List only suggestions between claims of this case (the run covers the store)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Find likely duplicate and contradicting claims across the store; store them as suggestions.

    Claims are compared by their facts: each figure with what it counts, the event it belongs
    to and the names around it. "At least five T-72B3" and "5 T-72B3 tanks" agree; "27 people
    injured" and "25 people injured" contradict; "seven killed" and "40 injured" are two facts.
    Captions, credits and other recurring lines are left out; claims are compared within one
    story unless --across-stories. Claims without figures are compared by wording (--threshold).
    Pairs a reviewer decided are never touched; suggestions the run no longer finds are withdrawn.
    A run judges again only pairs holding a claim new or changed since the last run (--full: all).

    \b
    Example: workbench match --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from workbench.cli.semantic import say_unembedded
    from workbench.relations import run_match

    s = settings(ctx)
    held = None
    if case is not None:  # named first: a case that does not exist refuses before any work
        from workbench.cases import members

        held = s.read(members, case).claims
    say_unembedded(s.store())
    report = run_match(store=s.store(), actor=s.reviewer, threshold=threshold, across_stories=across_stories, full=full)
    if held is not None:
        # the run stays store-wide (it is incremental, and the queue is one); the list is the case's
        report = dataclasses.replace(report, suggestions=[r for r in report.suggestions if r.a in held and r.b in held])
    say(
        f"matched {count(report.claims, 'claim')} in {report.seconds:.1f} s: "
        f"{count(len(report.suggestions), 'suggestion')} ({report.new:,} new, {report.updated:,} updated), "
        f"{report.withdrawn:,} withdrawn, {count(report.kept_decisions, 'pair')} already decided; "
        + ("every pair judged" if report.changed is None else f"{report.changed:,} new or changed since the last run")
    )
    if as_json:
        emit_json(list(report.suggestions))
        return
    shown = list(report.suggestions) if not limit else list(report.suggestions[:limit])
    _print_pairs(s, shown)
    if len(shown) < len(report.suggestions):
        say(
            f"… and {len(report.suggestions) - len(shown):,} more, all stored: review them with `workbench review`, "
            "`workbench contradictions` or `workbench match list`; --limit 0 prints every one"
        )


@match_app.command("decide")
def match_decide(
    ctx: typer.Context,
    a: Annotated[int, id_argument("One claim.")],
    b: Annotated[int, id_argument("The other claim.")],
    decision: Annotated[DuplicateDecision, typer.Argument(help="duplicate (the same claim) or distinct.")],
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record whether two claims are the same claim; duplicates group transitively.

    \b
    Example: workbench match decide 3 12 duplicate --note "same delivery, AFP and Reuters wording"
    """
    from workbench.relations import decide_duplicate

    s = settings(ctx)
    relation = decide_duplicate(store=s.store(), actor=s.reviewer, a=a, b=b, decision=decision, note=note)
    if as_json:
        emit_json(relation)
    else:
        emit(f"claims {relation.a} and {relation.b}: {decision} ({relation.status})")


@match_app.command("list")
def match_list(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help=f"Only these statuses (repeatable): {', '.join(RELATION_STATUSES)}."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List stored duplicate relations (default: suggestions awaiting a decision).

    \b
    Example: workbench match list --status confirmed
    """
    from workbench import read

    s = settings(ctx)
    try:
        wanted: list[RelationStatus] = [one_of(x, RELATION_STATUSES, "--status") for x in status or ["suggested"]]
    except InvalidInput as e:
        raise typer.BadParameter(str(e)) from e
    found = s.read(read.relations, kind="duplicate", statuses=wanted)
    if as_json:
        emit_json(found)
    else:
        _print_pairs(s, found)


LimitOption = Annotated[int, typer.Option("--limit", min=1, max=1000, help="Most suggestions.")]


@app.command("suggest")
def suggest_(
    ctx: typer.Context,
    source_id: Annotated[int, id_argument("The source to read.")],
    limit: LimitOption = 20,
    as_json: JsonFlag = False,
) -> None:
    """Claims on file that a source states (or disputes), best first, each with the span that does.

    Each paragraph is looked up in the index of claims (their text and their evidence's wording),
    and with the semantic extra (after `workbench embed`) among the claims nearest in meaning, in
    any wording or language; the value rules then say whether the span supports, refutes or only
    mentions the claim: a similarity never does.
    Link one with: workbench claim link CLAIM --source SOURCE --span START:END

    \b
    Example: workbench suggest 3 --json
    """
    from workbench.cli.semantic import say_unembedded
    from workbench.suggest import suggest_evidence

    say_unembedded(settings(ctx).store())
    found = suggest_evidence(store=settings(ctx).store(), source_id=source_id, limit=limit)
    say(f"{count(len(found), 'suggestion')} in source {source_id}")
    if as_json:
        emit_json(found)
        return
    table(
        ["CLAIM", "SPAN", "STANCE", "SCORE", "SENTENCE"],
        [[f.claim_id, f"{f.start}:{f.end}", f.stance, figure(f.score), f.text] for f in found],
        flex=4,
    )


@app.command("syndication")
def syndication_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Find reprints of one wire story across sources; the earliest published is the original.

    Reprints count once when claims are graded (see `workbench claims --json`).

    \b
    Example: workbench syndication --json
    """
    from workbench.syndication import run_syndication

    s = settings(ctx)
    found = run_syndication(store=s.store(), actor=s.reviewer)
    say(f"{count(len(found), 'reprint')} on file")
    if as_json:
        emit_json(found)
        return
    table(
        ["ORIGINAL", "OUTLET", "REPRINT", "OUTLET", "SHARED", "TITLE"],
        [
            [f.original, f.original_outlet, f.reprint, f.reprint_outlet, f"{figure(f.score)}%", f.original_title]
            for f in found
        ],
    )
