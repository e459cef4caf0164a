"""The command palette: every action by name ("claim: verify", "queue: duplicates"), claims, sources and their text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench import read
from workbench.access import fetch
from workbench.errors import InvalidInput, StoreFailure, WorkbenchError
from workbench.models import SearchHit
from workbench.tui import jobs
from workbench.tui.base import DataScreen
from workbench.tui.modebar import MODES
from workbench.tui.text import join, line

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

#: Claims and sources offered for a query, at most.
_LIMIT = 20


class WorkbenchCommands(Provider):
    """Actions of the workbench, and the claims and sources whose text matches the query."""

    @property
    def workbench(self) -> WorkbenchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.workbench
        screen = self.screen  # the screen the palette was opened on

        def on_screen(action: str, mode: str) -> Callable[[], object]:
            def run() -> None:
                if app.current_mode != mode:
                    app.switch_mode(mode)
                app.call_after_refresh(app.screen.run_action, action)

            return run

        def queue(name: str) -> Callable[[], object]:
            def run() -> None:
                app.switch_mode("queues")
                app.call_after_refresh(app.screen.run_action, f"show_queue('{name}')")

            return run

        found: list[tuple[str, str, Callable[[], object]]] = [
            (f"screen: {mode}", f"Open the {mode} screen", partial(app.switch_mode, mode)) for _, mode, _ in MODES
        ]
        found += [
            ("queue: duplicates", "Duplicate suggestions to decide", queue("duplicates")),
            ("queue: contradictions", "Contradictions to confirm, dismiss or resolve", queue("contradictions")),
            ("queue: orphaned evidence", "Evidence whose text is gone from its source", queue("orphans")),
            (
                "match: run",
                "Find duplicate and contradiction suggestions across the store",
                on_screen("match", "queues"),
            ),
            ("reprints: detect", "Find sources that carry the same wire copy", on_screen("reprints", "queues")),
            ("import: files or folder", "Import articles from files, folders or URLs", partial(jobs.ask_import, app)),
            (
                "export: claims",
                "Export claims with their evidence: JSON, CSV, ClaimReview, a bundle…",
                partial(jobs.ask_export, app),
            ),
            (
                "report: audit",
                "Write the audit trail as a Markdown or HTML report",
                partial(jobs.ask_report, app, "audit"),
            ),
            (
                "report: claim",
                "Write a claim's dossier (the claim selected here, or one you name)",
                lambda: jobs.ask_report(app, "claim", jobs.current_claim(screen)),
            ),
            ("undo: my last action", "Take back your own last action (ctrl+z), kept on record", app.action_undo),
            ("case: switch", "Work on a case (W): every screen narrows to it", app.action_case),
            (
                "case: put this in the case",
                "Put the claim or source here in the case in force (K)",
                app.action_put_in_case,
            ),
            (
                "note: on this",
                "A note on the claim, link or pair here, about your last decision on it (N)",
                app.action_note,
            ),
            (
                "four eyes: on",
                "Verified only by a reviewer other than the claim's creator and last editor",
                partial(jobs.set_four_eyes, app, "on"),
            ),
            ("four eyes: off", "Any reviewer may verify a claim", partial(jobs.set_four_eyes, app, "off")),
            ("audit: verify", "Verify the audit chain and every row", on_screen("verify", "audit")),
            ("theme: toggle", "Switch between the light and dark themes", app.action_toggle_theme),
            ("keys: help", "Every key of the current screen", app.action_help),
        ]
        if isinstance(screen, DataScreen):
            found += screen.commands()
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self._actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        if len(query.strip()) < 2:
            return
        claims, sources = await asyncio.to_thread(self._lookup, query.strip())
        for claim_id, text in claims:
            display = join(Text(f"claim {claim_id}: ", style="bold"), line(text, 80))
            yield Hit(0.5, display, partial(self.workbench.open_claim, claim_id), text=f"claim {claim_id}")
        for source_id, title in sources:
            display = join(Text(f"source {source_id}: ", style="bold"), line(title, 80))
            yield Hit(0.4, display, partial(self.workbench.open_source, source_id), text=f"source {source_id}")
        for hit in await asyncio.to_thread(self._passages, query.strip()):
            display = join(Text(f"text of source {hit.source_id}: ", style="bold"), line(hit.sentence, 80))
            opened = partial(self.workbench.open_span, hit.source_id, hit.start, hit.end)
            yield Hit(0.3, display, opened, text=f"source {hit.source_id} {hit.start}:{hit.end}")

    def _passages(self, query: str) -> list[SearchHit]:
        """(In a thread.) Sentences of any source for the query, as search finds them (none while it is malformed)."""
        try:
            return [h for h in fetch(self.workbench.store, read.search_hits, query, limit=_LIMIT) if h.field == "text"]
        except InvalidInput:
            return []
        except WorkbenchError as e:
            self.app.call_from_thread(self.app.notify, str(e), title="Store failure", severity="error", timeout=8)
            return []

    def _lookup(self, query: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """(In a thread.) Claims and sources for the query; a failing store is a notice, not silence."""
        try:
            return fetch(self.workbench.store, read.lookup, query, limit=_LIMIT)
        except WorkbenchError as e:
            title = "Store failure" if isinstance(e, StoreFailure) else "Refused"
            self.app.call_from_thread(self.app.notify, str(e), title=title, severity="error", timeout=8)
            return [], []
