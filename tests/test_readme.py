"""The README's example session runs as printed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli
from workbench.cli.app import Exit


def console_session(readme: str, heading: str) -> list[tuple[list[str], list[str]]]:
    """(command, expected output lines) pairs from the first ```console block after ``heading``."""
    block = readme.split(heading, 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((shlex.split(line[2:]), []))
        elif steps:
            steps[-1][1].append(line)
    return steps


@pytest.mark.parametrize("heading", ["## A first session", "### Across outlets"])
def test_sessions_in_the_readme_run_as_printed(tmp_path: Path, heading: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = console_session(readme, heading)
    assert steps[0][0][0] == "export"
    cli = Cli(tmp_path / "mali.db", reviewer="ana")
    for command, expected in steps[1:]:
        assert command[0] == "workbench"
        args = [str(ROOT / a) if a == "samples/" else a for a in command[1:]]
        run = cli(*args)
        assert run.code == Exit.ok, (command, run.stderr)
        actual = run.stdout.splitlines()
        assert len(actual) == len(expected), (command, actual)
        for got, want in zip(actual, expected, strict=True):
            if re.fullmatch(r"[0-9a-f]*…", want.rsplit(" ", 1)[-1]):  # an elided hash: it differs every run
                assert got.rsplit(" ", 1)[0] == want.rsplit(" ", 1)[0], command
                assert re.fullmatch(r"[0-9a-f]{64}", got.rsplit(" ", 1)[1]), got
            else:
                assert got == want, command
