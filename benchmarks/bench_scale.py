"""Scale benchmark: every bulk and interactive command at 10k → 100k → 1M claims, with peak memory.

Run:  python benchmarks/bench_scale.py [--sizes 10000,100000] [--postgres URL] [--baseline REF]

For each size it writes the data of ``scale_data.py`` (real dev-cluster sentences varied,
templated families, wire copies, revisions), builds a store with the CLI as a user would
(``import`` then ``claim import``), and times each command as its own process: wall time and
the process's peak resident memory (``ru_maxrss`` of that child alone). Then 1,000 claims more
and the incremental commands (``match`` again, ``audit verify`` again). The table ends with the
growth exponent of each command between the sizes (1.0 = linear; 0 = flat).

``--baseline REF`` runs the same commands with the code of a git ref (a worktree in /tmp, put
first on ``PYTHONPATH``) on a copy of the same store, in the same run, and prints the ratio.
``--keep`` also keeps a copy of each SQLite store as imported (``imported.db``); ``--keep DIR
--resume`` starts again from that copy, from ``match`` on (the imports of a million claims take
twenty minutes).
``--postgres URL`` also runs everything on PostgreSQL (the URL's database is dropped and made
anew for each size). ``--only`` keeps the commands whose names contain one of its words.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale_data import write  # noqa: E402

#: (name, arguments, the target in seconds or None): ``{claim}``, ``{source}`` filled per store.
BUILD = [
    ("import", ["import", "{data}/articles-*.jsonl", "{data}/revisions.jsonl"], None),
    ("claim import", ["claim", "import", "{data}/claims.jsonl"], None),
    ("match", ["match"], 300.0),
]
INTERACTIVE = [
    ("start-up (--help)", ["--help"], None),
    ("show claim", ["show", "claim", "{claim}"], 1.0),
    ("claims --status (page)", ["claims", "--status", "draft", "--limit", "50"], 1.0),
    ("contradictions (page)", ["contradictions", "--limit", "50"], 1.0),
    ("suggest SOURCE", ["suggest", "{source}"], 1.0),
    ("claim sources CLAIM", ["claim", "sources", "{claim}"], 1.0),
    ("search", ["search", "tanks delivered"], 1.0),
    ("audit log --entity", ["audit", "log", "--entity", "claim:{claim}"], 1.0),
    ("report claim", ["report", "claim", "{claim}"], None),  # its verification: a full one, the first time
    ("claim set --credibility", ["claim", "set", "{claim}", "--credibility", "3"], 1.0),
]
BULK = [
    ("audit verify --full", ["audit", "verify", "--full"], 60.0),
    ("export json", ["export", "--status", "all", "-o", "{out}/claims.json"], 30.0),
    ("export jsonl", ["export", "--status", "all", "-f", "jsonl", "-o", "{out}/claims.jsonl"], 30.0),
    ("export csv", ["export", "--status", "all", "-f", "csv", "-o", "{out}/claims.csv"], 30.0),
    ("export bundle", ["export", "--status", "all", "-f", "bundle", "-o", "{out}/bundle.zip"], 90.0),
    ("bundle verify", ["bundle", "verify", "{out}/bundle.zip"], None),
]
INCREMENTAL = [
    ("audit verify (checkpoint)", ["audit", "verify"], None),
    ("import 50 more", ["import", "{data}/more-articles.jsonl"], None),
    ("claim import 1,000 more", ["claim", "import", "{data}/claims-more.jsonl"], None),
    ("match after 1,000 new", ["match"], 10.0),
    ("audit verify after 1,000", ["audit", "verify"], 5.0),
    ("report claim (after a check)", ["report", "claim", "{claim}"], 1.0),
    ("audit log --entity (again)", ["audit", "log", "--entity", "claim:{claim}"], 1.0),
]
#: Arguments a baseline without them does not know (dropped for it; the comparison then says so).
NEWER = {"--limit", "--full"}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""


#: Address space a command may take (GB), so that a runaway one fails alone instead of the machine.
MEMORY_CAP = float(os.environ.get("BENCH_MEMORY_CAP_GB", "14"))


def _capped() -> None:
    import resource

    cap = int(MEMORY_CAP * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run(arguments: list[str], *, db: str, pythonpath: str | None, timeout: float) -> Run:
    """One command as its own process: wall time and that process's peak RSS."""
    env = dict(os.environ, WORKBENCH_DB=db, WORKBENCH_REVIEWER="bench", COLUMNS="200", NO_COLOR="1")
    env.pop("WORKBENCH_SEMANTIC", None)
    # byte code is written and read as an installed package has it (``pip install`` compiles it):
    # a shell that says not to write it would have every command compile the workbench again
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    expanded: list[str] = []
    for a in arguments:
        expanded.extend(sorted(str(p) for p in Path("/").glob(a.lstrip("/"))) if "*" in a else [a])
    started = time.perf_counter()
    with Path(os.devnull).open("wb") as sink, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench", *expanded],
            env=env,
            stdout=sink,
            stderr=errors,
            preexec_fn=_capped,
            cwd=pythonpath or HERE.parent,  # `-m` puts the working folder first on the path: the code's own
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                return Run(
                    time.perf_counter() - started, usage.ru_maxrss / 1024, False, f"killed after {timeout:.0f} s"
                )
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        last = errors.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
    return Run(seconds, usage.ru_maxrss / 1024, code == 0, "" if code == 0 else f"exit {code}: {last[0][:80]}")


