"""Hostile input against the workbench's commands, on SQLite and on PostgreSQL: a reliability report.

Run:  python benchmarks/bench_reliability.py [--postgres URL]

Each case is what an adversary (or an unlucky day) hands the command line: NUL bytes, lone
surrogates, codecs that are not text encodings, FIFOs, unreadable folders, duplicated CSV
headers, deeply nested JSON, ``javascript:`` URLs, terminal escapes, forged events, zip bombs.
Every case runs the installed ``workbench`` in its own process against a store holding the two
samples, and is judged on:

- **handled**: exit 0 or 1 with a one-line error, never a traceback or "internal error" (70);
- **store kept**: a refused command leaves the store as it was (chain head and row counts);
- **peak memory** of the process (``ru_maxrss``).

PostgreSQL runs when ``--postgres`` (or ``WORKBENCH_TEST_POSTGRES``) names a scratch database
whose name ends in ``_test``: every table in it is dropped. The zip bombs are measured by
``bench_hostile.py`` (file-only, one engine suffices) and summed here from it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from bench_hostile import WORKBENCH, _bombs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.md"))
#: ESC, BEL, a bidi override and an invisible joiner: what must never reach a terminal raw.
RAW = ("\x1b", "\x07", "\u202e", "\u2060")
#: Runs the command; prints its output on stderr and, on stdout, its peak memory (KB) and exit status.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
output = child.stdout.read()
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.buffer.write(output)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


@dataclass
class Case:
    name: str
    #: Writes the case's input files in the folder; returns the command's arguments after ``workbench``.
    prepare: Callable[[Path], list[str]]
    #: Whether the command should be refused (exit 1, or 2 for a bad option value) or go through (exit 0).
    refused: bool
    #: What the output must not hold (raw control characters), besides a traceback.
    never: tuple[str, ...] = ()


def _write(folder: Path, name: str, data: bytes) -> str:
    (folder / name).write_bytes(data)
    return str(folder / name)


def _fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "pipe.jsonl")
    return ["claim", "import", str(folder / "pipe.jsonl")]


def _unreadable(folder: Path) -> list[str]:
    (folder / "batch" / "locked").mkdir(parents=True)
    _write(folder / "batch", "good.txt", b"Fifteen drones were seen over the base on Monday.")
    (folder / "batch" / "locked").chmod(0)
    return ["import", str(folder / "batch")]


CASES = [
    Case("a NUL byte in an article", lambda f: ["import", _write(f, "nul.txt", b"Five tanks\x00 arrived.")], True),
    Case(
        "a lone surrogate in a JSON record",
        lambda f: ["import", _write(f, "s.json", b'[{"text": "Five tanks \\ud800 arrived", "title": "t"}]')],
        True,
    ),
    Case(
        "a lone surrogate in an argument",
        lambda f: ["claim", "add", os.fsdecode(b"Five \xed\xa0\x80 tanks"), "--source", "1", "--quote", "five"],
        True,
    ),
    Case(
        "--encoding rot13",
        lambda f: ["import", "--encoding", "rot13", _write(f, "a.txt", b"Five tanks arrived.")],
        True,
    ),
    Case(
        "--encoding zlib",
        lambda f: ["import", "--encoding", "zlib", _write(f, "b.txt", b"Five tanks arrived.")],
        True,
    ),
    Case("claim import of a FIFO", _fifo, True),
    Case("an unreadable sub-folder", _unreadable, True),
    Case(
        "a CSV with a duplicated header",
        lambda f: ["claim", "import", _write(f, "d.csv", b"text,source,quote,quote\nFive tanks,1,five,x\n")],
        True,
    ),
    Case(
        "JSON nested 100,000 deep",
        lambda f: ["claim", "import", _write(f, "n.json", b"[" * 100_000 + b"]" * 100_000)],
        True,
    ),
    Case(
        "a javascript: source URL",
        lambda f: ["import", "--url", "javascript:alert(1)", _write(f, "u.txt", b"Five tanks arrived.")],
        True,
    ),
    Case(
        "a wrong declared HTML charset",
        lambda f: [
            "import",
            _write(
                f,
                "c.html",
                "<html><head><meta charset='iso-8859-13'><title>Menu</title></head><body><article><p>"
                "Café crème brûlée was served to 40 guests at the embassy on Friday evening.</p></article>"
                "</body></html>".encode(),
            ),
        ],
        False,
    ),
    Case(
        "terminal escapes in an article, exported as CSV",
        lambda f: ["export", "--format", "csv"],
        False,
        RAW,
    ),
    Case(
        "terminal escapes in an article, shown",
        lambda f: ["show", "source", "3"],
        False,
        RAW,
    ),
]


def _hostile_article(folder: Path) -> str:
    """An article whose text carries ESC, BEL, a bidi override and an invisible joiner."""
    body = "Five tanks \x1b]2;pwned\x07arrived \u202eat dawn\u202c in Gao\u2060, officials said on Monday."
    return _write(folder, "hostile.txt", body.encode())


def _state(url: str) -> tuple[object, ...]:
    """The chain head and row counts: what a refused command must leave as it was."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            head = connection.execute(text("SELECT max(seq) FROM audit_event")).scalar()
            counts = tuple(
                connection.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                for name in ("source", "claim", "evidence", "outlet")
            )
    finally:
        engine.dispose()
    return (head, *counts)


