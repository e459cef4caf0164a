"""Commands for contradictions: ``contradictions``, ``contradiction add|resolve|dismiss``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from store.vocabulary import Aspect, Winner
from workbench.cli.app import app, contradiction_app, settings
from workbench.cli.options import JsonFlag, NoteOption, PageLimit, PageOffset, id_argument
from workbench.cli.output import emit, emit_json
from workbench.figures import figure
from workbench.textsafe import inline, one_line

if TYPE_CHECKING:
    from workbench.models import PairRead, PairSide, RelationRead


def _print_side(label: str, side: PairSide) -> None:
    value = f" — {one_line(side.value)}" if side.value else ""
    emit(f"  {label} claim {side.claim_id}{value}: {one_line(side.text, 100)}")
    for span in side.spans:
        where = "orphaned" if span.start is None else f"{span.start}:{span.end}"
        outlet = span.outlet or "unknown outlet"
        emit(f"      source {span.source_id} ({one_line(outlet, 30)}) {where} {span.stance}: ⟦{inline(span.exact)}⟧")


def _print(found: list[PairRead]) -> None:
    for c in found:
        score = "" if c.score is None else f" · score {figure(c.score)}"
        emit(f"#{c.id} {c.aspect or 'unspecified'} · {c.status}{score} · {one_line(c.reason or c.note or '', 80)}")
        _print_side("A", c.side_a)
        _print_side("B", c.side_b)
        if c.winner:
            emit(f"  resolved: {c.winner} · {one_line(c.note or '')}")


@app.command("contradictions")
def contradictions_(
    ctx: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help="Resolved and dismissed ones too.")] = False,
    limit: PageLimit = None,
    offset: PageOffset = 0,
    as_json: JsonFlag = False,
) -> None:
    """List suggested and confirmed contradictions with both sides' values and spans.

    Run `workbench match` first to find suggestions. --limit and --offset list one page.

    \b
    Example: workbench contradictions --json
    """
    from workbench import read

    found = settings(ctx).read(read.contradictions, everything=everything, offset=offset, limit=limit)
    if as_json:
        emit_json(found)
    else:
        _print(found)


def _done(relation: RelationRead, as_json: bool) -> None:
    if as_json:
        emit_json(relation)
    else:
        emit(f"contradiction {relation.id} (claims {relation.a}, {relation.b}): {relation.status}")


@contradiction_app.command("add")
def contradiction_add(
    ctx: typer.Context,
    a: Annotated[int, id_argument("One claim.")],
    b: Annotated[int, id_argument("The claim it contradicts.")],
    kind: Annotated[
        Aspect | None, typer.Option("--kind", help="What they disagree on (default: as suggested, else other).")
    ] = None,
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record that two claims contradict each other (confirms a suggestion, if there is one).

    \b
    Example: workbench contradiction add 4 9 --kind quantity --note "AFP says two, Reuters four"
    """
    from workbench.relations import add_contradiction

    s = settings(ctx)
    _done(add_contradiction(store=s.store(), actor=s.reviewer, a=a, b=b, aspect=kind, note=note), as_json)


@contradiction_app.command("resolve")
def contradiction_resolve(
    ctx: typer.Context,
    relation_id: Annotated[int, id_argument("The contradiction (its # in `workbench contradictions`).")],
    note: Annotated[str, typer.Option("--note", help="Why: what settled it. Kept in the audit log.")],
    winner: Annotated[
        Winner | None,
        typer.Option("--winner", case_sensitive=False, help="Which claim the evidence bears out: A, B or neither."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Close a contradiction with what settled it, and which side it bears out.

    \b
    Example: workbench contradiction resolve 2 --winner A --note "MoD photos show two airframes"
    """
    from workbench.relations import resolve_contradiction

    s = settings(ctx)
    relation = resolve_contradiction(
        store=s.store(), actor=s.reviewer, relation_id=relation_id, note=note, winner=winner
    )
    _done(relation, as_json)


@contradiction_app.command("dismiss")
def contradiction_dismiss(
    ctx: typer.Context,
    relation_id: Annotated[int, id_argument("The contradiction (its # in `workbench contradictions`).")],
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record that a suggested or recorded contradiction is not one.

    \b
    Example: workbench contradiction dismiss 5 --note "different deliveries, months apart"
    """
    from workbench.relations import dismiss_contradiction

    s = settings(ctx)
    _done(dismiss_contradiction(store=s.store(), actor=s.reviewer, relation_id=relation_id, note=note), as_json)
