"""Evidence suggestions from the retrieval index: which claims a source states, which sources state a claim.

Both ask the index first and compare nothing else (``workbench.search``):

- **a source → claims** (``suggest_evidence``): each paragraph of the source is a query over the
  claims (their text, and the titles and wordings of their evidence), ranked by BM25 over the
  paragraph's informative words; the span suggested is the sentence of the paragraph that holds
  most of the claim's words, or the whole paragraph when no one sentence does (a post, a caption);
- **a claim → sentences of other sources** (``claim_sources``): the claim's informative words are a
  query over every sentence of every source it has no evidence in, ranked by BM25.

With the semantic extra (``workbench.semantic``), each list of the index is fused with the
nearest claims (or sentences) by sentence embeddings, by reciprocal rank fusion: a restatement
in other words or another language is found, and one the index and the embeddings both rank
high goes first. A span close enough in meaning (``restate.CLOSE``) is kept even when it shares
no word with the claim (a French sentence for an English claim).

Then the facts (``workbench.facts``) say how each span bears on the claim where both state
figures: a figure they agree on ``supports``, one in dispute (the span says four helicopters
delivered, the claim two) ``refutes``, figures of other things ``mentions``; the value rules
(``workbench.matching.rules``) say it for claims without figures. Ranking is the index's; the
rules never drop a suggestion, they say what it is. A claim already linked to a source is not suggested for it again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from sqlalchemy import Connection, select

from store import Store
from store.vocabulary import Stance
from workbench.access import reading as reading_store
from workbench.claim_values import mentions
from workbench.embeddings import claim_index, passage_index, stored_vectors
from workbench.errors import InvalidInput, NotFound
from workbench.facts import judge, restate
from workbench.facts.extract import claim_names, facts
from workbench.facts.judge import ClaimFacts
from workbench.figures import figure
from workbench.languages import reading, reading_language
from workbench.matching.normalize import matchable
from workbench.matching.rules import ClaimText, classify, describe, pick_values
from workbench.models import EvidenceSuggestion
from workbench.read.sources import source_language
from workbench.relations import load_claims
from workbench.search.find import Filters, claims_like, passages_by_id, passages_like
from workbench.search.fusion import fuse
from workbench.search.index import claim_documents
from workbench.search.terms import informative, words
from workbench.semantic import model as semantic
from workbench.semantic.model import Encoder
from workbench.sql import EVIDENCE as _EVIDENCE
from workbench.sql import SOURCE as _SOURCE

#: Claims a paragraph is compared with: the best this many by the index.
CANDIDATES = 20
#: Fewest of a claim's informative words a span must hold to be suggested for it (all of them, if
#: the claim has fewer): one shared word ("Mali") says nothing about whether a span states a claim.
SHARED = 2
#: ``claim sources`` keeps sentences scoring at least this share of the best one's score.
RELATIVE = 0.5
#: Most suggestions returned, unless asked otherwise.
LIMIT = 20
_PARAGRAPH = re.compile(r"[^\n]+")
#: A word that is a figure and nothing else ("27", "1,600", "5.1"): designators ("Mi-24P") stay.
_FIGURE = re.compile(r"^\d[\d.,]*$")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= 1000:
        raise InvalidInput(f"limit must be 1–1,000, not {figure(limit)}")


def _stems(text: str) -> set[str]:
    """The stems of a text's informative words."""
    kept = set(informative(text))
    return {w.stem for w in words(text) if w.folded in kept}


def _shared(claim: set[str], span: _Span) -> int:
    return len(claim & {w.stem for w in words(span.text)})


def _enough(claim: set[str], span: _Span) -> bool:
    """Whether the span holds enough of the claim's informative words to be about it (see ``SHARED``)."""
    return _shared(claim, span) >= min(SHARED, len(claim))


def _rank(
    score: float, claim: set[str], span: _Span, weight: Callable[[str], float] | None = None, *, digits: int = 2
) -> tuple[float, float]:
    """The order of suggestions, best first: by the index's score, then by the claim's words held.

    Scores equal to two decimals are a tie (a small store's are all near zero): the span that
    holds more of the claim's words goes first, each word counted by ``weight`` (by default 1).
    Fused ranks (``digits`` 6: their scores are all below 0.04) are ties only when equal.
    """
    held = claim & {w.stem for w in words(span.text)}
    weigh = weight or (lambda _stem: 1.0)
    return (-round(score, digits), -sum(weigh(s) for s in held) / max(sum(weigh(s) for s in claim), 1e-9))


