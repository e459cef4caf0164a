"""Command-line start-up: how long `workbench --help`, `sources` and `show claim N` take on a small store.

Run:  python benchmarks/bench_startup.py [--runs 9] [--compare REV]

Each command runs in a fresh process, `--runs` times; the table gives the median wall time, the
median CPU time (user + system of the child), and the ratio of the wall time to `python -c pass`
measured in the same run. Rows for `import typer`, `import sqlalchemy` and `import sqlalchemy,
sqlmodel` show the floor any command that opens a store stands on.

With `--compare REV` the same commands also run from a checkout of REV (say, the commit before
a change), in the same run and on the same store, for a before/after ratio.

Byte code is compiled first (as `pip install` does), so no run pays for compiling the sources.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

COMMANDS = {
    "workbench --help": ["--help"],
    "workbench sources": ["sources"],
    "workbench show claim 1": ["show", "claim", "1"],
}
FLOORS = {
    "python -c pass": "pass",
    "import typer": "import typer",
    "import sqlalchemy": "import sqlalchemy",
    "import sqlalchemy, sqlmodel": "import sqlalchemy, sqlmodel",
}


def _environment(source: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONDONTWRITEBYTECODE", "WORKBENCH_DB"}}
    env["PYTHONPATH"] = str(source)
    env["WORKBENCH_REVIEWER"] = "bench"
    return env


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one fresh process.

    It runs in the store's folder: `python -m` puts the working directory first on the path,
    which from a checkout would import that checkout whatever PYTHONPATH says.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir()
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    _run(argv, env)  # warm the file cache
    samples = [_run(argv, env) for _ in range(runs)]
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def _store(folder: Path, source: Path) -> Path:
    """A small store (the two samples, one claim) made by the code in ``source``."""
    db = folder / "small.db"
    env = _environment(source)
    cli = [sys.executable, "-m", "workbench", "--db", str(db)]
    subprocess.run([*cli, "import", str(SAMPLES)], env=env, check=True, capture_output=True, cwd=folder)
    subprocess.run(
        [*cli, "claim", "add", "At least five T-72B3 tanks", "--source", "1", "--quote", "at least five T-72B3"],
        env=env,
        check=True,
        capture_output=True,
        cwd=folder,
    )
    return db


def _checkout(rev: str, into: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(into), rev], check=True,
                   capture_output=True)  # fmt: skip
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--compare", metavar="REV", help="also time a checkout of REV, in the same run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        trees = {"now": ROOT}
        if args.compare:
            trees[args.compare] = _checkout(args.compare, folder / "before")
        try:
            for tree in trees.values():
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "workbench"), str(tree / "store")],
                               check=True, capture_output=True)  # fmt: skip
            stores = {}
            for name, tree in trees.items():
                (folder / name).mkdir()
                stores[name] = _store(folder / name, tree)
            env = _environment(ROOT)
            floors = {label: _median([sys.executable, "-c", code], env, args.runs) for label, code in FLOORS.items()}
            base = floors["python -c pass"][0]
            rows = [(label, wall, cpu, "") for label, (wall, cpu) in floors.items()]
            for label, argv in COMMANDS.items():
                found = {}
                for name, tree in trees.items():
                    cli = [sys.executable, "-m", "workbench", "--db", str(stores[name]), *argv]
                    found[name] = _median(cli, _environment(tree), args.runs)
                now_wall, now_cpu = found["now"]
                note = ""
                if args.compare:
                    then_wall, then_cpu = found[args.compare]
                    ratio = then_wall / now_wall
                    note = f"{args.compare}: {then_wall:.2f} s wall, {then_cpu:.2f} s CPU ({ratio:.1f}x slower)"
                rows.append((label, now_wall, now_cpu, note))
        finally:
            if args.compare:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder / "before")],
                               capture_output=True)  # fmt: skip
                shutil.rmtree(folder / "before", ignore_errors=True)

    print(f"{'command':<28} {'wall (median)':>14} {'CPU':>8} {'× python -c pass':>18}  before")
    for label, wall, cpu, note in rows:
        print(f"{label:<28} {wall:>12.3f} s {cpu:>6.3f} s {wall / base:>17.1f}x  {note}")
    print(f"({args.runs} runs each, {os.cpu_count()} cores; target: each workbench command ≤ 0.3 s wall)")


if __name__ == "__main__":
    main()
