"""Facts-based matching on real multi-outlet news and on MRPC, against the hand-made gold set.

Run:  python benchmarks/eval_facts.py [--data ../shared/data/dev] [--across-stories] [--sample 40] [--semantic]

1. News clusters: the 179 articles are imported into a real store, every sentence that holds a
   fact becomes a claim anchored to itself, and `workbench match` runs (``run_match``). Each
   item of ``news-clusters/facts_gold.json`` pairs two quotes; it is found when the claims
   holding them are suggested as the right kind: conflicts as contradictions, agreements as
   duplicates; a distinct pair is an error when suggested as either. Per event and per type.
   Also: how many suggestions hold a boilerplate line, how well stories recover the events,
   and (``--sample N``) a random sample of suggested contradictions to judge by hand.
2. MRPC train: 4,076 sentence pairs, paraphrase or not; a pair is called a duplicate as
   ``match`` would call it (facts when both state figures, wording otherwise). Beside it, the
   always-"paraphrase" baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import numpy as np

from store import open_store
from workbench.claims import MAX_CLAIM_CHARS, EvidenceSpec, NewClaim, create_claims
from workbench.extract.sentences import find as sentences
from workbench.facts import boilerplate, stories
from workbench.facts.extract import claim_names, facts
from workbench.facts.judge import ClaimFacts, verdict
from workbench.ingest import read_file
from workbench.matching.blocking import score_pairs
from workbench.matching.engine import DEFAULT_THRESHOLD, ClaimText, Prepared, judge
from workbench.matching.rules import Values
from workbench.relations import run_match
from workbench.sources import import_documents
from workbench.spans import Offsets

ROOT = Path(__file__).resolve().parent.parent
WANTED = {"conflict": "contradiction", "agreement": "duplicate"}
#: Judgements by hand of sampled contradictions, keyed by both claims' article file and sentence
#: offset (the article texts themselves stay out of the project: their licences forbid copying).
JUDGED = Path(__file__).resolve().parent / "data" / "facts_judged.json"


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def clusters(data: Path, *, across: bool, sample: int, seed: int, misses: str = "", semantic: bool = False) -> None:
    folder = data / "news-clusters"
    paths = sorted((folder / "articles").glob("*.json"))
    gold = json.loads((folder / "facts_gold.json").read_text(encoding="utf-8"))["items"]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "clusters.db")
        started = time.perf_counter()
        source_of_file: dict[str, int] = {}
        for path in paths:
            [result] = import_documents(store=store, actor="eval", documents=read_file(path))
            source_of_file[path.name] = result.source_id
        with store.read() as connection:
            rows = list(connection.exec_driver_sql("SELECT id, text, published_at FROM source"))
        new, spans = [], []
        for row in rows:
            for s in sentences(row.text):
                if len(s.text) <= MAX_CLAIM_CHARS and facts(s.text, (row.published_at or "")[:10] or None):
                    new.append(NewClaim(s.text, [EvidenceSpec(row.id, Offsets(s.start, s.end))]))
                    spans.append((row.id, s.start, s.end))
        ids = create_claims(store=store, actor="eval", claims=new)
        loaded = time.perf_counter() - started
        if semantic:  # the claims' vectors, for match's pairs by meaning (workbench.meaning)
            from workbench.embeddings import embed

            started = time.perf_counter()
            embedded = embed(store=store, kinds=("claim",))
            print(f"embedded {embedded.total:,} claims in {time.perf_counter() - started:.0f} s ({embedded.model})")
        started = time.perf_counter()
        report = run_match(store=store, actor="eval", across_stories=across)
        seconds = time.perf_counter() - started
        with store.read() as connection:
            relations = {
                (r.a, r.b): (r.kind, r.detail)
                for r in connection.exec_driver_sql("SELECT a, b, kind, detail FROM claim_relation")
            }
            from workbench.facts.engine import load

            loaded_claims = {c.id: c for c in load(connection)}
        texts = {i: n.text for i, n in zip(ids, new, strict=True)}
        by_source: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for claim_id, (source_id, start, end) in zip(ids, spans, strict=True):
            by_source[source_id].append((start, end, claim_id))

        def claim_of(side: dict[str, str]) -> tuple[int, int, int] | tuple[None, None, None]:
            """The claim holding a quote, and the quote's span within the claim's text."""
            source_id = source_of_file[side["file"]]
            with store.read() as connection:
                text = connection.exec_driver_sql("SELECT text FROM source WHERE id = ?", (source_id,)).scalar_one()
            at = text.find(side["quote"])
            for s, e, c in by_source[source_id]:
                if s <= at < e:
                    return c, at - s, at - s + len(side["quote"])
            return None, None, None

        def on_quote(fact: dict[str, int] | None, start: int, end: int) -> bool:
            return fact is not None and fact["start"] < end and start < fact["end"]

        missed: list[tuple[dict[str, object], str | None, str, str, str | None]] = []
        if misses:
            from workbench.facts.pairs import candidates

            listed = list(loaded_claims.values())
            weighed = {(listed[i].id, listed[j].id) for i, j in candidates(listed, across_stories=across)}
        per_event: dict[str, Counter[str]] = defaultdict(Counter)
        per_type: dict[str, Counter[str]] = defaultdict(Counter)
        for item in gold:
            (a, a_start, a_end), (b, b_start, b_end) = claim_of(item["a"]), claim_of(item["b"])
            kind = item["kind"]
            called, figures = None, False
            if a is not None and b is not None and a != b:
                called, detail = relations.get((min(a, b), max(a, b)), (None, None))
                # at fact level: the suggestion compares the quoted figures themselves
                facts_of = json.loads(detail or "{}")
                for compared in [facts_of, *facts_of.get("also", [])]:  # every figure pair the suggestion names
                    first, second = compared.get("a_fact"), compared.get("b_fact")
                    if a > b:
                        first, second = second, first
                    figures = figures or (on_quote(first, a_start, a_end) and on_quote(second, b_start, b_end))
            event = item["a"]["event"]
            per_event[event][f"{kind}.all"] += 1
            per_type[f"{kind} {item.get('type', '')}"]["all"] += 1
            hit = called == WANTED[kind] if kind in WANTED else called is not None
            per_event[event][f"{kind}.hit"] += hit
            per_event[event][f"{kind}.fact"] += hit and figures
            per_type[f"{kind} {item.get('type', '')}"]["hit"] += hit
            per_type[f"{kind} {item.get('type', '')}"]["fact"] += hit and figures
            wrong = not hit if kind in WANTED else hit  # a distinct pair goes wrong when it is suggested at all
            if misses and kind in misses.split(",") and wrong:
                judged = None
                if a in loaded_claims and b in loaded_claims:
                    x, y = loaded_claims[a], loaded_claims[b]
                    judged = f"{verdict(x, y)} stories {set(x.stories)} / {set(y.stories)}"
                    judged = f"weighed {(min(a, b), max(a, b)) in weighed} " + judged
                missed.append((item, called, texts.get(a or 0, "?"), texts.get(b or 0, "?"), judged))
        for item, called, first, second, detail in missed:
            wrongly = "MISSED" if item["kind"] in WANTED else "SUGGESTED"
            print(f"\n{wrongly} {item['kind']} {item.get('type', '')} ({item['a']['event'][:40]}): called {called}")
            print(f"  A: {item['a']['quote']!r}\n     in {first!r}")
            print(f"  B: {item['b']['quote']!r}\n     in {second!r}")
            if detail:
                print(f"  judged: {detail[:400]}")
        contradictions = [pair for pair, (kind, _) in relations.items() if kind == "contradiction"]
        duplicates = [pair for pair, (kind, _) in relations.items() if kind == "duplicate"]
        furniture = sum(boilerplate.by_form(texts[a]) or boilerplate.by_form(texts[b]) for a, b in relations)
        print(
            f"\nNews clusters: {len(paths)} articles, {len(per_event)} events in the gold set, {len(ids):,} claims "
            f"(sentences holding a fact; imported and made in {loaded:.1f} s); match in {seconds:.1f} s: "
            f"{len(contradictions):,} contradictions, {len(duplicates):,} duplicates suggested"
            f"{' (across stories)' if across else ''}; {report.withdrawn} withdrawn"
        )
        print(f"Suggestions holding a line that is furniture by its form: {furniture}")
        print(
            f"Boilerplate claims left out: {sum(c.boilerplate for c in loaded_claims.values()):,}; stories: "
            f"{len({s for c in loaded_claims.values() for s in c.stories})}"
        )
        with store.read() as connection:
            story_of = stories.resolve(connection)
        event_of = {
            source_of_file[p.name]: json.loads(p.read_text(encoding="utf-8"))["newsCluster"]["Event"] for p in paths
        }
        pairs = [(x, y) for x in event_of for y in event_of if x < y]
        same_story = {(x, y) for x, y in pairs if story_of[x] == story_of[y]}
        same_event = {(x, y) for x, y in pairs if event_of[x] == event_of[y]}
        both = len(same_story & same_event)
        print(
            f"Stories against the {len(set(event_of.values()))} events, pairs of sources: precision "
            f"{both / len(same_story):.2f}, recall {both / len(same_event):.2f}"
        )
        print(f"\n{'event':<44} {'conflicts':>10} {'agreements':>11} {'distinct wrong':>15}")
        totals: Counter[str] = Counter()
        for event in sorted(per_event):
            c = per_event[event]
            totals.update(c)
            cells = [
                f"{c['conflict.hit']}/{c['conflict.all']}",
                f"{c['agreement.hit']}/{c['agreement.all']}",
                f"{c['distinct.hit']}/{c['distinct.all']}",
            ]
            print(f"{event[:44]:<44} {cells[0]:>10} {cells[1]:>11} {cells[2]:>15}")

        def share(hit: str, total: str) -> str:
            return f"{totals[hit] / totals[total]:.2f}" if totals[total] else "–"

        print(
            f"{'all (claims suggested)':<44} {share('conflict.hit', 'conflict.all'):>10} "
            f"{share('agreement.hit', 'agreement.all'):>11} {share('distinct.hit', 'distinct.all'):>15}"
        )
        print(
            f"{'all (on the quoted figures)':<44} {share('conflict.fact', 'conflict.all'):>10} "
            f"{share('agreement.fact', 'agreement.all'):>11} {share('distinct.fact', 'distinct.all'):>15}"
        )
        print("Targets: conflict recall ≥ 0.70, agreement recall ≥ 0.60, distinct pairs suggested ≤ 0.10")
        print(
            "(claims suggested: the two sentences holding the quotes are suggested as the right kind; on the quoted\n"
            " figures: and the suggestion's compared figures are the quoted ones. A sentence holds several figures,\n"
            " so two sentences may rightly agree on one figure while the gold pair is about another.)"
        )
        print(f"\n{'gold type':<30} {'found':>7} {'on the figures':>15}")
        for name in sorted(per_type):
            counts = per_type[name]
            print(f"{name:<30} {counts['hit']:>3}/{counts['all']:<3} {counts['fact']:>11}/{counts['all']:<3}")
        file_of = {source: name for name, source in source_of_file.items()}
        where = {c: f"{file_of[s]}:{start}" for c, (s, start, _) in zip(ids, spans, strict=True)}
        judged = json.loads(JUDGED.read_text(encoding="utf-8")) if JUDGED.exists() else {}
        rng = random.Random(seed)
        picked = sorted(rng.sample(sorted(contradictions), min(sample or 40, len(contradictions))))
        verdicts = [judged[k]["correct"] for a, b in picked if (k := f"{where[a]} {where[b]}") in judged]
        if verdicts:
            print(
                f"\nPrecision of suggested contradictions, judged by hand on a random sample (seed {seed}): "
                f"{sum(verdicts) / len(verdicts):.2f} ({sum(verdicts)} of {len(verdicts)} judged; target ≥ 0.60)"
            )
        if sample:
            print(
                f"\nA random sample of {len(picked)} suggested contradictions (seed {seed}), keyed as in {JUDGED.name}:"
            )
            for a, b in picked:
                detail = json.loads(relations[(a, b)][1] or "{}")
                mark = judged.get(f"{where[a]} {where[b]}", {}).get("correct", "?")
                print(f"- [{mark}] {where[a]} {where[b]}: {detail.get('reason', '')}")
                print(f"    A: {texts[a][:200]}\n    B: {texts[b][:200]}")
        store.close()


class MrpcCalls(NamedTuple):
    """MRPC train as `match` calls it: (paraphrase?, a, b) rows, each sentence's facts, each pair's call."""

    rows: list[tuple[bool, str, str]]
    parsed: list[ClaimFacts]
    duplicates: list[bool]


def mrpc_calls(data: Path) -> MrpcCalls:
    """Each MRPC train pair called a duplicate as `match` would: facts when both state figures, else wording."""
    rows = []
    lines = (data / "mrpc-train" / "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((parts[0] == "1", parts[3], parts[4]))
    texts = [t for _, a, b in rows for t in (a, b)]
    prepared = Prepared.of([ClaimText(i, t, Values()) for i, t in enumerate(texts)])
    pairs = np.arange(len(texts), dtype=np.int64).reshape(-1, 2)
    _, loose, strict = score_pairs(prepared.texts, pairs, cutoff=0)
    parsed = []
    for i, text in enumerate(texts):
        # MRPC's pairs were drawn from clusters of news about one event: each pair is one story,
        # as `match` compares claims by default
        found = facts(text)
        parsed.append(ClaimFacts(i, text, tuple(found), claim_names(text, found), stories=frozenset({i // 2})))
    duplicates = []
    for k in range(len(rows)):
        a, b = parsed[2 * k], parsed[2 * k + 1]
        if a.facts and b.facts:
            found_verdict = verdict(a, b)
            duplicates.append(found_verdict is not None and found_verdict.kind == "duplicate")
        else:
            judged = judge((Values(), Values()), (prepared.tokens[2 * k], prepared.tokens[2 * k + 1]),
                           int(loose[k]), int(strict[k]), DEFAULT_THRESHOLD)  # fmt: skip
            duplicates.append(judged is not None and judged[1].kind == "duplicate")
    return MrpcCalls(rows, parsed, duplicates)


def prf_of(calls: list[bool], rows: list[tuple[bool, str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of duplicate calls against MRPC's labels."""
    tp = sum(c and r[0] for c, r in zip(calls, rows, strict=True))
    fp = sum(c and not r[0] for c, r in zip(calls, rows, strict=True))
    fn = sum(r[0] and not c for c, r in zip(calls, rows, strict=True))
    return _prf(tp, fp, fn)