def _rarity(paragraphs: Sequence[_Span]) -> Callable[[str], float]:
    """How telling a word is within one source: log(1 + paragraphs / paragraphs holding it).

    "Mali" in every paragraph of an article about Mali says little about which paragraph
    states a claim; "Mi-17" in one of them says much.
    """
    holding: dict[str, int] = {}
    for paragraph in paragraphs:
        for stem in {w.stem for w in words(paragraph.text)}:
            holding[stem] = holding.get(stem, 0) + 1
    total = max(len(paragraphs), 1)
    return lambda stem: math.log(1 + total / holding.get(stem, 1))


def _best_span(paragraph: _Span, claim_words: set[str], sentence_spans: Sequence[_Span]) -> _Span:
    """The sentence of the paragraph holding most of the claim's words; the paragraph if none holds most."""
    if len(sentence_spans) <= 1:
        return paragraph

    def held(span: _Span) -> int:
        return len({w.stem for w in words(span.text)} & claim_words)

    best = max(sentence_spans, key=held)
    enough = held(best) >= min(SHARED, len(claim_words)) and 2 * held(best) >= held(paragraph)
    return best if enough else paragraph


@lru_cache(maxsize=4096)
def _facts_of(text: str, published: str | None, language: str | None) -> ClaimFacts:
    found = facts(text, published, language=reading_language(text, language))
    return ClaimFacts(0, text, tuple(found), claim_names(text, found))


def _stance(
    claim: ClaimText,
    span: _Span,
    published: str | None,
    *,
    similarity: float | None = None,
    language: str | None = None,
) -> tuple[Stance, str]:
    """How a span bears on a claim, by their facts where both state figures, else by the value rules.

    ``similarity`` is the two texts' closeness in meaning, when the semantic tier measured it:
    figures the wording rules cannot align ("cinq chars" / "five tanks") are then paired by it
    (``workbench.facts.restate``), and two texts without figures that restate each other support.
    """
    mine, theirs = _facts_of(claim.text, None, None), _facts_of(span.text, published, language)
    close = similarity is not None and similarity >= restate.CLOSE
    same = similarity is not None and similarity >= restate.SAME
    across = reading(claim.text) != reading_language(span.text, language)
    if mine.facts and theirs.facts:
        found = judge.verdict(mine, theirs)
        if close:
            assert similarity is not None
            encoder = semantic.encoder()
            restated = restate.restatement(
                mine, theirs, similarity, restate.things_alike(encoder.embed if encoder else None)
            )
            found = restate.decide(found, restated, across=across)
        if found is None:
            apart = [p for p in judge.explain(mine, theirs) if p.outcome == "distinct"]
            if apart:  # say which rule told the figures apart, with both of them
                return (
                    "mentions",
                    f"its figure is another fact: {apart[0].reason} ({apart[0].a.text} / {apart[0].b.text})",
                )
            return "mentions", "shares words with the claim, but its figures are of other things"
        return ("refutes" if found.kind == "contradiction" else "supports"), found.reason
    if same and not (mine.facts or theirs.facts) and restate.unchecked(claim.text, span.text):
        return "supports", f"says the same in other words (similarity {similarity:.2f}); no figures to compare"
    if across:  # the value rules read English words: across languages only the facts can compare
        return "mentions", "in another language, and their figures cannot be compared"
    said = mentions(span.text, published)
    picked = pick_values(claim.values, said.quantities, said.dates, said.keys, span.text)
    wording = fuzz.token_set_ratio(matchable(claim.text), matchable(span.text))
    verdict = classify(claim.values.with_names(claim.text), picked, wording)
    if verdict is None:
        return "mentions", "shares words with the claim, but names or counts other things"
    if verdict.kind != "duplicate":
        return "refutes", verdict.reason
    if claim.values.quantity and picked.quantity is None:
        return "mentions", f"{verdict.reason}; it gives no figure for {describe(claim.values.quantity)}"
    return "supports", verdict.reason


def _linked(connection: Connection, source_id: int) -> set[int]:
    """The claims with anchored evidence in the source (an orphaned link lost its text: it may come back)."""
    query = select(_EVIDENCE.c.claim_id).where(
        _EVIDENCE.c.source_id == source_id, _EVIDENCE.c.start.is_not(None), _EVIDENCE.c.retracted_at.is_(None)
    )
    return set(connection.execute(query).scalars())


