"""Reciprocal rank fusion: one order from the index's words and the embeddings' meaning.

A candidate scores 1/(K + rank) in each list that has it (Cormack, Clarke and Büttcher, 2009,
with their K = 60), so that the first places of either list lead and a candidate both lists
rank high goes before one only a list has. No score of one list is compared with the other's:
BM25 and cosine similarity are on scales of their own.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = 60
T = TypeVar("T", bound=Hashable)


def fuse(*ranked: Sequence[T]) -> list[tuple[T, float]]:
    """(candidate, fused score) of every list's candidates, best first; ties in first-seen order."""
    fused: dict[T, float] = {}
    for candidates in ranked:
        for rank, candidate in enumerate(candidates, 1):
            fused[candidate] = fused.get(candidate, 0.0) + 1 / (K + rank)
    return sorted(fused.items(), key=lambda item: -item[1])
