"""Commands for the audit log: ``audit verify``, ``audit log``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.app import Exit, audit_app, say, settings
from workbench.cli.options import JsonFlag
from workbench.cli.output import count, emit, emit_json, table
from workbench.errors import InvalidInput


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    expect: Annotated[
        str | None,
        typer.Option("--expect", help="A head hash recorded earlier; it must still be in the chain."),
    ] = None,
    anchor: Annotated[
        Path | None,
        typer.Option("--anchor", help="An anchor file (`audit anchor`): the head it pins must still be in the chain."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Check the whole chain and every row, not only what is new since the last check.",
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Recompute the hash chain and check every claim, evidence, source and outlet against it.

    Exit 0 with `chain ok: N events, head HASH`; exit 1 with `audit FAILED: PROBLEM` naming
    the first problem when the chain is broken or any row was changed outside the workbench.
    Keep the head somewhere else and pass it back with --expect (or keep a signed anchor from
    `audit anchor` and pass it with --anchor) to also catch a chain whose newest events were
    removed, or one rebuilt from scratch.

    After a clean check this machine keeps a checkpoint (the head and each table's row count);
    the next check reads only the events since and the rows they changed, and says so. --full
    reads everything again: the events before the checkpoint, every row, the database file.

    \b
    Example: workbench audit verify --expect 3f1c…(the full 64-character hash)
    Example: workbench audit verify --anchor desk-2026-12-07.anchor.json
    """
    from workbench.integrity import verify_store
    from workbench.witness import read_anchor

    pinned = read_anchor(anchor) if anchor is not None else None
    expected = expect.strip().lower() if expect else None
    result = verify_store(store=settings(ctx).store(), expect=expected, anchor=pinned, full=full)
    if as_json:
        emit_json(result)
    elif result.ok:
        typer.echo(f"chain ok: {result.events} events, head {result.head}")
        if result.since_seq is not None:
            say(f"checked {count(result.events - result.since_seq, 'event')} since the check of {result.since_at} "
                f"(event #{result.since_seq}) and the rows they changed; --full checks everything")  # fmt: skip
        if result.unsigned:
            say(f"{count(result.unsigned, 'event')} unsigned: by reviewers without a signing key on record "
                "(`workbench key init` makes one; from then on every event of theirs must be signed)")  # fmt: skip
    else:
        emit(f"audit FAILED: {result.first_problem}")
        if len(result.problems) > 1:
            say(f"{len(result.problems) - 1} more problem(s); see `workbench audit verify --json`")
    if not result.ok:
        raise typer.Exit(Exit.refused)


@audit_app.command("anchor")
def audit_anchor(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The anchor file to write (not an existing one).")],
) -> None:
    """Write the chain's head, signed with your key and dated, to a file to keep outside the store.

    Keep it elsewhere (send it to your editor, commit it to another repository); `audit verify
    --anchor FILE` later proves that the history up to it was not rewritten since.

    \b
    Example: workbench audit anchor -o desk-2026-12-07.anchor.json
    """
    import json

    from workbench.files import write_atomically
    from workbench.witness import take_anchor

    if output.exists() or output.is_symlink():
        raise InvalidInput(f"{output} exists: an anchor is never written over (keep every one)")
    s = settings(ctx)
    anchor = take_anchor(store=s.store(), actor=s.reviewer)
    write_atomically(output, json.dumps(anchor, indent=2, ensure_ascii=False) + "\n")
    typer.echo(f"anchored event #{anchor['seq']} ({anchor['hash']}) signed by {anchor['reviewer']} in {output}")


@audit_app.command("log")
def audit_log_(
    ctx: typer.Context,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only events that changed this row, as KIND:ID (claim:3).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Print the audit log, oldest first.

    \b
    Example: workbench audit log --entity claim:1
    """
    from workbench import read

    try:
        target = read.parse_entity(entity) if entity else None
    except InvalidInput as e:
        raise typer.BadParameter(str(e)) from e
    events = settings(ctx).read(read.audit_events, target)
    if as_json:
        emit_json(events)
        return
    table(
        ["SEQ", "AT", "ACTOR", "ACTION", "ENTITY", "NOTE"],
        [[f"#{e.seq}", e.at, e.actor, e.action, f"{e.entity}:{e.entity_id}", e.data.get("note")] for e in events],
    )
