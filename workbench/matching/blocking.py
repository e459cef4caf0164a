"""Candidate pairs without comparing all pairs: a prefix filter over an inverted token index.

Every text is indexed under its informative tokens. Each then probes the index with its
*prefix*: its rarest ``p`` tokens, ``p = n − ⌈SHARE × n⌉ + 1`` of its ``n``. If two texts share
at least ``SHARE`` of one side's tokens, that side's prefix must contain a shared token, so the
pair is found (the classic prefix-filtering argument); token_set_ratio is high exactly when
one side's tokens are mostly shared.

Tokens found in more than ``MAX_POSTINGS`` claims are not used to find pairs: a word that
common ("killed", "convoy", a country every claim names) says nothing about which claims are
the same, and following it would compare every claim with every other. Pairs that share only
such words while each has rarer ones are mostly claims cut from the same template about
different places, people or things, which the value rules keep apart (see ``rules``). Two
exceptions keep generic claims matchable: texts with the same informative words are always
paired, and a text made only of common words is compared with the texts sharing its least
common one (up to ``FALLBACK_POSTINGS``). The benchmark measures what the cap costs in recall
against the exhaustive all-pairs run, both of raw scores and of the suggestions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

#: Share of one side's informative tokens a pair must have in common to be scored at all.
SHARE = 0.5
#: Most claims a token may be in and still be used to find pairs (see the module docstring).
MAX_POSTINGS = 100
#: A text whose every word is over ``MAX_POSTINGS`` is compared with the texts sharing its least
#: common word, if no more than this many.
FALLBACK_POSTINGS = 2000
#: Below one wanted text in this many, pairs are found from the wanted texts' words alone (``_around``).
FEW = 20
#: Below this ratio of lengths (shorter / longer normalised text), extra words count against a pair.
MIN_LENGTH_RATIO = 0.5


def candidate_pairs(tokens: Sequence[Sequence[str]], wanted: NDArray[np.bool_] | None = None) -> NDArray[np.int64]:
    """Pairs (i, j), i < j, that may share ``SHARE`` of one side's tokens, as an array of shape (k, 2).

    With ``wanted`` (a flag per text), only pairs holding a wanted text: every text still probes
    with its prefix (a pair is found from whichever side's prefix holds the shared token) but
    keeps only wanted partners, so the pairs, and the memory, grow with the wanted texts alone.
    With few wanted texts (under one in ``FEW``), only the texts sharing a word with them probe
    (``_around``): the same pairs.
    """
    if wanted is not None and int(np.count_nonzero(wanted)) * FEW < len(tokens):
        return _around(tokens, wanted)
    frequency: dict[str, int] = defaultdict(int)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        for token in toks:
            frequency[token] += 1
            postings[token].append(i)
    arrays = {token: np.asarray(ids, dtype=np.int64) for token, ids in postings.items() if 1 < len(ids) <= MAX_POSTINGS}
    size = len(tokens)
    chunks: list[NDArray[np.int64]] = []  # keys i × size + j, one per shared prefix token (deduplicated below)
    same: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        if not toks:
            continue
        same[tuple(sorted(toks))].append(i)
        prefix = _prefix(toks, frequency)
        found = [arrays[t] for t in prefix if t in arrays]
        if not found and 1 < frequency[prefix[0]] <= FALLBACK_POSTINGS:
            # every word common: compare with the claims sharing the least common one
            found = [np.asarray(postings[prefix[0]], dtype=np.int64)]
        if found:
            partners = np.concatenate(found) if len(found) > 1 else found[0]
            if wanted is not None and not wanted[i]:
                partners = partners[wanted[partners]]
            chunks.append(i * size + partners)
    for group in same.values():  # the same words, however common: always compared
        if len(group) > 1:
            ids = np.asarray(group, dtype=np.int64)
            probes = ids if wanted is None else ids[wanted[ids]]
            chunks.extend(i * size + ids for i in probes.tolist())
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    keys = np.concatenate(chunks)
    left, right = keys // size, keys % size
    distinct = left != right
    left, right = left[distinct], right[distinct]
    keys = np.unique(np.minimum(left, right) * size + np.maximum(left, right))
    return np.stack([keys // size, keys % size], axis=1)


def _around(tokens: Sequence[Sequence[str]], wanted: NDArray[np.bool_]) -> NDArray[np.int64]:
    """``candidate_pairs`` for a few wanted texts among many: the same pairs, without every text's prefix.

    A run after a few new claims wants the pairs holding them. Only a text sharing a word with
    a wanted one can be paired with it, so only those texts' prefixes are worked out: the
    frequencies are still counted over every text (a prefix is the rarest words of the store),
    in one pass at C speed.
    """
    frequency = Counter(chain.from_iterable(tokens))
    mine = set(chain.from_iterable(tokens[i] for i in np.flatnonzero(wanted).tolist()))
    postings: dict[str, list[int]] = defaultdict(list)  # of the wanted texts' words only
    for i, toks in enumerate(tokens):
        if not mine.isdisjoint(toks):
            for token in toks:
                if token in mine:
                    postings[token].append(i)
    size = len(tokens)
    keys: set[int] = set()

    def pair(i: int, partners: Iterable[int]) -> None:
        keys.update(min(i, j) * size + max(i, j) for j in partners if j != i)

    def partners(i: int, token: str) -> Iterable[int]:
        return postings[token] if wanted[i] else (j for j in postings[token] if wanted[j])

    # a text sharing an indexed word with a wanted one: its prefix, worked out, says which it follows
    # (its least common word is then indexed too, or said once: it never falls back)
    for i in sorted({i for token, ids in postings.items() if 1 < frequency[token] <= MAX_POSTINGS for i in ids}):
        for token in _prefix(tokens[i], frequency):
            if token in mine and 1 < frequency[token] <= MAX_POSTINGS:
                pair(i, partners(i, token))
    # a text whose every word is common (no indexed word at all, or it would be above) follows
    # its least common word: only where that word is a wanted text's
    least: dict[int, int] = {}  # each text's least frequency, worked out once (a text is in many postings)
    for token, ids in postings.items():
        count = frequency[token]
        if MAX_POSTINGS < count <= FALLBACK_POSTINGS:
            for i in ids:
                lowest = least.get(i)
                if lowest is None:
                    lowest = least[i] = min(map(frequency.__getitem__, tokens[i]))
                if lowest == count and min(t for t in tokens[i] if frequency[t] == count) == token:
                    pair(i, partners(i, token))
    for i in np.flatnonzero(wanted).tolist():  # the same words, however common: always compared
        toks = tokens[i]
        if not toks:
            continue
        same = sorted(toks)
        rarest = min(toks, key=lambda t: frequency[t])
        pair(i, (j for j in postings[rarest] if sorted(tokens[j]) == same))
    if not keys:
        return np.empty((0, 2), dtype=np.int64)
    found = np.fromiter(sorted(keys), dtype=np.int64, count=len(keys))
    return np.stack([found // size, found % size], axis=1)


def _prefix(tokens: Sequence[str], frequency: Mapping[str, int]) -> list[str]:
    """The rarest tokens: any text sharing ``SHARE`` of ``tokens`` shares one of these."""
    rarest = sorted(tokens, key=lambda t: (frequency.get(t, 0), t))
    return rarest[: len(tokens) - math.ceil(SHARE * len(tokens)) + 1]


def covering_pairs(queries: Sequence[Sequence[str]], texts: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """Pairs (i, j) where text ``j`` may hold ``SHARE`` of query ``i``'s tokens (none missed).

    Queries are indexed under their prefix tokens, and each text probes the index with all of
    its tokens: the shape for finding which sentences state which claims, where the claim's
    words must be in the sentence but not the other way round.
    """
    frequency: dict[str, int] = defaultdict(int)
    for toks in queries:
        for token in toks:
            frequency[token] += 1
    index: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(queries):
        for token in _prefix(toks, frequency):
            index[token].append(i)
    pairs: set[tuple[int, int]] = set()
    for j, toks in enumerate(texts):
        for token in toks:
            pairs.update((i, j) for i in index.get(token, ()))
    return sorted(pairs)


def score_pairs(
    texts: Sequence[str], pairs: NDArray[np.int64], *, cutoff: float
) -> tuple[NDArray[np.int64], NDArray[np.uint8], NDArray[np.uint8]]:
    """The pairs' loose and strict scores (all cores), keeping those whose loose score is at least ``cutoff``.

    The score is token_set_ratio, which forgives word order and extra words. Extra words are
    forgiven only so far: when one text is under ``MIN_LENGTH_RATIO`` of the other's length, it
    is not the same claim restated but a short one the long one happens to contain ("Twelve
    people were killed" in a long sentence about another shooting), and such pairs are scored
    by token_sort_ratio instead, which counts every word: that is the *strict* score. On the
    development news clusters this cut cross-event suggestions at the default threshold from
    32 to 6 and left MRPC precision and recall unchanged. The *loose* score (token_set_ratio
    alone) still serves one purpose: a short claim contained in a long one, with a different
    figure for the same thing, is a contradiction ("27 people are injured" against a long
    sentence ending "25 people were injured, police said").
    """
    if len(pairs) == 0:
        return pairs, np.empty(0, dtype=np.uint8), np.empty(0, dtype=np.uint8)
    left = [texts[i] for i in pairs[:, 0]]
    right = [texts[j] for j in pairs[:, 1]]
    loose = process.cpdist(left, right, scorer=fuzz.token_set_ratio, workers=-1, dtype=np.uint8)
    keep = loose >= cutoff
    pairs, loose = pairs[keep], loose[keep]
    strict = loose.copy()
    lengths = np.asarray([len(t) for t in texts], dtype=np.float64)
    ratio = np.minimum(lengths[pairs[:, 0]], lengths[pairs[:, 1]]) / np.maximum(
        np.maximum(lengths[pairs[:, 0]], lengths[pairs[:, 1]]), 1
    )
    uneven = np.flatnonzero(ratio < MIN_LENGTH_RATIO)
    if len(uneven):
        ordered = process.cpdist(
            [texts[i] for i in pairs[uneven, 0]],
            [texts[j] for j in pairs[uneven, 1]],
            scorer=fuzz.token_sort_ratio,
            workers=-1,
            dtype=np.uint8,
        )
        strict[uneven] = np.minimum(loose[uneven], ordered)
    return pairs, loose, strict
