"""Export benchmark: 100,000 verified claims, every format, time and peak memory.

Run:  python benchmarks/bench_export.py [--claims 100000] [--sources 2000] [--store PATH] [--seed 7]

Builds (or reuses, with --store) a store of generated articles and verified claims with evidence
(through the bulk service, as `workbench claim import` would), then runs `workbench export` for
each format in a fresh process writing to a file, and reports its wall time and peak memory
(VmHWM of that process). Baseline, in the same run: raw sqlite3 reading the same claims joined
with their evidence and writing them as JSON lines with the standard library (no corroboration,
relations, selectors or sources): the floor any export of these rows stands on.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_store import generated_store

from store.vocabulary import EXPORT_FORMATS

ROOT = Path(__file__).resolve().parent.parent
FORMATS = EXPORT_FORMATS

PROBE = r"""
import sys, time
started = time.perf_counter()
from workbench.cli import app
args = sys.argv[1:]
try:
    app(args, standalone_mode=False)
finally:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
    print(f"{time.perf_counter() - started:.3f} {peak:.0f}", file=sys.stderr)
"""

BASELINE = r"""
import json, sqlite3, sys, time
started = time.perf_counter()
connection = sqlite3.connect(sys.argv[1])
query = ("SELECT c.id, c.text, c.status, c.credibility, e.id, e.source_id, e.start, e.end, e.exact, e.prefix, "
         "e.suffix, e.stance FROM claim c JOIN evidence e ON e.claim_id = c.id WHERE c.status = 'verified' "
         "ORDER BY c.id, e.id")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in connection.execute(query):
        out.write(json.dumps(dict(zip(("id", "text", "status", "credibility", "evidence", "source", "start", "end",
                                       "quote", "prefix", "suffix", "stance"), row)), ensure_ascii=False) + "\n")
with open("/proc/self/status") as status:
    peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
print(f"{time.perf_counter() - started:.3f} {peak:.0f}", file=sys.stderr)
"""


def run(script: str, *args: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    seconds, peak = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=2_000)
    parser.add_argument("--store", type=Path, help="reuse (or build once at) this store")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    work = Path(folder.name)
    path = args.store or work / "bench.db"
    if not path.exists():
        generated_store(path, args.sources, args.claims, args.seed, outlets=200, urls=True, verified=True)
    rows = []
    base_seconds, base_peak = run(BASELINE, str(path), str(work / "baseline.jsonl"))
    for format in FORMATS:
        target = work / (f"export-{format}" + (".zip" if format == "bundle" else ".out"))
        options = ["--publisher", "Bench", "--base-url", "https://bench.example"] if format == "claimreview" else []
        seconds, peak = run(PROBE, "--db", str(path), "--reviewer", "bench", "export", "--format", format,
                            "-o", str(target), *options)  # fmt: skip
        size = target.stat().st_size / 1e6
        rows.append((format, seconds, peak, size))
    print(f"\n{'format':<12} {'time':>8} {'vs baseline':>12} {'peak memory':>12} {'size':>9}  target")
    print("-" * 72)
    for format, seconds, peak, size in rows:
        target = "≤ 5 s" if format in {"json", "csv"} else ""
        print(
            f"{format:<12} {seconds:>7.2f}s {seconds / base_seconds:>11.1f}× {peak:>9.0f} MB {size:>7.1f} MB  {target}"
        )
    print(f"{'baseline':<12} {base_seconds:>7.2f}s {'1.0×':>12} {base_peak:>9.0f} MB  raw sqlite3 + json.dumps")
    folder.cleanup()


if __name__ == "__main__":
    main()
