"""W3C selectors for a span, and re-finding a span in a changed text — or saying it is gone.

A span is kept as a TextPositionSelector (start, end in code points) and a TextQuoteSelector
(exact text, up to 32 code points of prefix and suffix). ``resolve`` looks for it in a new text
in the order the W3C model suggests and the best annotation tools use:

1. **position**: the text at the old offsets is still the exact quote;
2. **exact**: occurrences of the exact quote, told apart by their context and position;
3. **fuzzy**: rapidfuzz alignments of the quote (and of its context) with edits inside it.

Every candidate is scored 0–100 (see ``score``). Below ``MIN_SCORE``, or when a fuzzy match's
quote is too different (``MIN_FUZZY_QUOTE``), its context is not the recorded one
(``MIN_FUZZY_CONTEXT``), the figures in the quote changed, or a name in it is gone, the span is
**orphaned**: it is never moved silently to a lookalike passage, because a claim's
evidence pointing at the wrong sentence is worse than evidence that says it is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from workbench.errors import InvalidInput

#: Code points of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix).
CONTEXT = 32

#: Lowest score at which a span counts as re-found. An exact quote whose context is intact
#: scores 90–100; an exact quote standing in unrelated context scores at most 70, because a
#: short quote ("two helicopters") recurs in other sentences; a quote with a typo fixed inside
#: and its context intact scores about 87–95. 80 separates the two groups.
MIN_SCORE = 80.0

#: Lowest quote similarity (0–1) for a fuzzy match: below it the quoted words were rewritten,
#: not corrected, and the passage no longer says what the evidence recorded.
MIN_FUZZY_QUOTE = 0.75

#: Lowest context agreement (0–1, rescaled) for a fuzzy match. An edited quote is only
#: re-found where its surroundings are still recognisably the same: articles repeat their key
#: facts ("a $5 billion hit to profits") in other paragraphs, and a near-copy in another
#: paragraph is another passage, not the one the evidence recorded.
MIN_FUZZY_CONTEXT = 0.6

#: Similarity two unrelated 32-character snippets of news text reach anyway (measured on the
#: development news clusters: mean 0.35, 97th percentile 0.45); context similarity is
#: rescaled so that this counts as no agreement at all.
UNRELATED_CONTEXT = 0.45

#: Context credit given to an exact quote that occurs once in the old text and once in the
#: new: a unique string that is still unique identifies its passage even if edits around it
#: changed the context.
UNIQUE_CREDIT = 0.75

#: Weights of quote similarity, context agreement and position closeness in ``score``.
WEIGHTS = (0.6, 0.3, 0.1)

_FIGURES = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
    r"|thousand|million|billion|dozens?|single|couple|several)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Selector:
    """Both W3C selectors for one span: position (start, end) and quote (exact, prefix, suffix)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Anchor:
    """Where a selector landed in a text: ``method`` is position, exact, fuzzy or orphaned."""

    method: str
    score: float
    start: int | None = None
    end: int | None = None
    #: Why it was orphaned (empty when it was found).
    reason: str = ""

    @property
    def found(self) -> bool:
        """Whether the span was re-found."""
        return self.method != "orphaned"


