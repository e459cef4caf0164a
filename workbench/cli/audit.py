"""Commands for the audit log and outlets: ``audit verify|log``, ``outlet grade``, ``outlets``."""

from __future__ import annotations

from typing import Annotated

import typer

from store.models import RELIABILITY_GRADES
from workbench.cli.app import JsonFlag, app, audit_app, outlet_app, settings
from workbench.cli.output import emit, emit_json, table
from workbench.errors import InvalidInput
from workbench.integrity import verify_store
from workbench.outlets import grade_outlet, list_outlets
from workbench.queries import audit_log, parse_entity


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Recompute the hash chain and check every claim, evidence, source and outlet against it.

    Exit 0 with `chain ok: N events, head HASH`; exit 1 naming the first problem when the
    chain is broken or any row was changed outside the workbench.

    Example: workbench audit verify --json
    """
    result = verify_store(store=settings(ctx).store())
    if as_json:
        emit_json(result)
    elif result.ok:
        typer.echo(f"chain ok: {result.events} events, head {result.head}")
    else:
        emit(f"audit FAILED: {result.first_problem}")
        for problem in result.problems:
            if problem != result.first_problem:
                emit(f"  also: {problem}")
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("log")
def audit_log_(
    ctx: typer.Context,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only events that changed this row, as KIND:ID (claim:3).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Print the audit log, oldest first.

    Example: workbench audit log --entity claim:1
    """
    try:
        target = parse_entity(entity) if entity else None
    except InvalidInput as e:
        raise typer.BadParameter(str(e)) from e
    events = audit_log(store=settings(ctx).store(), entity=target)
    if as_json:
        emit_json(events)
        return
    table(
        ["SEQ", "AT", "ACTOR", "ACTION", "ENTITY", "NOTE"],
        [[f"#{e.seq}", e.at, e.actor, e.action, f"{e.entity}:{e.entity_id}", e.data.get("note")] for e in events],
    )


@outlet_app.command("grade")
def outlet_grade(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outlet's name, as `workbench outlets` lists it.")],
    reliability: Annotated[
        str, typer.Argument(help="Admiralty reliability: A (reliable) … E (unreliable), F (cannot be judged).")
    ],
    note: Annotated[str | None, typer.Option("--note", help="Why: kept in the audit log.")] = None,
) -> None:
    """Grade an outlet's reliability on the Admiralty scale A–F.

    Example: workbench outlet grade AFP B --note "wire service, good track record"
    """
    if reliability.strip().upper() not in RELIABILITY_GRADES:
        raise typer.BadParameter(f"reliability must be one of {', '.join(RELIABILITY_GRADES)}, not {reliability!r}")
    s = settings(ctx)
    outlet = grade_outlet(store=s.store(), actor=s.reviewer, name=name, reliability=reliability, note=note)
    emit(f"{outlet.name}: {outlet.reliability}")


@app.command("outlets")
def outlets_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List outlets with their reliability grade and number of sources.

    Example: workbench outlets --json
    """
    found = list_outlets(store=settings(ctx).store())
    if as_json:
        emit_json(found)
        return
    table(
        ["ID", "OUTLET", "GRADE", "DOMAIN", "SOURCES"],
        [[o.id, o.name, o.reliability, o.domain, o.sources] for o in found],
        flex=1,
    )
