"""Commands that open the review workbench: ``review`` and ``demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.app import app, say, settings
from workbench.demo import demo_store


def _run(store: object, reviewer: str, label: str) -> None:
    # deferred: Textual costs a fifth of a second to import, and only these commands need it
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(store, reviewer, label=label).run()  # type: ignore[arg-type]


@app.command("review")
def review(ctx: typer.Context) -> None:
    """Open the review workbench on the store: read sources, record and link claims, decide queues.

    Press ? in the workbench for its keys, ctrl+p for every action by name.

    Example: workbench --db mali.db review
    """
    s = settings(ctx)
    _run(s.store(), s.reviewer, s.db)


@app.command("demo")
def demo(
    ctx: typer.Context,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="Keep the demo store at this path instead of a temporary one.")
    ] = None,
) -> None:
    """Open the review workbench on a fresh store holding the two sample articles.

    The store lives in a temporary folder and is deleted on exit, unless --keep names a file.

    Example: workbench demo
    """
    reviewer = settings(ctx).reviewer
    if keep is not None:
        if keep.exists():
            raise typer.BadParameter(f"{keep} exists; --keep makes a new store")
        store = demo_store(keep, actor=reviewer)
        _run(store, reviewer, str(keep))
        store.close()
        say(f"the demo store is kept at {keep}")
        return
    with tempfile.TemporaryDirectory(prefix="workbench-demo-") as folder:
        store = demo_store(Path(folder) / "demo.db", actor=reviewer)
        try:
            _run(store, reviewer, "demo (temporary store)")
        finally:
            store.close()