class _Meanings:
    """The vectors of a source's paragraphs and, when asked, of their sentences: each embedded once."""

    def __init__(self, encoder: Encoder, paragraphs: Sequence[_Span]) -> None:
        self.encoder = encoder
        self.paragraphs = encoder.embed([p.text for p in paragraphs])
        self._sentences: dict[int, np.ndarray] = {}

    def closest(self, index: int, paragraph: _Span, inside: Sequence[_Span], target: np.ndarray) -> tuple[_Span, float]:
        """The sentence of a paragraph closest in meaning to the claim, with its similarity (the paragraph if one)."""
        if len(inside) <= 1:
            return paragraph, float(self.paragraphs[index] @ target)
        if index not in self._sentences:
            self._sentences[index] = self.encoder.embed([s.text for s in inside])
        scores = self._sentences[index] @ target
        best = int(np.argmax(scores))
        return inside[best], float(scores[best])


def suggest_evidence(*, store: Store, source_id: int, limit: int = LIMIT) -> list[EvidenceSuggestion]:
    """Claims on file that the source states or disputes, best first, each with the span that does.

    Raises:
        NotFound: no such source.
        InvalidInput: a limit outside 1–1,000.
    """
    from workbench.extract import sentences  # deferred: the extractors load with it

    _check_limit(limit)
    name = semantic.offered()  # the model loads only if the store holds vectors of it
    encoder: Encoder | None = None
    close: dict[int, dict[int, float]] = {}
    vectors: dict[int, np.ndarray] = {}
    meanings: _Meanings | None = None
    with reading_store(store) as connection:
        source = connection.execute(
            select(_SOURCE.c.text, _SOURCE.c.published_at).where(_SOURCE.c.id == source_id)
        ).first()
        if source is None:
            raise NotFound(f"no source with id {source_id}")
        language = source_language(connection, source_id)
        linked = _linked(connection, source_id)
        paragraphs = [
            _Span(m.start(), m.end(), m.group()) for m in _PARAGRAPH.finditer(source.text) if m.group().strip()
        ]
        ranked: dict[int, list[tuple[int, float]]] = {}
        for index, paragraph in enumerate(paragraphs):
            ranked[index] = claims_like(connection, informative(paragraph.text), limit=CANDIDATES)
        nearest = claim_index(connection, name) if name is not None and paragraphs else None
        if nearest is not None and len(nearest):
            encoder = semantic.encoder()
            if encoder is not None:
                meanings = _Meanings(encoder, paragraphs)
                found_close = nearest.search(meanings.paragraphs, CANDIDATES)
                for index, hits in enumerate(found_close):
                    close[index] = dict(hits)
                    ranked[index] = fuse([c for c, _ in ranked[index]], [c for c, _ in hits])
                wanted_vectors = {c for hits in found_close for c, _ in hits}
                vectors = stored_vectors(connection, "claim", sorted(wanted_vectors), encoder.name)
        candidates_found = {claim_id for found in ranked.values() for claim_id, _ in found}
        claims = {c.id: c for c in load_claims(connection, candidates_found)} if candidates_found else {}
        # a claim is known by every wording on file: its text, and its evidence's titles and quotes
        known = {i: _stems(f"{t}\n{c}") for i, t, c in claim_documents(connection, candidates_found)}
    found = [_Span(s.start, s.end, s.text) for s in sentences.find(source.text)]
    best: dict[int, tuple[tuple[float, float], EvidenceSuggestion]] = {}
    rarity = _rarity(paragraphs)
    for index, candidates in ranked.items():
        paragraph = paragraphs[index]
        inside = [s for s in found if paragraph.start <= s.start and s.end <= paragraph.end]
        for claim_id, score in candidates:
            claim = claims.get(claim_id)
            if claim is None or claim_id in linked:  # a claim already linked to this source is not suggested again
                continue
            claim_words = known.get(claim_id) or _stems(claim.text)
            similarity = close.get(index, {}).get(claim_id)
            span = _best_span(paragraph, claim_words, inside)
            if not _enough(claim_words, span):
                if encoder is None or similarity is None or similarity < restate.CLOSE or claim_id not in vectors:
                    continue
                # no words in common, but close in meaning: another wording, or another language
                assert meanings is not None
                span, similarity = meanings.closest(index, paragraph, inside, vectors[claim_id])
            order = _rank(score, claim_words, span, rarity, digits=6 if close else 2)
            if claim_id in best and best[claim_id][0] <= order:
                continue
            stance, reason = _stance(claim, span, source.published_at, similarity=similarity, language=language)
            best[claim_id] = (
                order,
                EvidenceSuggestion(
                    claim_id=claim_id,
                    claim_text=claim.text,
                    start=span.start,
                    end=span.end,
                    text=span.text,
                    score=round(score, 3),
                    stance=stance,
                    reason=reason,
                ),
            )
    ordered = sorted(best.values(), key=lambda found: (found[0], found[1].claim_id))
    return [suggestion for _, suggestion in ordered[:limit]]


