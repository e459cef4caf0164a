"""Nearest neighbours at scale: the exact NumPy index the workbench uses, beside an approximate one.

Run:  python benchmarks/bench_semantic.py [--sizes 100000 1000000] [--queries 50]

Vectors are random unit vectors of 384 dimensions (the encoder's), stored as the workbench
stores them (float16). A query batch is what ``suggest`` asks for one source: ``--queries``
paragraphs at once, the best 20 of each. Beside it, in the same run, with ``--approximate`` and
where it is installed, ``usearch``'s HNSW index (f16, default connectivity), built from the same
vectors: its build time, query time and recall of the exact top 20 (random vectors are the hard
case for a graph index; real embeddings cluster). Also the encoder's throughput on this machine's
cores, the memory the index holds (the matrix's bytes; peak RSS of the process), and ``suggest``
on a sample article in a real store of ``--store-claims`` claims with vectors (random, inserted
directly: embedding 100,000 texts would take most of an hour), cold and warm, with its peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np

from workbench.semantic.vectors import Index

DIM = 384
K = 20


def unit(rows: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((rows, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def encoder_throughput() -> str:
    from workbench.semantic import model

    os.environ.setdefault(model.SWITCH, "on")
    encoder = model.encoder()
    if encoder is None:
        return f"encoder: {model.status().reason}"
    sentences = [
        f"Defence officials said {i} armoured vehicles and two helicopters reached Bamako on Wednesday night."
        for i in range(256)
    ]
    encoder.embed(sentences[:8])  # warm
    started = time.perf_counter()
    encoder.embed(sentences)
    seconds = time.perf_counter() - started
    return f"encoder: {len(sentences) / seconds:.1f} sentences/s on {os.cpu_count()} cores ({encoder.name})"


def store_at(claims: int) -> None:
    """``suggest`` with the tier on in a store of ``claims`` claims, each with a (random) vector: latency, memory."""
    import tempfile
    from pathlib import Path

    from workbench.access import open_store
    from workbench.claims import NewClaim, create_claims
    from workbench.embeddings import DIM as WIDTH
    from workbench.ingest import read_file
    from workbench.semantic import model
    from workbench.semantic.vectors import pack
    from workbench.sources import import_documents
    from workbench.suggest import suggest_evidence

    os.environ[model.SWITCH] = "on"
    encoder = model.require()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="bench-semantic-") as tmp:
        store = open_store(Path(tmp) / "semantic.db")
        texts = [f"Claim {i}: {i % 97} armoured vehicles reached Bamako on day {i % 28 + 1}" for i in range(claims)]
        ids = create_claims(store=store, actor="bench", claims=[NewClaim(text=t) for t in texts])
        vectors = unit(claims, 3)
        with store.write() as connection:
            rows = [
                {"kind": "claim", "item_id": i, "model": encoder.name, "digest": f"{i:016x}", "vector": v}
                for i, v in zip(ids, pack(vectors), strict=True)
            ]
            connection.exec_driver_sql(
                "INSERT INTO embedding (kind, item_id, model, digest, vector) VALUES (?, ?, ?, ?, ?)",
                [tuple(r.values()) for r in rows],
            )
        [source] = import_documents(
            store=store, actor="bench", documents=read_file(root / "samples" / "01-mali-armour-delivery.md")
        )
        before = peak_mb()
        started = time.perf_counter()
        suggest_evidence(store=store, source_id=source.source_id)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        suggest_evidence(store=store, source_id=source.source_id)
        warm = time.perf_counter() - started
        print(f"suggest on the armour sample, {claims:,} claims with vectors (dim {WIDTH}): first {cold:.2f} s "
              f"(builds the claim index), then {warm:.2f} s")  # fmt: skip
        print(f"peak memory {peak_mb():.0f} MB (before suggest: {before:.0f} MB)")
        os.environ[model.SWITCH] = "off"  # the baseline, on the same store: by words alone
        model.reset()
        suggest_evidence(store=store, source_id=source.source_id)
        started = time.perf_counter()
        suggest_evidence(store=store, source_id=source.source_id)
        print(f"the same, lexical (tier off): {time.perf_counter() - started:.2f} s")
        os.environ[model.SWITCH] = "on"
        model.reset()
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--approximate", action="store_true", help="also build usearch's HNSW (minutes per 100,000)")
    parser.add_argument(
        "--store-claims", type=int, default=100_000, help="claims in the store suggest runs on (0: none)"
    )
    args = parser.parse_args()
    print(encoder_throughput())
    if args.store_claims:
        store_at(args.store_claims)
    usearch = None
    if args.approximate:
        try:
            import usearch.index as usearch
        except ImportError:
            print("usearch is not installed: pip install usearch")
    queries = unit(args.queries, 1)
    header = f"{'rows':>10} {'index':<22} {'build s':>8} {'query ms':>9} {'recall@20':>10}"
    print(f"{header} {'matrix MB':>10} {'peak MB':>8}")
    for size in args.sizes:
        data = unit(size, 2)
        started = time.perf_counter()
        exact = Index(np.arange(size), data.astype(np.float16))
        built = time.perf_counter() - started
        started = time.perf_counter()
        truth = exact.search(queries, K)
        query_ms = (time.perf_counter() - started) * 1000
        print(f"{size:>10,} {'NumPy exact (float16)':<22} {built:>8.2f} {query_ms:>9.0f} {1.0:>10.3f} "
              f"{exact.matrix.nbytes / 1e6:>10.0f} {peak_mb():>8.0f}")  # fmt: skip
        if usearch is not None:
            started = time.perf_counter()
            approximate = usearch.Index(ndim=DIM, metric="cos", dtype="f16")
            approximate.add(np.arange(size), data)
            built = time.perf_counter() - started
            started = time.perf_counter()
            found = approximate.search(queries, K)
            query_ms = (time.perf_counter() - started) * 1000
            hits = sum(len({int(k) for k in found.keys[q]} & {i for i, _ in truth[q]}) for q in range(len(queries)))
            recall = hits / (K * len(queries))
            print(f"{size:>10,} {'usearch HNSW (f16)':<22} {built:>8.2f} {query_ms:>9.0f} {recall:>10.3f} "
                  f"{approximate.memory_usage / 1e6:>10.0f} {peak_mb():>8.0f}")  # fmt: skip
        del data, exact


if __name__ == "__main__":
    main()
