"""Printing: data to stdout (text or JSON), always with source text made harmless."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

import typer
from pydantic import BaseModel

from workbench.textsafe import dumps, one_line, visible


def emit_json(data: Any) -> None:
    """Print models or plain data as JSON (control and bidi characters escaped)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    typer.echo(dumps(data))


def emit(text: str) -> None:
    """Print text that may contain source material."""
    typer.echo(visible(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, flex: int = -1) -> None:
    """Print aligned columns; column ``flex`` is cut to fit the terminal (at least 20 wide)."""
    cells = [[one_line("–" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    flex = flex % len(headers)
    room = shutil.get_terminal_size((120, 24)).columns - sum(w + 2 for i, w in enumerate(widths) if i != flex)
    widths[flex] = max(20, min(widths[flex], room))
    for row in [list(headers), *cells]:
        parts = [one_line(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        typer.echo("  ".join(parts).rstrip())
