"""Turning what a user points at (a quote, or offsets) into an exact span of a source text."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.anchoring import CONTEXT, Selector, occurrences, select
from workbench.errors import InvalidInput

__all__ = ["CONTEXT", "Offsets", "Quote", "Selector", "SpanRef", "find_caseless", "locate", "occurrences", "select"]

#: Typographic variants a user is likely to type differently from how an article prints them,
#: and the line breaks of a laid-out page (a PDF's lines end mid-sentence: "at least\nfive").
#: Every mapping is one code point to one code point, so offsets survive the folding.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u00d7": "x", "\n": " ", "\t": " ",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Quote:
    """A span given by its text; ``occurrence`` (from 1, in text order) picks one of several."""

    exact: str
    occurrence: int | None = None


@dataclass(frozen=True)
class Offsets:
    """A span given by code-point offsets, start inclusive, end exclusive."""

    start: int
    end: int


SpanRef = Quote | Offsets


def locate(text: str, ref: SpanRef) -> Selector:
    """Resolve a quote or offsets to one exact span of ``text``.

    A quote is matched exactly first; if it is absent, it is matched again with typographic
    variants folded (curly and straight quotes, dashes, no-break spaces, ``×``/``x``), so that
    "tanks' turrets" finds "tanks’ turrets". Either way the stored quote is the source's own text.

    Raises:
        InvalidInput: absent quote, ambiguous quote without ``occurrence``, bad occurrence,
            or a bad span.
    """
    if isinstance(ref, Offsets):
        return select(text, ref.start, ref.end)
    quote = ref.exact
    if not quote.strip():
        raise InvalidInput("the quote is empty")
    starts = occurrences(text, quote)
    if not starts:
        starts = occurrences(text.translate(_FOLD), quote.translate(_FOLD))
    if not starts:
        raise InvalidInput(f"quote not found in the source: {_short(quote)!r}")
    if ref.occurrence is None:
        if len(starts) > 1:
            raise InvalidInput(
                f"quote occurs {len(starts)} times; say which occurrence, 1..{len(starts)}: {_short(quote)!r}"
            )
        index = 0
    else:
        if not 1 <= ref.occurrence <= len(starts):
            raise InvalidInput(f"occurrence {ref.occurrence} requested, but the quote occurs {len(starts)} time(s)")
        index = ref.occurrence - 1
    start = starts[index]
    return select(text, start, start + len(quote))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def find_caseless(text: str, wanted: str, start: int = 0) -> tuple[int, int] | None:
    """The first span of ``text`` at or after ``start`` that reads ``wanted`` ignoring case, wrapping round.

    Case is folded in full (``"STRASSE"`` finds ``"Straße"``, ``"ǅ"`` finds ``"dž"``), yet the span
    returned is in code points of ``text`` itself: a character whose folded form is longer
    (``ß`` → ``ss``) is one code point of the original, and a match that starts or ends
    inside such a character takes the whole of it.
    """
    needle = wanted.casefold()
    if not needle:
        return None
    folded: list[str] = []
    owner: list[int] = []  # for each folded code point, the code point of text it came from
    begin = None
    for index, character in enumerate(text):
        if index == start:
            begin = len(owner)
        fold = character.casefold()
        folded.append(fold)
        owner.extend([index] * len(fold))
    haystack = "".join(folded)
    at = haystack.find(needle, len(haystack) if begin is None else begin)
    if at < 0:
        at = haystack.find(needle)
    if at < 0:
        return None
    return owner[at], owner[at + len(needle) - 1] + 1
