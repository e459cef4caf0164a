"""Matching by facts across a store: load claims with their stored facts, find candidate pairs, judge them.

Candidates are never all pairs. Each fact is filed under keys of what it is about: its predicate,
its counted thing, its figure (kind and dimension in each key), inside its story unless matching
goes across stories. Two claims are compared only when they share a key and neither is
boilerplate; one article may contradict itself ("two helicopters" delivered, "at least four" in
all). A key held by more than ``MAX_BUCKET`` claims of one story is too common to say anything
("one", "people") and is not followed.

Facts are stored (``claim_fact``) and worked out again only for claims edited since, or when the
extraction rules change (``RULES``). A run is incremental: each claim's fingerprint (its version,
sources, stories, the run's scope) is kept, and only pairs holding a claim whose fingerprint
changed are judged again; the suggestions between unchanged claims stand as the last run left them.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, bindparam, delete, insert, select, update

from workbench.facts import boilerplate, stories
from workbench.facts.align import dimension
from workbench.facts.extract import claim_names, facts
from workbench.facts.judge import ClaimFacts, verdict
from workbench.facts.model import Fact
from workbench.matching.rules import Verdict
from workbench.search.index import PASSAGE
from workbench.sql import BOILERPLATE, CLAIM, EVIDENCE, FACT, SOURCE, chunks

#: Version of the extraction rules: stored facts of an older version are worked out again.
RULES = 10
#: Most claims of one story a key may gather and still be followed.
MAX_BUCKET = 30
#: Most claims a fact is paired with through one family of keys (more rare keys are not followed).
PARTNERS = 20
#: How many of a fact's keys, the rarest first, it is paired through.
RAREST = 3
#: A story holding at most this many claims with figures of one kind and dimension has them all
#: compared: few enough to judge every pair, and then no wording decides what is weighed.
WHOLE = 150


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
    for claim in stale:
        found = facts(claim.text, published.get(claim.id))
        derived = current[claim.id] = _Derived(found, claim_names(claim.text, found), boilerplate.by_form(claim.text))
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


def _keys(fact: Fact) -> Iterable[tuple[Any, ...]]:
    """The keys two facts must share one of to be compared: what ``align`` needs them to share."""
    dim, size = dimension(fact)
    head = (fact.kind, dim)
    yield *head, "whole"
    if fact.value is not None:  # the same figure, and what an agreement on it needs besides
        figure = (*head, "figure", round(fact.value * size, 6))
        if fact.specific:
            yield figure
        if fact.predicate:
            yield *figure, fact.predicate
        if fact.lemma:
            yield *figure, fact.lemma
        yield from ((*figure, word) for word in {*fact.context, *fact.entities})
    if fact.predicate and fact.lemma:
        yield *head, "event+thing", fact.predicate, fact.lemma
    if fact.predicate:
        yield *head, "event", fact.predicate
    # a thing counted on one side may be a word of the other's clause ("a 181-kg gorilla picked",
    # "a 450-pound gorilla"): things and words share one family
    words = {*fact.context, *fact.entities}
    for word in words | ({fact.lemma} if fact.lemma else set()):
        yield *head, "word", word
    for word in words:
        if fact.predicate:
            yield *head, "event+word", fact.predicate, word
        if fact.lemma:
            yield *head, "thing+word", fact.lemma, word


def candidates(
    claims: Sequence[ClaimFacts], *, across_stories: bool = False, changed: set[int] | None = None
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of claims worth judging (see the module docstring).

    With ``changed`` (claim ids), only pairs holding one of those claims: what an incremental
    run judges again, the others' suggestions standing as the last run left them.

    Every fact is filed under its keys, inside each story of its claim. A fact is then paired
    only through its ``RAREST`` rarest keys (those shared by at least one other claim and by no
    more than ``MAX_BUCKET``): the specific keys say most about which claims are one fact, and
    following every key of every fact would compare most claims of a story with most others.
    """
    if changed is not None and not changed:
        return []  # nothing new since the last run
    # keys are kept as their hashes: a collision only adds a pair to judge, and ints are a
    # fraction of the tuples' memory at 100,000 claims
    scoped: list[
        list[tuple[list[int], list[int], list[int]]]
    ] = []  # per claim, per fact: (same-figure, other, whole) keys
    buckets: dict[int, list[int]] = defaultdict(list)
    scopes_of: dict[int, set[Any]] = defaultdict(set)
    unplaced: list[int] = []

    def file(fact: Fact, scopes: list[Any] | None) -> tuple[list[int], list[int], list[int]]:
        """The fact's keys in each of ``scopes`` (``None``: every scope its keys are known in)."""
        same: list[int] = []
        other: list[int] = []
        whole: list[int] = []
        for key in _keys(fact):
            bare = hash(key)
            family = whole if key[2] == "whole" else same if key[2] == "figure" else other
            for scope in scopes if scopes is not None else (list(scopes_of[bare]) or [None]):
                family.append(hash((scope, bare)))
                scopes_of[bare].add(scope)
        return same, other, whole

    for i, claim in enumerate(claims):
        per_fact: list[tuple[list[int], list[int], list[int]]] = []
        scoped.append(per_fact)
        if claim.boilerplate or not claim.facts:
            continue
        if not across_stories and not claim.stories:
            unplaced.append(i)  # linked to no source yet: compared within every story
            continue
        scopes = [None] if across_stories else sorted(claim.stories)
        per_fact.extend(file(fact, scopes) for fact in claim.facts)
    for i in unplaced:
        scoped[i].extend(file(fact, None) for fact in claims[i].facts)
    for i, per_fact in enumerate(scoped):
        for key in {k for keys in per_fact for family in keys for k in family}:
            buckets[key].append(i)
    size = len(claims)
    found: list[NDArray[np.int64]] = []
    for i, per_fact in enumerate(scoped):
        for same, other, whole in per_fact:
            for key in set(whole):
                if 2 <= len(buckets[key]) <= WHOLE and not (across_stories and len(buckets[key]) > MAX_BUCKET):
                    found.append(i * size + np.asarray(buckets[key], dtype=np.int64))
            # the rarest keys of each kind: the same figure (an agreement to weigh), and the same
            # event or thing with another figure (a contradiction to weigh)
            for family in (same, other):
                usable = [k for k in set(family) if 2 <= len(buckets[k]) <= MAX_BUCKET]
                partners = 0
                for key in heapq.nsmallest(RAREST, usable, key=lambda k: len(buckets[k])):
                    if partners >= PARTNERS:
                        break  # enough to judge: the rarer keys said the most
                    found.append(i * size + np.asarray(buckets[key], dtype=np.int64))
                    partners += len(buckets[key]) - 1
    if not found:
        return []
    keys_found = np.concatenate(found)
    left, right = keys_found // size, keys_found % size
    distinct = left != right
    left, right = left[distinct], right[distinct]
    unique = np.unique(np.minimum(left, right) * size + np.maximum(left, right))
    first, second = unique // size, unique % size
    if changed is not None:
        # the pairs a full run would weigh, less those of two unchanged claims (judged before):
        # each claim's rarest keys are its own, so a pair may come through either side's
        moved = np.isin(np.asarray([c.id for c in claims], dtype=np.int64), np.fromiter(changed, dtype=np.int64))
        kept = moved[first] | moved[second]
        first, second = first[kept], second[kept]
    return list(zip(first.tolist(), second.tolist(), strict=True))


def find(
    claims: Sequence[ClaimFacts], *, across_stories: bool = False, changed: set[int] | None = None
) -> list[FactMatch]:
    """Every suggestion the facts of ``claims`` support (among pairs holding a ``changed`` claim, if given)."""
    matches = []
    for i, j in candidates(claims, across_stories=across_stories, changed=changed):
        found = verdict(claims[i], claims[j])
        if found is None:
            continue
        a, b = sorted((claims[i].id, claims[j].id))
        matches.append(FactMatch(a, b, 100, found))
    matches.sort(key=lambda m: (m.a, m.b))
    return matches
