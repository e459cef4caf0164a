"""Commands for cross-outlet matching: ``match``, ``match decide``, ``match list``, ``suggest``, ``syndication``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from store import Store
from workbench.cli.app import app, match_app, say, settings
from workbench.cli.options import JsonFlag, NoteOption, id_argument
from workbench.cli.output import count, emit, emit_json, table
from workbench.matching import DEFAULT_THRESHOLD
from workbench.models import RelationRead
from workbench.queries import claim_texts
from workbench.relations import decide_duplicate, list_relations, run_match
from workbench.suggest import suggest_evidence
from workbench.syndication import run_syndication
from workbench.textsafe import one_line


class Decision(StrEnum):
    """A reviewer's answer to "are these the same claim?"."""

    duplicate = "duplicate"
    distinct = "distinct"


class Status(StrEnum):
    """Where a suggested relation stands (see ``store.models.CLAIM_RELATION_STATUSES``)."""

    suggested = "suggested"
    confirmed = "confirmed"
    dismissed = "dismissed"
    resolved = "resolved"


ThresholdOption = Annotated[
    float,
    typer.Option("--threshold", min=0, max=100, help="Lowest text score (0–100) to suggest; higher is stricter."),
]


def _print_pairs(store: Store, relations: list[RelationRead]) -> None:
    """Each pair as a heading line and both claims' texts, so that it can be judged at a glance."""
    texts = claim_texts(store=store, ids={i for r in relations for i in (r.a, r.b)})
    for r in relations:
        score = "–" if r.score is None else f"{r.score:g}"
        kind = f"{r.kind} ({r.aspect})" if r.aspect else r.kind
        emit(f"{r.a} ~ {r.b}  {kind} · {r.status} · score {score} · {one_line(r.reason or r.note or '')}")
        for claim_id in (r.a, r.b):
            emit(f"    {claim_id}: {one_line(texts.get(claim_id, ''), 110)}")


@match_app.callback()
def match_(
    ctx: typer.Context,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    as_json: JsonFlag = False,
) -> None:
    """Find likely duplicate and contradicting claims across the store; store them as suggestions.

    Numbers are compared as values: "at least five T-72B3" and "5 T-72B3 tanks" are a
    duplicate, "two helicopters" and "four helicopters" a contradiction. Pairs a reviewer
    decided are never touched; suggestions the run no longer finds are withdrawn.

    Example: workbench match --threshold 85 --json
    """
    if ctx.invoked_subcommand is not None:
        return
    s = settings(ctx)
    store = s.store()
    report = run_match(store=store, actor=s.reviewer, threshold=threshold)
    say(
        f"matched {count(report.claims, 'claim')} in {report.seconds:.1f} s: "
        f"{count(len(report.suggestions), 'suggestion')} ({report.new:,} new, {report.updated:,} updated), "
        f"{report.withdrawn:,} withdrawn, {count(report.kept_decisions, 'pair')} already decided"
    )
    if as_json:
        emit_json(report.suggestions)
    else:
        _print_pairs(store, report.suggestions)


@match_app.command("decide")
def match_decide(
    ctx: typer.Context,
    a: Annotated[int, id_argument("One claim.")],
    b: Annotated[int, id_argument("The other claim.")],
    decision: Annotated[Decision, typer.Argument(help="duplicate (the same claim) or distinct.")],
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record whether two claims are the same claim; duplicates group transitively.

    Example: workbench match decide 3 12 duplicate --note "same delivery, AFP and Reuters wording"
    """
    s = settings(ctx)
    relation = decide_duplicate(store=s.store(), actor=s.reviewer, a=a, b=b, decision=decision.value, note=note)
    if as_json:
        emit_json(relation)
    else:
        emit(f"claims {relation.a} and {relation.b}: {decision.value} ({relation.status})")


@match_app.command("list")
def match_list(
    ctx: typer.Context,
    status: Annotated[list[Status] | None, typer.Option("--status", help="Only these statuses (repeatable).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List stored duplicate relations (default: suggestions awaiting a decision).

    Example: workbench match list --status confirmed
    """
    store = settings(ctx).store()
    wanted = [s.value for s in status] if status else ["suggested"]
    found = list_relations(store=store, kind="duplicate", statuses=wanted)
    if as_json:
        emit_json(found)
    else:
        _print_pairs(store, found)


@app.command("suggest")
def suggest_(
    ctx: typer.Context,
    source_id: Annotated[int, id_argument("The source to read.")],
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    as_json: JsonFlag = False,
) -> None:
    """Sentences in a source that state (or dispute) claims already on file.

    Link one with: workbench claim link CLAIM --source SOURCE --span START:END

    Example: workbench suggest 3 --json
    """
    found = suggest_evidence(store=settings(ctx).store(), source_id=source_id, threshold=threshold)
    say(f"{count(len(found), 'suggestion')} in source {source_id}")
    if as_json:
        emit_json(found)
        return
    table(
        ["CLAIM", "SPAN", "STANCE", "SCORE", "SENTENCE"],
        [[f.claim_id, f"{f.start}:{f.end}", f.stance, f"{f.score:g}", f.text] for f in found],
    )


@app.command("syndication")
def syndication_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Find reprints of one wire story across sources; the earliest published is the original.

    Reprints count once when claims are graded (see `workbench claims --json`).

    Example: workbench syndication --json
    """
    s = settings(ctx)
    found = run_syndication(store=s.store(), actor=s.reviewer)
    say(f"{count(len(found), 'reprint')} on file")
    if as_json:
        emit_json(found)
        return
    table(
        ["ORIGINAL", "OUTLET", "REPRINT", "OUTLET", "SHARED", "TITLE"],
        [
            [f.original, f.original_outlet, f.reprint, f.reprint_outlet, f"{f.score:g}%", f.original_title]
            for f in found
        ],
    )
