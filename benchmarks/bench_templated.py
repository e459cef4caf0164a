"""``workbench match`` on templated claims, with a reviewer working beside it.

Run:  python benchmarks/bench_templated.py [--claims 5000 20000] [--family 1000] [--seed 7]

Templated claims are the hard case for matching: a family of thousands of sentences that share
every word but their figures and names ("38 T-72B3 tanks were delivered to Segou in batch 12")
all land in the same candidate blocks. For each size, the benchmark builds a real store (sources
whose text states the sentences, claims linked to them, several outlets, one story), then runs
``workbench match`` as a separate process, measuring its wall time and peak memory
(``ru_maxrss`` of the child), while a reviewer process changes one claim's status with
``workbench claim set`` every half second. The reviewer's latencies and failures ("store is
busy") show whether ``match`` holds the write lock: the target is none failed and every change
within a second or two, and ≤ 1 GB peak at 20,000 templated claims.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from store import open_store
from workbench.access import reading
from workbench.claims import EvidenceSpec, NewClaim, create_claims
from workbench.ingest.document import Document
from workbench.sources import import_documents
from workbench.spans import Offsets
from workbench.sql import RELATION

ITEMS = ["T-72B3 tanks", "BMP-2 fighting vehicles", "Mi-17 helicopters", "BM-21 rocket launchers", "Kamaz trucks"]
PLACES = ["Segou", "Gao", "Timbuktu", "Mopti", "Kidal", "Sevare", "Menaka", "Kayes", "Sikasso", "Bamako"]
VERBS = ["were delivered to", "arrived in", "were unloaded at", "were sent to"]
OUTLETS = ["Reuters", "AFP", "Le Monde", "RFI", "Jeune Afrique", "Sahel Tribune"]
PER_SOURCE = 400  # sentences per source text


def sentences(count: int, family: int, rng: random.Random, shape: str = "batch") -> list[str]:
    """``count`` templated sentences in families of ``family``: one template each, figures varied.

    ``batch``: each numbers its delivery ("in batch 12"), so two of a family are two deliveries.
    ``plain``: nothing tells two of a family apart but their figure, so every two of them with
    different figures are in dispute: the densest case there is.
    """
    found: list[str] = []
    seen: set[str] = set()
    while len(found) < count:
        item, place, verb = rng.choice(ITEMS), rng.choice(PLACES), rng.choice(VERBS)
        for _ in range(min(family, count - len(found))):
            text = f"{rng.randint(2, 60)} {item} {verb} {place}"
            text += f" in batch {rng.randint(1, 4000)}." if shape == "batch" else f", {rng.choice(OUTLETS)} said."
            if text not in seen:
                seen.add(text)
                found.append(text)
    return found


def build(path: Path, count: int, family: int, seed: int, shape: str = "batch") -> int:
    """A store at ``path`` holding ``count`` templated claims linked to sources; the id of the first claim."""
    rng = random.Random(seed)
    texts = sentences(count, family, rng, shape)
    store = open_store(f"sqlite:///{path}")
    try:
        parts = [texts[start : start + PER_SOURCE] for start in range(0, len(texts), PER_SOURCE)]
        documents = [
            Document(
                text=" ".join(part),
                format="text",
                title=f"Deliveries, part {number + 1}",
                outlet=OUTLETS[number % len(OUTLETS)],
                published=f"2024-03-0{1 + number % 5}",
            )
            for number, part in enumerate(parts)
        ]
        results = import_documents(store=store, actor="bench", documents=documents)
        ids = [r.source_id for r in results]
        claims = []
        for source, part in zip(ids, parts, strict=True):
            at = 0  # the sentences are joined by one space: each one's offsets follow from the last
            for text in part:
                claims.append(NewClaim(text, evidence=[EvidenceSpec(source, Offsets(at, at + len(text)))]))
                at += len(text) + 1
        first: int | None = None
        for start in range(0, len(claims), 5000):
            made = create_claims(store=store, actor="bench", claims=claims[start : start + 5000])
            first = made[0] if first is None else first
        assert first is not None
        return first
    finally:
        store.close()


def reviewer(database: str, claim: int, stop: threading.Event, latencies: list[float], failures: list[str]) -> None:
    """Change one claim's status every half second, as a reviewer would, until ``stop``."""
    statuses = ["draft", "in_review"]
    turn = 0
    environment = {**os.environ, "WORKBENCH_DB": database}
    while not stop.is_set():
        started = time.perf_counter()
        done = subprocess.run(
            ["workbench", "--reviewer", "ana", "claim", "set", str(claim), "--status", statuses[turn % 2]],
            capture_output=True,
            text=True,
            env=environment,
        )
        latencies.append(time.perf_counter() - started)
        if done.returncode != 0:
            failures.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
        turn += 1
        stop.wait(0.5)


def measure(count: int, family: int, seed: int, shape: str) -> dict[str, str]:
    """One row of the table: ``match`` on ``count`` templated claims with a reviewer beside it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "templated.db"
        started = time.perf_counter()
        first = build(path, count, family, seed, shape)
        built = time.perf_counter() - started
        database = f"sqlite:///{path}"
        stop = threading.Event()
        latencies: list[float] = []
        failures: list[str] = []
        worker = threading.Thread(target=reviewer, args=(database, first, stop, latencies, failures))
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        match = subprocess.Popen(
            ["workbench", "--reviewer", "matcher", "match"],
            env={**os.environ, "WORKBENCH_DB": database},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        worker.start()
        _, error = match.communicate()
        seconds = time.perf_counter() - started
        stop.set()
        worker.join()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if match.returncode != 0:
            sys.exit(f"match failed on {count} claims: {error.strip()}")
        with open_store(database) as store, reading(store) as connection:
            found = connection.execute(select(func.count()).select_from(RELATION)).scalar_one()
        return {
            "claims": f"{count:,} {shape}",
            "suggestions": f"{found:,}",
            "built": f"{built:.0f} s",
            "match": f"{seconds:.1f} s",
            # ru_maxrss of children is the largest child so far: the match process dominates
            "peak": f"{max(peak, before) / 1024:.0f} MB",
            "reviewer changes": str(len(latencies)),
            "failed": str(len(failures)) + (f" ({failures[0][:50]})" if failures else ""),
            "median": f"{statistics.median(latencies):.2f} s" if latencies else "-",
            "worst": f"{max(latencies):.2f} s" if latencies else "-",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--family", type=int, default=1000, help="sentences sharing one template")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shape", choices=["batch", "plain"], nargs="+", default=["batch", "plain"])
    options = parser.parse_args()
    rows = [measure(count, options.family, options.seed, shape) for shape in options.shape for count in options.claims]
    headers = list(rows[0])
    widths = [max(len(h), *(len(r[h]) for r in rows)) for h in headers]
    print(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(row[h].ljust(w) for h, w in zip(headers, widths, strict=True)))


if __name__ == "__main__":
    main()
