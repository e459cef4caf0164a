"""A table that loads its rows a page at a time: a 100,000-row store opens as fast as a small one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

#: Rows asked for at a time, and how close to the end the cursor gets before the next page loads.
PAGE = 100
AHEAD = 25


class Table(DataTable[Text | str]):
    """A data table whose rows are never drawn with stale column widths.

    The data table measures new rows' cells when it is next idle and widens its columns then,
    but keeps the lines it drew before that in its caches: if a frame falls between adding
    rows and that measuring, those rows stay squeezed into the old widths ("in rev", "At le").
    Once the columns are measured, drawn lines are forgotten and the table redrawn.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.content_width for column in self.columns.values()]
        super()._update_dimensions(new_rows)
        if widths != [column.content_width for column in self.columns.values()]:
            self._clear_caches()
            self.refresh()


class PagedTable(Table):
    """Rows arrive in pages; when the cursor nears the last one loaded, the table asks for more."""

    class MoreWanted(Message):
        """The table wants the rows from ``offset`` on."""

        def __init__(self, table: PagedTable, offset: int) -> None:
            super().__init__()
            self.table = table
            self.offset = offset

        @property
        def control(self) -> PagedTable:
            """The table that asked."""
            return self.table

    def __init__(self, *, id: str | None = None, fill: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.total = 0
        self._asked = -1
        #: The column that takes whatever width the others leave.
        self.fill = fill

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self.fill is None or self.fill not in self.columns:
            return
        others = sum(c.get_render_width(self) for key, c in self.columns.items() if key != self.fill)
        column = self.columns[self.fill]  # type: ignore[index]
        column.auto_width = False
        column.width = max(10, self.scrollable_content_region.width - others - 2 * self.cell_padding)
        self._require_update_dimensions = True
        self.refresh()

    def start(self, total: int, rows: Iterable[tuple[str, Sequence[Text | str]]], *, height: int = 1) -> None:
        """Replace the rows with a first page (``(key, cells)`` pairs) of ``total`` in all."""
        self.clear()
        self.total = total
        self._asked = -1
        self.append(rows, height=height)
        self.border_subtitle = f"{total:,}"
        self._fit()

    def append(self, rows: Iterable[tuple[str, Sequence[Text | str]]], *, height: int = 1) -> None:
        """Add the next page."""
        for key, cells in rows:
            if key not in self.rows:
                self.add_row(*cells, key=key, height=height)

    def watch_cursor_coordinate(self, old: object, new: object) -> None:
        super().watch_cursor_coordinate(old, new)  # type: ignore[arg-type]
        if self.row_count < self.total and self.cursor_row >= self.row_count - AHEAD and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.MoreWanted(self, self.row_count))
