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

import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b
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
#: Groups of one claim: the claim's index times this, plus its own (a multiple of 3, so that a
#: group's family is its remainder by 3). Room for 349,525 facts a claim; a claim's text is
#: bounded far below that (``workbench.claims.MAX_CLAIM_CHARS``).
_SPAN = 3 * 2**20
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
    words = sorted({*fact.context, *fact.entities})  # in one order in every process: keys are stored
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
    other.extend((*head, "word", word) for word in sorted({*words, *([fact.lemma] if fact.lemma else [])}))
    if fact.lemma:
        other.extend((*head, "thing+word", fact.lemma, word) for word in words)
    return [(*head, "whole")], same, other


def _stable(key: tuple[Any, ...]) -> int:
    """A key's hash, the same in every process and on every machine (it is stored)."""
    return int.from_bytes(blake2b(repr(key).encode(), digest_size=8).digest(), "little", signed=True)


def pack(claim: ClaimFacts) -> bytes:
    """A claim's keys as stored (``claim_fact.fact_keys``): every key's stable hash, then each key's group.

    A group is one family of one fact (fact × 3 + family). Claims saying the same words around
    their figures are one statement (``judge.frame``): the frame is a key of the first fact.
    """
    hashes, groups = array("q"), array("i")
    for n, fact in enumerate(claim.facts):
        whole, same, other = keys(fact)
        if n == 0:
            other.append(("frame", frame(claim)))
        for family, found in enumerate((whole, same, other)):
            hashes.extend(_stable(key) for key in found)
            groups.extend(repeat(n * 3 + family, len(found)))
    if sys.byteorder == "big":  # stored little-endian, so that a store reads the same on any machine
        hashes.byteswap()
        groups.byteswap()
    return hashes.tobytes() + groups.tobytes()


def unpack(packed: bytes) -> tuple[Int, NDArray[np.int32]]:
    """The hashes and groups ``pack`` wrote."""
    count = len(packed) // 12
    hashes = np.frombuffer(packed, np.dtype("<i8"), count).astype(np.int64, copy=False)
    return hashes, np.frombuffer(packed, np.dtype("<i4"), count, offset=8 * count).astype(np.int32, copy=False)


