"""Rich text built from data, never from markup: how every label in the workbench is made.

Textual parses markup in plain strings handed to most widgets, so an article that says
``[bold]`` or ``[link=…]`` would be rendered, not shown. Everything that may hold source or
claim text goes through these helpers, which build ``Text`` objects and escape control and
bidi characters (``workbench.textsafe``).
"""

from __future__ import annotations

from rich.text import Text

from store.vocabulary import ClaimStatus
from workbench.textsafe import inline, one_line

#: Colours of claim statuses, shared by the article, the inspector and the tables.
STATUS_STYLES: dict[ClaimStatus, str] = {
    "verified": "green",
    "in_review": "dark_orange",
    "draft": "dodger_blue2",
    "disputed": "red",
    "rejected": "grey50",
}


def line(text: str | None, width: int | None = None, style: str = "") -> Text:
    """One line of data: whitespace collapsed, cut to ``width``, controls made visible."""
    return Text(one_line(text or "", width), style=style, no_wrap=True, end="")


def passage(text: str | None, style: str = "") -> Text:
    """Data that may wrap (a claim's text, a quote): controls made visible, line breaks as ⏎."""
    return Text(inline(text or ""), style=style, end="")


def status(value: ClaimStatus) -> Text:
    """A claim status in its colour."""
    return Text(value.replace("_", " "), style=STATUS_STYLES[value], end="")


def join(*parts: Text | str, sep: str = "") -> Text:
    """Pieces (data as ``Text``, labels as plain strings, never markup) in one line."""
    out = Text(end="")
    for index, part in enumerate(parts):
        if index and sep:
            out.append(sep)
        out.append(part if isinstance(part, Text) else Text(part))
    return out
