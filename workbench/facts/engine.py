"""Matching by facts across a store: load claims with their stored facts, find candidate pairs, judge them.

Candidates are never all pairs: two claims are compared only when their facts share a key of what
they are about (``workbench.facts.pairs``) and neither is boilerplate; one article may contradict
itself ("two helicopters" delivered, "at least four" in all).

Facts are stored (``claim_fact``) and worked out again only for claims edited since, or when the
extraction rules change (``RULES``): ``stale`` lists them, ``derive`` works them out outside any
transaction and ``store`` keeps them, so a run reads the store without writing to it. A run is
incremental: each claim's fingerprint (its version, sources, stories, the run's scope) is kept,
and only pairs holding a claim whose fingerprint changed are judged again; the suggestions
between unchanged claims stand as the last run left them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from hashlib import blake2b
from typing import Any, NamedTuple, TypeVar

import numpy as np
from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from workbench.errors import Conflict
from workbench.facts import boilerplate, stories
from workbench.facts.extract import claim_names, facts
from workbench.facts.judge import ClaimFacts, verdict
from workbench.facts.model import RULES, Fact
from workbench.facts.pairs import Int, candidate_arrays, pack
from workbench.languages import reading
from workbench.matching.normalize import block_tokens, matchable
from workbench.matching.rules import Verdict
from workbench.search.index import PASSAGE
from workbench.sql import BOILERPLATE, CLAIM, EVIDENCE, FACT, SOURCE, chunks, counted

_T = TypeVar("_T")

#: Texts to read before the work is shared among processes (``derive``).
PARALLEL = 4000
#: Pairs to judge before the work is shared among processes (``judge_pairs``).
PARALLEL_PAIRS = 50_000
#: Most processes reading texts or judging pairs at once.
MAX_WORKERS = 4


#: Claims by index: all of them, or those a run reads.
Judged = Sequence[ClaimFacts] | Mapping[int, ClaimFacts]


@dataclass(frozen=True)
class FactMatch:
    """A suggestion between two claims (``a < b``) from their facts."""

    a: int
    b: int
    score: int
    verdict: Verdict


@dataclass(frozen=True)
class _Derived:
    """What is worked out of a claim's text alone, and stored: its facts, its names, its form, its keys."""

    facts: list[Fact]
    names: frozenset[str]
    furniture: bool
    #: Its candidate keys (``workbench.facts.pairs.pack``).
    keys: bytes
    #: Its informative words for wording comparison (``workbench.matching.normalize.block_tokens``).
    words: str

    def as_json(self) -> str:
        data = {"facts": [f.as_json() for f in self.facts], "names": sorted(self.names), "furniture": self.furniture}
        return json.dumps(data, ensure_ascii=False)


def _derive(item: tuple[str, str | None]) -> _Derived:
    """What a claim's text says on its own: its facts (dates read against ``published``), names, form and keys."""
    text, published = item
    found = facts(text, published, language=reading(text))
    names = claim_names(text, found)
    keys = pack(ClaimFacts(0, text, tuple(found), names))
    return _Derived(found, names, boilerplate.by_form(text), keys, " ".join(block_tokens(matchable(text))))


def derive(items: Sequence[tuple[str, str | None]]) -> list[_Derived]:
    """``_derive`` of every (text, published date), shared among the machine's cores when there are many."""
    with deriver() as work:
        return work(items)


