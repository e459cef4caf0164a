"""Source text shown in a terminal cannot act on it; JSON stays exact data."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from workbench.textsafe import dumps, inline, one_line, visible

HOSTILE = "a\x1b[31mred\x1b[0m \x07bell \u202eevil\u202c \x9b2J [bold]x[/bold] é’\n\tend\x00"


def test_visible_escapes_controls_and_bidi_but_keeps_text_newlines_and_markup() -> None:
    shown = visible(HOSTILE)
    assert shown == "a\\x1b[31mred\\x1b[0m \\x07bell \\u202eevil\\u202c \\x9b2J [bold]x[/bold] é’\n\tend\\x00"


def test_inline_marks_line_breaks_and_keeps_spaces() -> None:
    assert inline(" carrying \nat least ") == " carrying ⏎at least "


def test_one_line_collapses_and_cuts() -> None:
    assert one_line("a  b\n\nc", 4) == "a b…"
    assert one_line("\x1b[2J") == "\\x1b[2J"


@given(st.text())
def test_dumps_round_trips_and_prints_nothing_a_terminal_would_obey(text: str) -> None:
    out = dumps({"text": text})
    assert json.loads(out) == {"text": text}
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for c in out)
    assert not any(ord(c) < 0x20 and c != "\n" for c in out)
