"""Matching on the development data written by others (skipped when ../shared/data/dev is absent)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from store import Store
from workbench import read
from workbench.access import fetch
from workbench.claim_values import parse
from workbench.claims import MAX_CLAIM_CHARS, EvidenceSpec, NewClaim, create_claims
from workbench.extract.sentences import find as sentences
from workbench.ingest import read_file
from workbench.matching.blocking import score_pairs
from workbench.matching.engine import DEFAULT_THRESHOLD, ClaimText, Prepared, judge
from workbench.matching.rules import Values
from workbench.relations import decide_duplicate, run_match
from workbench.sources import import_documents
from workbench.spans import Offsets
from workbench.syndication import run_syndication


def test_mrpc_duplicate_suggestions_are_mostly_paraphrases(dev_data: Path) -> None:
    """At the default threshold: precision 0.79, recall 0.70 measured (benchmarks/eval_match.py)."""
    lines = (dev_data / "mrpc-train" / "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()
    rows = [(p[0] == "1", p[3], p[4]) for p in (line.split("\t") for line in lines[1:]) if len(p) == 5]
    texts = [t for _, a, b in rows for t in (a, b)]
    claims = []
    for i, text in enumerate(texts):
        parsed = parse(text)
        claims.append(
            ClaimText(i, text, Values.from_columns(parsed["quantity"], parsed["date"], parsed["items"], text))
        )
    prepared = Prepared.of(claims)
    _, loose, strict = score_pairs(prepared.texts, np.arange(len(texts), dtype=np.int64).reshape(-1, 2), cutoff=0)
    tp = fp = fn = 0
    for k, (label, _, _) in enumerate(rows):
        i, j = 2 * k, 2 * k + 1
        values, tokens = (claims[i].values, claims[j].values), (prepared.tokens[i], prepared.tokens[j])
        judged = judge(values, tokens, int(loose[k]), int(strict[k]), DEFAULT_THRESHOLD)
        duplicate = judged is not None and judged[1].kind == "duplicate"
        tp, fp, fn = tp + (duplicate and label), fp + (duplicate and not label), fn + (label and not duplicate)
    assert tp / (tp + fp) >= 0.77
    assert tp / (tp + fn) >= 0.65


@dataclass
class Clusters:
    """The news clusters in a store, every sentence of six words or more a claim anchored to itself."""

    store: Store
    event: dict[int, str]  # by claim
    outlet: dict[int, str]  # by claim
    source_event: dict[int, str]


@pytest.fixture
def clusters(dev_data: Path, store: Store) -> Clusters:
    events: dict[int, str] = {}
    outlets: dict[int, str] = {}
    source_event: dict[int, str] = {}
    wanted: list[NewClaim] = []
    for path in sorted((dev_data / "news-clusters" / "articles").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        [result] = import_documents(store=store, actor="setup", documents=read_file(path))
        source_event[result.source_id] = record["newsCluster"]["Event"]
        for sentence in sentences(record["text"].replace("\r\n", "\n")):
            if len(sentence.text.split()) >= 6 and len(sentence.text) <= MAX_CLAIM_CHARS:
                span = EvidenceSpec(result.source_id, Offsets(sentence.start, sentence.end))
                wanted.append(NewClaim(sentence.text, [span]))
                events[len(wanted)] = record["newsCluster"]["Event"]
                outlets[len(wanted)] = record["source_domain"]
    ids = create_claims(store=store, actor="setup", claims=wanted)
    by_claim = {ids[k - 1]: e for k, e in events.items()}
    return Clusters(store, by_claim, {ids[k - 1]: o for k, o in outlets.items()}, source_event)


def test_cluster_suggestions_stay_within_events_and_decisions_survive(clusters: Clusters) -> None:
    store, event, outlet = clusters.store, clusters.event, clusters.outlet
    report = run_match(store=store, actor="ana")
    cross = [s for s in report.suggestions if outlet[s.a] != outlet[s.b]]
    within = sum(event[s.a] == event[s.b] for s in cross)
    assert len(cross) > 300
    assert within / len(cross) >= 0.95  # 98 % measured
    values = {(c.side_a.value, c.side_b.value) for c in fetch(store, read.contradictions)}
    assert ("27 people", "25 people") in values  # the boat accident's injured count, outlets disagreeing
    decided = cross[0]
    decide_duplicate(store=store, actor="ana", a=decided.a, b=decided.b, decision="distinct")
    again = run_match(store=store, actor="ana", full=True)
    assert again.new == 0 and again.kept_decisions == 1
    assert (decided.a, decided.b) not in {(s.a, s.b) for s in again.suggestions}


def test_cluster_reprints_are_wire_copies_within_one_event(clusters: Clusters) -> None:
    found = run_syndication(store=clusters.store, actor="ana")
    assert len(found) >= 10  # 19 measured, all AP copy
    assert all(f.original_outlet != f.reprint_outlet for f in found)
    assert all(clusters.source_event[f.original] == clusters.source_event[f.reprint] for f in found)
