"""Commands for outlets: ``outlet grade``, ``outlet alias``, ``outlet merge``, ``outlets``."""

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


@outlet_app.command("alias")
def outlet_alias(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outlet's name, as `workbench outlets` lists it.")],
    alias: Annotated[str, typer.Argument(help="Another name (AP) or a domain (chinadaily.com.cn) of it.")],
    note: NoteOption = None,
) -> None:
    """Give an outlet another name or domain: imports naming it, or from that site, file under the outlet.

    A domain covers its sub-domains (english.chinadaily.com.cn is chinadaily.com.cn).

    \b
    Example: workbench outlet alias "Associated Press" AP
    Example: workbench outlet alias "China Daily" chinadaily.com.cn
    """
    from workbench.outlets import alias_outlet

    s = settings(ctx)
    outlet = alias_outlet(store=s.store(), actor=s.reviewer, name=name, alias=alias, note=note)
    emit(f"{outlet.name}: also {', '.join(outlet.aliases)}")


@outlet_app.command("merge")
def outlet_merge(
    ctx: typer.Context,
    merged: Annotated[str, typer.Argument(metavar="FROM", help="The outlet that is another name of the other.")],
    into: Annotated[str, typer.Argument(metavar="INTO", help="The outlet that stays.")],
    note: NoteOption = None,
) -> None:
    """Merge one outlet into another: its sources, and so their evidence, count as the other's.

    FROM's name and domain become aliases of INTO; INTO keeps its grade (or takes FROM's if it
    has none). One audited event.

    \b
    Example: workbench outlet merge english.chinadaily.com.cn "China Daily"
    """
    from workbench.outlets import merge_outlets

    s = settings(ctx)
    outlet = merge_outlets(store=s.store(), actor=s.reviewer, merged=merged, into=into, note=note)
    emit(f"{merged} merged into {outlet.name}: {outlet.sources} sources, grade {outlet.reliability}")


@app.command("outlets")
def outlets_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List outlets with their reliability grade, domain, aliases and number of sources.

    \b
    Example: workbench outlets --json
    """
    from workbench import read

    found = settings(ctx).read(read.outlets)
    if as_json:
        emit_json(found)
        return
    rows = [[o.id, o.name, o.reliability, o.domain, ", ".join(o.aliases) or None, o.sources] for o in found]
    table(["ID", "OUTLET", "GRADE", "DOMAIN", "ALIASES", "SOURCES"], rows, flex=1)
