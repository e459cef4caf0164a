"""Commands for evidence across revisions: ``anchors``, ``reanchor``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.app import app, settings
from workbench.cli.options import JsonFlag, id_argument
from workbench.cli.output import emit_json, table
from workbench.figures import figure

if TYPE_CHECKING:
    from workbench.models import AnchorRead


def _span(start: int | None, end: int | None, source: int | None = None) -> str:
    where = "–" if start is None else f"{start}–{end}"
    return where if source is None else f"{source}:{where}"


def _print(anchors: list[AnchorRead]) -> None:
    table(
        ["EVIDENCE", "CLAIM", "STATUS", "METHOD", "SCORE", "FROM", "SPAN", "QUOTE"],
        [
            [
                a.evidence_id,
                a.claim_id,
                a.status,
                a.method,
                figure(a.score, missing="–"),
                "–" if a.old_evidence_id is None else _span(a.old_start, a.old_end, a.old_source_id),
                _span(a.start, a.end),
                a.exact,
            ]
            for a in anchors
        ],
    )


@app.command("anchors")
def anchors_(
    ctx: typer.Context,
    source_id: Annotated[int, id_argument("The source whose evidence links to list.")],
    as_json: JsonFlag = False,
) -> None:
    """List every evidence link on a source: status, method, score, and old and new offsets.

    Links carried over from an earlier revision show where they came from (SOURCE:START–END);
    orphaned ones keep the quote that was lost.

    \b
    Example: workbench anchors 3 --json
    """
    from workbench import read

    found = settings(ctx).read(read.anchors, source_id)
    if as_json:
        emit_json(found)
    else:
        _print(found)


@app.command("reanchor")
def reanchor_(
    ctx: typer.Context,
    old_id: Annotated[int, id_argument("The source the evidence is on now.")],
    new_id: Annotated[int, id_argument("The source to carry it to: a later revision of OLD_ID.")],
    force: Annotated[bool, typer.Option("--force", help="Carry it even if NEW_ID does not revise OLD_ID.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Carry every evidence link of one source over to a later revision: re-anchored, or orphaned.

    Import does this itself when it stores a revision; run it to carry links added to the old
    revision since. Links already carried are skipped.

    \b
    Example: workbench reanchor 1 3
    """
    from workbench.revisions import reanchor_source

    s = settings(ctx)

    found = reanchor_source(store=s.store(), actor=s.reviewer, old_id=old_id, new_id=new_id, force=force)
    if as_json:
        emit_json(found)
    else:
        _print(found)
