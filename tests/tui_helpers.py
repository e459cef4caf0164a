"""Building the workbench app for tests exactly as ``workbench demo`` does, and driving it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from store import Store
from tests.conftest import AFP, ARMOUR
from workbench.ingest import read_file
from workbench.ingest.document import Document
from workbench.sources import import_documents
from workbench.tui.app import WorkbenchApp

SIZE = (120, 40)


def import_samples(store: Store) -> None:
    """The two samples, with origins that do not depend on where the repository sits."""
    for path in (ARMOUR, AFP):
        documents = [replace(d, origin=f"samples/{path.name}") for d in read_file(path)]
        import_documents(store=store, actor="setup", documents=documents)


def import_text(store: Store, text: str, *, title: str, outlet: str = "Test Wire") -> int:
    """A source with this exact text; its id."""
    document = Document(text=text, format="md", title=title, outlet=outlet, origin=f"{title}.md")
    [result] = import_documents(store=store, actor="setup", documents=[document])
    return result.source_id


def make_app(store: Store, reviewer: str = "ana") -> WorkbenchApp:
    """The app as `workbench review` builds it."""
    return WorkbenchApp(store, reviewer, label="test.db")


async def settle(app: WorkbenchApp, pilot: Pilot[None]) -> None:
    """Wait until everything the screens asked for is on screen: no worker left, twice in a row.

    A load hands its result to the screen before its worker finishes (``DataScreen``), and a
    delayed load waits inside its worker, so "no unfinished worker" is the real thing to wait
    for. A result shown may start another load: hence the second look. Tables measure their
    columns when idle, after the rows arrive: those must have caught up too.
    """
    quiet = 0
    for _ in range(200):
        with contextlib.suppress(WorkerCancelled):  # an exclusive load replaced by a newer one
            await app.workers.wait_for_complete()
        # a blinking cursor is the clock on screen: a snapshot would catch it on or off
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()
        tables = list(app.screen.query(DataTable))
        measured = not any(t._require_update_dimensions or t._updated_cells for t in tables)
        quiet = quiet + 1 if measured and all(worker.is_finished for worker in app.workers) else 0
        if quiet == 2:
            return
    raise AssertionError("the workbench never settled: a load keeps starting another")


def drive(app: WorkbenchApp, scenario: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    """Run ``scenario`` against the app in a headless terminal of ``SIZE``."""

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await scenario(pilot)
            await settle(app, pilot)

    asyncio.run(run())


def samples_dir() -> Path:
    """Where the samples live, for the demo test."""
    return ARMOUR.parent