def fill(arguments: list[str], values: dict[str, str]) -> list[str]:
    return [a.format(**values) for a in arguments]


def store_ids(db: str) -> dict[str, str]:
    """A claim and a source in the middle of the store, the same for every engine."""
    from sqlalchemy import create_engine, func, select

    from store.models import Claim, Source, table

    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as c:
        claims = c.execute(select(func.max(table(Claim).c.id))).scalar_one() or 1
        sources = c.execute(select(func.max(table(Source).c.id))).scalar_one() or 1
    engine.dispose()
    return {"claim": str(claims // 2 or 1), "source": str(sources // 2 or 1)}


def fresh_postgres(url: str) -> None:
    from sqlalchemy import create_engine, make_url, text

    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def baseline_tree(ref: str) -> str:
    tree = Path(tempfile.gettempdir()) / f"workbench-baseline-{ref.replace('/', '_')}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=HERE.parent, check=True)
    return str(tree)


def measure(
    size: int,
    engine: str,
    db: str,
    data: Path,
    out: Path,
    *,
    pythonpath: str | None,
    only: list[str],
    timeout: float,
    built: bool = False,
    keep: bool = False,
) -> dict[str, Run]:
    results: dict[str, Run] = {}

    def step(name: str, arguments: list[str], values: dict[str, str]) -> None:
        if only and not any(w in name for w in only):
            return
        if pythonpath and NEWER & set(arguments):
            arguments = [a for a in arguments if a not in NEWER and not (a == "50" and "--limit" in arguments)]
        results[name] = run(fill(arguments, values), db=db, pythonpath=pythonpath, timeout=timeout)
        r = results[name]
        print(f"  {engine:<8} {size:>9,} {name:<28} {r.seconds:8.2f} s {r.peak_mb:8.0f} MB {r.note}", flush=True)

    values = {"data": str(data), "out": str(out)}
    for name, arguments, _ in [] if built else BUILD[:2]:
        step(name, arguments, values)
    if keep and engine == "sqlite" and not built and all(n in results and results[n].ok for n, _, _ in BUILD[:2]):
        shutil.copyfile(db, out / "imported.db")  # the store as imported: what --resume starts from
    values |= store_ids(db)
    for name, arguments, _ in BUILD[2:] + INTERACTIVE + BULK + INCREMENTAL:
        step(name, arguments, values)
    return results


def exponent(small: float, large: float, n1: int, n2: int) -> str:
    if small <= 0 or large <= 0 or n1 == n2:
        return "–"
    return f"{math.log(large / small) / math.log(n2 / n1):.2f}"


def table(all_results: dict[tuple[str, str, int], dict[str, Run]], sizes: list[int]) -> None:
    targets = {name: target for name, _, target in BUILD + INTERACTIVE + BULK + INCREMENTAL}
    for (engine, code), _ in sorted({(e, c): 0 for e, c, _ in all_results}.items()):
        print(f"\n## {engine}, {code}\n")
        header = " | ".join(f"{n:,} s | MB" for n in sizes)
        print(f"| command | target s | {header} | growth (time) |")
        print("|---|---|" + "---|---|" * len(sizes) + "---|")
        for name in targets:
            runs = [all_results.get((engine, code, n), {}).get(name) for n in sizes]
            if not any(runs):
                continue
            cells = " | ".join(
                "– | –" if r is None else f"{r.seconds:.2f}{'' if r.ok else ' ✗'} | {r.peak_mb:.0f}" for r in runs
            )
            present = [(n, r) for n, r in zip(sizes, runs, strict=True) if r is not None]
            growth = exponent(present[0][1].seconds, present[-1][1].seconds, present[0][0], present[-1][0])
            target = "" if targets[name] is None else f"{targets[name]:g}"
            print(f"| {name} | {target} | {cells} | {growth if len(present) > 1 else '–'} |")
    failed = [(k, n, r.note) for k, rs in all_results.items() for n, r in rs.items() if not r.ok]
    for key, name, note in failed:
        print(f"\nfailed: {key} {name}: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--postgres", help="also on this PostgreSQL database (dropped and re-made)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--baseline", help="a git ref whose code runs the same commands, for the ratio")
    parser.add_argument("--only", default="", help="comma-separated words: only commands named with one")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a command is killed")
    parser.add_argument("--keep", type=Path, help="keep the data and stores in this folder")
    parser.add_argument(
        "--resume", action="store_true", help="with --keep: start again from the SQLite store as imported there"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    only = [w for w in args.only.split(",") if w]
    work = args.keep or Path(tempfile.mkdtemp(prefix="workbench-scale-"))
    codes = [("current", None)] + (
        [(f"baseline {args.baseline}", baseline_tree(args.baseline))] if args.baseline else []
    )
    engines = ([] if args.no_sqlite else ["sqlite"]) + (["postgres"] if args.postgres else [])
    results: dict[tuple[str, str, int], dict[str, Run]] = {}
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}; work in {work}")
    for size in sizes:
        data = work / f"data-{size}"
        if not (data / "manifest.json").exists():
            print(f"data {size:,}: {json.dumps(write(size, data, 7))}", flush=True)
        for engine in engines:
            for code, pythonpath in codes:
                out = work / f"out-{engine}-{size}-{code.split()[0]}"
                built = bool(args.resume and args.keep and engine == "sqlite" and (out / "imported.db").exists())
                if built:
                    for stale in out.glob("store.db*"):
                        stale.unlink()
                    shutil.copyfile(out / "imported.db", out / "store.db")
                else:
                    shutil.rmtree(out, ignore_errors=True)
                    out.mkdir(parents=True)
                if engine == "postgres":
                    fresh_postgres(args.postgres)
                    db = args.postgres
                else:
                    db = str(out / "store.db")
                results[(engine, code, size)] = measure(
                    size,
                    engine,
                    db,
                    data,
                    out,
                    pythonpath=pythonpath,
                    only=only,
                    timeout=args.timeout,
                    built=built,
                    keep=bool(args.keep),
                )
                if not args.keep:
                    for leftover in out.glob("*"):
                        if leftover.name != "store.db":
                            (shutil.rmtree if leftover.is_dir() else os.remove)(leftover)  # type: ignore[operator]
        table(results, sizes)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
