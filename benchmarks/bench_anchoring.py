"""Candidates and re-anchoring benchmark.

Run:  python benchmarks/bench_anchoring.py [--mb 50] [--links 10000] [--seed 7]
(pySBD, the baseline, comes with `pip install '.[bench]'`.)

1. Candidates (sentences, quantities, dates, items, attributions) over MB of generated
   article text, against pySBD's sentence segmentation alone on a 1 MB sample, measured in
   the same run (the issue's baseline: about 0.24 MB/s here).
2. Re-anchoring: LINKS evidence links on generated articles, carried over to revised copies
   (unchanged, a sentence inserted at the top, typos fixed inside quotes, sentences deleted)
   with `reanchor_source`, in real store transactions with their audit events.
"""

from __future__ import annotations

import argparse
import collections
import random
import tempfile
import time
from pathlib import Path

from bench_store import article

from store import open_store
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, NewClaim, create_claims
from workbench.extract import candidates
from workbench.ingest.document import Document
from workbench.revisions import reanchor_source
from workbench.sources import import_documents
from workbench.spans import Offsets


def corpus(rng: random.Random, megabytes: float) -> list[str]:
    texts, size = [], 0
    while size < megabytes * 1e6:
        text, _ = article(rng)
        texts.append(text)
        size += len(text.encode())
    return texts


def bench_candidates(rng: random.Random, megabytes: float) -> tuple[float, float | None, int]:
    texts = corpus(rng, megabytes)
    size = sum(len(t.encode()) for t in texts) / 1e6
    start = time.perf_counter()
    count = 0
    for text in texts:
        count += len(candidates(text, published="2022-08-11"))
    ours = size / (time.perf_counter() - start)
    try:
        import pysbd
    except ImportError:
        return ours, None, count
    sample = "\n".join(texts)[:1_000_000]
    segmenter = pysbd.Segmenter(language="en", clean=False)
    start = time.perf_counter()
    segmenter.segment(sample)
    return ours, len(sample.encode()) / 1e6 / (time.perf_counter() - start), count


def revise(rng: random.Random, text: str, spans: list[tuple[int, int]]) -> str:
    """A plausible correction: nothing, a new first sentence, typos fixed, or a sentence removed."""
    kind = rng.choice(["unchanged", "insert", "typos", "delete"])
    if kind == "insert":
        return "Correction: an earlier version misstated the date. " + text
    if kind == "typos":
        for start, end in rng.sample(spans, min(3, len(spans))):
            at = rng.randrange(start + 1, end - 1)
            if text[at].isalpha():
                text = text[:at] + text[at] + text[at:]  # a doubled letter
        return text
    if kind == "delete":
        start, end = rng.choice(spans)
        return text[:start] + text[end:]
    return text


def bench_reanchoring(rng: random.Random, links: int, folder: Path) -> tuple[float, collections.Counter[str]]:
    per_source = 20
    sources = max(1, links // per_source)
    store = open_store(folder / "anchors.db")
    originals, spans = [], []
    for i in range(sources):
        text, sentence_spans = article(rng)
        originals.append(text)
        spans.append(sentence_spans)
        import_documents(store=store, actor="bench", documents=[Document(text=text, format="txt", title=f"A{i}")])
    plan = []
    for i in range(links):
        source = i % sources
        start, end = rng.choice(spans[source])
        plan.append(NewClaim(f"claim {i}", [EvidenceSpec(source + 1, Offsets(start, end))]))
    for at in range(0, len(plan), 10_000):
        create_claims(store=store, actor="bench", claims=plan[at : at + 10_000])
    for i, text in enumerate(originals):  # revised copies, stored as separate sources
        revised = revise(rng, text, spans[i])
        import_documents(store=store, actor="bench", documents=[Document(text=revised, format="txt", title=f"B{i}")])
    start = time.perf_counter()
    for i in range(sources):
        reanchor_source(store=store, actor="bench", old_id=i + 1, new_id=sources + i + 1, force=True)
    seconds = time.perf_counter() - start
    outcomes: collections.Counter[str] = collections.Counter()
    for i in range(sources):
        outcomes.update(a.method or "?" for a in fetch(store, read.anchors, sources + i + 1))
    store.close()
    return seconds, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of generated text for candidates")
    parser.add_argument("--links", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ours, pysbd_rate, count = bench_candidates(rng, args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        seconds, outcomes = bench_reanchoring(rng, args.links, Path(tmp))
    print(f"candidates: {args.mb:g} MB of generated articles, {count:,} candidates")
    print(f"re-anchoring: {args.links:,} links\n")
    header = f"{'metric':<44} {'value':>12} {'baseline':>16} {'ratio':>8}  {'target':<14} ok"
    print(header)
    print("-" * len(header))
    baseline = f"{pysbd_rate:.2f} MB/s pySBD" if pysbd_rate else "pySBD absent"
    ratio = f"{ours / pysbd_rate:.1f}×" if pysbd_rate else "–"
    verdict = "yes" if ours >= 1 else "NO"
    print(f"{'candidates, all kinds':<44} {ours:>7.2f} MB/s {baseline:>16} {ratio:>8}  {'≥ 1 MB/s':<14} {verdict}")
    verdict = "yes" if seconds <= 5 else "NO"
    label = f"re-anchoring {args.links:,} links"
    print(f"{label:<44} {seconds:>10.2f} s {'–':>16} {'–':>8}  {'≤ 5 s':<14} {verdict}")
    print(f"{'  (links per second)':<44} {args.links / seconds:>12,.0f}")
    total = sum(outcomes.values())
    print("\nre-anchoring outcomes: " + ", ".join(f"{k} {v} ({v / total:.0%})" for k, v in sorted(outcomes.items())))


if __name__ == "__main__":
    main()
