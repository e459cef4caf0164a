"""Candidate pairs without comparing all pairs: a prefix filter over an inverted token index.

Every text is indexed under all its informative tokens. Each then probes the index with its
*prefix*: its rarest ``p`` tokens, ``p = n − ⌈SHARE × n⌉ + 1`` of its ``n``. If two texts share
at least ``SHARE`` of one side's tokens, that side's prefix must contain a shared token, so the
pair is found (the classic prefix-filtering argument). token_set_ratio is high exactly when one
side's tokens are mostly shared, so this keeps the pairs the scorer would keep — the benchmark
measures it against the exhaustive all-pairs run — while scoring only pairs that share a rare
token: the cost grows with the number of similar pairs, not with n².
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

#: Share of one side's informative tokens a pair must have in common to be scored at all.
SHARE = 0.5


def candidate_pairs(tokens: Sequence[Sequence[str]]) -> NDArray[np.int64]:
    """Pairs (i, j), i < j, of texts that share a rare token, as an array of shape (k, 2)."""
    frequency: dict[str, int] = defaultdict(int)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        for token in toks:
            frequency[token] += 1
            postings[token].append(i)
    arrays = {token: np.asarray(ids, dtype=np.int64) for token, ids in postings.items() if len(ids) > 1}
    size = len(tokens)
    chunks: list[NDArray[np.int64]] = []
    for i, toks in enumerate(tokens):
        if not toks:
            continue
        rarest = sorted(toks, key=lambda t: (frequency[t], t))
        prefix = rarest[: len(toks) - math.ceil(SHARE * len(toks)) + 1]
        found = [arrays[t] for t in prefix if t in arrays]
        if not found:
            continue
        others = np.unique(np.concatenate(found)) if len(found) > 1 else found[0]
        others = others[others != i]
        low, high = np.minimum(others, i), np.maximum(others, i)
        chunks.append(low * size + high)
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    keys = np.unique(np.concatenate(chunks))
    return np.stack([keys // size, keys % size], axis=1)


def score_pairs(
    texts: Sequence[str], pairs: NDArray[np.int64], *, cutoff: float
) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
    """token_set_ratio of each pair (all cores), keeping those at or above ``cutoff``."""
    if len(pairs) == 0:
        return pairs, np.empty(0, dtype=np.uint8)
    left = [texts[i] for i in pairs[:, 0]]
    right = [texts[j] for j in pairs[:, 1]]
    scores = process.cpdist(left, right, scorer=fuzz.token_set_ratio, workers=-1, dtype=np.uint8)
    keep = scores >= cutoff
    return pairs[keep], scores[keep]
