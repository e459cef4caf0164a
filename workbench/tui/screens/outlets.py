"""Outlets and their Admiralty reliability grades, graded with one key."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from store.vocabulary import RELIABILITY_WORDS
from workbench import read
from workbench.access import fetch
from workbench.models import OutletRead
from workbench.outlets import grade_outlet
from workbench.tui.base import DataScreen
from workbench.tui.desk import NoteTarget
from workbench.tui.modebar import ModeBar
from workbench.tui.paged import Table
from workbench.tui.text import line


class OutletsScreen(DataScreen):
    """Grade who publishes: a to f set the highlighted outlet's reliability."""

    AUTO_FOCUS = "#outlets"
    TITLE_TEXT = "Outlets"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            key.lower(),
            f"grade('{key}')",
            f"Grade {key}",
            id=f"outlets.grade_{key.lower()}",
            tooltip=f"{key}: {meaning}",
        )
        for key, meaning in RELIABILITY_WORDS.items()
    ]

    def __init__(self) -> None:
        super().__init__()
        #: The outlets shown, by name: a note goes on the outlet's id.
        self._ids: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield ModeBar("outlets")
        yield Static(
            Text("  ".join(f"{k} {v}" for k, v in RELIABILITY_WORDS.items()), style="dim"), id="outlets-legend"
        )
        table = Table(id="outlets", cursor_type="row", zebra_stripes=True)
        table.border_title = "Outlets"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#outlets", Table).add_columns("outlet", "grade", "meaning", "domain", "aliases", "sources")
        self.refresh_data()

    def refresh_data(self) -> None:
        self.load(lambda: fetch(self.store, read.outlets), self._show, group="outlets")

    def _show(self, outlets: list[OutletRead]) -> None:
        table = self.query_one("#outlets", Table)
        row = table.cursor_row
        self._ids = {outlet.name: outlet.id for outlet in outlets}
        table.clear()
        for outlet in outlets:
            table.add_row(
                line(outlet.name, 40, "bold"),
                Text(outlet.reliability, style="bold"),
                Text(RELIABILITY_WORDS[outlet.reliability]),
                line(outlet.domain, 30),
                line(", ".join(outlet.aliases) or None, 30),
                Text(str(outlet.sources)),
                key=outlet.name,
            )
        if outlets:
            table.move_cursor(row=min(row, len(outlets) - 1))

    def note_target(self) -> NoteTarget | None:
        table = self.query_one("#outlets", Table)
        if table.row_count == 0:
            return None
        name = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        outlet_id = self._ids.get(name)
        return None if outlet_id is None else NoteTarget("outlet", outlet_id, f"outlet {name}")

    def action_grade(self, grade: str) -> None:
        table = self.query_one("#outlets", Table)
        if table.row_count == 0:
            self.notify("No outlets yet: they come with imported sources.", severity="warning")
            return
        name = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        self.act(
            lambda: grade_outlet(store=self.store, actor=self.reviewer, name=name, reliability=grade),
            lambda _: self.refresh_data(),
            done=f"{name}: graded {grade} · N: why · ctrl+z: undo",
        )
