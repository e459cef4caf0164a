"""Modal dialogs that return a value: a new claim, a claim to link, a resolution, the keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from store.vocabulary import CREDIBILITY_WORDS, STANCES, WINNERS, Credibility, Stance, Winner
from workbench.checks import check_credibility, check_stance, one_of
from workbench.errors import StoreFailure, WorkbenchError
from workbench.models import ClaimRow, EvidenceSuggestion
from workbench.tui.paged import Table
from workbench.tui.text import join, line, passage, status

R = TypeVar("R")

#: The stance choices: every stance, as the vocabulary words it.
STANCE_OPTIONS = [(stance, stance) for stance in STANCES]
#: The credibility choices: "1 confirmed" … "6 cannot be judged".
CREDIBILITY_OPTIONS = [(f"{value} {words}", value) for value, words in CREDIBILITY_WORDS.items()]
#: Which side a resolution bears out ("" for undecided).
WINNER_OPTIONS = [("A is borne out", "a"), ("B is borne out", "b"), ("neither", "neither"), ("undecided", "")]
assert {value for _, value in WINNER_OPTIONS} - {""} == set(WINNERS)


@dataclass(frozen=True)
class NewClaimRequest:
    """What the claim dialog returns."""

    text: str
    stance: Stance
    credibility: Credibility


@dataclass(frozen=True)
class LinkRequest:
    """What the claim picker returns: the claim to link the selection to, and how it bears on it."""

    claim_id: int
    stance: Stance


@dataclass(frozen=True)
class Resolution:
    """What the resolve dialog returns."""

    note: str
    winner: Winner | None


class Dialog(ModalScreen[R | None], Generic[R]):
    """A modal that returns an ``R``, or ``None`` when cancelled (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class EditRequest:
    """A claim's corrected wording, and why (kept in the audit log)."""

    text: str
    note: str | None


class EditDialog(Dialog[EditRequest]):
    """Correct a claim's wording; the old wording stays on record."""

    def __init__(self, claim_id: int, text: str) -> None:
        super().__init__()
        self.claim_id, self.text = claim_id, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"Correct the wording of claim {self.claim_id}", style="bold"))
            yield Static(join("Now: ", passage(self.text, "dim")), classes="quote")
            yield Input(self.text, id="edit-text")
            yield Label(Text("Why (kept in the audit log; enter to save):"))
            yield Input(id="edit-note")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-text", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        text = self.query_one("#edit-text", Input).value.strip()
        if not text:
            self.notify("A claim needs words.", severity="warning")
            return
        self.dismiss(EditRequest(text, self.query_one("#edit-note", Input).value.strip() or None))


class ConfirmDialog(Dialog[bool]):
    """Ask before an action one stray key should not take: y (or enter) goes ahead, n or escape does not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "confirm", "Yes", id="confirm.yes"),
        Binding("n", "cancel", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.question, 74, "bold"))
            if self.detail:
                yield Static(passage(self.detail, "dim"), classes="quote")
            yield Label(Text("y: yes   n / escape: no", style="dim"))

    def action_confirm(self) -> None:
        self.dismiss(True)


class ClaimDialog(Dialog[NewClaimRequest]):
    """Record a claim from the selected span: its wording, the span's stance, a credibility."""

    def __init__(self, quote: str, source_label: str) -> None:
        super().__init__()
        self.quote = quote
        self.source_label = source_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("New claim from the selection", style="bold"))
            yield Static(join("Quote in ", line(self.source_label, 50), ": ", passage(self.quote, "italic")),
                         classes="quote")  # fmt: skip
            yield Label(Text("Claim, in your words (enter to save):"))
            yield Input(value=" ".join(self.quote.split()), id="claim-text")
            with Horizontal(classes="row"):
                yield Select(STANCE_OPTIONS, value="supports", allow_blank=False, id="claim-stance", prompt="stance")
                yield Select(CREDIBILITY_OPTIONS, value=6, allow_blank=False, id="claim-credibility")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        text = self.query_one("#claim-text", Input).value.strip()
        if not text:
            self.notify("A claim needs words.", severity="warning")
            return
        stance = check_stance(self.query_one("#claim-stance", Select).value)
        credibility = check_credibility(self.query_one("#claim-credibility", Select).value)
        self.dismiss(NewClaimRequest(text, stance, credibility))


