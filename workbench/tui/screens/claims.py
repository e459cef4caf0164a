"""Every claim in a table that loads as it scrolls: search, filter by status, sort by any column."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input, Static

from store.vocabulary import CLAIM_STATUSES, ClaimStatus
from workbench import read
from workbench.access import fetch
from workbench.models import ClaimPage, ClaimRow
from workbench.read import ClaimQuery, ClaimSort
from workbench.textsafe import one_line
from workbench.tui.base import DataScreen
from workbench.tui.desk import NoteTarget, PromptDialog
from workbench.tui.modebar import ModeBar
from workbench.tui.paged import PAGE, PagedTable
from workbench.tui.text import line, status

#: The order ``o`` cycles through sort keys.
SORTS: list[ClaimSort] = ["id", "status", "credibility", "independent", "suggested", "updated", "text"]


def claim_cells(row: ClaimRow) -> list[Text | str]:
    """A claim's row: id, status, credibility, suggested, independent sources, contradicted, text."""
    return [
        Text(str(row.id), style="dim"),
        status(row.status),
        Text(str(row.credibility)),
        Text(str(row.suggested_credibility), style="italic"),
        Text(str(row.independent_sources), style="bold" if row.independent_sources >= 2 else ""),
        Text("yes", style="bold red") if row.contradicted else Text(""),
        line(row.text, 100),
    ]


class ClaimsScreen(DataScreen):
    """Find any claim; enter opens it in the reader at its evidence."""

    AUTO_FOCUS = "#claims"
    TITLE_TEXT = "Claims"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="claims.search", tooltip="Search claim texts (or an id)"),
        Binding("f", "status_filter", "Status", id="claims.status", tooltip="Cycle the status filter"),
        Binding("o", "sort", "Sort", id="claims.sort", tooltip="Cycle the sort column"),
        Binding("i", "reverse", "Reverse", id="claims.reverse", tooltip="Reverse the sort order"),
        Binding(
            "k",
            "contradicted",
            "Contradicted",
            id="claims.contradicted",
            tooltip="Only claims with an open contradiction",
        ),
        Binding(
            "u", "single", "Single source", id="claims.single", tooltip="Only claims resting on one source or none"
        ),
        Binding("m", "mine", "My queue", id="claims.mine", tooltip="Only claims assigned to you"),
        Binding("g", "tag_filter", "Tag", id="claims.tag", show=False, tooltip="Only claims with a tag"),
        Binding("escape", "focus_table", "Table", id="claims.table", show=False, tooltip="Back to the table"),
    ]

    #: What the table shows: search, filters and sort. Every change reloads the table.
    query_state: reactive[ClaimQuery] = reactive(ClaimQuery, init=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("claims")
        with Horizontal(id="claims-bar"):
            yield Input(placeholder="search claims (text or id)", id="claims-search")
            yield Static(id="claims-state")
        table = PagedTable(id="claims")
        table.border_title = "Claims"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#claims", PagedTable).add_columns("id", "status", "cred", "sugg", "indep", "contra", "text")
        self.refresh_data()

    def watch_query_state(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        query = replace(self.query_state, case=self.case)  # the case in force narrows every screen
        self.query_one("#claims-state", Static).update(self._describe(query))

        def show(page: ClaimPage) -> None:
            table = self.query_one("#claims", PagedTable)
            table.start(page.total, [(str(r.id), claim_cells(r)) for r in page.rows])

        self.load(lambda: fetch(self.store, read.claims_page, query, limit=PAGE), show, group="claims")

    @staticmethod
    def _describe(query: ClaimQuery) -> Text:
        parts = [f"sort {query.sort}{' ↓' if query.descending else ' ↑'}", f"status {query.status or 'any'}"]
        if query.contradicted_only:
            parts.append("contradicted")
        if query.single_source_only:
            parts.append("single source")
        parts += [f"{what} {value}" for what, value in (("assigned to", query.assigned), ("tag", query.tag),
                                                        ("case", query.case)) if value]  # fmt: skip
        return Text(one_line(" · ".join(parts)), style="dim")

    @on(PagedTable.MoreWanted, "#claims")
    def more(self, event: PagedTable.MoreWanted) -> None:
        query = replace(self.query_state, case=self.case)
        self.load(
            lambda: fetch(self.store, read.claims_page, query, offset=event.offset, limit=PAGE),
            lambda page: event.table.append([(str(r.id), claim_cells(r)) for r in page.rows]),
            group="more",
        )

    @on(PagedTable.RowSelected, "#claims")
    def chosen(self, event: PagedTable.RowSelected) -> None:
        self.workbench.open_claim(int(str(event.row_key.value)))

    @on(Input.Changed, "#claims-search")
    def searched(self, event: Input.Changed) -> None:
        self.query_state = replace(self.query_state, search=event.value)

    @on(Input.Submitted, "#claims-search")
    def search_done(self) -> None:
        self.query_one("#claims", PagedTable).focus()

    def action_search(self) -> None:
        self.query_one("#claims-search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#claims", PagedTable).focus()

    def note_target(self) -> NoteTarget | None:
        table = self.query_one("#claims", PagedTable)
        if table.row_count == 0:
            return None
        claim_id = int(str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value))
        return NoteTarget("claim", claim_id, f"claim {claim_id}")

    def action_mine(self) -> None:
        mine = None if self.query_state.assigned == self.reviewer else self.reviewer
        self.query_state = replace(self.query_state, assigned=mine)

    def action_tag_filter(self) -> None:
        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.query_state = replace(self.query_state, tag=tag or None)

        prompt = PromptDialog("Only claims with a tag", "The tag (empty: any)", value=self.query_state.tag or "",
                              required=False)  # fmt: skip
        self.app.push_screen(prompt, chosen)

    def action_status_filter(self) -> None:
        cycle: list[ClaimStatus | None] = [None, *CLAIM_STATUSES]
        current = cycle.index(self.query_state.status)
        self.query_state = replace(self.query_state, status=cycle[(current + 1) % len(cycle)])

    def action_sort(self) -> None:
        current = SORTS.index(self.query_state.sort) if self.query_state.sort in SORTS else -1
        self.query_state = replace(self.query_state, sort=SORTS[(current + 1) % len(SORTS)])

    def action_reverse(self) -> None:
        self.query_state = replace(self.query_state, descending=not self.query_state.descending)

    def action_contradicted(self) -> None:
        self.query_state = replace(self.query_state, contradicted_only=not self.query_state.contradicted_only)

    def action_single(self) -> None:
        self.query_state = replace(self.query_state, single_source_only=not self.query_state.single_source_only)
