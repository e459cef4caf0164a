"""W3C selectors for a span, and re-finding a span in a changed text — or saying it is gone.

A span is kept as a TextPositionSelector (start, end in code points) and a TextQuoteSelector
(exact text, up to 32 code points of prefix and suffix).

**With the old text** (re-anchoring a revision), ``resolve`` first works out where every part
of the old text went: a line diff, refined to words inside changed paragraphs (difflib, which
matches the longest contiguous runs first). Then:

1. a span inside unchanged text maps to its new offsets with certainty (method ``position``
   if they are the same, else ``exact``; score 100);
2. a span inside edited text is looked for only where that text went, as the exact quote or
   a fuzzy match (method ``exact`` or ``fuzzy``);
3. a deleted span is looked for only in text the revision inserted (a moved paragraph),
   exact, with its context.

Passages that were already elsewhere in the old text are never candidates: a repeated phrase,
a caption, a near-identical sentence is another passage, not the one the evidence recorded.

**Without the old text** (a selector from elsewhere) it follows the W3C order: the text at the
old position if its context agrees, else exact occurrences told apart by context and position,
else fuzzy matches.

Every candidate is scored 0–100 (``score``). It is **orphaned** below ``MIN_SCORE``; a fuzzy
match must moreover be a spelling correction of the quote (the same words, each within a
typo of the original: ``typo_only``) with the same figures (by value) and its context intact
(``MIN_FUZZY_CONTEXT``). "Five soldiers were killed" never re-anchors to "five soldiers were
not killed" or "five civilians were killed": a claim's evidence pointing at the wrong passage
is worse than evidence that says it is lost.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from workbench.errors import InvalidInput
from workbench.extract.numbers import NUMBER_RE, value

#: Code points of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix).
CONTEXT = 32

#: Lowest score at which a span counts as re-found. An exact quote whose context is intact
#: scores 90–100; an exact quote standing in unrelated context scores at most 70, because a
#: short quote ("two helicopters") recurs in other sentences; a quote with a typo fixed inside
#: and its context intact scores about 87–99. 80 separates the two groups.
MIN_SCORE = 80.0

#: Lowest context agreement (0–1, rescaled) for a fuzzy match, and for taking the text at the
#: old position without the old text: an edited quote is only re-found where its
#: surroundings are still recognisably the same.
MIN_FUZZY_CONTEXT = 0.6

#: Lowest similarity (0–1) of a changed word to its original for the change to count as a
#: spelling correction ("Sukhou" → "Sukhoi" 0.83) rather than another word ("killed" →
#: "wounded" 0.31, "four" → "six" 0.0).
TYPO_SIMILARITY = 0.7

#: Similarity two unrelated 32-character snippets of news text reach anyway (measured on the
#: development news clusters: mean 0.35, 97th percentile 0.45); context similarity is
#: rescaled so that this counts as no agreement at all.
UNRELATED_CONTEXT = 0.45

#: Lowest agreement of one side of the context (prefix or suffix) for an exact quote to be
#: taken as the recorded passage: the quote alone does not tell a sentence from a correction
#: note or a denial repeating its words.
MIN_SIDE_CONTEXT = 0.5

#: Context credit for an exact quote that is the only occurrence in the text (and in the old
#: text): with the old text, where the diff says its words went; without it, if it still has
#: one side of its context.
UNIQUE_CREDIT = 0.75

#: Weights of quote similarity, context agreement and position closeness in ``score``.
WEIGHTS = (0.6, 0.3, 0.1)

#: Largest product of old and new lengths (characters) of a changed block diffed token by token;
#: beyond it the block is treated as rewritten (about two 10,000-character paragraphs).
MAX_TOKEN_DIFF = 10_000 * 10_000

#: Characters searched on each side of an edited region for its fuzzy match.
EDIT_PAD = 64

_WORDS = re.compile(r"\w+(?:[’'.,-]\w+)*")
#: Tokens of a paragraph for the inner diff: words, runs of spaces, single other characters.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Selector:
    """Both W3C selectors for one span: position (start, end) and quote (exact, prefix, suffix).

    ``start`` and ``end`` are -1 when the position is unknown (a link orphaned earlier).
    """

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    @property
    def placed(self) -> bool:
        """Whether the selector has a position."""
        return self.start >= 0


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


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote`` in ``text``."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def figures(text: str) -> list[float]:
    """The values of the numbers a passage states, in order ("1,200" and "1200" are equal)."""
    values = (value(m.group()) for m in NUMBER_RE.finditer(text))
    return [v for v in values if v is not None]


def typo_only(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with spelling corrected: the same words, each within a typo.

    No word inserted or removed ("were not killed"), none replaced by another ("wounded",
    "civilians", "denied"); punctuation and case are ignored.
    """
    before, after = _WORDS.findall(old.lower()), _WORDS.findall(new.lower())
    if len(before) != len(after):
        return False
    return all(
        a == b or Indel.normalized_similarity(a, b) >= TYPO_SIMILARITY for a, b in zip(before, after, strict=True)
    )