@contextmanager
def deriver() -> Iterator[Callable[[Sequence[tuple[str, str | None]]], list[_Derived]]]:
    """A ``derive`` whose worker processes, once started, serve every call until the block ends.

    Reading facts is most of a first run's work and each text is read alone; below ``PARALLEL``
    texts, starting the processes costs more than it saves. The processes are started fresh
    (never forked from this one, which may be running a user interface's threads), once: a run
    that stores its facts a part at a time pays their start-up (a second each) once, not per part.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    pool: ProcessPoolExecutor | None = None
    broken = False

    def work(items: Sequence[tuple[str, str | None]]) -> list[_Derived]:
        nonlocal pool, broken
        if len(items) < PARALLEL or workers < 2 or broken:
            return [_derive(item) for item in items]
        if pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            pool = ProcessPoolExecutor(workers, mp_context=context)
        try:
            return list(pool.map(_derive, items, chunksize=max(100, len(items) // (workers * 8))))
        except BrokenProcessPool:  # the processes could not start (e.g. no importable main module)
            broken = True
            return [_derive(item) for item in items]

    try:
        yield work
    finally:
        if pool is not None:  # on an error, the work not started yet is dropped, not waited for
            pool.shutdown(wait=True, cancel_futures=True)


def _shared(pool: ProcessPoolExecutor, work: Callable[[ProcessPoolExecutor], Iterable[_T]]) -> list[_T]:
    """``work`` done in ``pool``; on an error, the work not started yet is dropped, not waited for."""
    try:
        return list(work(pool))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Stored(NamedTuple):
    """What a run reads of a claim's derived data for every claim: its keys, its form, its last fingerprint.

    Its facts (JSON) are read only when it is judged (``Loaded.read``). A tuple: a run makes one
    for every claim of the store.
    """

    keys: bytes
    furniture: bool
    matched: str | None
    words: str


class Stale(NamedTuple):
    """A claim whose stored facts are missing or out of date: what working them out needs."""

    id: int
    version: int
    text: str
    #: The day of its earliest linked source, against which its dates are read.
    published: str | None


def stale(connection: Connection) -> list[Stale]:
    """Every claim whose facts must be worked out again: new, edited, or read by older rules.

    Read on its own (``workbench.relations`` works them out outside any write transaction and
    stores them in short ones, ``store``), so that a run judges on facts already stored.
    """
    merged = CLAIM.c.merged_into.is_not(None)
    # the claims whose stored facts are of their version and rules, asked of the store itself:
    # a run after a few new claims reads their ids, not every claim's stored keys
    current = (
        select(FACT.c.claim_id)
        .where(FACT.c.claim_id == CLAIM.c.id, FACT.c.claim_version == CLAIM.c.version, FACT.c.rules == RULES)
        .where(FACT.c.fact_keys.is_not(None), FACT.c.words.is_not(None))
    )
    todo = list(connection.execute(select(CLAIM.c.id).where(~merged, ~current.exists()).order_by(CLAIM.c.id)).scalars())
    found: list[Stale] = []
    for part in chunks(todo):
        texts = select(CLAIM.c.id, CLAIM.c.version, CLAIM.c.text).where(CLAIM.c.id.in_(part))
        earliest = (
            select(EVIDENCE.c.claim_id, func.min(SOURCE.c.published_at))
            .join(SOURCE, SOURCE.c.id == EVIDENCE.c.source_id)
            .where(EVIDENCE.c.claim_id.in_(part), counted())
            .group_by(EVIDENCE.c.claim_id)
        )
        dates = {claim_id: day for claim_id, day in connection.execute(earliest)}
        found.extend(
            Stale(row.id, row.version, row.text, dates[row.id][:10] if dates.get(row.id) else None)
            for row in connection.execute(texts)
        )
    return found


def store(connection: Connection, claims: Sequence[Stale], derived: Sequence[_Derived]) -> None:
    """Store the facts worked out of ``claims`` (``derive``), for those still at the version they were read at."""
    ids = [c.id for c in claims]
    now = dict(connection.execute(select(CLAIM.c.id, CLAIM.c.version).where(CLAIM.c.id.in_(ids))).all())
    rows = [
        {
            "claim_id": claim.id,
            "claim_version": claim.version,
            "rules": RULES,
            "facts": found.as_json(),
            "matched": None,
            "fact_keys": found.keys,
            "furniture": found.furniture,
            "words": found.words,
        }
        for claim, found in zip(claims, derived, strict=True)
        if now.get(claim.id) == claim.version  # edited meanwhile: the next run reads it again
    ]
    connection.execute(delete(FACT).where(FACT.c.claim_id.in_([row["claim_id"] for row in rows])))
    if rows:
        connection.execute(insert(FACT), rows)


@dataclass
class Loaded:
    """The claims as a run judges them, and what the last run judged each on.

    A claim's facts are read from the store only when it is judged (``read``): a run after a
    few new claims reads the facts of those claims and their partners, not the store's.
    """

    #: Every claim by index, with its sources, stories and form, but not yet its facts and names.
    shallow: list[ClaimFacts]
    #: Each claim's candidate keys (empty: it states no figure).
    packed: list[bytes]
    #: Each claim's informative words, space-separated (what wording blocks on).
    words: list[str]
    #: Each claim's fingerprint now (``fingerprint``) and as the last run left it.
    now: dict[int, str]
    before: dict[int, str | None]
    #: Keys of the recurring lines found to be boilerplate.
    recurring: frozenset[str]
    #: Claims read with their facts, by index.
    full: dict[int, ClaimFacts] = field(default_factory=dict)

    def changed(self) -> set[int]:
        """Claims whose suggestions must be judged again: new, edited, relinked, regrouped."""
        return {claim_id for claim_id, mark in self.now.items() if self.before.get(claim_id) != mark}

    def read(self, connection: Connection, indices: Iterable[int]) -> dict[int, ClaimFacts]:
        """The claims at ``indices`` with their facts and names, read from the store once each."""
        wanted = sorted(set(indices))
        missing = {self.shallow[i].id: i for i in wanted if i not in self.full}
        for part in chunks(sorted(missing)):
            for row in connection.execute(select(FACT.c.claim_id, FACT.c.facts).where(FACT.c.claim_id.in_(part))):
                data = json.loads(row.facts)
                index = missing[row.claim_id]
                self.full[index] = replace(
                    self.shallow[index],
                    facts=tuple(Fact.from_json(f) for f in data["facts"]),
                    names=frozenset(data["names"]),
                    extra={},
                )
        gone = [self.shallow[i].id for i in wanted if i not in self.full]
        if gone:  # written by this run moments ago: only another writer could have removed them
            raise Conflict(f"the stored facts of claim {gone[0]} went missing during the run; run it again")
        return {i: self.full[i] for i in wanted}


def fingerprint(claim: ClaimFacts, version: int, *, settings: str) -> str:
    """What a claim's suggestions were judged on: its text's version, sources, stories and the run's settings."""
    said = f"{version}|{RULES}|{sorted(claim.sources)}|{sorted(claim.stories)}|{claim.boilerplate}|{settings}"
    said += f"|{claim.year}"
    return blake2b(said.encode(), digest_size=8).hexdigest()


