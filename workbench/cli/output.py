"""Printing: data to stdout (text or JSON), always with source text made harmless."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

import typer

from workbench.textsafe import dumps, one_line, visible


def emit_json(data: Any) -> None:
    """Print models or plain data as JSON (control and bidi characters escaped)."""
    # models are recognised by what they do: importing pydantic here would cost `--help` 50 ms
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
    typer.echo(dumps(data))


def emit(text: str) -> None:
    """Print text that may contain source material."""
    typer.echo(visible(text))


def count(number: int, noun: str) -> str:
    """``3 claims``, ``1 claim``: a number with its noun, for summary lines."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, flex: int = -1) -> None:
    """Print aligned columns; column ``flex`` is cut to fit the terminal (at least 20 wide). No rows: nothing."""
    if not rows:
        return
    cells = [[one_line("–" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    flex = flex % len(headers)
    room = shutil.get_terminal_size((120, 24)).columns - sum(w + 2 for i, w in enumerate(widths) if i != flex)
    widths[flex] = max(20, min(widths[flex], room))
    for row in [list(headers), *cells]:
        parts = [one_line(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        typer.echo("  ".join(parts).rstrip())


def progress_bar(total: int, label: str) -> Any:
    """A rich progress bar on stderr when it is a terminal and there is more than one step, else ``None``.

    Use as a context manager: ``with progress_bar(n, "importing") as bar: bar and bar.update(...)``.
    """
    if total < 2 or not sys.stderr.isatty():
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@contextmanager
def progress_reporter(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback for a core service, drawn as a bar while it runs (see ``progress_bar``)."""
    with progress_bar(2, label) as bar:
        task = bar.add_task(label, total=None) if bar else None

        def progress(done: int, total: int) -> None:
            if bar:
                bar.update(task, completed=done, total=total)

        yield progress
