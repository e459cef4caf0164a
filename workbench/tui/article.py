"""The article in the reader: a read-only text area whose positions are code-point offsets of the source.

The text shown is the source text with every control, bidi or odd line-break character replaced
by one visible character (``textsafe.same_length``), so nothing in an article can steer the
terminal or reorder what the reviewer sees, and every position in the widget is the same
position in the stored text. Lines are split on line feeds only; a location (row, column) is an
offset by the start of its row.

Evidence spans are drawn in their claim's status colour and candidates (quantities, dates,
equipment, attributions) more quietly, through the text area's highlight map.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.containers import Lines
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import TextArea
from textual.widgets.text_area import Selection, TextAreaTheme

from workbench.textsafe import same_length
from workbench.tui.text import STATUS_STYLES

#: How each kind of mark looks: evidence in its claim's status colour (a rejected claim's struck
#: through), no background, so that a selection stays visible over a span.
STYLES = {
    **{
        f"evidence.{status}": Style(
            color=colour, bold=status != "rejected", underline=True, strike=status == "rejected"
        )
        for status, colour in STATUS_STYLES.items()
    },
    "candidate": Style(color="medium_purple", italic=True),
    # page furniture (captions, credits, share buttons): there, but not what the article says
    "boilerplate": Style(color="grey50", dim=True),
    "found": Style(reverse=True),
}

THEME = TextAreaTheme(name="workbench-article", syntax_styles=STYLES)


class _Paragraph(Text):
    """A line of the article whose division into wrapped rows is worked out once, not once per row.

    The text area styles a whole line and divides it at its wrap points for every screen row it
    draws, so a paragraph of n rows costs n divisions of n rows each. Rows of one paragraph are
    styled identically for one state of the cursor, selection and marks, so the division is
    remembered by that styling (the ``divisions`` dictionary belongs to the widget and is emptied
    whenever it grows large or the text changes).
    """

    divisions: dict[object, Lines]

    def divide(self, offsets: Iterable[int]) -> Lines:
        at = tuple(offsets)
        key = (self.plain, tuple(self.spans), at)
        found = self.divisions.get(key)
        if found is None:
            if len(self.divisions) > 512:
                self.divisions.clear()
            found = self.divisions[key] = super().divide(at)
        return found


@dataclass(frozen=True)
class Mark:
    """A span of the source to draw: evidence (with its claim's status), a candidate, or furniture."""

    start: int
    end: int
    style: str
    #: What the span is: ``evidence``, ``boilerplate``, or a candidate kind (quantity, date, item,
    #: attribution).
    kind: str = "candidate"
    #: The evidence's claim, for evidence marks.
    claim_id: int | None = None


class ArticleView(TextArea):
    """A source's text, selectable by keyboard and mouse, with offsets of the stored text."""

    DEFAULT_CSS = """
    ArticleView { border: none; padding: 0 1; }
    """
    #: The text is read-only: ctrl+z is the workbench's undo of the last decision, not the text area's.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+z", "app.undo", "Undo", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        # set before the text area's constructor: it builds the highlight map
        self.source_text = ""
        self._line_starts: list[int] = [0]
        self._marks: list[Mark] = []
        self._found: tuple[int, int] | None = None
        self._divisions: dict[object, Lines] = {}
        super().__init__("", read_only=True, soft_wrap=True, show_line_numbers=False, id=id, show_cursor=True)
        self.register_theme(THEME)
        self.theme = THEME.name

    def on_mount(self) -> None:
        if self.app.is_headless:  # a rendering for a test or a snapshot: the same every time
            self.cursor_blink = False

    def get_line(self, line_index: int) -> Text:
        line = _Paragraph(self.document.get_line(line_index), end="", no_wrap=True)
        line.divisions = self._divisions
        return line

    def show(self, text: str, marks: Sequence[Mark] = (), *, at: int = 0) -> None:
        """Show ``text`` (a source's stored text) with its marks, the cursor at offset ``at``."""
        self.source_text = text
        starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                starts.append(index + 1)
        self._line_starts = starts
        self._marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._found = None
        self._divisions.clear()
        self.load_text(same_length(text))
        self.move_cursor(self.location_of(min(at, len(text))), center=True)

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Replace the marks (after a claim was created or changed) without moving the cursor."""
        self._marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._refresh_marks()

    @property
    def marks(self) -> list[Mark]:
        """The marks shown, by position."""
        return list(self._marks)

    def location_of(self, offset: int) -> tuple[int, int]:
        """The (row, column) of a code-point offset."""
        row = bisect.bisect_right(self._line_starts, offset) - 1
        return row, offset - self._line_starts[row]

    def offset_of(self, location: tuple[int, int]) -> int:
        """The code-point offset of a (row, column)."""
        row, column = location
        row = max(0, min(row, len(self._line_starts) - 1))
        return min(self._line_starts[row] + column, len(self.source_text))

    @property
    def cursor_offset(self) -> int:
        """Where the cursor is, as an offset."""
        return self.offset_of(self.selection.end)

    @property
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as (start, end) offsets, or ``None`` when nothing is selected."""
        start, end = sorted((self.offset_of(self.selection.start), self.offset_of(self.selection.end)))
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select ``source_text[start:end]`` and bring it into view."""
        self.selection = Selection(self.location_of(start), self.location_of(end))
        self.scroll_cursor_visible(center=True)

    def extend_to(self, offset: int) -> None:
        """Move the selection's moving end to ``offset``, keeping where it started."""
        self.selection = Selection(self.selection.start, self.location_of(offset))
        self.scroll_cursor_visible()

    def marks_at(self, offset: int) -> list[Mark]:
        """The marks covering ``offset`` (evidence first)."""
        found = [m for m in self._marks if m.start <= offset < m.end]
        return sorted(found, key=lambda m: (m.kind != "evidence", m.end - m.start))

    def highlight_found(self, span: tuple[int, int] | None) -> None:
        """Show a search match (or clear it)."""
        self._found = span
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        """Our marks, as the text area draws them: per line, in UTF-8 byte offsets of the line."""
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        if not self.source_text:
            return
        lines = self.document.lines
        # evidence last, so that it is drawn over the candidates inside it
        ordered = sorted(self._marks, key=lambda m: m.kind == "evidence")
        marks = [(m.start, m.end, m.style) for m in ordered]
        if self._found is not None:
            marks.append((*self._found, "found"))
        for start, end, style in marks:
            first_row, first_column = self.location_of(start)
            last_row, last_column = self.location_of(end)
            for row in range(first_row, min(last_row, len(lines) - 1) + 1):
                line = lines[row]
                begin = first_column if row == first_row else 0
                finish = last_column if row == last_row else len(line)
                if finish <= begin:
                    continue
                to_bytes = len(line[:begin].encode()), len(line[:finish].encode())
                highlights[row].append((to_bytes[0], to_bytes[1], style))
