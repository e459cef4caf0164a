"""The facts engine's work shared among processes gives what the same work gives in one."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any, ClassVar

import pytest

from workbench.facts import engine
from workbench.facts.judge import ClaimFacts


class _Pool(ProcessPoolExecutor):
    """A process pool that says it was used."""

    started: ClassVar[list[str]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _Pool.started.append(kwargs["mp_context"].get_start_method())
        super().__init__(*args, **kwargs)


TEXTS = [
    "Russia delivered two Mi-24 helicopters to Gao on 3 May 2021.",
    "Moscow delivered four Mi-24 helicopters in all, the ministry said.",
    "At least 50 people were killed and 400 injured in Las Vegas.",
    "The attack killed 59 people and injured 527, police said on Monday.",
    "A 450-pound gorilla was shot at the zoo in 2016.",
    "The gorilla weighed 400 pounds.",
] * 8


def test_facts_read_on_every_core_are_the_facts_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [(text, "2021-05-04") for text in TEXTS]
    alone = engine.derive(items)
    monkeypatch.setattr(engine, "PARALLEL", 10)
    monkeypatch.setattr(engine, "MAX_WORKERS", 2)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(engine, "ProcessPoolExecutor", _Pool)
    _Pool.started.clear()
    shared = engine.derive(items)
    assert _Pool.started == ["forkserver"]  # fresh processes: never a fork of a user interface's threads
    assert shared == alone
    assert any(d.facts for d in shared) and all(d.keys for d in shared if d.facts)
    # a run storing its facts a part at a time starts its processes once, for every part
    _Pool.started.clear()
    with engine.deriver() as derive:
        parts = [derive(items[:20]), derive(items[20:]), derive(items[:3])]
    assert _Pool.started == ["forkserver"]
    assert [d for part in parts[:2] for d in part] == alone and parts[2] == alone[:3]


def test_pairs_judged_in_forked_workers_are_judged_as_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    derived = engine.derive([(text, None) for text in TEXTS])
    claims = [
        ClaimFacts(i + 1, text, tuple(d.facts), d.names) for i, (text, d) in enumerate(zip(TEXTS, derived, strict=True))
    ]
    alone = engine.find(claims, across_stories=True)
    monkeypatch.setattr(engine, "PARALLEL_PAIRS", 5)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(engine, "ProcessPoolExecutor", _Pool)
    _Pool.started.clear()
    shared = engine.find(claims, across_stories=True)
    assert _Pool.started == ["fork"]
    assert shared == alone
    assert any(m.verdict.kind == "contradiction" for m in shared)
