"""The review desk in the workbench: a prompt for notes and reasons, the case switcher, undo, notes.

Every key here calls the same core service the command line does (``workbench.desk``,
``workbench.undo``, ``workbench.cases``), in a worker, so the trail reads the same whichever way
a reviewer works.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.cases import CaseRead, add_case, cases, put
from workbench.desk import add_note
from workbench.tui.dialogs import Dialog
from workbench.tui.text import join, line, passage
from workbench.undo import Undone, undo

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.base import DataScreen


@dataclass(frozen=True)
class NoteTarget:
    """What a note (or a case, a tag) would be about on the screen: ``("claim", 3)`` and how to name it."""

    entity: str
    entity_id: int
    label: str


class PromptDialog(Dialog[str]):
    """Ask for one line of text: a note, the reason for a retraction, a reviewer's name, tags."""

    def __init__(self, title: str, question: str, *, detail: str = "", value: str = "", required: bool = True) -> None:
        super().__init__()
        self.title_text, self.question, self.detail, self.value, self.required = (
            title,
            question,
            detail,
            value,
            required,
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(line(self.title_text, 90, "bold"))
            if self.detail:
                yield Static(passage(self.detail, "dim"), classes="quote")
            yield Label(Text(f"{self.question} (enter to save, escape to cancel):"))
            yield Input(self.value, id="prompt-text")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-text", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        text = self.query_one("#prompt-text", Input).value.strip()
        if not text and self.required:
            self.notify("Type something first, or escape to cancel.", severity="warning")
            return
        self.dismiss(text)


#: The case picker's choices besides the cases themselves.
ALL, NEW = "\x00all", "\x00new"


class CasePicker(Dialog[str]):
    """Choose the case every screen narrows to, "everything", or a new case."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cases.cancel")]

    def __init__(self, found: list[CaseRead], current: str | None) -> None:
        super().__init__()
        self.found, self.current = found, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Work on a case: every screen shows what it holds", style="bold"))
            options = [Option(Text("Everything: no case", style="italic"), id=ALL)]
            for case in self.found:
                mark = "● " if self.current is not None and case.name.casefold() == self.current.casefold() else "  "
                counts = f" · {case.sources} source{'s' if case.sources != 1 else ''}, "
                counts += f"{case.claims} claim{'s' if case.claims != 1 else ''}"
                options.append(
                    Option(join(Text(mark), line(case.name, 50, "bold"), Text(counts, style="dim")), id=case.name)
                )
            options.append(Option(Text("New case…", style="italic"), id=NEW))
            yield OptionList(*options, id="cases")
            yield Label(Text("enter: choose   escape: cancel", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one("#cases", OptionList)
        options.focus()
        names = [c.name.casefold() for c in self.found]
        if self.current is not None and self.current.casefold() in names:
            options.highlighted = names.index(self.current.casefold()) + 1
        else:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#cases")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or ALL)


def switch_case(screen: DataScreen) -> None:
    """Open the case picker; the chosen case narrows every screen (a new one is made first)."""
    app = screen.workbench

    def made(name: str | None) -> None:
        if name:
            screen.act(
                lambda: add_case(store=screen.store, actor=screen.reviewer, name=name),
                lambda case: app.set_case(case.name),
                done=f"Case {name!r} made: put sources and claims in it with K",
            )

    def chosen(choice: str | None) -> None:
        if choice is None:
            return
        if choice == NEW:
            app.push_screen(PromptDialog("A new case", "Its name"), made)
        else:
            app.set_case(None if choice == ALL else choice)

    screen.load(lambda: cases(screen.store), lambda found: app.push_screen(CasePicker(found, app.case), chosen))


def put_in_case(screen: DataScreen) -> None:
    """Put what the screen shows (a claim, a source) in the current case; ask for a case if none is chosen."""
    app = screen.workbench
    sources, claims = screen.case_items()
    if not sources and not claims:
        screen.notify("Nothing here to put in a case: choose a claim or a source first.", severity="warning")
        return
    if app.case is None:
        screen.notify("Choose a case first (W), then K puts this in it.", severity="warning")
        return
    case = app.case
    said = ", ".join([*(f"source {i}" for i in sources), *(f"claim {i}" for i in claims)])
    screen.act(
        lambda: put(store=screen.store, actor=screen.reviewer, name=case, sources=sources, claims=claims),
        lambda _: screen.refresh_data(),
        done=f"In case {case!r}: {said}",
    )


def note_on(screen: DataScreen) -> None:
    """Ask for a note on what the screen shows; it is about the reviewer's last decision there, if any."""
    target = screen.note_target()
    if target is None:
        screen.notify("Nothing here to note: choose a claim, a link or a pair first.", severity="warning")
        return

    def noted(text: str | None) -> None:
        if text:
            screen.act(
                lambda: add_note(
                    store=screen.store,
                    actor=screen.reviewer,
                    entity=target.entity,
                    entity_id=target.entity_id,
                    note=text,
                ),
                lambda event: screen.refresh_data(),
                done=f"Note kept on {target.label}",
            )

    question = "Why (kept in the audit log, shown with your last decision on it)"
    screen.app.push_screen(PromptDialog(f"A note on {target.label}", question), noted)


def undo_last(screen: DataScreen) -> None:
    """Undo the reviewer's own last action (``workbench.undo``), then show the store as it is now."""

    def undone(done: Undone) -> None:
        screen.notify(f"Undone: #{done.seq} {done.action} ({done.entity} {done.entity_id})", timeout=5)
        screen.refresh_data()

    screen.act(lambda: undo(store=screen.store, actor=screen.reviewer), undone)


def describe_case(app: WorkbenchApp) -> str:
    """The sub-title's words for the case in force."""
    return f" · case {app.case}" if app.case else ""
