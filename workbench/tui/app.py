"""The review workbench: a Textual app over one store, for whole review sessions from the keyboard."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel

from store import Store
from workbench.textsafe import one_line
from workbench.tui.base import DataScreen
from workbench.tui.commands import WorkbenchCommands
from workbench.tui.desk import describe_case, note_on, put_in_case, switch_case, undo_last
from workbench.tui.dialogs import HelpScreen
from workbench.tui.modebar import MODES as MODE_KEYS
from workbench.tui.screens.audit import AuditScreen
from workbench.tui.screens.claims import ClaimsScreen
from workbench.tui.screens.matrix import MatrixScreen
from workbench.tui.screens.outlets import OutletsScreen
from workbench.tui.screens.queues import QueuesScreen
from workbench.tui.screens.reader import ReaderScreen
from workbench.tui.screens.search import SearchScreen

#: The app's screens, by the mode name the keys and the command palette use.
SCREENS_BY_MODE = {
    "reader": ReaderScreen,
    "search": SearchScreen,
    "claims": ClaimsScreen,
    "queues": QueuesScreen,
    "matrix": MatrixScreen,
    "outlets": OutletsScreen,
    "audit": AuditScreen,
}


#: What each screen is for, as the help and the command palette say it.
TIPS = {
    "reader": "Read sources and record claims",
    "search": "Find where any source says it",
    "claims": "Every claim, sortable and filterable",
    "queues": "Duplicates, contradictions and orphaned evidence to decide",
    "matrix": "Claims by outlet: who says what",
    "outlets": "Grade outlets' reliability",
    "audit": "The audit log and its verification",
}


#: Texts embedded per transaction by the background worker: small, so that quitting waits a second at most.
EMBED_BATCH = 32


class _Stopped(Exception):
    """The app is closing: the background embedding stops between batches."""


class WorkbenchApp(App[None]):
    """Claims, sources and their evidence, reviewed in a terminal; every change through the core services."""

    CSS_PATH = "workbench.tcss"
    TITLE = "Claim workbench"
    MODES: ClassVar[dict[str, type]] = SCREENS_BY_MODE  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(key, f"switch_mode('{mode}')", name, id=f"app.{mode}", show=False, tooltip=TIPS[mode])
            for key, mode, name in MODE_KEYS
        ],
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Every key of this screen"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False, tooltip="Switch light and dark"),
        Binding(
            "ctrl+z", "undo", "Undo", id="app.undo", show=False, tooltip="Undo your own last action (kept on record)"
        ),
        Binding("N", "note", "Note", id="app.note", show=False, tooltip="A note on the claim, link or pair here"),
        Binding("W", "case", "Case", id="app.case", show=False, tooltip="Work on a case: every screen narrows to it"),
        Binding(
            "K", "put_in_case", "Into case", id="app.put", show=False, tooltip="Put this claim or source in the case"
        ),
    ]

    def __init__(self, store: Store, reviewer: str, *, label: str = "", keys: dict[str, str] | None = None) -> None:
        """Open on ``store``, acting as ``reviewer``; ``keys`` remaps bindings by id (see ``binding_ids``)."""
        super().__init__()
        self.store = store
        self.reviewer = reviewer
        #: The case every screen narrows to (``None``: everything).
        self.case: str | None = None
        self._sub_title = f"{label} · reviewer {reviewer}" if label else f"reviewer {reviewer}"
        self.sub_title = self._sub_title
        self.theme = "textual-dark"
        if keys:
            self.set_keymap(keys)

    def key_of(self, binding: Binding) -> str:
        """How a binding's key shows in the help and the mode bar, after any remapping."""
        key = self._keymap.get(binding.id, binding.key) if binding.id else binding.key
        return self.get_key_display(binding.with_key(key.split(",")[0].strip()))

    def set_case(self, name: str | None) -> None:
        """Narrow every screen to case ``name`` (``None``: everything); the one shown reloads now, others when shown."""
        self.case = name
        self.sub_title = self._sub_title + describe_case(self)
        screen = self.screen
        if isinstance(screen, DataScreen):
            screen.refresh_data()
        self.notify(f"Case: {name}" if name else "No case: every source and claim", timeout=3)

    def _data_screen(self) -> DataScreen | None:
        screen = self.screen
        return screen if isinstance(screen, DataScreen) else None

    def action_undo(self) -> None:
        if (screen := self._data_screen()) is not None:
            undo_last(screen)

    def action_note(self) -> None:
        if (screen := self._data_screen()) is not None:
            note_on(screen)

    def action_case(self) -> None:
        if (screen := self._data_screen()) is not None:
            switch_case(screen)

    def action_put_in_case(self) -> None:
        if (screen := self._data_screen()) is not None:
            put_in_case(screen)

    def on_mount(self) -> None:
        self.switch_mode("reader")
        self.run_worker(self._embed_backlog, thread=True, group="embed", exclusive=True)

    def _embed_backlog(self) -> None:
        """Embed what the store lacks, in a thread, when the semantic extra is installed: nobody waits for it.

        Suggestions use the vectors as they arrive; until then they rank by words alone. A model
        that is installed but damaged is said once; an extra not installed is not an error.
        """
        from textual.worker import get_current_worker

        from workbench.errors import WorkbenchError
        from workbench.semantic.model import encoder, status

        worker = get_current_worker()

        def say(message: str, severity: SeverityLevel = "information") -> None:
            if self.is_running and not worker.is_cancelled:  # nobody to tell once the app is closing
                self.call_from_thread(self.notify, message, severity=severity)

        def progress(_done: int, _total: int) -> None:
            if worker.is_cancelled:  # the app is closing: stop between batches, keeping what is done
                raise _Stopped

        if encoder() is None:
            reason = status().reason
            if "damaged" in reason or "cannot be" in reason:
                say(reason, "warning")
            return
        from workbench.embeddings import embed  # NumPy with it: only when the tier is on

        try:
            # no gate on `backlog`: it counts texts without a vector, and `embed` also finds the edited ones
            report = embed(store=self.store, progress=progress, batch=EMBED_BATCH)
        except _Stopped:
            return
        except WorkbenchError as e:  # the store busy or failing: suggestions stay lexical
            say(f"embedding stopped: {e}", "warning")
            return
        if report.total:
            say(f"embedded {report.total:,} texts: suggestions now see other wordings and languages")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice, never as markup: notices carry names, quotes and errors from the data.

        ``markup`` is ignored on purpose: a widget's ``notify`` passes ``markup=True`` by default,
        and a case named "Mali [/] deliveries" must show as typed, not stop the workbench.
        """
        del markup
        super().notify(one_line(message), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_help(self) -> None:
        screen = self.screen
        own = [b for b in vars(type(screen)).get("BINDINGS", []) if isinstance(b, Binding)]
        keys = [(self.key_of(b), b.description, b.tooltip) for b in own]
        keys += list(getattr(screen, "MORE_KEYS", []))
        keys += [(self.key_of(b), b.description, b.tooltip) for b in self.BINDINGS if isinstance(b, Binding)]
        keys += [("ctrl+p", "Commands", "Every action, claim and source by name"), ("ctrl+q", "Quit", "")]
        title = screen.TITLE_TEXT if isinstance(screen, DataScreen) else "Workbench"
        self.push_screen(HelpScreen(title, keys))

    def open_claim(self, claim_id: int) -> None:
        """Show a claim in the reader, its first evidence selected in its source."""

        def open_in_reader() -> None:
            reader = self.screen
            if isinstance(reader, ReaderScreen):
                reader.open_claim(claim_id)

        self.switch_mode("reader")
        self.call_after_refresh(open_in_reader)

    def open_source(self, source_id: int, select: tuple[int, int] | None = None) -> None:
        """Show a source in the reader (a span of it selected, if given)."""

        def open_in_reader() -> None:
            reader = self.screen
            if isinstance(reader, ReaderScreen):
                reader.open_source(source_id, select=select)

        self.switch_mode("reader")
        self.call_after_refresh(open_in_reader)

    def open_span(self, source_id: int, start: int, end: int) -> None:
        """Show a source in the reader with the span ``start:end`` selected."""
        self.open_source(source_id, select=(start, end))


def binding_ids() -> dict[str, str]:
    """Every remappable binding: its id and what it does (for ``--keys`` files and their checking)."""
    found: dict[str, str] = {}
    for owner in [WorkbenchApp, *SCREENS_BY_MODE.values()]:
        for binding in vars(owner).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding.tooltip or binding.description
    return found
