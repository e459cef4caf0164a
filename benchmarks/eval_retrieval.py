"""Claim retrieval through `suggest` on CheckThat! 2020 (verified claim retrieval), dev and train.

Run:  python benchmarks/eval_retrieval.py [--data ../shared/data/dev] [--splits dev train]

The 10,375 fact-checked claims go into a real store as a fact-checker would have them: each
fact-check imported as a source (its headline as the title, the claim it checks as the text)
and the claim recorded with its evidence there. Every tweet of a split is imported as a source,
as written (URLs, handles, hashtags and all), and `suggest` (``workbench.suggest.suggest_evidence``)
ranks the claims it states; MAP@5 is over the first five distinct claims suggested, the
official measure of the task. The test tweets are never used.

Baselines, in the same run, on the same claims: plain BM25 (Okapi, k1 1.2, b 0.75, lower-case
words, no stemming) over the claim text, and over claim text and title, each tweet with its
URLs and @handles removed (as the figures in the data's README were measured). A row also
gives `suggest` on claims recorded without their fact-check (no headline anywhere in the
store), to show what the headlines are worth.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from workbench.access import open_store
from workbench.claims import EvidenceSpec, NewClaim, create_claims
from workbench.ingest.document import Document
from workbench.sources import import_documents
from workbench.spans import Offsets
from workbench.suggest import suggest_evidence

ROOT = Path(__file__).resolve().parent.parent
DEPTH = 5


def read_claims(folder: Path) -> dict[int, tuple[str, str]]:
    with (folder / "verified_claims.docs.tsv").open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        return {int(r[0]): (r[1], r[2]) for r in rows}


def read_split(folder: Path) -> tuple[dict[int, str], dict[int, set[int]]]:
    with (folder / "tweets.queries.tsv").open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        tweets = {int(r[0]): r[1] for r in rows}
    gold: dict[int, set[int]] = defaultdict(set)
    for line in (folder / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
        query, _, claim, relevant = line.split()
        if relevant == "1":
            gold[int(query)].add(int(claim))
    return tweets, gold


def average_precision(ranked: list[int], relevant: set[int], depth: int = DEPTH) -> float:
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:depth], 1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), depth) if relevant else 0.0


def mean_ap(rank: Callable[[int, str], list[int]], tweets: dict[int, str], gold: dict[int, set[int]]) -> float:
    return statistics.fmean(average_precision(rank(q, t), gold[q]) for q, t in tweets.items())


_WORD = re.compile(r"\w+")


class Okapi:
    """Plain BM25 over documents of lower-case words: the baseline."""

    def __init__(self, documents: dict[int, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.terms = {i: Counter(_WORD.findall(d.lower())) for i, d in documents.items()}
        self.lengths = {i: sum(c.values()) for i, c in self.terms.items()}
        self.mean = statistics.fmean(self.lengths.values())
        df: Counter[str] = Counter()
        for counts in self.terms.values():
            df.update(counts.keys())
        n = len(documents)
        self.idf = {t: math.log(1 + (n - m + 0.5) / (m + 0.5)) for t, m in df.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, counts in self.terms.items():
            for t in counts:
                self.postings[t].append(i)

    def rank(self, query: str) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(_WORD.findall(query.lower())):
            for doc in self.postings.get(term, ()):
                tf = self.terms[doc][term]
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc] / self.mean)
                scores[doc] += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
        return [d for d, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:DEPTH]]


def without_links(tweet: str) -> str:
    return re.sub(r"https?://\S+|pic\.twitter\.com/\S+|@\w+", " ", tweet)


def build(folder: Path, claims: dict[int, tuple[str, str]], tweets: Iterable[tuple[int, str]], *, headlines: bool):
    """A store holding the claims (with their fact-checks as sources if ``headlines``) and the tweets."""
    store = open_store(folder / "retrieval.db")
    order = sorted(claims)
    specs = []
    if headlines:
        documents = [Document(text=claims[i][0], format="txt", title=claims[i][1], origin=f"vclaim {i}") for i in order]
        results = import_documents(store=store, actor="bench", documents=documents)
        specs = [
            [EvidenceSpec(r.source_id, Offsets(0, len(claims[i][0])))] for i, r in zip(order, results, strict=True)
        ]
    new = [NewClaim(text=claims[i][0], evidence=specs[k] if headlines else ()) for k, i in enumerate(order)]
    ids = create_claims(store=store, actor="bench", claims=new)
    to_vclaim = dict(zip(ids, order, strict=True))
    queries = list(tweets)
    documents = [Document(text=t, format="txt", outlet="Twitter", origin=f"tweet {q}") for q, t in queries]
    results = import_documents(store=store, actor="bench", documents=documents)
    to_source = {q: r.source_id for (q, _), r in zip(queries, results, strict=True)}
    return store, to_vclaim, to_source


def suggest_ranking(store, to_vclaim: dict[int, int], to_source: dict[int, int]) -> Callable[[int, str], list[int]]:
    def rank(query: int, _tweet: str) -> list[int]:
        found = suggest_evidence(store=store, source_id=to_source[query], limit=DEPTH)
        return [to_vclaim[s.claim_id] for s in found]

    return rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--splits", nargs="+", default=["dev", "train"])
    args = parser.parse_args()
    folder = args.data / "checkthat2020-train-dev"
    claims = read_claims(folder)
    splits = {name: read_split(folder / name) for name in args.splits}
    every_tweet = [(f"{name}:{q}", t) for name, (tweets, _) in splits.items() for q, t in tweets.items()]

    okapi_claim = Okapi({i: c for i, (c, _) in claims.items()})
    okapi_titled = Okapi({i: f"{c} {t}" for i, (c, t) in claims.items()})
    rows: list[tuple[str, dict[str, float]]] = [("BM25, claim (baseline)", {}), ("BM25, claim + title (baseline)", {})]
    for name, (tweets, gold) in splits.items():
        rows[0][1][name] = mean_ap(lambda _q, t: okapi_claim.rank(without_links(t)), tweets, gold)
        rows[1][1][name] = mean_ap(lambda _q, t: okapi_titled.rank(without_links(t)), tweets, gold)

    timings: dict[str, float] = {}
    for label, headlines in (("suggest, claims with their fact-checks", True), ("suggest, claims alone", False)):
        with tempfile.TemporaryDirectory(prefix="eval-retrieval-") as tmp:
            started = time.perf_counter()
            store, to_vclaim, by_key = build(Path(tmp), claims, every_tweet, headlines=headlines)
            timings[f"{label}: store built"] = time.perf_counter() - started
            figures: dict[str, float] = {}
            for name, (tweets, gold) in splits.items():
                to_source = {q: by_key[f"{name}:{q}"] for q in tweets}
                started = time.perf_counter()
                figures[name] = mean_ap(suggest_ranking(store, to_vclaim, to_source), tweets, gold)
                timings[f"{label}: suggest per tweet, {name}"] = (time.perf_counter() - started) / len(tweets)
            store.close()
            rows.append((label, figures))

    print(f"{'MAP@5':<42}" + "".join(f"{name:>10}" for name in args.splits))
    for label, figures in rows:
        print(f"{label:<42}" + "".join(f"{figures[name]:>10.3f}" for name in args.splits))
    print("target: suggest ≥ 0.80 on dev")
    for label, seconds in timings.items():
        print(f"{label}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
