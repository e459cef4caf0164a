"""Duplicate and contradiction suggestions for a set of claims: no database, just texts and values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.matching.blocking import candidate_pairs, score_pairs
from workbench.matching.normalize import block_tokens, matchable
from workbench.matching.rules import Values, Verdict, classify

#: Default text score (token_set_ratio on normalised text, 0–100) for a suggestion. Chosen on
#: the development data (see README): on MRPC train, duplicate suggestions at 80 have
#: precision 0.79 and recall 0.70 (F1 0.74; 75 gives 0.76/0.80, 85 gives 0.83/0.58); on the
#: news clusters, 95 % of cross-outlet suggestions at 80 stay within one event (92 % at 75).
#: A reviewer should mostly accept what is suggested, so precision wins.
DEFAULT_THRESHOLD = 80


@dataclass(frozen=True)
class ClaimText:
    """What the matcher needs of a claim."""

    id: int
    text: str
    values: Values


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


def find_matches(claims: Sequence[ClaimText], *, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """Every pair of claims worded alike (score ≥ ``threshold``) that the rules do not keep apart."""
    prepared = Prepared.of(claims)
    pairs, scores = score_pairs(prepared.texts, candidate_pairs(prepared.tokens), cutoff=threshold)
    matches = []
    for (i, j), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        a, b = claims[i], claims[j]
        verdict = classify(a.values, b.values, score)
        if verdict is not None:
            first, second = (a, b) if a.id < b.id else (b, a)
            matches.append(Match(first.id, second.id, int(score), verdict))
    matches.sort(key=lambda m: (m.a, m.b))
    return matches