def load(connection: Connection) -> list[ClaimFacts]:
    """Every claim with its facts, sources, stories and whether it is boilerplate."""
    run = load_run(connection)
    return list(run.read(connection, range(len(run.shallow))).values())


def load_run(connection: Connection, *, settings: str = "") -> Loaded:
    """Every claim as a run judges it, with its fingerprint now and at the last run.

    ``settings`` are the run's (scope, wording threshold): a run with other settings judges all.
    """
    # a claim merged into another is matched as that one: its evidence and decisions moved there
    merged = CLAIM.c.merged_into.is_not(None)
    # each claim with its stored row, in one pass: a run after a few new claims reads every
    # claim once, not the claims and then their stored rows
    joined = (
        select(
            CLAIM.c.id, CLAIM.c.text, CLAIM.c.version,
            FACT.c.claim_version, FACT.c.rules, FACT.c.fact_keys, FACT.c.furniture, FACT.c.matched, FACT.c.words,
        )
        .outerjoin(FACT, FACT.c.claim_id == CLAIM.c.id)
        .where(~merged)
        .order_by(CLAIM.c.id)
    )  # fmt: skip
    claims, stored = [], {}
    for claim_id, text, version, fact_version, rules, packed, furniture, matched, said_words in connection.execute(
        joined
    ):
        claims.append((claim_id, text, version))
        if fact_version == version and rules == RULES and packed is not None and said_words is not None:
            stored[claim_id] = _Stored(bytes(packed), bool(furniture), matched, said_words)
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
    for row in connection.execute(select(EVIDENCE.c.claim_id, EVIDENCE.c.source_id).where(counted())):
        linked[row.claim_id].add(row.source_id)
    published: dict[int, str | None] = {}
    for claim_id, linked_to in linked.items():
        dates = sorted(p for s in linked_to if (p := sources[s].published_at))
        published[claim_id] = dates[0][:10] if dates else None
    recurring = _recurring(connection, sources, story_of)
    # facts not stored yet (``refresh`` stores them before a run): worked out here, kept in memory
    stale_claims = [(claim_id, text) for claim_id, text, _ in claims if claim_id not in stored]
    fresh = dict(
        zip(
            (claim_id for claim_id, _ in stale_claims),
            derive([(text, published.get(claim_id)) for claim_id, text in stale_claims]),
            strict=True,
        )
    )
    for claim_id, derived in fresh.items():
        stored[claim_id] = _Stored(derived.keys, derived.furniture, None, derived.words)
    shallow, now, full, packed, words, before = [], {}, {}, [], [], {}
    nothing: frozenset[int] = frozenset()
    marks: dict[tuple[Any, ...], str] = {}  # most claims share all a fingerprint reads but their version
    for index, (claim_id, text, version) in enumerate(claims):  # a loop over the whole store: kept lean
        when = published.get(claim_id)
        links = linked.get(claim_id)
        keys, furniture, matched, said_words = stored[claim_id]
        found = ClaimFacts(
            id=claim_id,
            text=text,
            facts=(),
            year=int(when[:4]) if when and when[:4].isdigit() else None,
            sources=frozenset(links) if links else nothing,
            stories=frozenset(story_of[s] for s in links if s in story_of) if links else nothing,
            boilerplate=furniture or bool(recurring and boilerplate.key(text) in recurring),
        )
        shallow.append(found)
        packed.append(keys)
        words.append(said_words)
        before[claim_id] = matched
        said = (version, found.sources, found.stories, found.boilerplate, found.year)
        mark = marks.get(said)
        if mark is None:
            mark = marks[said] = fingerprint(found, version, settings=settings)
        now[claim_id] = mark
        if claim_id in fresh:  # worked out just now: no need to read back
            full[index] = replace(found, facts=tuple(fresh[claim_id].facts), names=fresh[claim_id].names, extra={})
    return Loaded(shallow, packed, words, now, before, frozenset(recurring), full)


