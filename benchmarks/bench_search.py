"""Retrieval index benchmark: building it, its size, and searching a large store.

Run:  python benchmarks/bench_search.py [--sources 10000] [--queries 300] [--store PATH] [--seed 11]

Builds (or reuses, with --store) a store of generated news articles, imported one at a time
through the same path as `workbench import` (which indexes each in its own transaction). Their
sentences are the benchmark's conflict-reporting templates with names woven in from a 60,000-word
vocabulary drawn by Zipf's law, so that words are common or rare the way they are in news.

Then, each in a fresh process so that peak memory (VmHWM) is the step's own:

- the whole index rebuilt from the texts (`workbench.search.index.rebuild`, what
  `workbench index rebuild` runs), passages per second;
- the index's size (SQLite's dbstat: the passage table and the FTS5 tables) as a share of the
  size of the texts;
- searches through the read layer (`read.search_hits`, 20 results, as `workbench search` and the
  Search screen ask): median and 95th percentile over a mix of one rare word, two words, a
  three-word phrase, a prefix, an OR of two names and a NOT; a word in half of all sentences is
  timed on its own. Baseline in the same run: the same words found by scanning every text with
  ``LIKE``, which is what search costs without an index.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_store import sentence

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = """ka lo mi ra vu ze ti no bel dar fen gor hal ist jun kem lor mun nas ost pel qua ris sol tur
               und vek wol xan yor zul""".split()


def vocabulary(rng: random.Random, size: int = 60_000) -> list[str]:
    """Made-up names, in an order unrelated to their spelling (how common a word is says nothing of it)."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    found = sorted(words)
    rng.shuffle(found)
    return found


def zipf_pick(rng: random.Random, words: list[str]) -> str:
    """A word, the r-th most common drawn with probability about 1/r."""
    rank = int(len(words) ** rng.random())  # log-uniform rank: frequency falls as 1/rank
    return words[min(rank, len(words) - 1)]


def article(rng: random.Random, words: list[str]) -> str:
    text = ""
    target = rng.randint(3000, 6000)
    while len(text) < target:
        paragraph = []
        for _ in range(rng.randint(2, 5)):
            names = " and ".join(zipf_pick(rng, words) for _ in range(rng.randint(1, 3)))
            paragraph.append(sentence(rng).rstrip(".") + f", near {names}.")
        text += " ".join(paragraph) + "\n"
    return text


def build(path: Path, sources: int, seed: int) -> None:
    from workbench.access import open_store
    from workbench.ingest.document import Document
    from workbench.sources import import_documents

    rng = random.Random(seed)
    words = vocabulary(rng)
    store = open_store(path)
    started = time.perf_counter()
    for i in range(sources):
        document = Document(text=article(rng, words), format="md", title=f"Report {i} from {zipf_pick(rng, words)}",
                            outlet=f"Outlet {rng.randint(1, 300)}", origin=f"report-{i}.md")  # fmt: skip
        import_documents(store=store, actor="bench", documents=[document])
    store.close()
    print(f"built {path}: {sources:,} sources imported (and indexed) in {time.perf_counter() - started:.0f} s")


PROBE = r"""
import json, random, statistics, sys, time
sys.path.insert(0, sys.argv[3])
from bench_search import vocabulary, zipf_pick
from workbench import read
from workbench.access import fetch, open_store, reading
from workbench.search import index

def peak():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024

path, step = sys.argv[1], sys.argv[2]
store = open_store(path)
out = {}
if step == "rebuild":
    started = time.perf_counter()
    index.rebuild(store=store)
    out["seconds"] = time.perf_counter() - started
    with reading(store) as connection:
        out |= index.status(connection)
        sizes = dict(connection.exec_driver_sql(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'passage%' OR name LIKE 'claim_fts%' "
            "OR name = 'indexed_source' GROUP BY name").all())
        out["index_bytes"] = sum(sizes.values())
        out["text_bytes"] = connection.exec_driver_sql("SELECT sum(length(CAST(text AS BLOB))) FROM source").scalar()
else:
    rng = random.Random(int(sys.argv[4]))
    words = vocabulary(rng)
    common = [w for w in words[:40]]
    def kinds():
        a, b, c = (zipf_pick(rng, words) for _ in range(3))
        return [("one word", a), ("two words", f"{a} delivery"), ("phrase", '"military base near"'),
                ("prefix", f"{a[:4]}*"), ("OR", f"{a} OR {b}"), ("NOT", f"helicopters NOT {c}")]
    times, by_kind = [], {}
    fetch(store, read.search_hits, "warm up")
    for _ in range(int(sys.argv[5]) // 6):
        for kind, query in kinds():
            started = time.perf_counter()
            fetch(store, read.search_hits, query, limit=20)
            took = time.perf_counter() - started
            times.append(took)
            by_kind.setdefault(kind, []).append(took)
    times.sort()
    out["median"] = statistics.median(times)
    out["p95"] = times[int(0.95 * (len(times) - 1))]
    out["by_kind"] = {k: statistics.median(v) for k, v in by_kind.items()}
    started = time.perf_counter()
    fetch(store, read.search_hits, "delivery", limit=20)
    out["very common"] = time.perf_counter() - started
    name = zipf_pick(rng, words)
    with reading(store) as connection:
        started = time.perf_counter()
        connection.exec_driver_sql("SELECT id FROM source WHERE text LIKE ?", (f"%{name}%",)).all()
        out["like scan"] = time.perf_counter() - started
out["peak_mb"] = peak()
store.close()
print(json.dumps(out))
"""


def probe(path: Path, step: str, seed: int, queries: int) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), step, str(Path(__file__).parent), str(seed), str(queries)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--store", type=Path, help="reuse (or build once at) this store")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        path = args.store or Path(tmp) / "search.db"
        if not path.exists():
            build(path, args.sources, args.seed)
        rebuilt = probe(path, "rebuild", args.seed, args.queries)
        searched = probe(path, "search", args.seed, args.queries)
    passages = int(rebuilt["passages"])  # type: ignore[call-overload]
    seconds = float(rebuilt["seconds"])  # type: ignore[arg-type]
    share = float(rebuilt["index_bytes"]) / float(rebuilt["text_bytes"])  # type: ignore[arg-type]
    rows = [
        ("sources / passages indexed", f"{rebuilt['sources']:,} / {passages:,}", ""),
        ("index rebuild", f"{seconds:.1f} s", f"≤ 60 s per 10,000 sources ({passages / seconds:,.0f} passages/s)"),
        ("rebuild peak memory (VmHWM)", f"{rebuilt['peak_mb']:.0f} MB", "flat"),
        ("index size / text size", f"{share:.0%}", ""),
        (f"search, median of {args.queries} (20 results)", _ms(searched["median"]), "≤ 100 ms"),
        ("search, 95th percentile", _ms(searched["p95"]), "≤ 300 ms"),
        *[(f"  median, {kind}", _ms(median), "") for kind, median in searched["by_kind"].items()],  # type: ignore[union-attr]
        ("a word in half of all sentences", _ms(searched["very common"]), ""),
        ("baseline: LIKE scan of every text, one word", _ms(searched["like scan"]), "(no index)"),
        ("search process peak memory (VmHWM)", f"{searched['peak_mb']:.0f} MB", ""),
    ]
    print(f"{'metric':<44} {'value':>16}  target")
    for metric, value, target in rows:
        print(f"{metric:<44} {value:>16}  {target}")


def _ms(seconds: object) -> str:
    return f"{1000 * float(seconds):.1f} ms"  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