def _sides(text: str, start: int, end: int, selector: Selector) -> tuple[float | None, float | None]:
    """Agreement (0–1, rescaled) of the prefix and of the suffix; ``None`` for a side not recorded."""

    def agree(recorded: str, here: str) -> float:
        raw = Indel.normalized_similarity(recorded, here)
        return max(0.0, (raw - UNRELATED_CONTEXT) / (1 - UNRELATED_CONTEXT))

    prefix = agree(selector.prefix, text[max(0, start - len(selector.prefix)) : start]) if selector.prefix else None
    suffix = agree(selector.suffix, text[end : end + len(selector.suffix)]) if selector.suffix else None
    return prefix, suffix


def context_agreement(text: str, start: int, end: int, selector: Selector) -> float:
    """How well the text around ``start:end`` matches the selector's prefix and suffix, 0–1.

    Indel similarity per side, weighted by length and rescaled so that the similarity of
    unrelated text (``UNRELATED_CONTEXT``) counts as 0. A selector without context agrees fully.
    """
    prefix, suffix = _sides(text, start, end, selector)
    parts = [(len(selector.prefix), prefix), (len(selector.suffix), suffix)]
    known = [(w, s) for w, s in parts if s is not None]
    if not known:
        return 1.0
    return sum(w * s for w, s in known) / sum(w for w, _ in known)


def _one_side_agrees(text: str, start: int, end: int, selector: Selector) -> bool:
    prefix, suffix = _sides(text, start, end, selector)
    if prefix is None and suffix is None:
        return True
    return max(prefix or 0.0, suffix or 0.0) >= MIN_SIDE_CONTEXT


def score(quote: float, context: float, position: float) -> float:
    """Confidence 0–100 that a candidate is the recorded passage: ``100 × (0.6q + 0.3c + 0.1p)``."""
    wq, wc, wp = WEIGHTS
    return round(100 * (wq * quote + wc * context + wp * position), 2)


@dataclass(frozen=True)
class _Segment:
    """A piece of the diff: ``equal``, ``insert``, ``delete`` or ``replace``, in old and new offsets."""

    tag: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