def claim_sources(*, store: Store, claim_id: int, limit: int = LIMIT) -> list[EvidenceSuggestion]:
    """Sentences of other sources that state or dispute the claim, best first, each with a suggested stance.

    "Other" sources are those the claim has no evidence in; old revisions are left out.

    Raises:
        NotFound: no such claim.
        InvalidInput: a limit outside 1–1,000.
    """
    _check_limit(limit)
    name = semantic.offered()  # the model loads only if the store holds sentences embedded with it
    with reading_store(store) as connection:
        found = load_claims(connection, [claim_id], merged=True)
        if not found:
            raise NotFound(f"no claim with id {claim_id}")
        claim = found[0]
        linked = select(_EVIDENCE.c.source_id).where(
            _EVIDENCE.c.claim_id == claim_id, _EVIDENCE.c.retracted_at.is_(None)
        )
        own = set(connection.execute(linked).scalars())
        # its own sources' sentences rank first: ask for enough more to fill the page without them
        # figures do not rank: a sentence giving another figure for the claim is what a reviewer
        # most needs to see, and it would fall below the floor beside those repeating the figure
        terms = [w for w in informative(claim.text) if not _FIGURE.match(w)] or informative(claim.text)
        wanted_hits = limit + 10 * len(own) + 10
        hits = passages_like(connection, terms, filters=Filters(), limit=wanted_hits)
        close: dict[int, float] = {}
        sentences_known = None if name is None else passage_index(connection, name)
        # nothing embedded yet: nothing to be close to, and no model to load
        encoder = semantic.encoder() if sentences_known is not None and len(sentences_known) else None
        if encoder is not None and sentences_known is not None:
            target = stored_vectors(connection, "claim", [claim_id], encoder.name).get(claim_id)
            if target is None:
                target = encoder.embed([claim.text])[0]
            nearest = sentences_known.search(target[None, :], wanted_hits)[0]
            close = {passage: score for passage, score in nearest if score >= restate.CLOSE}
            lexical = {h.passage_id for h in hits}
            hits += passages_by_id(connection, [p for p in close if p not in lexical], filters=Filters())
        dates = select(_SOURCE.c.id, _SOURCE.c.published_at).where(_SOURCE.c.id.in_({h.source_id for h in hits}))
        published = dict(connection.execute(dates).all())
    wanted = _stems(claim.text)
    kept = [h for h in hits if h.source_id not in own and h.field == "text"]
    floor = RELATIVE * max((h.score for h in kept if h.passage_id not in close), default=0.0)
    kept = [h for h in kept if h.score >= floor or h.passage_id in close]
    if close:  # the index's order fused with the embeddings' (``workbench.search.fusion``)
        lexical_order = [h.passage_id for h in kept if h.score > 0]
        order = {p: rank for rank, (p, _) in enumerate(fuse(lexical_order, sorted(close, key=lambda p: -close[p])))}
        kept.sort(key=lambda h: (order.get(h.passage_id, len(order)), h.source_id, h.passage_start))
    else:
        kept.sort(
            key=lambda h: (
                _rank(h.score, wanted, _Span(h.passage_start, h.passage_end, h.passage)),
                h.source_id,
                h.passage_start,
            )
        )
    suggestions = []
    for hit in kept:
        span = _Span(hit.passage_start, hit.passage_end, hit.passage)
        similarity = close.get(hit.passage_id)
        if not _enough(wanted, span) and similarity is None:
            continue
        stance, reason = _stance(
            claim, span, published.get(hit.source_id), similarity=similarity, language=hit.language
        )
        suggestions.append(
            EvidenceSuggestion(
                claim_id=claim_id,
                claim_text=claim.text,
                source_id=hit.source_id,
                outlet=hit.outlet,
                start=span.start,
                end=span.end,
                text=span.text,
                score=hit.score,
                stance=stance,
                reason=reason,
            )
        )
        if len(suggestions) == limit:
            break
    return suggestions