def _run(arguments: list[str], environment: dict[str, str]) -> tuple[int, str, float]:
    """(exit status, output, peak MB) of one command in its own process."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, WORKBENCH, *arguments], capture_output=True, env=environment, check=False
    )
    peak_kb, code = (int(x) for x in done.stdout.split())
    return code, done.stderr.decode("utf-8", "replace"), peak_kb / 1024


def _capture(arguments: list[str], environment: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run([WORKBENCH, *arguments], capture_output=True, env=environment, check=False)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def _fresh(url: str) -> None:
    if url.startswith("postgresql"):
        if not (make_url(url).database or "").endswith("_test"):
            sys.exit("refusing to wipe a database whose name does not end in _test")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            connection.execute(text("DROP FUNCTION IF EXISTS workbench_forbid_change() CASCADE"))
        engine.dispose()


def engine_report(engine_name: str, url: str) -> list[tuple[str, str, str, str, str]]:
    """Every case on one engine: (case, exit, handled, store kept, peak MB)."""
    rows = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        _fresh(url)
        environment = {
            **os.environ,
            "WORKBENCH_DB": url,
            "WORKBENCH_REVIEWER": "ana",
            "WORKBENCH_SIGNING_KEYS": str(folder / "keys"),
        }
        for sample in SAMPLES:
            _capture(["import", str(sample)], environment)
        _capture(["import", _hostile_article(folder)], environment)
        for case in CASES:
            if case.prepare is _unreadable and os.geteuid() == 0:
                rows.append((case.name + " (as root: skipped)", "-", "-", "-", "-"))
                continue  # root reads every folder: nothing is unreadable to test with
            arguments = case.prepare(folder)
            before = _state(url)
            code, output, peak = _run(arguments, environment)
            after = _state(url)
            handled = (
                code in ({1, 2} if case.refused else {0})
                and "Traceback" not in output
                and "internal error" not in output
                and not any(raw in output for raw in case.never)
            )
            kept = "yes" if not case.refused or before == after else "NO"
            rows.append((case.name, str(code), "yes" if handled else "NO", kept, f"{peak:.0f}"))
            if (folder / "batch" / "locked").exists():
                (folder / "batch" / "locked").chmod(0o755)
        # damage and forgery: the store itself attacked
        rows.append(_forged(url, environment))
    return rows


def _forged(url: str, environment: dict[str, str]) -> tuple[str, str, str, str, str]:
    """A claim changed in SQL with an event recomputed over it: ``audit verify`` must fail."""
    _capture(["key", "init"], environment)
    _capture(["claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3"], environment)
    sys.path.insert(0, str(ROOT))
    from store import audit, open_store
    from store.audit import Change, EventDraft

    with open_store(url) as store, store.write() as connection:
        before = dict(connection.execute(text("SELECT * FROM claim ORDER BY id DESC LIMIT 1")).mappings().one())
        connection.execute(text(f"UPDATE claim SET text = 'Nine tanks' WHERE id = {before['id']}"))
        after = dict(connection.execute(text(f"SELECT * FROM claim WHERE id = {before['id']}")).mappings().one())
        change = Change("claim", before["id"], audit.snapshot("claim", before), audit.snapshot("claim", after))
        audit.append(connection, [EventDraft(actor="ana", action="claim.update", change=change)])
    code, output, peak = _run(["audit", "verify"], environment)
    caught = code == 1 and "not signed" in output
    return ("a forged claim with a recomputed event", str(code), "yes" if caught else "NO", "-", f"{peak:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("WORKBENCH_TEST_POSTGRES"))
    options = parser.parse_args()
    engines = {"SQLite": None, "PostgreSQL": options.postgres}
    totals = {"cases": 0, "handled": 0, "lost": 0}
    worst = command_worst = 0.0
    print(f"{'engine':<11} {'case':<48} {'exit':>4} {'handled':>8} {'store kept':>11} {'peak MB':>8}")
    for name, url in engines.items():
        if name == "PostgreSQL" and not url:
            print(f"{name:<11} (skipped: no --postgres URL)")
            continue
        with tempfile.TemporaryDirectory() as work:
            target = url or f"sqlite:///{Path(work) / 'reliability.db'}"
            for case, code, handled, kept, peak in engine_report(name, target):
                print(f"{name:<11} {case:<48} {code:>4} {handled:>8} {kept:>11} {peak:>8}")
                if code == "-":
                    continue
                totals["cases"] += 1
                totals["handled"] += handled == "yes"
                totals["lost"] += kept == "NO"
                command_worst = max(command_worst, float(peak))
    with tempfile.TemporaryDirectory() as work:
        from bench_hostile import _run as verify_bundle

        for bomb, path in _bombs(Path(work)).items():
            _, peak, code, lines = verify_bundle(path)
            handled = code == 1 and lines <= 210
            print(f"{'(files)':<11} {'bundle verify: ' + bomb:<48} {code:>4} {'yes' if handled else 'NO':>8} "
                  f"{'-':>11} {peak:>8.0f}")  # fmt: skip
            totals["cases"] += 1
            totals["handled"] += handled
            worst = max(worst, peak)
    crashes = totals["cases"] - totals["handled"]
    print(
        f"\n{totals['cases']} hostile cases: {totals['handled']} handled cleanly, {crashes} not (target 0), "
        f"{totals['lost']} with data lost (target 0); peak memory of bundle verify on the bombs, worst: "
        f"{worst:.0f} MB (target ≤ 200 MB); of the other commands, worst: {command_worst:.0f} MB"
    )


if __name__ == "__main__":
    main()
