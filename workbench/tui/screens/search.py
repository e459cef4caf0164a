"""Search every source as you type: matched words lit in their sentence; open, record or link from a result."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench import read
from workbench.access import fetch
from workbench.cases import members
from workbench.errors import InvalidInput
from workbench.figures import figure
from workbench.models import SearchHit
from workbench.search.find import RANKED_AMONG, Filters
from workbench.semantic.model import status
from workbench.tui.base import DataScreen
from workbench.tui.desk import NoteTarget
from workbench.tui.modebar import ModeBar
from workbench.tui.recording import link_span, record_claim
from workbench.tui.text import join, line, passage

#: How long typing may pause before the store is asked (a newer keystroke cancels the older search).
_PAUSE = 0.15
#: Results shown at most.
_LIMIT = 100
_HINT = 'words, "exact phrases", prefix*, OR, NOT, (parentheses) · ↓ to the results'
#: What the keys do once there are results.
_KEYS = "enter opens it in the reader · c records a claim from it · l links it to a claim"


def _result(hit: SearchHit) -> Text:
    """A result on two lines: where (source, outlet, date, span, score), then the sentence, matches lit."""
    where = join(
        Text(f"source {hit.source_id} ", style="bold"),
        line(hit.outlet or "unknown outlet", 30, "bold"),
        f" · {hit.published_at or 'undated'} · {hit.start}:{hit.end}",
        Text(" (title)", style="italic") if hit.field == "title" else "",
        Text(f" · score {figure(hit.score)}", style="dim"),
    )
    sentence = passage(hit.sentence)
    for start, end in hit.marks:
        sentence.stylize("bold reverse", start, end)
    return join(where, "\n", sentence)


_PLACEHOLDER = 'search every source: words, "phrases", prefix*, OR, NOT (ctrl+s: by meaning)'
_SIMILAR_PLACEHOLDER = "a sentence: find those saying the same, in any wording or language (ctrl+s: by words)"


class SearchScreen(DataScreen):
    """Find where any source says something; each result is a span, one key from being a claim."""

    AUTO_FOCUS = "#search-query"
    TITLE_TEXT = "Search"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_query", "Query", id="search.query", tooltip="Edit the query"),
        Binding(
            "down", "to_results", "Results", id="search.results", show=False, tooltip="From the query to the results"
        ),
        Binding("c", "create_claim", "Claim", id="search.create", tooltip="Record a claim from the result's span"),
        Binding("l", "link_claim", "Link", id="search.link", tooltip="Link the result's span to an existing claim"),
        Binding("o", "open", "Open", id="search.open", tooltip="Open the result in the reader, its span selected"),
        Binding(
            "ctrl+s",
            "toggle_similar",
            "Similar",
            id="search.similar",
            tooltip="Type a sentence: find those saying the same, in any wording or language (semantic extra)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        #: The query is a sentence to find restatements of, not words and operators.
        self.similar = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("search")
        yield Input(placeholder=_PLACEHOLDER, id="search-query")
        yield Static(Text(_HINT, style="dim"), id="search-state")
        results = OptionList(id="search-results")
        results.border_title = "Results"
        yield results
        yield Footer()

    @on(Input.Changed, "#search-query")
    def typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, query: str) -> None:
        """Search for ``query`` in a worker, after a pause in typing; a newer search drops this one."""
        if not query.strip():
            self._show(([], _HINT))
            return

        similar = self.similar
        case = self.case

        def find() -> tuple[list[SearchHit], str]:
            filters = None
            if case is not None:
                held = fetch(self.store, members, case).sources
                if not held:
                    return [], f"case {case} holds no sources: K puts the source shown in the reader in it"
                filters = Filters(sources=sorted(held))
            try:
                page = fetch(
                    self.store, read.similar_page if similar else read.search_page, query, filters=filters, limit=_LIMIT
                )
            except InvalidInput as e:  # typing is not done yet: say what is wrong, quietly
                return [], str(e)
            hits = page.hits
            more = f" (the best {_LIMIT})" if len(hits) == _LIMIT else ""
            if similar:
                tier = status()
                more += " · by meaning and words" if tier.on else f" · by words alone: {tier.reason}"
            if page.narrowed:
                more = f" (the best of the newest {RANKED_AMONG:,} matches: more words narrow it)"
            return hits, f"{len(hits)} result{'s' if len(hits) != 1 else ''}{more} · {_KEYS if hits else _HINT}"

        self.load(find, self._show, group="search", delay=_PAUSE)

    def _show(self, found: tuple[list[SearchHit], str]) -> None:
        self.hits, state = found
        self.query_one("#search-state", Static).update(Text(state, style="dim"))
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(Option(_result(hit), id=str(index)) for index, hit in enumerate(self.hits))
        if self.hits:
            results.highlighted = 0

    def refresh_data(self) -> None:
        self.search(self.query_one("#search-query", Input).value)

    def note_target(self) -> NoteTarget | None:
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None or not self.hits:
            return None
        source_id = self.hits[results.highlighted].source_id
        return NoteTarget("source", source_id, f"source {source_id}")

    def _hit(self) -> SearchHit | None:
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None or not self.hits:
            self.notify("No result chosen: type a query, then ↓ to the results.", severity="warning")
            return None
        return self.hits[results.highlighted]

    def _text_hit(self) -> SearchHit | None:
        hit = self._hit()
        if hit is not None and hit.field == "title":
            self.notify(
                "That match is in the title, which is not part of the text evidence quotes.", severity="warning"
            )
            return None
        return hit

    def action_toggle_similar(self) -> None:
        self.similar = not self.similar
        query = self.query_one("#search-query", Input)
        query.placeholder = _SIMILAR_PLACEHOLDER if self.similar else _PLACEHOLDER
        self.notify("similar: sentences saying the same as what you type" if self.similar else "search by words")
        self.refresh_data()

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_to_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()

    @on(Input.Submitted, "#search-query")
    def submitted(self) -> None:
        self.action_to_results()

    @on(OptionList.OptionSelected, "#search-results")
    def action_open(self) -> None:
        hit = self._hit()
        if hit is None:
            return
        if hit.field == "title":
            self.workbench.open_source(hit.source_id)
        else:
            self.workbench.open_span(hit.source_id, hit.start, hit.end)

    def action_create_claim(self) -> None:
        hit = self._text_hit()
        if hit is not None:
            label = f"source {hit.source_id} ({hit.outlet or 'unknown outlet'})"
            record_claim(self, source_id=hit.source_id, span=(hit.start, hit.end), quote=hit.text, label=label,
                         then=lambda _: self.refresh_data())  # fmt: skip

    def action_link_claim(self) -> None:
        hit = self._text_hit()
        if hit is not None:
            link_span(self, source_id=hit.source_id, span=(hit.start, hit.end), quote=hit.text,
                      then=lambda _: self.refresh_data())  # fmt: skip