def remember(connection: Connection, run: Loaded, *, unsettled: AbstractSet[int] = frozenset()) -> None:
    """Record what this run judged each claim on, and the boilerplate it found (for the reader).

    ``unsettled`` claims changed while the run wrote its suggestions: their pairs were left as
    they were, so they are not recorded as judged and the next run judges them again.
    """
    changed = sorted(run.changed() - unsettled)
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
    pairs = candidate_arrays(claims, across_stories=across_stories, changed=changed)
    return _matches(claims, judge_pairs(claims, pairs))


def find_run(
    connection: Connection, run: Loaded, *, across_stories: bool = False, changed: set[int] | None = None
) -> list[FactMatch]:
    """``find`` on a loaded run: candidates from the stored keys, facts read only for the claims in a pair."""
    pairs = candidate_arrays(run.shallow, across_stories=across_stories, changed=changed, packed=run.packed)
    claims = run.read(connection, np.unique(np.concatenate(pairs)).tolist())
    return _matches(claims, judge_pairs(claims, pairs))


def _matches(claims: Judged, found: list[tuple[int, int, Verdict]]) -> list[FactMatch]:
    """Verdicts on index pairs as suggestions between claim ids (``a < b``), in order."""
    matches = []
    for i, j, verdict_of in found:
        a, b = sorted((claims[i].id, claims[j].id))
        matches.append(FactMatch(a, b, 100, verdict_of))
    matches.sort(key=lambda m: (m.a, m.b))
    return matches


#: The claims a forked judge reads (set in the parent just before it forks; never pickled).
_JUDGED: Judged = ()


def _verdicts(claims: Judged, pairs: tuple[Int, Int]) -> list[tuple[int, int, Verdict]]:
    """The pairs that have a verdict, with it."""
    first, second = pairs
    return [
        (i, j, found)
        for i, j in zip(first.tolist(), second.tolist(), strict=True)
        if (found := verdict(claims[i], claims[j])) is not None
    ]


def _judge(pairs: tuple[Int, Int]) -> list[tuple[int, int, Verdict]]:
    """``_verdicts`` in a forked worker, on the claims its parent set before forking."""
    return _verdicts(_JUDGED, pairs)


def judge_pairs(claims: Judged, pairs: tuple[Int, Int]) -> list[tuple[int, int, Verdict]]:
    """The verdict on each pair (indices into ``claims``) that has one, in the order of ``pairs``.

    Many pairs are shared among the machine's cores by forking: the children read the claims
    this process holds, copied only as pages are written. Only a process running no other
    thread forks (a thread holding a lock at the fork would hold it for ever in the child); a
    user interface's worker judges alone.
    """
    global _JUDGED
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    # fork only on Linux (macOS's system libraries are not fork-safe) and only with no other
    # Python thread running (a thread holding a lock at the fork would hold it for ever in the
    # child; ``verdict`` uses no native threads)
    forkable = sys.platform == "linux" and threading.active_count() == 1
    first, second = pairs
    count = len(first)
    if count < PARALLEL_PAIRS or workers < 2 or not forkable:
        return _verdicts(claims, pairs)
    size = -(-count // (workers * 4))
    parts_of = [(first[at : at + size], second[at : at + size]) for at in range(0, count, size)]
    _JUDGED = claims
    try:
        parts = _shared(
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")),
            lambda pool: pool.map(_judge, parts_of),
        )
        return [found for part in parts for found in part]
    finally:
        _JUDGED = ()
