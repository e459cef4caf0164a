"""Evidence suggestions: sentences of a source that state claims already on file.

A reviewer opening the third article about an event wants to see which of its sentences back
(or dispute) claims recorded from the first two. Each sentence is compared with every claim
the way claims are compared with each other (``workbench.matching``), with one difference: the
claim's words must be in the sentence — a sentence states a claim when it covers at least half
of the claim's informative words, whatever else it says — and not the other way round, so a
short sentence that happens to share a few words with a long claim is not suggested. The value
rules then decide: compatible values make a ``supports`` suggestion, disjoint ones (the
sentence says four helicopters, the claim two) a ``refutes`` one, and a sentence that talks
about the claim's subject without giving its figure a ``mentions`` one. Spans already linked to the
claim are not suggested again.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz
from sqlalchemy import select

from store import Store
from store.vocabulary import Stance
from workbench.access import reading
from workbench.claim_values import Mentions, mentions
from workbench.errors import InvalidInput, NotFound
from workbench.extract import sentences
from workbench.figures import figure
from workbench.matching.blocking import SHARE, covering_pairs
from workbench.matching.engine import DEFAULT_THRESHOLD, Prepared
from workbench.matching.normalize import STOPWORDS, block_tokens, matchable
from workbench.matching.rules import classify, describe, pick_values
from workbench.models import EvidenceSuggestion
from workbench.relations import load_claims
from workbench.sql import EVIDENCE as _EVIDENCE
from workbench.sql import SOURCE as _SOURCE

#: Fewest informative words a claim needs to be looked for in sentences ("T-72B3" alone is a name,
#: not a claim, and would be "stated" by every sentence that mentions one).
MIN_CLAIM_WORDS = 2
#: A first, rough filter before claims are normalised: the share of a claim's words found anywhere
#: in the source. Lower than ``SHARE``, since raw words are not yet folded ("five" / "5").
_ROUGH_SHARE = 0.3
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - STOPWORDS


def _plausible(claim: str, source_words: set[str]) -> bool:
    """Whether enough of the claim's words are anywhere in the source for a sentence to state it."""
    words = _words(claim)
    return len(words) >= MIN_CLAIM_WORDS and len(words & source_words) >= _ROUGH_SHARE * len(words)


def suggest_evidence(*, store: Store, source_id: int, threshold: float = DEFAULT_THRESHOLD) -> list[EvidenceSuggestion]:
    """Sentences of the source that state (or contradict) stored claims, in text order.

    Raises:
        NotFound: no such source.
        InvalidInput: a threshold outside 0–100.
    """
    if not 0 <= threshold <= 100:
        raise InvalidInput(f"threshold must be 0–100, not {figure(threshold)}")
    with reading(store) as connection:
        source = connection.execute(
            select(_SOURCE.c.text, _SOURCE.c.published_at).where(_SOURCE.c.id == source_id)
        ).first()
        if source is None:
            raise NotFound(f"no source with id {source_id}")
        linked: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for row in connection.execute(
            select(_EVIDENCE.c.claim_id, _EVIDENCE.c.start, _EVIDENCE.c.end).where(
                _EVIDENCE.c.source_id == source_id, _EVIDENCE.c.start.is_not(None)
            )
        ):
            linked[row.claim_id].append((row.start, row.end))
        in_source = _words(source.text)
        claims = [c for c in load_claims(connection) if _plausible(c.text, in_source)]
    prepared = Prepared.of(claims)
    found = sentences.find(source.text)
    normalised = [matchable(s.text) for s in found]
    sentence_tokens = [set(block_tokens(n)) for n in normalised]
    stated: dict[int, Mentions] = {}
    suggestions = []
    for i, j in covering_pairs(prepared.tokens, [list(t) for t in sentence_tokens]):
        claim, sentence = claims[i], found[j]
        if any(start < sentence.end and sentence.start < end for start, end in linked.get(claim.id, ())):
            continue
        wanted = prepared.tokens[i]
        if len(wanted) < MIN_CLAIM_WORDS or len(sentence_tokens[j].intersection(wanted)) < SHARE * len(wanted):
            continue
        score = fuzz.token_set_ratio(prepared.texts[i], normalised[j])
        if score < threshold:
            continue
        if j not in stated:
            stated[j] = mentions(sentence.text, source.published_at)
        said = stated[j]
        picked = pick_values(claim.values, said.quantities, said.dates, said.keys, sentence.text)
        verdict = classify(claim.values.with_names(claim.text), picked, score)
        if verdict is None:
            continue
        stance: Stance = "supports" if verdict.kind == "duplicate" else "refutes"
        reason = verdict.reason
        if stance == "supports" and claim.values.quantity and picked.quantity is None:
            stance, reason = "mentions", f"{reason}; the sentence gives no figure for {describe(claim.values.quantity)}"
        suggestions.append(
            EvidenceSuggestion(
                claim_id=claim.id,
                claim_text=claim.text,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                score=round(score, 1),
                stance=stance,
                reason=reason,
            )
        )
    return sorted(suggestions, key=lambda s: (s.start, -s.score, s.claim_id))
