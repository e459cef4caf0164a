"""Quality of claim matching and reprint detection on the development sets (written by others).

Run:  python benchmarks/eval_match.py [--data ../shared/data/dev] [--show 5]

1. MRPC train: 4,076 sentence pairs from different outlets, labelled paraphrase or not. A pair
   counts as a duplicate suggestion when the matcher's scoring and value rules make it one
   (``workbench.matching.engine.judge``, as ``workbench match`` does). Precision, recall and
   F1 per threshold, beside plain token_set_ratio (no rules) and always saying "paraphrase".
2. News clusters: 179 articles from many outlets, 35 events. The articles are imported into a
   real store, every sentence of six words or more (and at most 2,000 characters) becomes a
   claim anchored to itself, and the real matcher runs. A cross-outlet suggestion within one event is plausible; across
   events it is wrong. Then reprint detection: pairs found, and how many stay within an event.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from store import open_store
from workbench.claim_values import parse
from workbench.claims import MAX_CLAIM_CHARS, EvidenceSpec, NewClaim, create_claims
from workbench.ingest import read_file
from workbench.matching.blocking import score_pairs
from workbench.matching.engine import DEFAULT_THRESHOLD, ClaimText, Prepared, find_matches, judge
from workbench.matching.rules import Values
from workbench.relations import load_claims, run_match
from workbench.sources import import_documents
from workbench.spans import Offsets
from workbench.syndication import run_syndication

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (70, 75, 80, 85, 90)


def _values(text: str) -> Values:
    parsed = parse(text)
    return Values.from_columns(parsed["quantity"], parsed["date"], parsed["items"], text)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def mrpc(data: Path, show: int) -> None:
    rows = []
    lines = (data / "mrpc-train" / "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((parts[0] == "1", parts[3], parts[4]))
    start = time.perf_counter()
    prepared = Prepared.of(
        [ClaimText(i, text, _values(text)) for i, text in enumerate(t for _, a, b in rows for t in (a, b))]
    )
    pairs = np.arange(2 * len(rows), dtype=np.int64).reshape(-1, 2)
    _, loose, strict = score_pairs(prepared.texts, pairs, cutoff=0)
    seconds = time.perf_counter() - start
    positives = sum(label for label, _, _ in rows)
    print(f"\nMRPC train: {len(rows):,} pairs, {positives:,} paraphrases ({seconds:.1f} s to normalise, parse, score)")
    print(f"{'threshold':>9}  {'P':>6} {'R':>6} {'F1':>6}   {'plain P':>7} {'R':>6} {'F1':>6}   {'contradictions':>14}")
    for threshold in THRESHOLDS:
        tp = fp = fn = plain_tp = plain_fp = contradictions = 0
        misses: list[str] = []
        for k, (label, a, b) in enumerate(rows):
            i, j = 2 * k, 2 * k + 1
            values = (prepared.claims[i].values, prepared.claims[j].values)
            judged = judge(values, (prepared.tokens[i], prepared.tokens[j]), int(loose[k]), int(strict[k]), threshold)
            duplicate = judged is not None and judged[1].kind == "duplicate"
            contradictions += judged is not None and judged[1].kind == "contradiction"
            tp += duplicate and label
            fp += duplicate and not label
            fn += label and not duplicate
            plain_tp += loose[k] >= threshold and label
            plain_fp += loose[k] >= threshold and not label
            if show and threshold == DEFAULT_THRESHOLD and duplicate and not label and len(misses) < show:
                misses.append(f"  false duplicate ({loose[k]}): {a[:70]!r} / {b[:70]!r}")
        p, r, f1 = _prf(tp, fp, fn)
        pp, pr, pf1 = _prf(plain_tp, plain_fp, positives - plain_tp)
        mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
        plain = f"{pp:>7.3f} {pr:>6.3f} {pf1:>6.3f}"
        print(f"{threshold:>9}  {p:>6.3f} {r:>6.3f} {f1:>6.3f}   {plain}   {contradictions:>14}{mark}")
        for line in misses:
            print(line)
    p, r, f1 = _prf(positives, len(rows) - positives, 0)
    print(f"{'always':>9}  {p:>6.3f} {r:>6.3f} {f1:>6.3f}")


def clusters(data: Path, show: int) -> None:
    paths = sorted((data / "news-clusters" / "articles").glob("*.json"))
    events = {}
    for path in paths:
        record = json.loads(path.read_text(encoding="utf-8"))
        events[record["url"]] = record["newsCluster"]["Event"]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "clusters.db")
        started = time.perf_counter()
        for path in paths:
            import_documents(store=store, actor="eval", documents=read_file(path))
        with store.read() as connection:
            sources = list(connection.exec_driver_sql("SELECT id, url, text, outlet_id FROM source"))
            outlets: dict[int, str] = dict(connection.exec_driver_sql("SELECT id, name FROM outlet").all())
        from workbench.extract.sentences import find as sentences

        new, claim_source = [], []
        for source in sources:
            for sentence in sentences(source.text):
                if len(sentence.text.split()) >= 6 and len(sentence.text) <= MAX_CLAIM_CHARS:
                    new.append(
                        NewClaim(sentence.text, [EvidenceSpec(source.id, Offsets(sentence.start, sentence.end))])
                    )
                    claim_source.append(source.id)
        ids = create_claims(store=store, actor="eval", claims=new)
        loaded = time.perf_counter() - started
        event_of = {s.id: events.get(s.url) for s in sources}
        outlet_of = {s.id: outlets.get(s.outlet_id) for s in sources}
        source_of = dict(zip(ids, claim_source, strict=True))

        started = time.perf_counter()
        report = run_match(store=store, actor="eval")
        match_seconds = time.perf_counter() - started
        with store.read() as connection:
            claims = load_claims(connection)
        matches = find_matches(claims, threshold=min(THRESHOLDS))
        print(
            f"\nNews clusters: {len(paths)} articles, {len(set(events.values()))} events, {len(ids):,} sentence claims "
            f"(imported and parsed in {loaded:.1f} s); `match` at the default threshold: "
            f"{len(report.suggestions):,} suggestions in {match_seconds:.1f} s"
        )
        print(f"{'threshold':>9}  {'duplicates':>10} {'contradictions':>14}  {'cross-outlet: within event':>26} "
              f"{'across':>6} {'within %':>8}")  # fmt: skip
        for threshold in THRESHOLDS:
            kinds: Counter[str] = Counter()
            within = across = 0
            wrong: list[str] = []
            for m in matches:
                if m.score < threshold:
                    continue
                kinds[m.verdict.kind] += 1
                sa, sb = source_of[m.a], source_of[m.b]
                if outlet_of[sa] == outlet_of[sb]:
                    continue
                if event_of[sa] == event_of[sb]:
                    within += 1
                else:
                    across += 1
                    if show and threshold == DEFAULT_THRESHOLD and len(wrong) < show:
                        texts = {c.id: c.text for c in claims if c.id in (m.a, m.b)}
                        wrong.append(f"  across events ({m.score}): {texts[m.a][:70]!r} / {texts[m.b][:70]!r}")
            share = within / (within + across) if within + across else 0.0
            mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
            print(f"{threshold:>9}  {kinds['duplicate']:>10} {kinds['contradiction']:>14}  {within:>26} {across:>6} "
                  f"{share:>8.1%}{mark}")  # fmt: skip
            for line in wrong:
                print(line)
        contradictions = [m for m in matches if m.verdict.kind == "contradiction" and m.score >= DEFAULT_THRESHOLD]
        cross = [m for m in contradictions if outlet_of[source_of[m.a]] != outlet_of[source_of[m.b]]]
        same_event = sum(event_of[source_of[m.a]] == event_of[source_of[m.b]] for m in cross)
        print(
            f"Contradiction suggestions at the default threshold: {len(contradictions)}, {len(cross)} across outlets, "
            f"{same_event} of them within one event"
        )
        texts = {c.id: c.text for c in claims}
        for m in contradictions[:show]:
            where = "same event" if event_of[source_of[m.a]] == event_of[source_of[m.b]] else "ACROSS EVENTS"
            print(f"  {where}: {m.verdict.reason}\n    {texts[m.a][:100]!r}\n    {texts[m.b][:100]!r}")

        started = time.perf_counter()
        reprints = run_syndication(store=store, actor="eval")
        seconds = time.perf_counter() - started
        same_event = sum(event_of[r.original] == event_of[r.reprint] for r in reprints)
        cross_outlet = sum(outlet_of[r.original] != outlet_of[r.reprint] for r in reprints)
        print(
            f"\nReprints: {len(reprints)} syndicated pairs in {seconds:.2f} s; {same_event} within one event; "
            f"{cross_outlet} across outlets"
        )
        for r in reprints[:show]:
            print(f"  {r.original_outlet} → {r.reprint_outlet} ({r.score:g}%): {(r.original_title or '')[:70]!r}")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--show", type=int, default=0, help="print this many examples of each kind of error")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no development data at {args.data}")
    mrpc(args.data, args.show)
    clusters(args.data, args.show)


if __name__ == "__main__":
    main()