def _unique(values: Int) -> Int:
    """The sorted distinct values: by sorting, several times faster here than ``np.unique``'s hashing."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if ordered.size else ordered


def _maybe(wanted: Int, bucket: Int) -> Int:
    """The rows whose bucket may be one of the few ``wanted``: a bitmap of their low bits, read in one pass.

    Searching every row among the wanted buckets costs a binary search a row; an incremental
    run wants the buckets of a few claims among millions of rows, and the bitmap leaves only
    those rows (and a few that share low bits) to search.
    """
    if wanted.size * 4 > bucket.size:
        return np.arange(bucket.size, dtype=np.int64)
    bits = min(max(int(wanted.size).bit_length() + 6, 16), 24)  # at most 16 MB, for a few percent of misses
    mask = np.int64((1 << bits) - 1)
    table = np.zeros(1 << bits, dtype=bool)
    table[wanted & mask] = True
    return np.flatnonzero(table[bucket & mask])


def _positions(wanted: Int, values: Int) -> Int:
    """Where each of ``values`` is among ``wanted`` (sorted, unique): meaningful where it is one of them.

    A table addressed by the low bits of the wanted keys answers most values in one lookup; only
    values whose low bits several wanted keys share are searched. A binary search of every value
    (millions of rows in a run after a few new claims) cost six times as long. The table has two
    to four slots a key, of 4 bytes each (at most 32 MB, and 8 MB of flags for the shared slots):
    a first run, which looks up every row, keeps its peak.
    """
    bits = min(max(int(wanted.size).bit_length() + 1, 10), 23)
    mask = np.int64((1 << bits) - 1)
    slot = wanted & mask
    table = np.full(1 << bits, -1, dtype=np.int32)
    table[slot] = np.arange(wanted.size, dtype=np.int32)
    ordered = np.sort(slot)
    crowded = np.zeros(1 << bits, dtype=bool)
    crowded[ordered[1:][ordered[1:] == ordered[:-1]]] = True
    del ordered
    low = values & mask
    at: Int = np.maximum(table[low], 0).astype(np.int64)
    search = crowded[low] & (wanted[at] != values)
    if search.any():
        at[search] = np.minimum(np.searchsorted(wanted, values[search]), wanted.size - 1)
    return at


def _spread(count: Int) -> tuple[Int, Int]:
    """For items repeated ``count`` times each: the item of every repetition, and its place in the item's run."""
    item = np.repeat(np.arange(count.size, dtype=np.int64), count)
    place = np.arange(item.size, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    return item, place


def _scoped(key: Int, scope: Int) -> Int:
    """A key's hash within a story (a collision only adds a pair to judge)."""
    mixed = key.view(np.uint64) ^ ((scope.astype(np.uint64) + np.uint64(1)) * _SPREAD)
    return mixed.view(np.int64)


def _filed(claims: Sequence[ClaimFacts], packed: Sequence[bytes], across_stories: bool) -> tuple[Int, Int, Int, Int]:
    """Rows (key, claim, group, story): every key of every claim, once in each story of the claim.

    A claim linked to no source yet has no story: its rows go in every story its key is known
    in, or in none if no placed claim has that key. Groups are made unique across claims.
    """
    live = [i for i, (one, keys_of) in enumerate(zip(claims, packed, strict=True)) if keys_of and not one.boilerplate]
    empty = np.empty(0, dtype=np.int64)
    if not live:
        return empty, empty, empty, empty
    sizes = np.fromiter((len(packed[i]) // 12 for i in live), dtype=np.int64, count=len(live))
    # each claim's hashes, then its groups, joined into one buffer each: no array per claim
    hashes = b"".join([packed[i][: 8 * n] for i, n in zip(live, sizes.tolist(), strict=True)])
    key = np.frombuffer(hashes, np.dtype("<i8")).astype(np.int64, copy=False)
    groups = b"".join([packed[i][8 * n :] for i, n in zip(live, sizes.tolist(), strict=True)])
    local = np.frombuffer(groups, np.dtype("<i4")).astype(np.int32, copy=False)
    owner = np.repeat(np.arange(len(live), dtype=np.int64), sizes)  # row → index into live
    claim_index = np.asarray(live, dtype=np.int64)[owner]
    group = local.astype(np.int64) + claim_index * _SPAN
    scope_lists = [[_NOWHERE] if across_stories else _sorted(claims[i].stories) for i in live]
    per_claim = np.asarray([len(s) for s in scope_lists], dtype=np.int64)
    first = np.cumsum(per_claim) - per_claim
    flat = np.asarray([s for scopes in scope_lists for s in scopes] or [0], dtype=np.int64)
    if (per_claim == 1).all():  # the common case, every claim in one story (or matching across): no copies
        return key, claim_index, group, flat[owner]
    counts = per_claim[owner]
    placed = counts > 0
    row, place = _spread(counts[placed])
    row = np.flatnonzero(placed)[row]
    scope = flat[first[owner[row]] + place]
    loose = np.flatnonzero(~placed)
    if loose.size:
        more, more_scope = _unplaced_scopes(key[row], scope, key[loose])
        row = np.concatenate([row, loose[more]])
        scope = np.concatenate([scope, more_scope])
    return key[row], claim_index[row], group[row], scope


def _sorted(stories: frozenset[int]) -> list[int]:
    """A claim's stories in order (most claims are in one story or none: no sort)."""
    return sorted(stories) if len(stories) > 1 else list(stories)


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
    bring ``PARTNERS`` other claims. Ties are broken by the bucket's first and last members,
    then by the order the keys were filed (the same in every process), so a run's pairs do not
    depend on hashing.
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


@dataclass(frozen=True)
class _Buckets:
    """Some buckets (sorted hashes) with their members: each member claim once, in order."""

    bucket: Int
    size: Int
    start: Int
    member: Int
    #: For every row given: where its bucket is among these (meaningful where it is one of them).
    at: Int

    @classmethod
    def of(cls, wanted: Int, bucket: Int, claim: Int) -> _Buckets:
        """The ``wanted`` buckets (sorted, unique), their members counted over every row."""
        if not wanted.size:
            return cls(wanted, wanted, wanted, wanted, np.zeros(bucket.size, dtype=np.int64))
        rows = _maybe(wanted, bucket)
        at = np.zeros(bucket.size, dtype=np.int64)
        at[rows] = _positions(wanted, bucket[rows])
        hit = rows[wanted[at[rows]] == bucket[rows]]
        # each (bucket, claim) once, in order: one sort of a combined key, several times faster than two
        span = np.int64(max(int(claim.max()) + 1, 1))
        joined = _unique(at[hit] * span + claim[hit])
        which, who = joined // span, joined % span
        size = np.bincount(which, minlength=wanted.size).astype(np.int64)
        return cls(wanted, size, np.cumsum(size) - size, who, at)


def _near(claim: Int, bucket: Int, group: Int, moved: NDArray[np.bool_], limit: int) -> NDArray[np.bool_]:
    """The claims a changed claim may be paired with, and the changed claims: whose rows a run must weigh.

    A pair holding a changed claim comes through a key both share in a bucket small enough to be
    followed (``limit`` for the whole family, ``MAX_BUCKET`` for the others); the partner's other
    keys are weighed too, since its rarest keys are chosen among all of them.
    """
    mine = moved[claim]
    hot, first = np.unique(bucket[mine], return_index=True)
    shared = _Buckets.of(hot, bucket, claim)
    whole = group[mine][first] % 3 == _WHOLE
    followed = (shared.size >= 2) & (shared.size <= np.where(whole, limit, MAX_BUCKET))
    near = moved.copy()
    row, place = _spread(shared.size[followed])
    near[shared.member[shared.start[followed][row] + place]] = True
    return near


def candidates(
    claims: Sequence[ClaimFacts],
    *,
    across_stories: bool = False,
    changed: set[int] | None = None,
    packed: Sequence[bytes] | None = None,
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of claims worth judging, as a list (``candidate_arrays``)."""
    first, second = candidate_arrays(claims, across_stories=across_stories, changed=changed, packed=packed)
    return list(zip(first.tolist(), second.tolist(), strict=True))


def candidate_arrays(
    claims: Sequence[ClaimFacts],
    *,
    across_stories: bool = False,
    changed: set[int] | None = None,
    packed: Sequence[bytes] | None = None,
) -> tuple[Int, Int]:
    """Index pairs (i < j) of claims worth judging (see the module docstring), as two arrays.

    A first run weighs more than a million pairs: as arrays they take 16 bytes each, as a
    list of tuples of numbers ten times that.

    With ``changed`` (claim ids), only pairs holding one of those claims: what an incremental
    run judges again, the others' suggestions standing as the last run left them. Only the
    rows of the changed claims and of the claims sharing a followed key with them are weighed,
    against bucket sizes counted over every claim: exactly the full run's pairs that hold a
    changed claim. A claim linked to no source yet is compared within every story. ``packed``
    are the claims' keys as stored (``pack``); then only the claims' ids, stories and form are
    read, not their facts.
    """
    none = np.empty(0, dtype=np.int64)
    if changed is not None and not changed:
        return none, none  # nothing new since the last run
    key, claim, group, scope = _filed(claims, [pack(c) for c in claims] if packed is None else packed, across_stories)
    if not key.size:
        return none, none
    count = len(claims)
    bucket = _scoped(key, scope)
    del key, scope  # the scoped hash is all that is compared from here: free the rest early
    moved = None
    weighed = np.ones(bucket.size, dtype=bool)
    if changed is not None:
        ids = np.asarray([c.id for c in claims], dtype=np.int64)
        moved = np.isin(ids, np.fromiter(changed, dtype=np.int64))
        weighed = _near(claim, bucket, group, moved, MAX_BUCKET if across_stories else WHOLE)[claim]
    rows = np.flatnonzero(weighed)
    found = _Buckets.of(_unique(bucket[rows]), bucket, claim)
    at = found.at[rows]
    bucket, claim, group = bucket[rows], claim[rows], group[rows]
    size, start = found.size[at], found.start[at]
    lowest, highest = found.member[start], found.member[start + size - 1]
    family = group % 3
    # a key said twice in one fact (in the same story) counts once
    order = np.lexsort((bucket, group))
    single = np.zeros(bucket.size, dtype=bool)
    single[order] = np.r_[True, (group[order][1:] != group[order][:-1]) | (bucket[order][1:] != bucket[order][:-1])]
    follow = single & (family == _WHOLE) & (size >= 2) & (size <= (MAX_BUCKET if across_stories else WHOLE))
    usable = single & (family != _WHOLE) & (size >= 2) & (size <= MAX_BUCKET)
    if usable.any():
        index = np.flatnonzero(usable)
        rare = _rarest(size[index], group[index], lowest[index] * count + highest[index])
        follow[index[rare]] = True
    pairs = _pairs(claim[follow], start[follow], size[follow], found.member, count)
    if pairs.size and moved is not None:
        # the pairs a full run would weigh, less those of two unchanged claims (judged before):
        # each claim's rarest keys are its own, so a pair may come through either side's
        pairs = pairs[moved[pairs // count] | moved[pairs % count]]
    return pairs // count, pairs % count


def _pairs(claim: Int, start: Int, size: Int, member: Int, count: int) -> Int:
    """Each followed row's claim with every member of its bucket, as sorted unique ``i * count + j``, i < j."""
    if not claim.size:
        return np.empty(0, dtype=np.int64)
    row, place = _spread(size)
    left, right = claim[row], member[start[row] + place]
    apart = left != right
    left, right = left[apart], right[apart]
    return _unique(np.minimum(left, right) * count + np.maximum(left, right))