def select(text: str, start: int, end: int) -> Selector:
    """The selector pair for ``text[start:end]``.

    Raises:
        InvalidInput: the span is empty, out of range, or only whitespace.
    """
    if not 0 <= start < end <= len(text):
        raise InvalidInput(f"span {start}:{end} is out of range (the text has {len(text)} characters)")
    exact = text[start:end]
    if not exact.strip():
        raise InvalidInput(f"span {start}:{end} holds only whitespace")
    return Selector(start, end, exact, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


#: Capitalised words of three or more letters: the names a passage is about.
_NAMES = re.compile(r"\b[A-Z][\w’'-]{2,}")
#: How similar (0–1) a word must be to count as the same name despite a typo ("Sukhou"/"Sukhoi").
NAME_SIMILARITY = 0.7


def names_kept(old: str, new: str) -> bool:
    """Whether every name in ``old`` is still in ``new``, allowing typos.

    A fuzzy match that lost a name ("Bamako the army said" → "the army said") is another
    passage, however similar its other characters are.
    """
    candidates = [w.lower() for w in re.findall(r"[\w’'-]+", new)]
    for name in _NAMES.findall(old):
        wanted = name.lower()
        if not any(Indel.normalized_similarity(wanted, w) >= NAME_SIMILARITY for w in candidates):
            return False
    return True


def figures(text: str) -> list[str]:
    """The numbers a passage states (digits and number words), lower-cased, in order."""
    return [m.group().lower() for m in _FIGURES.finditer(text)]


def context_agreement(text: str, start: int, end: int, selector: Selector) -> float:
    """How well the text around ``start:end`` matches the selector's prefix and suffix, 0–1.

    Raw Indel similarity, weighted by context length and rescaled so that the similarity of
    unrelated text (``UNRELATED_CONTEXT``) counts as 0. A selector without context agrees fully.
    """
    parts = []
    if selector.prefix:
        here = text[max(0, start - len(selector.prefix)) : start]
        parts.append((len(selector.prefix), Indel.normalized_similarity(selector.prefix, here)))
    if selector.suffix:
        here = text[end : end + len(selector.suffix)]
        parts.append((len(selector.suffix), Indel.normalized_similarity(selector.suffix, here)))
    if not parts:
        return 1.0
    raw = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    return max(0.0, (raw - UNRELATED_CONTEXT) / (1 - UNRELATED_CONTEXT))


def score(quote: float, context: float, position: float) -> float:
    """Confidence 0–100 that a candidate is the recorded passage: ``100 × (0.6q + 0.3c + 0.1p)``."""
    wq, wc, wp = WEIGHTS
    return round(100 * (wq * quote + wc * context + wp * position), 2)


class _Scorer:
    """Scores candidate spans of one text against one selector."""

    def __init__(self, text: str, selector: Selector, old_length: int | None) -> None:
        self.text = text
        self.selector = selector
        ratio = len(text) / old_length if old_length else 1.0
        self.expected = selector.start * ratio

    def position(self, start: int) -> float:
        return 1.0 - min(1.0, abs(start - self.expected) / max(len(self.text), 1))

    def __call__(self, start: int, end: int, *, context_floor: float = 0.0) -> tuple[float, float, float]:
        """(score, quote similarity, context agreement) of ``text[start:end]``."""
        quote = Indel.normalized_similarity(self.selector.exact, self.text[start:end])
        context = max(context_agreement(self.text, start, end, self.selector), context_floor)
        return score(quote, context, self.position(start)), quote, context


def resolve(text: str, selector: Selector, *, old_text: str | None = None) -> Anchor:
    """Find ``selector``'s span in ``text`` (position, then exact, then fuzzy), or orphan it.

    Args:
        text: The text to anchor in (typically a new revision).
        selector: The span as recorded.
        old_text: The text the selector was made on, when known: it tells whether the quote was
            unique there and lets positions be compared proportionally.
    """
    exact = selector.exact
    if text[selector.start : selector.end] == exact:
        return Anchor("position", 100.0, selector.start, selector.end)
    rate = _Scorer(text, selector, len(old_text) if old_text is not None else None)

    starts = occurrences(text, exact)
    if starts:
        unique = len(starts) == 1 and (old_text is None or len(occurrences(old_text, exact)) == 1)
        floor = UNIQUE_CREDIT if unique and len(exact) >= 8 else 0.0
        best = max(starts, key=lambda s: rate(s, s + len(exact), context_floor=floor)[0])
        best_score = rate(best, best + len(exact), context_floor=floor)[0]
        if best_score >= MIN_SCORE:
            return Anchor("exact", best_score, best, best + len(exact))

    found = _fuzzy(text, selector, rate)
    if found is None:
        reason = "the quote occurs only in other contexts" if starts else "the quoted text is gone"
        return Anchor("orphaned", 0.0, reason=reason)
    (start, end), (best_score, quote, context) = found
    if figures(text[start:end]) != figures(exact):
        return Anchor("orphaned", best_score, reason=f"the figures changed: {text[start:end]!r}")
    if not names_kept(exact, text[start:end]):
        return Anchor("orphaned", best_score, reason=f"names in the quote are gone: {text[start:end]!r}")
    if quote < MIN_FUZZY_QUOTE or best_score < MIN_SCORE:
        return Anchor("orphaned", best_score, reason=f"closest passage too different: {text[start:end]!r}")
    if context < MIN_FUZZY_CONTEXT:
        return Anchor("orphaned", best_score, reason=f"closest passage is elsewhere: {text[start:end]!r}")
    return Anchor("fuzzy", best_score, start, end)


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote`` in ``text``."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _fuzzy(text: str, selector: Selector, rate: _Scorer) -> tuple[tuple[int, int], tuple[float, float, float]] | None:
    """The best-scoring span among the fuzzy candidates, or ``None`` if there is none."""
    candidates = set(_between_context(text, selector, rate.expected))
    length = len(selector.exact)
    cutoff = MIN_FUZZY_QUOTE * 100
    near = int(rate.expected)
    windows = [(0, len(text)), (max(0, near - 4 * length - 500), min(len(text), near + 5 * length + 500))]
    for lo, hi in windows:
        alignment = fuzz.partial_ratio_alignment(selector.exact, text[lo:hi], score_cutoff=cutoff)
        if alignment is not None:
            span = _refine(text, selector.exact, lo + alignment.dest_start, lo + alignment.dest_end)
            candidates.add(_snap(text, selector, *span))
    scored = [(span, rate(*span)) for span in candidates if 0 <= span[0] < span[1] <= len(text)]
    if not scored:
        return None
    return max(scored, key=lambda item: item[1][0])


def _between_context(text: str, selector: Selector, expected: float) -> list[tuple[int, int]]:
    """Spans between where the prefix ends and the suffix begins: exact when only the quote changed."""
    prefix, suffix, length = selector.prefix, selector.suffix, len(selector.exact)
    if len(prefix) < 8 or len(suffix) < 8:
        return []
    spans = []
    for p in occurrences(text, prefix):
        start = p + len(prefix)
        window = text[start : start + 2 * length + len(suffix) + 16]
        s = window.find(suffix)
        if s > 0 and length / 2 <= s <= 2 * length + 16:
            spans.append((start, start + s))
    spans.sort(key=lambda span: abs(span[0] - expected))
    return spans[:3]


def _at_boundary(text: str, at: int) -> bool:
    """Whether offset ``at`` is not inside a word."""
    return at <= 0 or at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum())


def _snap(text: str, selector: Selector, start: int, end: int) -> tuple[int, int]:
    """Move a fuzzy span's ends to word boundaries where the recorded span had them."""
    if not selector.prefix or not selector.prefix[-1].isalnum() or not selector.exact[0].isalnum():
        while start > 0 and not _at_boundary(text, start):
            start -= 1
    if not selector.suffix or not selector.suffix[0].isalnum() or not selector.exact[-1].isalnum():
        while end < len(text) and not _at_boundary(text, end):
            end += 1
    return start, end


def _refine(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Nudge an alignment's ends (a few characters each way) to where the quote matches best."""
    reach = max(1, min(6, len(quote) // 5))
    best = (Indel.normalized_similarity(quote, text[start:end]), start, end)
    for s in range(max(0, start - reach), start + reach + 1):
        for e in range(max(s + 1, end - reach), min(len(text), end + reach) + 1):
            similarity = Indel.normalized_similarity(quote, text[s:e])
            if similarity > best[0]:
                best = (similarity, s, e)
    return best[1], best[2]
