"""The Typer applications and the global options every command shares."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

from workbench.errors import WorkbenchError
from workbench.textsafe import one_line

if TYPE_CHECKING:  # deferred: `workbench --help` need not load SQLAlchemy (see README, start-up)
    from sqlalchemy import Connection

    from store import Store

P = ParamSpec("P")
T = TypeVar("T")

#: Set to 1 to get a traceback instead of a one-line message for unexpected errors.
DEBUG_ENV = "WORKBENCH_DEBUG"


class Exit(IntEnum):
    """Exit statuses, the same for every command; scripts rely on them."""

    #: It did what was asked.
    ok = 0
    #: Refused or failed, with one line on stderr saying why: bad input, not found, a failing store.
    refused = 1
    #: The command line itself is wrong (unknown option, missing argument).
    usage = 2
    #: A bug: an error the workbench did not expect (``WORKBENCH_DEBUG=1`` shows the traceback).
    internal = 70


#: Typer 0.29 vendors Click; the base of its usage errors is reachable through the public BadParameter.
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _OneLineErrors(TyperGroup):
    """Report every failure as one line on stderr: usage errors exit 2, workbench errors 1."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone_mode = kwargs.get("standalone_mode", True)
        kwargs["standalone_mode"] = False  # so that errors come back here instead of being printed
        try:
            _text_arguments(kwargs.get("args", args[0] if args else None))
            result = super().main(*args, **kwargs)
        except _USAGE_ERROR as e:
            # Typer checks choices through pydantic, whose wording adds "Value error, " to the reason
            say(f"error: {e.format_message().replace('Value error, ', '')}")  # type: ignore[attr-defined]
            result = e.exit_code  # type: ignore[attr-defined]  # Exit.usage for usage errors
        except typer.Abort:
            say("aborted")
            result = Exit.refused
        except WorkbenchError as e:
            say(f"error: {e}")
            result = Exit.refused
        except Exception as e:
            if debugging():
                raise
            say(f"internal error: {type(e).__name__}: {e} (set {DEBUG_ENV}=1 for details)")
            result = Exit.internal
        if not standalone_mode:
            return result
        sys.exit(int(result) if isinstance(result, int) else Exit.ok)


def _text_arguments(arguments: Any) -> None:
    """Refuse an argument that is not text (bytes that are not UTF-8 arrive as lone surrogates).

    Raises:
        InvalidInput: naming the argument by its position.
    """
    from workbench.checks import check_unicode

    for position, argument in enumerate(sys.argv[1:] if arguments is None else arguments, 1):
        if isinstance(argument, str):
            check_unicode(argument, f"argument {position}")


def say(message: str) -> None:
    """Print one line on stderr (errors, notes, summaries), anything from a file or argument made harmless."""
    typer.echo(one_line(message), err=True)


def debugging() -> bool:
    """Whether unexpected errors should surface with a traceback."""
    return os.environ.get(DEBUG_ENV) == "1"


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@dataclass
class Settings:
    """What the global options resolved to; handed to every command through the context."""

    db: str
    #: The reviewer named by ``--reviewer`` or ``WORKBENCH_REVIEWER``, if any.
    named: str | None
    context: typer.Context = field(repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def reviewer(self) -> str:
        """Who acts: the one named; else, on a team store, the session's database role; else the user's name."""
        if self.named is not None:
            return self.named
        if self._store is not None and self._store.role is not None:
            return self._store.role
        return _default_reviewer()

    def store(self, *, create: bool = False) -> Store:
        """Open the store once per command; only ``create`` commands may make a new file.

        Raises:
            WorkbenchError: no store at the path (and not ``create``), or it cannot be opened.
        """
        if self._store is None:
            path = _sqlite_path(self.db)
            if not create and path is not None and not path.exists():
                raise WorkbenchError(f"no store at {self.db}; run `workbench init` or `workbench import` first")
            from workbench.access import open_store
            from workbench.cli.output import progress_reporter

            # the retrieval index is caught up on open (a store made before it, or by older rules)
            with progress_reporter("indexing") as progress:
                self._store = open_store(self.db, progress=progress)
            self.context.call_on_close(self._store.close)
        return self._store

    def read(self, query: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one read-layer query (``workbench.read``) on the store, in its own read transaction."""
        from workbench.access import fetch

        return fetch(self.store(), query, *args, **kwargs)


def _sqlite_path(db: str) -> Path | None:
    """The file behind a SQLite path or ``sqlite:///`` URL; ``None`` for other databases and memory."""
    from store.engine import to_url

    url = to_url(db)
    if not url.startswith("sqlite:///") or url in {"sqlite:///", "sqlite:///:memory:"}:
        return None
    # a URI filename (`sqlite:///file:PATH?mode=ro&uri=true`) names its file after `file:`
    return Path(url.removeprefix("sqlite:///").split("?", 1)[0].removeprefix("file:"))


def group(**options: Any) -> typer.Typer:
    """A command group with the workbench's settings: plain help text, no pretty tracebacks.

    Plain help (Click's own layout, ``rich_markup_mode=None``) reads the same over SSH, in a
    pipe and in a log, and spares every command the 0.13 s of loading Rich's help renderer.
    """
    return typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, **options)


app = group(
    cls=_OneLineErrors,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Claim provenance workbench: link claims to exact spans of sources, with an audit trail.",
)
show_app = group(no_args_is_help=True, help="Show one source or claim in full.")
claim_app = group(no_args_is_help=True, help="Create claims, link evidence, set status and credibility.")
outlet_app = group(no_args_is_help=True, help="Outlets and their reliability grades.")
audit_app = group(no_args_is_help=True, help="Verify and read the hash-chained audit log.")
match_app = group(invoke_without_command=True)  # help: the callback's docstring
contradiction_app = group(no_args_is_help=True, help="Record, resolve and dismiss contradictions.")
story_app = group(no_args_is_help=True, help="Move, split and merge stories (the sources about one event).")
case_app = group(no_args_is_help=True, help="Cases: named collections of sources and claims.")
key_app = group(no_args_is_help=True, help="Reviewers' signing keys: every event signed by its author.")
team_app = group(no_args_is_help=True, help="Team stores on PostgreSQL: each reviewer acts as their database role.")
app.add_typer(show_app, name="show")
app.add_typer(claim_app, name="claim")
app.add_typer(outlet_app, name="outlet")
app.add_typer(audit_app, name="audit")
app.add_typer(match_app, name="match")
app.add_typer(contradiction_app, name="contradiction")
app.add_typer(story_app, name="story")
app.add_typer(case_app, name="case")
app.add_typer(key_app, name="key")
app.add_typer(team_app, name="team")


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: Annotated[
        str,
        typer.Option("--db", envvar="WORKBENCH_DB", help="Store: a SQLite file path or a SQLAlchemy URL."),
    ] = "workbench.db",
    reviewer: Annotated[
        str | None,
        typer.Option("--reviewer", envvar="WORKBENCH_REVIEWER", help="Who is acting (default: your user name)."),
    ] = None,
) -> None:
    """Claim provenance workbench: link claims to exact spans of sources, with an audit trail."""
    ctx.obj = Settings(db=db, named=reviewer, context=ctx)


def settings(ctx: typer.Context) -> Settings:
    """The global settings of the running command."""
    root = ctx.find_root()
    assert isinstance(root.obj, Settings)
    return root.obj
