"""Matching by facts across a store: load claims with their stored facts, find candidate pairs, judge them.

Candidates are never all pairs: two claims are compared only when their facts share a key of what
they are about (``workbench.facts.pairs``) and neither is boilerplate; one article may contradict
itself ("two helicopters" delivered, "at least four" in all).

Facts are stored (``claim_fact``) and worked out again only for claims edited since, or when the
extraction rules change (``RULES``). A run is incremental: each claim's fingerprint (its version,
sources, stories, the run's scope) is kept, and only pairs holding a claim whose fingerprint
changed are judged again; the suggestions between unchanged claims stand as the last run left them.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import threading
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from workbench.facts import boilerplate, stories
from workbench.facts.extract import claim_names, facts
from workbench.facts.judge import ClaimFacts, verdict
from workbench.facts.model import Fact
from workbench.facts.pairs import candidates
from workbench.matching.rules import Verdict
from workbench.search.index import PASSAGE
from workbench.sql import BOILERPLATE, CLAIM, EVIDENCE, FACT, SOURCE, chunks

#: Texts to read before the work is shared among processes (``derive``).
PARALLEL = 4000
#: Pairs to judge before the work is shared among processes (``judge_pairs``).
PARALLEL_PAIRS = 50_000
#: Most processes reading texts or judging pairs at once.
MAX_WORKERS = 4
#: Version of the extraction rules: stored facts of an older version are worked out again.
RULES = 10


@dataclass(frozen=True)
class FactMatch:
    """A suggestion between two claims (``a < b``) from their facts."""

    a: int
    b: int
    score: int
    verdict: Verdict


@dataclass(frozen=True)
class _Derived:
    """What is worked out of a claim's text alone, and stored: its facts, its names, its form."""

    facts: list[Fact]
    names: frozenset[str]
    furniture: bool


def _derive(item: tuple[str, str | None]) -> _Derived:
    """What a claim's text says on its own: its facts (dates read against ``published``), names and form."""
    text, published = item
    found = facts(text, published)
    return _Derived(found, claim_names(text, found), boilerplate.by_form(text))


def derive(items: Sequence[tuple[str, str | None]]) -> list[_Derived]:
    """``_derive`` of every (text, published date), shared among the machine's cores when there are many.

    Reading facts is most of a first run's work and each text is read alone; below ``PARALLEL``
    texts, starting the processes costs more than it saves. The processes are started fresh
    (never forked from this one, which may be running a user interface's threads).
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < PARALLEL or workers < 2:
        return [_derive(item) for item in items]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(_derive, items, chunksize=max(100, len(items) // (workers * 8))))


def _stored(connection: Connection, claims: Sequence[Any], published: dict[int, str | None]) -> dict[int, _Derived]:
    """Every claim's facts, names and form: stored ones if current, the others worked out and stored now."""
    current: dict[int, _Derived] = {}
    versions = {c.id: c.version for c in claims}
    for part in chunks([c.id for c in claims]):
        for row in connection.execute(select(FACT).where(FACT.c.claim_id.in_(part))):
            if row.claim_version == versions.get(row.claim_id) and row.rules == RULES:
                data = json.loads(row.facts)
                current[row.claim_id] = _Derived(
                    [Fact.from_json(f) for f in data["facts"]], frozenset(data["names"]), data["furniture"]
                )
    stale = [c for c in claims if c.id not in current]
    rows = []
    worked_out = derive([(claim.text, published.get(claim.id)) for claim in stale])
    for claim, derived in zip(stale, worked_out, strict=True):
        current[claim.id] = derived
        found = derived.facts
        data = {"facts": [f.as_json() for f in found], "names": sorted(derived.names), "furniture": derived.furniture}
        rows.append(
            {
                "claim_id": claim.id,
                "claim_version": claim.version,
                "rules": RULES,
                "facts": json.dumps(data, ensure_ascii=False),
                "matched": None,
            }
        )
    for part in chunks([r["claim_id"] for r in rows]):
        connection.execute(delete(FACT).where(FACT.c.claim_id.in_(part)))
    if rows:
        connection.execute(insert(FACT), rows)
    return current


@dataclass(frozen=True)
class Loaded:
    """The claims as a run judges them, and what the last run judged each on."""

    claims: list[ClaimFacts]
    #: Each claim's fingerprint now (``fingerprint``) and as the last run left it.
    now: dict[int, str]
    before: dict[int, str | None]
    #: Keys of the recurring lines found to be boilerplate.
    recurring: frozenset[str]

    def changed(self) -> set[int]:
        """Claims whose suggestions must be judged again: new, edited, relinked, regrouped."""
        return {claim_id for claim_id, mark in self.now.items() if self.before.get(claim_id) != mark}


def fingerprint(claim: ClaimFacts, version: int, *, settings: str) -> str:
    """What a claim's suggestions were judged on: its text's version, sources, stories and the run's settings."""
    said = [version, RULES, sorted(claim.sources), sorted(claim.stories), claim.boilerplate, settings, claim.year]
    return hashlib.sha1(json.dumps(said).encode(), usedforsecurity=False).hexdigest()[:16]


def load(connection: Connection) -> list[ClaimFacts]:
    """Every claim with its facts, sources, stories and whether it is boilerplate."""
    return load_run(connection).claims


