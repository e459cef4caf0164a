"""Which claims to compare: blocking by what their facts are about, never all pairs.

Each fact is filed under keys of what it is about: its predicate, its counted thing, its figure
(kind and dimension in each key), inside its story unless matching goes across stories. Two
claims are compared only when they share a key. A key held by more than ``MAX_BUCKET`` claims of
one story is too common to say anything ("one", "people") and is not followed; of the rest, a
fact is paired only through its ``RAREST`` rarest keys, since the specific keys say most about
which claims are one fact, and following every key of every fact would compare most claims of a
story with most others.

The keys are generated in Python, one pass over the facts; everything after (bucket sizes, the
rarest keys of each fact, the pairs) is array work in NumPy, so that the cost grows with the
number of keys and not with the number of pairs weighed.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np
from numpy.typing import NDArray

from workbench.facts.align import dimension
from workbench.facts.judge import ClaimFacts, frame
from workbench.facts.model import Fact

#: Most claims of one story a key may gather and still be followed.
MAX_BUCKET = 30
#: Most claims a fact is paired with through one family of keys (more rare keys are not followed).
PARTNERS = 20
#: How many of a fact's keys, the rarest first, it is paired through.
RAREST = 3
#: A story holding at most this many claims with figures of one kind and dimension has them all
#: compared: few enough to judge every pair, and then no wording decides what is weighed.
WHOLE = 150

#: Families of keys: every claim of a kind and dimension; the same figure (an agreement to
#: weigh); the same event, thing or word with any figure (a contradiction to weigh).
_WHOLE, _SAME, _OTHER = 0, 1, 2
#: The scope of a claim linked to no story, or of every claim when matching goes across stories.
_NOWHERE = -1
#: Mixes a story into a key's hash (a collision only adds a pair to judge).
_SPREAD = np.uint64(0x9E3779B97F4A7C15)

Int = NDArray[np.int64]


def keys(fact: Fact) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The keys two facts must share one of to be compared (what ``align`` needs them to share), by family.

    Every fact of its kind and dimension (``_WHOLE``); the same figure, alone if it is specific or
    with its event, thing or a word of its clause (``_SAME``); its event, thing and words with any
    figure (``_OTHER``).
    """
    dim, size = dimension(fact)
    head = (fact.kind, dim)
    words = {*fact.context, *fact.entities}
    same: list[tuple[Any, ...]] = []
    if fact.value is not None:  # the same figure, and what an agreement on it needs besides
        figure = (*head, "figure", round(fact.value * size, 6))
        if fact.specific:
            same.append(figure)
        if fact.predicate:
            same.append((*figure, fact.predicate))
        if fact.lemma:
            same.append((*figure, fact.lemma))
        same.extend((*figure, word) for word in words)
    other: list[tuple[Any, ...]] = []
    if fact.kind == "count" and fact.qualifier == "exact" and not fact.predicate:
        # another figure of it is never in dispute without an event, nor ever agrees unless the
        # other figure is vague (which files its own words) or the same (the same figure above)
        return [(*head, "whole")], same, other
    if fact.predicate and fact.lemma:
        other.append((*head, "event+thing", fact.predicate, fact.lemma))
    if fact.predicate:
        other.append((*head, "event", fact.predicate))
        other.extend((*head, "event+word", fact.predicate, word) for word in words)
    # a thing counted on one side may be a word of the other's clause ("a 181-kg gorilla picked",
    # "a 450-pound gorilla"): things and words share one family
    other.extend((*head, "word", word) for word in words | ({fact.lemma} if fact.lemma else set()))
    if fact.lemma:
        other.extend((*head, "thing+word", fact.lemma, word) for word in words)
    return [(*head, "whole")], same, other


