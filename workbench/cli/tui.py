"""Commands that open the review workbench: ``review`` and ``demo``."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.app import app, say, settings
from workbench.errors import InvalidInput

KeysOption = Annotated[
    Path | None,
    typer.Option(
        "--keys",
        envvar="WORKBENCH_KEYS",
        help='A TOML file remapping keys by binding id: [keys] "reader.verify" = "V". `workbench keys` lists the ids.',
    ),
]


def _keymap(path: Path | None) -> dict[str, str]:
    """The ``[keys]`` table of a TOML file, every id checked against the workbench's bindings."""
    if path is None:
        return {}
    from workbench.tui.app import binding_ids

    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("keys", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InvalidInput(f"{path}: not a readable TOML file ({e})") from e
    if not isinstance(table, dict) or not all(isinstance(v, str) and v.strip() for v in table.values()):
        raise InvalidInput(f'{path}: expected a [keys] table of "binding.id" = "key" strings')
    unknown = sorted(set(table) - set(binding_ids()))
    if unknown:
        raise InvalidInput(f"{path}: no binding with id {', '.join(unknown)} (`workbench keys` lists them)")
    return {str(k): str(v) for k, v in table.items()}


def _run(store: object, reviewer: str, label: str, keys: dict[str, str]) -> None:
    # deferred: Textual costs a fifth of a second to import, and only these commands need it
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(store, reviewer, label=label, keys=keys).run()  # type: ignore[arg-type]


@app.command("keys")
def keys_command() -> None:
    """List the review workbench's key bindings by id, for a --keys file.

    \b
    Example: workbench keys
    """
    from workbench.tui.app import WorkbenchApp, binding_ids

    defaults = {
        b.id: b.key
        for owner in [WorkbenchApp, *WorkbenchApp.MODES.values()]
        for b in vars(owner).get("BINDINGS", [])
        if getattr(b, "id", None)
    }
    for binding_id, what in binding_ids().items():
        typer.echo(f"{binding_id:<28} {defaults[binding_id]:<22} {what}")


@app.command("review")
def review(ctx: typer.Context, keys: KeysOption = None) -> None:
    """Open the review workbench on the store: read sources, record and link claims, decide queues.

    Press ? in the workbench for its keys, ctrl+p for every action by name.

    \b
    Example: workbench --db mali.db review
    """
    from workbench import read

    s = settings(ctx)
    keymap = _keymap(keys)
    s.read(read.source_count)  # a store that cannot be read is one line here, not a screen of notices
    _run(s.store(), s.reviewer, s.db, keymap)


@app.command("demo")
def demo(
    ctx: typer.Context,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="Keep the demo store at this path instead of a temporary one.")
    ] = None,
    keys: KeysOption = None,
) -> None:
    """Open the review workbench on a fresh store holding the two sample articles.

    The store lives in a temporary folder and is deleted on exit, unless --keep names a file.

    \b
    Example: workbench demo
    """
    from workbench.demo import demo_store

    reviewer = settings(ctx).reviewer
    keymap = _keymap(keys)
    if keep is not None:
        if keep.exists():
            raise typer.BadParameter(f"{keep} exists; --keep makes a new store")
        store = demo_store(keep, actor=reviewer)
        _run(store, reviewer, str(keep), keymap)
        store.close()
        say(f"the demo store is kept at {keep}")
        return
    with tempfile.TemporaryDirectory(prefix="workbench-demo-") as folder:
        store = demo_store(Path(folder) / "demo.db", actor=reviewer)
        try:
            _run(store, reviewer, "demo (temporary store)", keymap)
        finally:
            store.close()
