"""A team on one store: 20 analysts (processes) reading and writing, alone and while `match` runs.

Run:  python benchmarks/bench_team.py --db STORE [--analysts 20] [--seconds 30] [--claims-more FILE]

Each analyst is a process of its own with its own connection, looping as a reviewer at the
desk does: read a page of claims (50, from a random offset), read one claim in full, set a
claim's credibility (an audited write), read one source. Every action is timed. The run is
made twice: the team alone, then the team while ``workbench match`` runs on the same store
(after ``--claims-more`` is imported, so that match has work to do; else a full run,
``match --full``). Targets: writes ≤ 100 ms median and ≤ 500 ms p95, reads ≤ 50 ms median.

STORE is a store made by ``bench_scale.py --keep`` (a SQLite file) or a PostgreSQL URL.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACTIONS = ("read page", "read claim", "set credibility", "read source")


def analyst(db: str, number: int, seconds: float, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One reviewer's loop: every action timed, until ``seconds`` have passed."""
    from sqlalchemy import func, select

    from store import open_store
    from store.models import Claim, Source, table
    from workbench import read
    from workbench.claims import update_claim
    from workbench.errors import Conflict
    from workbench.read.claims import ClaimQuery

    store = open_store(db)
    with store.read() as connection:
        claims = connection.execute(select(func.max(table(Claim).c.id))).scalar_one()
        sources = connection.execute(select(func.max(table(Source).c.id))).scalar_one()
    rng = random.Random(number)
    timings: dict[str, list[float]] = {a: [] for a in ACTIONS}
    failures = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        for action in ACTIONS:
            claim_id, began = rng.randint(1, claims), time.perf_counter()
            try:
                if action == "read page":
                    with store.read() as connection:
                        read.claims_page(connection, ClaimQuery(), offset=rng.randint(0, claims - 50), limit=50)
                elif action == "read claim":
                    with store.read() as connection:
                        read.claim_detail(connection, claim_id)
                elif action == "set credibility":
                    grade = rng.randint(1, 6)
                    update_claim(store=store, actor=f"analyst{number}", claim_id=claim_id, credibility=grade)
                else:
                    with store.read() as connection:
                        read.source_view(connection, rng.randint(1, sources))
            except Conflict:
                failures += 1  # a merged claim, a version taken by another: the desk shows it, no time lost
            except Exception as e:  # a benchmark counts every failure, of any kind
                failures += 1
                print(f"analyst {number}: {action}: {type(e).__name__}: {e}", file=sys.stderr)
            timings[action].append(time.perf_counter() - began)
    out.put((timings, failures))


def team(db: str, analysts: int, seconds: float) -> tuple[dict[str, list[float]], int]:
    """Run the analysts together and pool what they measured."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    processes = [context.Process(target=analyst, args=(db, n, seconds, out)) for n in range(analysts)]
    for p in processes:
        p.start()
    pooled: dict[str, list[float]] = {a: [] for a in ACTIONS}
    failures = 0
    for _ in processes:
        timings, failed = out.get()
        failures += failed
        for action, values in timings.items():
            pooled[action] += values
    for p in processes:
        p.join()
    return pooled, failures


def show(title: str, pooled: dict[str, list[float]], failures: int) -> None:
    print(f"\n{title}  (failures: {failures})\n")
    print("| action | count | median ms | p95 ms | max ms | target |")
    print("|---|---|---|---|---|---|")
    for action, values in pooled.items():
        if not values:
            continue
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        target = "≤ 100 median, ≤ 500 p95" if action == "set credibility" else "≤ 50 median"
        print(
            f"| {action} | {len(values)} | {statistics.median(values) * 1000:.1f} | {p95 * 1000:.1f} "
            f"| {values[-1] * 1000:.0f} | {target} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--analysts", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--claims-more", type=Path, help="claims to import before the run with match")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.analysts} analysts for {args.seconds:g} s; store {args.db}")
    show("alone", *team(args.db, args.analysts, args.seconds))
    env = dict(os.environ, WORKBENCH_DB=args.db, WORKBENCH_REVIEWER="matcher")
    command = [sys.executable, "-m", "workbench", "match"]
    if args.claims_more:  # their articles first (`bench_scale.py` writes them beside the claims)
        articles = args.claims_more.parent / "more-articles.jsonl"
        for arguments in ([["import", str(articles)]] if articles.exists() else []) + [
            ["claim", "import", str(args.claims_more)]
        ]:
            subprocess.run([sys.executable, "-m", "workbench", *arguments], env=env, cwd=HERE.parent,
                           stdout=subprocess.DEVNULL, check=False)  # fmt: skip
    else:
        command.append("--full")
    matcher = subprocess.Popen(command, env=env, cwd=HERE.parent, stdout=subprocess.DEVNULL)
    began = time.perf_counter()
    pooled, failures = team(args.db, args.analysts, args.seconds)
    running = matcher.poll() is None
    matcher.wait()
    show(f"while match runs ({'still running at the end' if running else 'finished during the run'}; "
         f"match took {time.perf_counter() - began:.0f} s)", pooled, failures)  # fmt: skip


if __name__ == "__main__":
    main()