def mrpc(data: Path) -> None:
    started = time.perf_counter()
    rows, _, duplicates = mrpc_calls(data)
    seconds = time.perf_counter() - started
    positives = sum(label for label, _, _ in rows)
    p, r, f1 = prf_of(duplicates, rows)
    bp, br, bf1 = _prf(positives, len(rows) - positives, 0)
    print(f"\nMRPC train: {len(rows):,} pairs, {positives:,} paraphrases ({seconds:.1f} s)")
    print(f"{'':<28} {'P':>6} {'R':>6} {'F1':>6}")
    print(f"{'match (facts, then wording)':<28} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
    print(f"{'always paraphrase':<28} {bp:>6.3f} {br:>6.3f} {bf1:>6.3f}")
    print("Target: F1 ≥ 0.84 at precision ≥ 0.80")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--across-stories", action="store_true", help="match across stories too")
    parser.add_argument(
        "--misses",
        default="",
        help="print the gold pairs of these kinds gone wrong (conflict,agreement: missed; distinct: suggested)",
    )
    parser.add_argument("--sample", type=int, default=0, help="print this many suggested contradictions to judge")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--semantic", action="store_true", help="embed the claims first: match also pairs them by meaning (extra)"
    )
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no development data at {args.data}")
    if not args.semantic:
        os.environ["WORKBENCH_SEMANTIC"] = "off"  # the lexical figures, whatever is installed
    clusters(
        args.data, across=args.across_stories, sample=args.sample, seed=args.seed, misses=args.misses,
        semantic=args.semantic,
    )  # fmt: skip
    mrpc(args.data)


if __name__ == "__main__":
    main()
