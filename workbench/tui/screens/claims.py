"""Every claim in a table that loads as it scrolls: search, filter by status, sort by any column."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Static

from store.models import CLAIM_STATUSES
from workbench.browse import GRADE_SORTS, SQL_SORTS, ClaimQuery, claims_page
from workbench.models import ClaimPage, ClaimRow
from workbench.tui.base import DataScreen
from workbench.tui.modebar import ModeBar
from workbench.tui.paged import PAGE, PagedTable
from workbench.tui.text import line, status

#: The order ``o`` cycles through sort keys.
SORTS = ["id", "status", "credibility", "independent", "suggested", "updated", "text"]
assert set(SORTS) <= set(SQL_SORTS) | set(GRADE_SORTS)


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
        Binding("escape", "focus_table", "Table", id="claims.table", show=False, tooltip="Back to the table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = ClaimQuery()

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

    def refresh_data(self) -> None:
        query = self.query_state
        self.query_one("#claims-state", Static).update(self._describe(query))

        def fetch() -> ClaimPage:
            with self.store.read() as session:
                return claims_page(session.connection(), query, limit=PAGE)

        def show(page: ClaimPage) -> None:
            table = self.query_one("#claims", PagedTable)
            table.start(page.total, [(str(r.id), claim_cells(r)) for r in page.rows])

        self.load(fetch, show, group="claims")

    @staticmethod
    def _describe(query: ClaimQuery) -> Text:
        parts = [f"sort {query.sort}{' ↓' if query.descending else ' ↑'}", f"status {query.status or 'any'}"]
        if query.contradicted_only:
            parts.append("contradicted")
        if query.single_source_only:
            parts.append("single source")
        return Text(" · ".join(parts), style="dim")

    @on(PagedTable.MoreWanted, "#claims")
    def more(self, event: PagedTable.MoreWanted) -> None:
        query = self.query_state

        def fetch() -> ClaimPage:
            with self.store.read() as session:
                return claims_page(session.connection(), query, offset=event.offset, limit=PAGE)

        self.load(
            fetch, lambda page: event.table.append([(str(r.id), claim_cells(r)) for r in page.rows]), group="more"
        )

    @on(PagedTable.RowSelected, "#claims")
    def chosen(self, event: PagedTable.RowSelected) -> None:
        self.workbench.open_claim(int(str(event.row_key.value)))

    @on(Input.Changed, "#claims-search")
    def searched(self, event: Input.Changed) -> None:
        self.query_state = replace(self.query_state, search=event.value)
        self.refresh_data()

    @on(Input.Submitted, "#claims-search")
    def search_done(self) -> None:
        self.query_one("#claims", PagedTable).focus()

    def action_search(self) -> None:
        self.query_one("#claims-search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#claims", PagedTable).focus()

    def action_status_filter(self) -> None:
        cycle: list[str | None] = [None, *CLAIM_STATUSES]
        current = cycle.index(self.query_state.status)
        self.query_state = replace(self.query_state, status=cycle[(current + 1) % len(cycle)])
        self.refresh_data()

    def action_sort(self) -> None:
        current = SORTS.index(self.query_state.sort) if self.query_state.sort in SORTS else -1
        self.query_state = replace(self.query_state, sort=SORTS[(current + 1) % len(SORTS)])
        self.refresh_data()

    def action_reverse(self) -> None:
        self.query_state = replace(self.query_state, descending=not self.query_state.descending)
        self.refresh_data()

    def action_contradicted(self) -> None:
        self.query_state = replace(self.query_state, contradicted_only=not self.query_state.contradicted_only)
        self.refresh_data()

    def action_single(self) -> None:
        self.query_state = replace(self.query_state, single_source_only=not self.query_state.single_source_only)
        self.refresh_data()
