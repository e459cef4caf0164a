"""The corroboration matrix: claims as rows, outlets as columns, who supports or refutes each."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import Footer, Header, Static

from workbench import read
from workbench.access import fetch
from workbench.models import MatrixRow, MatrixView
from workbench.tui.base import DataScreen
from workbench.tui.desk import NoteTarget
from workbench.tui.modebar import ModeBar
from workbench.tui.paged import PAGE, PagedTable
from workbench.tui.text import line, status

#: A cell: supports, refutes, mentions; a reprint's counts as its original's outlet and is marked ʳ.
SYMBOLS = {"supports": ("●", "green"), "refutes": ("✕", "red"), "mentions": ("○", "")}
LEGEND = "● supports   ✕ refutes   ○ mentions   ʳ only through reprints of that outlet's story   enter: open the claim"


def _cells(row: MatrixRow, outlets: list[str]) -> list[Text | str]:
    cells: list[Text | str] = [
        Text(str(row.claim_id), style="dim"),
        status(row.status),
        Text(str(row.independent_sources), style="bold red" if row.independent_sources <= 1 else "bold"),
    ]
    for outlet in outlets:
        stance = row.cells.get(outlet)
        if stance is None:
            cells.append(Text(""))
            continue
        symbol, style = SYMBOLS[stance]
        cells.append(Text(symbol + ("ʳ" if outlet in row.via_reprint else ""), style=style, justify="center"))
    others = sorted(set(row.cells) - set(outlets))
    cells.append(Text(f"+{len(others)}" if others else "", style="dim"))
    cells.append(line(row.text, 70))
    return cells


class MatrixScreen(DataScreen):
    """See at a glance which claims rest on a single outlet."""

    AUTO_FOCUS = "#matrix"
    TITLE_TEXT = "Matrix"

    def __init__(self) -> None:
        super().__init__()
        self.outlets: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("matrix")
        yield Static(Text(LEGEND, style="dim"), id="matrix-legend")
        table = PagedTable(id="matrix")
        table.border_title = "Claims × outlets"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        case = self.case
        self.load(lambda: fetch(self.store, read.matrix, limit=PAGE, case=case), self._show, group="matrix")

    def _show(self, view: MatrixView) -> None:
        self.outlets = view.outlets
        table = self.query_one("#matrix", PagedTable)
        table.clear(columns=True)
        table.add_column("id")
        table.add_column("status")
        table.add_column("indep")
        for outlet in view.outlets:
            table.add_column(line(outlet, 14), width=min(max(len(outlet), 3), 14))
        table.add_column("other")
        table.add_column("claim")
        table.start(view.total, [(str(r.claim_id), _cells(r, view.outlets)) for r in view.rows])

    @on(PagedTable.MoreWanted, "#matrix")
    def more(self, event: PagedTable.MoreWanted) -> None:
        outlets = self.outlets
        self.load(
            lambda: fetch(self.store, read.matrix, offset=event.offset, limit=PAGE, case=self.case),
            lambda view: event.table.append([(str(r.claim_id), _cells(r, outlets)) for r in view.rows]),
            group="more",
        )

    def note_target(self) -> NoteTarget | None:
        table = self.query_one("#matrix", PagedTable)
        if table.row_count == 0:
            return None
        claim_id = int(str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value))
        return NoteTarget("claim", claim_id, f"claim {claim_id}")

    @on(PagedTable.RowSelected, "#matrix")
    def chosen(self, event: PagedTable.RowSelected) -> None:
        self.workbench.open_claim(int(str(event.row_key.value)))
