"""Commands for outlets: ``outlet grade``, ``outlets``."""

from __future__ import annotations

from typing import Annotated

import typer

from store.vocabulary import RELIABILITY_WORDS, Reliability
from workbench.cli.app import app, outlet_app, settings
from workbench.cli.options import JsonFlag, NoteOption
from workbench.cli.output import emit, emit_json, table


@outlet_app.command("grade")
def outlet_grade(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outlet's name, as `workbench outlets` lists it.")],
    reliability: Annotated[
        Reliability,
        typer.Argument(case_sensitive=False, help=", ".join(f"{k} ({v})" for k, v in RELIABILITY_WORDS.items()) + "."),
    ],
    note: NoteOption = None,
) -> None:
    """Grade an outlet's reliability on the Admiralty scale A–F.

    \b
    Example: workbench outlet grade AFP B --note "wire service, good track record"
    """
    from workbench.outlets import grade_outlet

    s = settings(ctx)
    outlet = grade_outlet(store=s.store(), actor=s.reviewer, name=name, reliability=reliability, note=note)
    emit(f"{outlet.name}: {outlet.reliability}")


@app.command("outlets")
def outlets_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List outlets with their reliability grade and number of sources.

    \b
    Example: workbench outlets --json
    """
    from workbench import read

    found = settings(ctx).read(read.outlets)
    if as_json:
        emit_json(found)
        return
    rows = [[o.id, o.name, o.reliability, o.domain, o.sources] for o in found]
    table(["ID", "OUTLET", "GRADE", "DOMAIN", "SOURCES"], rows, flex=1)