class _Filed:
    """Rows of (key, claim, group): one per key of each fact; a group is one family of one fact.

    Kept in typed arrays while they are filed: 8 bytes a row, not a Python int's 36.
    """

    def __init__(self) -> None:
        self.key = array("q")
        self.claim = array("q")
        self.group = array("q")
        self.groups = 0

    def file(self, claim: int, fact: Fact, *, also: Sequence[tuple[Any, ...]] = ()) -> None:
        whole, same, other = keys(fact)
        for family in (whole, same, [*other, *also]):
            self.key.extend(map(hash, family))
            self.claim.extend(repeat(claim, len(family)))
            self.group.extend(repeat(self.groups, len(family)))
            self.groups += 1

    def arrays(self) -> tuple[Int, Int, Int]:
        key, claim, group = (np.frombuffer(a, dtype=np.int64) if len(a) else np.empty(0, np.int64) for a in self.rows())
        return key, claim, group

    def rows(self) -> tuple[array[int], array[int], array[int]]:
        return self.key, self.claim, self.group


def _spread(count: Int) -> tuple[Int, Int]:
    """For items repeated ``count`` times each: the item of every repetition, and its place in the item's run."""
    item = np.repeat(np.arange(count.size, dtype=np.int64), count)
    place = np.arange(item.size, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    return item, place


def _scoped(key: Int, scope: Int) -> Int:
    """A key's hash within a story (a collision only adds a pair to judge)."""
    mixed = key.view(np.uint64) ^ ((scope.astype(np.uint64) + np.uint64(1)) * _SPREAD)
    return mixed.view(np.int64)


def _filed(claims: Sequence[ClaimFacts], across_stories: bool) -> tuple[Int, Int, Int, Int]:
    """Rows (key, claim, group, story): every key of every fact, once in each story of its claim.

    A claim linked to no source yet has no story: its rows go in every story its key is known
    in, or in none if no placed claim has that key.
    """
    rows = _Filed()
    scopes: list[list[int]] = []  # per fact filed: its claim's stories
    for i, claim in enumerate(claims):
        if claim.boilerplate or not claim.facts:
            continue
        stories = [_NOWHERE] if across_stories else sorted(claim.stories)
        for n, fact in enumerate(claim.facts):
            # claims saying the same words around their figures are one statement (``judge.frame``)
            rows.file(i, fact, also=[("frame", frame(claim))] if n == 0 else ())
            scopes.append(stories)
    key, claim_of, group = rows.arrays()
    empty = np.empty(0, dtype=np.int64)
    if not key.size:
        return empty, empty, empty, empty
    counts = np.asarray([len(s) for s in scopes], dtype=np.int64)[group // 3]
    flat = np.asarray([s for stories in scopes for s in stories] or [0], dtype=np.int64)
    first = (np.cumsum([len(s) for s in scopes]) - [len(s) for s in scopes]).astype(np.int64)[group // 3]
    placed = counts > 0
    row, place = _spread(counts[placed])
    row = np.flatnonzero(placed)[row]
    scope = flat[first[row] + place]
    loose = np.flatnonzero(~placed)
    if loose.size:
        more, more_scope = _unplaced_scopes(key[row], scope, key[loose])
        row = np.concatenate([row, loose[more]])
        scope = np.concatenate([scope, more_scope])
    return key[row], claim_of[row], group[row], scope


def _unplaced_scopes(placed_key: Int, placed_scope: Int, key: Int) -> tuple[Int, Int]:
    """Each row of a claim linked to no story, once in every story its key is known in (or nowhere).

    Returns the row indices repeated and the story of each repetition.
    """
    if not placed_key.size:
        return np.arange(key.size, dtype=np.int64), np.full(key.size, _NOWHERE, dtype=np.int64)
    order = np.lexsort((placed_scope, placed_key))
    known_key, known_scope = placed_key[order], placed_scope[order]
    fresh = np.r_[True, (known_key[1:] != known_key[:-1]) | (known_scope[1:] != known_scope[:-1])]
    known_key, known_scope = known_key[fresh], known_scope[fresh]
    first = np.searchsorted(known_key, key, side="left")
    found = np.searchsorted(known_key, key, side="right") - first
    row, place = _spread(np.maximum(found, 1))
    at = np.minimum(first[row] + place, known_key.size - 1)
    return row, np.where(found[row] > 0, known_scope[at], _NOWHERE)


def _rarest(size: Int, group: Int, tiebreak: Int) -> NDArray[np.bool_]:
    """Rows that are among the ``RAREST`` rarest keys of their group, until ``PARTNERS`` are reached.

    A group follows its keys from the rarest; it stops before a key once the keys taken already
    bring ``PARTNERS`` other claims. Ties are broken by the bucket's members, so a run's pairs
    do not depend on hashing.
    """
    order = np.lexsort((tiebreak, size, group))
    g, s = group[order], size[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    lengths = np.diff(np.r_[starts, g.size])
    rank = np.arange(g.size) - np.repeat(starts, lengths)
    partners = np.cumsum(s - 1)
    before = partners - (s - 1) - np.repeat((partners - (s - 1))[starts], lengths)
    chosen = np.zeros(g.size, dtype=bool)
    chosen[order] = (rank < RAREST) & (before < PARTNERS)
    return chosen


def candidates(
    claims: Sequence[ClaimFacts], *, across_stories: bool = False, changed: set[int] | None = None
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of claims worth judging (see the module docstring).

    With ``changed`` (claim ids), only pairs holding one of those claims: what an incremental
    run judges again, the others' suggestions standing as the last run left them. A claim
    linked to no source yet is compared within every story.
    """
    if changed is not None and not changed:
        return []  # nothing new since the last run
    key, claim, group, scope = _filed(claims, across_stories)
    if not key.size:
        return []
    bucket = _scoped(key, scope)
    # each bucket's members, once each, in order: its size, and its first and last for ties
    order = np.lexsort((claim, bucket))
    sorted_bucket, sorted_claim = bucket[order], claim[order]
    fresh = np.r_[True, (sorted_bucket[1:] != sorted_bucket[:-1]) | (sorted_claim[1:] != sorted_claim[:-1])]
    bucket_of, member = sorted_bucket[fresh], sorted_claim[fresh]
    starts = np.flatnonzero(np.r_[True, bucket_of[1:] != bucket_of[:-1]])
    sizes = np.diff(np.r_[starts, bucket_of.size])
    at = np.searchsorted(bucket_of[starts], bucket)
    size, start = sizes[at], starts[at]
    lowest, highest = member[start], member[start + size - 1]
    family = group % 3
    # a key said twice in one fact (in the same story) counts once
    order = np.lexsort((bucket, group))
    single = np.zeros(key.size, dtype=bool)
    single[order] = np.r_[True, (group[order][1:] != group[order][:-1]) | (bucket[order][1:] != bucket[order][:-1])]
    follow = single & (family == _WHOLE) & (size >= 2) & (size <= (MAX_BUCKET if across_stories else WHOLE))
    usable = single & (family != _WHOLE) & (size >= 2) & (size <= MAX_BUCKET)
    if usable.any():
        index = np.flatnonzero(usable)
        rare = _rarest(size[index], group[index], lowest[index] * len(claims) + highest[index])
        follow[index[rare]] = True
    count = len(claims)
    pairs = _pairs(claim[follow], start[follow], size[follow], member, count)
    if pairs.size and changed is not None:
        # the pairs a full run would weigh, less those of two unchanged claims (judged before):
        # each claim's rarest keys are its own, so a pair may come through either side's
        ids = np.asarray([c.id for c in claims], dtype=np.int64)
        moved = np.isin(ids, np.fromiter(changed, dtype=np.int64))
        pairs = pairs[moved[pairs // count] | moved[pairs % count]]
    return list(zip((pairs // count).tolist(), (pairs % count).tolist(), strict=True))


def _pairs(claim: Int, start: Int, size: Int, member: Int, count: int) -> Int:
    """Each followed row's claim with every member of its bucket, as sorted unique ``i * count + j``, i < j."""
    if not claim.size:
        return np.empty(0, dtype=np.int64)
    row, place = _spread(size)
    left, right = claim[row], member[start[row] + place]
    apart = left != right
    left, right = left[apart], right[apart]
    return np.unique(np.minimum(left, right) * count + np.maximum(left, right))