class ClaimPicker(Dialog[LinkRequest]):
    """Pick the claim a selection backs: claims ranked by similarity to it, narrowed by typing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "Choose", id="picker.choose", show=False, tooltip="From the search to the list"),
    ]

    def __init__(
        self,
        quote: str,
        rank: Callable[[str], list[tuple[ClaimRow, float]]],
        *,
        title: str = "Link the selection to a claim",
        verb: str = "Link",
        stance: bool = True,
    ) -> None:
        super().__init__()
        self.quote = quote
        self.rank = rank
        self.title_text, self.verb, self.with_stance = title, verb, stance

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(line(self.title_text, 90, "bold"))
            yield Static(passage(self.quote, "italic"), classes="quote")
            yield Input(placeholder="type to search claims; enter or ↓ to choose", id="picker-search")
            yield OptionList(id="picker-claims")
            with Horizontal(classes="row"):
                if self.with_stance:
                    yield Select(STANCE_OPTIONS, value="supports", allow_blank=False, id="picker-stance")
                yield Button(self.verb, variant="primary", id="link")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.search(self.quote)

    @on(Input.Changed, "#picker-search")
    def typed(self, event: Input.Changed) -> None:
        self.search(event.value or self.quote)

    @on(Input.Submitted, "#picker-search")
    def action_to_list(self) -> None:
        """Leave the search for the list (enter or ↓ in the search box); ↓ elsewhere moves as usual."""
        options = self.query_one("#picker-claims", OptionList)
        if not options.has_focus:
            options.focus()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def search(self, text: str) -> None:
        """Rank the claims against ``text`` in a worker; a newer search makes this one's result stale."""
        worker = get_current_worker()
        try:
            found = self.rank(text)
        except WorkbenchError as e:
            title = "Store failure" if isinstance(e, StoreFailure) else "Refused"
            self.app.call_from_thread(self.notify, str(e), title=title, severity="error", timeout=8)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, found)

    def _show(self, found: list[tuple[ClaimRow, float]]) -> None:
        options = self.query_one("#picker-claims", OptionList)
        options.clear_options()
        options.add_options(
            Option(
                join(Text(f"#{row.id} ", style="bold"), status(row.status), f" {score:.0f}%  ", line(row.text, 90)),
                id=str(row.id),
            )
            for row, score in found
        )
        if found:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#picker-claims")
    @on(Button.Pressed, "#link")
    def link(self) -> None:
        options = self.query_one("#picker-claims", OptionList)
        if options.highlighted is None:
            self.notify("Choose a claim first.", severity="warning")
            return
        option = options.get_option_at_index(options.highlighted)
        stance = check_stance(self.query_one("#picker-stance", Select).value) if self.with_stance else "supports"
        self.dismiss(LinkRequest(int(option.id or 0), stance))


class ResolveDialog(Dialog[Resolution]):
    """Close a contradiction: what settled it (required) and which side it bears out."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__()
        self.sides = (a, b)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Resolve the contradiction", style="bold"))
            yield Static(join("A: ", passage(self.sides[0])))
            yield Static(join("B: ", passage(self.sides[1])))
            yield Label(Text("What settled it (kept in the audit log):"))
            yield Input(id="resolve-note")
            with Horizontal(classes="row"):
                yield Select(WINNER_OPTIONS, value="", allow_blank=False, id="resolve-winner")
                yield Button("Resolve", variant="primary", id="resolve")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#resolve")
    def resolve(self) -> None:
        note = self.query_one("#resolve-note", Input).value.strip()
        if not note:
            self.notify("Say what settled it.", severity="warning")
            return
        chosen = self.query_one("#resolve-winner", Select).value
        self.dismiss(Resolution(note, one_of(chosen, WINNERS, "winner") if chosen else None))


#: Width of the help's "what it does" column: the wide dialog less the key and action columns.
HELP_TEXT_WIDTH = 56


class HelpScreen(Dialog[None]):
    """Every key of the screen below and of the app, with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "cancel", "Close", id="help.close"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(join(Text(f"Keys: {self.title_text}", style="bold"),
                             Text(f" · {len(self.keys)} keys; ↑ ↓ PgUp PgDn scroll", style="dim")))  # fmt: skip
            table = Table(cursor_type="row", zebra_stripes=True, id="help-keys")
            yield table
            yield Label(Text("ctrl+p opens the command palette: claims, sources and every action by name.",
                             style="dim"))  # fmt: skip

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_column("key", width=16)
        table.add_column("action", width=20)
        table.add_column("what it does", width=HELP_TEXT_WIDTH)  # fits the dialog: no sideways scrolling
        for key, description, tooltip in self.keys:
            what = Text(tooltip, style="dim", no_wrap=True, overflow="ellipsis")
            what.truncate(HELP_TEXT_WIDTH, overflow="ellipsis")
            table.add_row(Text(key, style="bold"), Text(description), what)
        table.focus()


@dataclass(frozen=True)
class OtherSourceChoice:
    """What the other-sources list returns: a sentence to link (with its suggested stance) or to open."""

    suggestion: EvidenceSuggestion
    link: bool


class OtherSources(Dialog[OtherSourceChoice]):
    """Sentences of other sources that state or dispute a claim, best first: one key links, one opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "choose(True)", "Link", id="others.link", tooltip="Link it to the claim, with the stance shown"),
        Binding("o", "choose(False)", "Open", id="others.open", tooltip="Open it in the reader"),
    ]

    def __init__(self, claim: str, suggestions: list[EvidenceSuggestion]) -> None:
        super().__init__()
        self.claim = claim
        self.suggestions = suggestions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(Text("Other sources for the claim", style="bold"))
            yield Static(passage(self.claim, "italic"), classes="quote")
            found = OptionList(id="others")
            found.border_title = f"{len(self.suggestions)} sentence{'s' if len(self.suggestions) != 1 else ''}"
            yield found
            yield Label(Text("l or enter links with the stance shown · o opens it in the reader · escape closes",
                             style="dim"))  # fmt: skip

    def on_mount(self) -> None:
        options = self.query_one("#others", OptionList)
        for index, s in enumerate(self.suggestions):
            head = join(
                Text(f"source {s.source_id} ", style="bold"),
                line(s.outlet or "unknown outlet", 30, "bold"),
                f" · {s.start}:{s.end} · ",
                Text(s.stance, style="bold italic"),
                Text(f" · {s.reason}", style="dim"),
            )
            options.add_option(Option(join(head, "\n", passage(s.text)), id=str(index)))
        if self.suggestions:
            options.highlighted = 0
        else:
            self.notify("No other source states it yet.")

    @on(OptionList.OptionSelected, "#others")
    def selected(self) -> None:
        self.action_choose(True)

    def action_choose(self, link: bool) -> None:
        options = self.query_one("#others", OptionList)
        if options.highlighted is None or not self.suggestions:
            return
        self.dismiss(OtherSourceChoice(self.suggestions[options.highlighted], link))
