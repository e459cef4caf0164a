"""The semantic tier's command: ``embed``.

The core is imported inside each command (see the README, start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from workbench.cli.app import app, say, settings
from workbench.cli.options import JsonFlag
from workbench.cli.output import count, emit, emit_json, progress_reporter

if TYPE_CHECKING:
    from store import Store


@app.command("embed")
def embed_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Embed the claims, evidence quotes and sentences that lack a vector (semantic extra; derived data).

    Only what is new or changed is embedded: run it after imports. Without the semantic extra
    it says so and exits 1; everything else works lexically.

    \b
    Example: workbench embed
    """
    from workbench.embeddings import embed

    store = settings(ctx).store()
    with progress_reporter("embedding") as progress:
        report = embed(store=store, progress=progress)
    if as_json:
        emit_json({"model": report.model, "embedded": report.embedded, "current": report.current,
                   "dropped": report.dropped})  # fmt: skip
        return
    nouns = {"claim": "claim", "evidence": "quote", "passage": "passage"}
    made = ", ".join(count(n, nouns[kind]) for kind, n in report.embedded.items())
    emit(f"embedded {made} with {report.model}")
    if report.current or report.dropped:
        dropped = f"; {count(report.dropped, 'vector')} of deleted items dropped" if report.dropped else ""
        say(f"{report.current:,} already current{dropped}")


def say_unembedded(store: Store) -> None:
    """With the tier on, say how many texts lack a vector (they are compared by words alone until embedded)."""
    from workbench.embeddings import backlog
    from workbench.semantic.model import offered

    if offered() is None:  # installed and on: a model that will not load says so when `embed` runs
        return
    missing = backlog(store=store)
    if missing:
        say(f"{missing:,} claims, quotes or sentences not embedded yet: `workbench embed` lets them match by meaning")
