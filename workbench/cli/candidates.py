"""Command for claim candidates: ``candidates``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from store.vocabulary import CANDIDATE_KINDS as KINDS
from workbench.cli.app import app, settings
from workbench.cli.options import JsonFlag, id_argument
from workbench.cli.output import emit_json, table
from workbench.figures import figure


def _number(value: float | None) -> str:
    return figure(value, missing="∞")


def _details(c: dict[str, Any]) -> str:
    """What was recognised in a candidate, in a few words."""
    kind = c["kind"]
    if kind == "quantity":
        if c["qualifier"] == "range":
            amount = f"{_number(c['low'])}–{_number(c['high'])}"
        else:
            amount = f"{c['qualifier'].replace('_', ' ')} {_number(c['value'])}"
        what = c["unit"] or (f"of {c['item']}" if c["item"] else "")
        return f"{amount} {what}".strip()
    if kind == "date":
        if not c["resolved"]:
            return f"{c['granularity']}, unresolved (needs the publication date)"
        span = c["start_date"] if c["start_date"] == c["end_date"] else f"{c['start_date']} – {c['end_date']}"
        return f"{span} ({c['granularity']}{', relative' if c['relative'] else ''})"
    if kind == "item":
        return str(c["normalized"])
    if kind == "attribution":
        return f"who: {c['who']}" + (f" → {c['to']}" if c["to"] else "")
    return ""


@app.command("candidates")
def candidates_(
    ctx: typer.Context,
    source_id: Annotated[int, id_argument("The source to look through.")],
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=f"Only these kinds (repeatable): {', '.join(KINDS)}."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Suggest claims in a source: sentences, quantities, dates, equipment and attributions.

    Quantities are normalised ("at least five" = at least 5, "half a dozen" = about 6) and
    relative dates resolved against the source's publication date when it is known.

    \b
    Example: workbench candidates 1 --kind quantity --kind item
    """
    for name in kind or []:
        if name not in KINDS:
            raise typer.BadParameter(f"--kind must be one of {', '.join(KINDS)}, not {name!r}")
    from workbench.candidates import source_candidates

    found = source_candidates(store=settings(ctx).store(), source_id=source_id, kinds=kind or None)
    if as_json:
        emit_json(found)
        return
    table(
        ["KIND", "SPAN", "TEXT", "RECOGNISED"],
        [[c["kind"], f"{c['start']}–{c['end']}", c["text"], _details(c)] for c in found],
        flex=2,
    )
