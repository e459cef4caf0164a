"""Hostile bundles against ``workbench bundle verify``: time, peak memory and the answer, per bomb.

Each bundle is checked by the installed command in its own process, so its peak memory (the
process's maximum resident set) is measured alone. Targets (issue 16): every bomb ends in one
line of failure (or a bounded list) within seconds, under 200 MB.

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WORKBENCH = str(Path(sys.executable).with_name("workbench"))
#: Runs the command and prints its own peak resident memory (KB), exit status and lines of output.
_LAUNCHER = """
import os, subprocess, sys
with open(os.devnull, "wb") as null:
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), output.count(b"\\n"))
"""
TARGET_MB = 200


def _manifest(files: dict[str, str]) -> str:
    from workbench.export.bundle import manifest_digest

    manifest: dict[str, object] = {"files": files}
    manifest["digest"] = manifest_digest(manifest)
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _bombs(folder: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}
    # 1 GB of zeros in one entry: about 1 MB deflated
    path = folder / "expanding.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", _manifest({"claims.jsonl": "0" * 64}))
        with z.open("claims.jsonl", "w") as entry:
            block = b"\0" * (1 << 20)
            for _ in range(1024):
                entry.write(block)
    made["1 GB in one entry"] = path
    # a manifest listing 200,000 files that are not there: a flood of problems
    path = folder / "flood.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", _manifest({f"sources/{i}.txt": "0" * 64 for i in range(200_000)}))
    made["200,000 missing files"] = path
    # 150,000 empty entries
    path = folder / "entries.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for i in range(150_000):
            z.writestr(f"e/{i}", b"")
    made["150,000 entries"] = path
    # one JSON line of 40 MB, and nesting 100,000 deep
    path = folder / "lines.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", _manifest({"claims.jsonl": "0" * 64, "audit.jsonl": "0" * 64}))
        z.writestr("claims.jsonl", b'{"a": "' + b"x" * (40 << 20) + b'"}\n')
        z.writestr("audit.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n")
    made["a 40 MB line, nesting 100,000 deep"] = path
    return made


def _run(bundle: Path) -> tuple[float, float, int, int]:
    """(seconds, peak MB, exit status, lines of output) of one ``bundle verify`` in its own process."""
    started = time.perf_counter()
    # measured by a small launcher: a child forked from this process (which holds the bombs it
    # built) would count this process's memory as its own until it runs the command
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, WORKBENCH, "bundle", "verify", str(bundle)],
        capture_output=True,
        text=True,
        check=False,
    )
    peak_kb, code, lines = (int(x) for x in done.stdout.split())
    return time.perf_counter() - started, peak_kb / 1024, code, lines


def main() -> None:
    """Make the bombs, check each in a fresh process, print the table."""
    with tempfile.TemporaryDirectory() as work:
        bombs = _bombs(Path(work))
        print(f"{'bundle':<38} {'size':>9} {'seconds':>8} {'peak MB':>8} {'exit':>5} {'lines':>6}")
        worst = 0.0
        baseline = Path(work) / "empty.zip"
        with zipfile.ZipFile(baseline, "w") as z:
            z.writestr("manifest.json", _manifest({}))
        for name, path in {"(an empty bundle: the command alone)": baseline, **bombs}.items():
            seconds, peak, code, lines = _run(path)
            worst = max(worst, peak)
            size = f"{path.stat().st_size / 1024:,.0f} KB"
            print(f"{name:<38} {size:>9} {seconds:>8.1f} {peak:>8.0f} {code:>5} {lines:>6}")
        print(f"peak memory, worst: {worst:.0f} MB (target ≤ {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