def load_run(connection: Connection, *, settings: str = "") -> Loaded:
    """Every claim as a run judges it, with its fingerprint now and at the last run.

    ``settings`` are the run's (scope, wording threshold): a run with other settings judges all.
    """
    claims = list(connection.execute(select(CLAIM.c.id, CLAIM.c.text, CLAIM.c.version).order_by(CLAIM.c.id)))
    sources = {
        row.id: row
        for row in connection.execute(
            select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.text, SOURCE.c.published_at, SOURCE.c.outlet_id)
        )
    }
    story_of = stories.resolve(
        connection, [stories.Lead(s.id, s.title, s.text, s.published_at) for s in sources.values()]
    )
    linked: dict[int, set[int]] = defaultdict(set)
    for row in connection.execute(
        select(EVIDENCE.c.claim_id, EVIDENCE.c.source_id).where(EVIDENCE.c.anchor_status != "orphaned")
    ):
        linked[row.claim_id].add(row.source_id)
    published: dict[int, str | None] = {}
    for claim in claims:
        dates = sorted(p for s in linked[claim.id] if (p := sources[s].published_at))
        published[claim.id] = dates[0][:10] if dates else None
    recurring = _recurring(connection, sources, story_of)
    derived = _stored(connection, claims, published)
    before = {row.claim_id: row.matched for row in connection.execute(select(FACT.c.claim_id, FACT.c.matched))}
    result, now = [], {}
    for claim in claims:
        when = published[claim.id]
        found = ClaimFacts(
            id=claim.id,
            text=claim.text,
            facts=tuple(derived[claim.id].facts),
            names=derived[claim.id].names,
            year=int(when[:4]) if when and when[:4].isdigit() else None,
            sources=frozenset(linked[claim.id]),
            stories=frozenset(story_of[s] for s in linked[claim.id] if s in story_of),
            boilerplate=derived[claim.id].furniture or boilerplate.key(claim.text) in recurring,
        )
        result.append(found)
        now[claim.id] = fingerprint(found, claim.version, settings=settings)
    return Loaded(result, now, before, frozenset(recurring))


def remember(connection: Connection, run: Loaded) -> None:
    """Record what this run judged each claim on, and the boilerplate it found (for the reader)."""
    changed = sorted(run.changed())
    for part in chunks(changed):
        connection.execute(
            update(FACT).where(FACT.c.claim_id == bindparam("claim")).values(matched=bindparam("mark")),
            [{"claim": claim_id, "mark": run.now[claim_id]} for claim_id in part],
        )
    stored = {row.key for row in connection.execute(select(BOILERPLATE.c.key))}
    if stored != run.recurring:
        connection.execute(delete(BOILERPLATE))
        if run.recurring:
            connection.execute(insert(BOILERPLATE), [{"key": key} for key in sorted(run.recurring)])


def _recurring(connection: Connection, sources: dict[int, Any], story_of: dict[int, int]) -> set[str]:
    """Keys of the sentences of the store's sources that recur as furniture does."""
    lines = []
    sentences = select(PASSAGE.c.source_id, PASSAGE.c.start, PASSAGE.c.end).where(PASSAGE.c.field == "text")
    for row in connection.execute(sentences):
        source = sources.get(row.source_id)
        if source is not None:
            lines.append(
                boilerplate.Line(
                    source.text[row.start : row.end], row.source_id, source.outlet_id, story_of[row.source_id]
                )
            )
    return boilerplate.recurring(lines)


def find(
    claims: Sequence[ClaimFacts], *, across_stories: bool = False, changed: set[int] | None = None
) -> list[FactMatch]:
    """Every suggestion the facts of ``claims`` support (among pairs holding a ``changed`` claim, if given)."""
    matches = []
    for i, j, found in judge_pairs(claims, candidates(claims, across_stories=across_stories, changed=changed)):
        a, b = sorted((claims[i].id, claims[j].id))
        matches.append(FactMatch(a, b, 100, found))
    matches.sort(key=lambda m: (m.a, m.b))
    return matches


#: The claims a forked judge reads (set in the parent just before it forks; never pickled).
_JUDGED: Sequence[ClaimFacts] = ()


def _judge(pairs: list[tuple[int, int]]) -> list[tuple[int, int, Verdict]]:
    return [(i, j, found) for i, j in pairs if (found := verdict(_JUDGED[i], _JUDGED[j])) is not None]


def judge_pairs(claims: Sequence[ClaimFacts], pairs: list[tuple[int, int]]) -> list[tuple[int, int, Verdict]]:
    """The verdict on each pair (indices into ``claims``) that has one, in the order of ``pairs``.

    Many pairs are shared among the machine's cores by forking: the children read the claims
    this process holds, copied only as pages are written. Only a process running no other
    thread forks (a thread holding a lock at the fork would hold it for ever in the child); a
    user interface's worker judges alone.
    """
    global _JUDGED
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(pairs) < PARALLEL_PAIRS or workers < 2 or not forkable:
        _JUDGED = claims
        try:
            return _judge(pairs)
        finally:
            _JUDGED = ()
    size = -(-len(pairs) // (workers * 4))
    _JUDGED = claims
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = pool.map(_judge, [pairs[at : at + size] for at in range(0, len(pairs), size)])
            return [found for part in parts for found in part]
    finally:
        _JUDGED = ()