class TextMap:
    """Where each part of an old text went in a new one (a line diff refined to tokens).

    Build it once per revision and pass it to ``resolve`` for every link on that revision.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.segments = _segments(old, new)
        self._starts = [s.old_start for s in self.segments]

    def point(self, at: int) -> int:
        """The new offset of old offset ``at`` (inside changed text, the corresponding place)."""
        i = max(0, bisect.bisect_right(self._starts, at) - 1)
        while i < len(self.segments) - 1 and self.segments[i].old_end <= at and self.segments[i + 1].old_start <= at:
            i += 1
        seg = self.segments[i] if self.segments else _Segment("equal", 0, 0, 0, 0)
        if seg.tag == "equal":
            return seg.new_start + min(at - seg.old_start, seg.new_end - seg.new_start)
        span = seg.old_end - seg.old_start
        share = (at - seg.old_start) / span if span else 0.0
        return seg.new_start + round(share * (seg.new_end - seg.new_start))

    def span(self, start: int, end: int) -> tuple[str, int, int]:
        """(``intact`` | ``edited`` | ``deleted``, new start, new end) of old ``start:end``."""
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        tags = set()
        for seg in self.segments[first:]:
            if seg.old_start >= end and not (seg.tag == "insert" and seg.old_start == end == start):
                break
            if seg.old_end <= start and seg.tag != "insert":
                continue
            if seg.tag == "insert" and not start < seg.old_start < end:
                continue  # inserted right before or after the span: outside it
            tags.add(seg.tag)
        new_start = self.point(start)
        if tags <= {"equal"}:
            return "intact", new_start, new_start + (end - start)
        new_end = self.point(end)
        if tags <= {"delete"}:
            return "deleted", new_start, new_start
        return "edited", new_start, max(new_start, new_end)

    @cached_property
    def inserted(self) -> list[tuple[int, int]]:
        """New-text ranges that were not in the old text."""
        return [
            (s.new_start, s.new_end)
            for s in self.segments
            if s.tag in {"insert", "replace"} and s.new_end > s.new_start
        ]


def _segments(old: str, new: str) -> list[_Segment]:
    """The diff as segments: lines first, then the tokens of changed paragraphs.

    difflib matches the longest contiguous runs first, so a sentence inserted into a
    paragraph comes out as one inserted block; a character LCS would instead pair up
    scattered common letters and fragment it.
    """
    segments: list[_Segment] = []
    for tag, os, oe, ns, ne in _diff(old.splitlines(keepends=True), new.splitlines(keepends=True)):
        if tag == "replace" and (oe - os) * (ne - ns) <= MAX_TOKEN_DIFF:
            inner = _diff(_TOKENS.findall(old[os:oe]), _TOKENS.findall(new[ns:ne]))
            segments += [_Segment(t, os + a, os + b, ns + c, ns + d) for t, a, b, c, d in inner]
        else:
            segments.append(_Segment(tag, os, oe, ns, ne))
    return segments


def _diff(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Difflib opcodes of two token lists, in character offsets of the joined strings."""
    old_at, new_at = _offsets(old), _offsets(new)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(tag, old_at[i1], old_at[i2], new_at[j1], new_at[j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


class _Candidates:
    """Scores candidate spans of one text against one selector."""

    def __init__(self, text: str, selector: Selector, expected: float | None) -> None:
        self.text = text
        self.selector = selector
        self.expected = expected

    def position(self, start: int) -> float:
        if self.expected is None:
            return 0.5
        return 1.0 - min(1.0, abs(start - self.expected) / max(len(self.text), 1))

    def rate(self, start: int, end: int, *, context_floor: float = 0.0) -> tuple[float, float]:
        """(score, context agreement) of ``text[start:end]``."""
        quote = Indel.normalized_similarity(self.selector.exact, self.text[start:end])
        context = max(context_agreement(self.text, start, end, self.selector), context_floor)
        return score(quote, context, self.position(start)), context

    def best_exact(self, starts: list[int], *, unique: bool) -> Anchor | None:
        """The best exact occurrence among ``starts`` that keeps a side of its context, if it scores enough."""
        length = len(self.selector.exact)
        kept = [s for s in starts if _one_side_agrees(self.text, s, s + length, self.selector)]
        if not kept:
            return None
        floor = UNIQUE_CREDIT if unique else 0.0
        best = max(kept, key=lambda s: self.rate(s, s + length, context_floor=floor)[0])
        best_score = self.rate(best, best + length, context_floor=floor)[0]
        return Anchor("exact", best_score, best, best + length) if best_score >= MIN_SCORE else None

    def best_fuzzy(self, lo: int, hi: int) -> Anchor:
        """The best spelling-corrected match of the quote within ``text[lo:hi]``, or an orphan saying why."""
        text, selector = self.text, self.selector
        lo, hi = max(0, lo), min(len(text), hi)
        spans = set(_between_context(text, selector, lo, hi))
        alignment = fuzz.partial_ratio_alignment(selector.exact, text[lo:hi], score_cutoff=60)
        if alignment is not None:
            spans.add(
                _snap(
                    text, selector, *_refine(text, selector.exact, lo + alignment.dest_start, lo + alignment.dest_end)
                )
            )
        reason = "the quoted text is gone"
        best: Anchor | None = None
        for start, end in sorted(spans):
            here = text[start:end]
            if not typo_only(selector.exact, here):
                reason = f"the quoted words were changed: {here!r}"
                continue
            if figures(here) != figures(selector.exact):
                reason = f"the figures changed: {here!r}"
                continue
            candidate_score, context = self.rate(start, end)
            if context < MIN_FUZZY_CONTEXT or candidate_score < MIN_SCORE:
                reason = f"the closest passage is not in the recorded context: {here!r}"
                continue
            if best is None or candidate_score > best.score:
                best = Anchor("fuzzy", candidate_score, start, end)
        return best or Anchor("orphaned", 0.0, reason=reason)


def resolve(text: str, selector: Selector, *, old_text: str | None = None, mapping: TextMap | None = None) -> Anchor:
    """Find ``selector``'s span in ``text``, or orphan it (see the module docstring).

    Args:
        text: The text to anchor in (typically a new revision).
        selector: The span as recorded.
        old_text: The text the selector was made on, when known.
        mapping: A ``TextMap`` from the old text to ``text``, to reuse across many selectors.
    """
    if mapping is None and old_text is not None:
        mapping = TextMap(old_text, text)
    if mapping is not None:
        return _resolve_mapped(text, selector, mapping)
    return _resolve_selector(text, selector)


def _resolve_mapped(text: str, selector: Selector, mapping: TextMap) -> Anchor:
    exact = selector.exact
    if selector.placed:
        kind, start, end = mapping.span(selector.start, selector.end)
        if kind == "intact":
            method = "position" if (start, end) == (selector.start, selector.end) else "exact"
            return Anchor(method, 100.0, start, end)
        candidates = _Candidates(text, selector, start)
        if kind == "edited":
            # The diff of repetitive text can place an edit inside an unchanged quote: the exact quote,
            # where the edit landed, still counts, with full credit if it is unique before and after.
            lo, hi = start - EDIT_PAD, end + EDIT_PAD
            here = [max(0, lo) + s for s in occurrences(text[max(0, lo) : hi], exact)]
            if len(here) == 1 and len(occurrences(text, exact)) == len(occurrences(mapping.old, exact)) == 1:
                return Anchor("exact", candidates.rate(here[0], here[0] + len(exact), context_floor=UNIQUE_CREDIT)[0],
                              here[0], here[0] + len(exact))  # fmt: skip
            return candidates.best_exact(here, unique=False) or candidates.best_fuzzy(lo, hi)
    else:
        candidates = _Candidates(text, selector, None)
    # deleted where it was (or never placed): a moved passage, exact, in text the revision added
    starts = [s for s in occurrences(text, exact) if any(a <= s and s + len(exact) <= b for a, b in mapping.inserted)]
    moved = candidates.best_exact(starts, unique=False)
    return moved or Anchor("orphaned", 0.0, reason="the quoted text is gone")


def _resolve_selector(text: str, selector: Selector) -> Anchor:
    exact = selector.exact
    if (
        selector.placed
        and text[selector.start : selector.end] == exact
        and context_agreement(text, selector.start, selector.end, selector) >= MIN_FUZZY_CONTEXT
    ):
        return Anchor("position", 100.0, selector.start, selector.end)
    candidates = _Candidates(text, selector, selector.start if selector.placed else None)
    starts = occurrences(text, exact)
    found = candidates.best_exact(starts, unique=len(starts) == 1 and len(exact) >= 8)
    if found is not None:
        return found
    if selector.placed:  # near the old position first: long quotes make whole-text alignment slow
        reach = 4 * len(exact) + 500
        near = candidates.best_fuzzy(selector.start - reach, selector.end + reach)
        if near.found:
            return near
    return candidates.best_fuzzy(0, len(text))


def _between_context(text: str, selector: Selector, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans within ``lo:hi`` between where the prefix ends and the suffix begins (only the quote changed)."""
    prefix, suffix, length = selector.prefix, selector.suffix, len(selector.exact)
    if len(prefix) < 8 or len(suffix) < 8:
        return []
    spans = []
    for p in occurrences(text[max(0, lo - len(prefix)) : hi], prefix):
        start = max(0, lo - len(prefix)) + p + len(prefix)
        window = text[start : start + 2 * length + len(suffix) + 16]
        s = window.find(suffix)
        if s > 0 and length / 2 <= s <= 2 * length + 16:
            spans.append((start, start + s))
    return spans[:5]


def _at_boundary(text: str, at: int) -> bool:
    """Whether offset ``at`` is not inside a word."""
    return at <= 0 or at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum())


def _snap(text: str, selector: Selector, start: int, end: int) -> tuple[int, int]:
    """Move a fuzzy span's ends to word boundaries where the recorded span had them.

    A quote that ended on punctuation ("arrived.") keeps the punctuation now there ("arrived!").
    """
    if not selector.prefix or not selector.prefix[-1].isalnum() or not selector.exact[0].isalnum():
        while start > 0 and not _at_boundary(text, start):
            start -= 1
    if not selector.suffix or not selector.suffix[0].isalnum() or not selector.exact[-1].isalnum():
        while end < len(text) and not _at_boundary(text, end):
            end += 1
    closing = end < len(text) and not text[end].isalnum() and not text[end].isspace()
    if not selector.exact[-1].isalnum() and closing and text[end - 1].isalnum():
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
