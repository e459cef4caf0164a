"""Duplicate and contradiction suggestions for a set of claims: no database, just texts and values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from workbench.matching import DEFAULT_THRESHOLD
from workbench.matching.blocking import candidate_pairs, score_pairs
from workbench.matching.normalize import block_tokens, matchable
from workbench.matching.rules import ClaimText, Values, Verdict, classify

__all__ = ["DEFAULT_THRESHOLD", "ClaimText", "Match", "Prepared", "find_matches", "judge", "match_words"]


@dataclass(frozen=True)
class Match:
    """A suggested relation between two claims (``a < b``)."""

    a: int
    b: int
    score: int
    verdict: Verdict


@dataclass(frozen=True)
class Prepared:
    """Claims normalised once, ready to be matched (or probed by other texts)."""

    claims: Sequence[ClaimText]
    texts: list[str]
    tokens: list[list[str]]

    @classmethod
    def of(cls, claims: Sequence[ClaimText]) -> Prepared:
        """Normalise the claims' texts and find their blocking tokens."""
        texts = [matchable(c.text) for c in claims]
        return cls(claims, texts, [block_tokens(t) for t in texts])


#: Fewest informative words a short claim needs for its containment in a long one to mean anything.
MIN_CONTAINED_WORDS = 3


def _contained(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether every informative word of the shorter text is in the longer (and there are enough)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_CONTAINED_WORDS and set(short) <= set(long)


def judge(
    values: tuple[Values, Values],
    tokens: tuple[Sequence[str], Sequence[str]],
    loose: int,
    strict: int,
    threshold: float,
) -> tuple[int, Verdict] | None:
    """The suggestion for one scored pair, with the score it stands on, or ``None``.

    A pair whose strict score reaches the threshold goes to the value rules. One that reaches
    it only loosely (a short claim inside a long one) is shown only as a contradiction about a
    quantity, and only when every informative word of the short one is in the long one.
    """
    if strict >= threshold:
        verdict = classify(values[0], values[1], strict)
        return None if verdict is None else (strict, verdict)
    if loose < threshold or not _contained(*tokens):
        return None
    verdict = classify(values[0], values[1], loose)
    return (loose, verdict) if verdict is not None and verdict.aspect == "quantity" else None


def find_matches(
    claims: Sequence[ClaimText],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    wanted: Sequence[bool] | None = None,
    keep: Callable[[NDArray[np.int64]], NDArray[np.bool_]] | None = None,
) -> list[Match]:
    """Every pair of claims worded alike (score ≥ ``threshold``) that the rules do not keep apart.

    ``wanted`` (a flag per claim): only pairs holding a wanted claim are found at all; ``keep``
    then picks, from those candidate pairs (an array of index pairs), the ones worth scoring.
    """
    prepared = Prepared.of(claims)
    return match_words(
        prepared.tokens,
        lambda at: [(claims[i], prepared.texts[i]) for i in at],
        threshold=threshold,
        wanted=wanted,
        keep=keep,
    )


def match_words(
    tokens: Sequence[Sequence[str]],
    read: Callable[[list[int]], Sequence[tuple[ClaimText, str]]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    wanted: Sequence[bool] | NDArray[np.bool_] | None = None,
    keep: Callable[[NDArray[np.int64]], NDArray[np.bool_]] | None = None,
) -> list[Match]:
    """``find_matches`` on claims known by their blocking words (``block_tokens``) alone.

    ``read`` gives, for a list of indices, each claim and its normalised text (``matchable``):
    it is asked only for the claims of the candidate pairs, so a run after a few new claims
    reads and normalises those, not the store.
    """
    mask = None if wanted is None else np.asarray(wanted, dtype=np.bool_)
    candidates = candidate_pairs(tokens, mask)
    if keep is not None and len(candidates):
        candidates = candidates[keep(candidates)]
    at = np.unique(candidates)
    found = read(at.tolist())
    claims = [claim for claim, _ in found]
    local = np.searchsorted(at, candidates)
    pairs, loose, strict = score_pairs([text for _, text in found], local, cutoff=threshold)
    matches = []
    for (i, j), loose_score, strict_score in zip(pairs.tolist(), loose.tolist(), strict.tolist(), strict=True):
        a, b = claims[i], claims[j]
        words = (tokens[int(at[i])], tokens[int(at[j])])
        judged = judge((a.values, b.values), words, loose_score, strict_score, threshold)
        if judged is not None:
            first, second = (a, b) if a.id < b.id else (b, a)
            matches.append(Match(first.id, second.id, judged[0], judged[1]))
    matches.sort(key=lambda m: (m.a, m.b))
    return matches
