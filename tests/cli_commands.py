"""Every command of the CLI, found by walking the Typer app: a new command can never be left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main

from workbench.cli import app


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, command) for the app, every group and every command below it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


def every_command() -> list[tuple[str, ...]]:
    """The path of every command that does something (groups without a callback of their own left out)."""
    return [
        path
        for path, command in walk(typer.main.get_command(app))
        if path and (not getattr(command, "commands", None) or command.invoke_without_command)
    ]


def every_group() -> list[tuple[str, ...]]:
    """The path of the app and of every group of commands."""
    return [path for path, command in walk(typer.main.get_command(app)) if getattr(command, "commands", None)]
