"""The language of a text: what to show and filter sources by, and which extractors can read it.

Detection is py3langid's (langid.py's naive Bayes over byte n-grams, 97 languages, its model
shipped inside the package: nothing is fetched). Loading that model takes most of a second, so
it is loaded once per process and only when a text needs it: a text in Cyrillic is Russian to
the extractors without it, and a text of plain a-z letters holding common English words is
English, and so is one whose accented letters are a name's ("the spokesman of Mbaselé said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: The languages the extractors read (figures, dates, designators, attributions).
ANALYSED = ("en", "fr", "ru")
#: What a text that gives too little to tell is marked with (ISO 639-2's "undetermined").
UNDETERMINED = "und"
#: Below this probability the detector's best guess is not trusted: the text is undetermined.
MIN_CONFIDENCE = 0.5
#: Characters read per text: a page's first paragraphs tell its language as well as the whole (and
#: detection costs time in proportion: at 20,000 it was a third of an import).
SAMPLE = 4_000

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: A letter beyond a-z: an accent, another script. English news has none (its curly quotes and dashes are not letters).
_FOREIGN_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
#: Words common in English and rare elsewhere: a text of plain a-z letters with one of them (and
#: fewer French words than English ones) is English without asking the detector.
_ENGLISH = frozenset("the of and to in is was were are has have had been for with that on by from at said".split())
#: Common English words that other languages near it write too ("in", "was" in German, "has" in
#: Spanish): they do not make a text with accented letters English.
_SHARED = frozenset({"in", "was", "has", "at", "on"})
#: Common English words besides those, "the" written in lower case among them, that make a text
#: with accented letters and no French word English (the accents are a name's): "Mati Kagaomi,
#: the spokesman of Mbaselé, said ...". A title ("Secondo The Guardian, ...") is no "the".
_NAMED_ENGLISH = 2
_LOWER_THE = re.compile(r"\bthe\b")
_FRENCH = frozenset("le la les des du au aux une est ont sont selon dans pour avec qui que sur par pas".split())


@dataclass(frozen=True)
class Detected:
    """A language (ISO 639-1, or ``und``) and the detector's probability for it."""

    language: str
    confidence: float


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # deferred: loading takes 0.9 s

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Detected:
    """The language of ``text`` by the detector, ``und`` when it is not sure (see ``MIN_CONFIDENCE``)."""
    sample = text[:SAMPLE]
    if not _LETTER.search(sample):
        return Detected(UNDETERMINED, 0.0)
    language, probability = _identifier().classify(sample)
    confidence = round(float(probability), 3)
    return Detected(str(language) if confidence >= MIN_CONFIDENCE else UNDETERMINED, confidence)


def _mostly_cyrillic(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    return letters > 0 and 2 * len(_CYRILLIC.findall(text)) > letters


def _named_english(text: str, words: set[str]) -> bool:
    """A text whose accented letters are a name's: English words enough, and "the" in lower case."""
    return len((_ENGLISH - _SHARED) & words) >= _NAMED_ENGLISH and _LOWER_THE.search(text) is not None


def reading(text: str, detected: Detected | None = None) -> str:
    """The language to read ``text`` in: one of ``ANALYSED``, or the code of one the extractors do not know.

    A source's detected language decides when given; otherwise Cyrillic text is Russian, and a
    text of plain a-z letters with more common English words than French ones is English, and so
    is one with accented letters (a name: "the spokesman of Mbaselé said") that holds common
    English words no neighbouring language writes, "the" in lower case among them, and no French
    one (``_named_english``): without loading the detector, so that matching a hundred thousand
    claims does not detect each. Any other text is detected. A text the detector is not sure of
    is read as English, as before languages were known: only a confident other language ("de",
    "zh") is left unanalysed, and the extractors read no figure from it.
    """
    if detected is None:
        if _mostly_cyrillic(text):
            return "ru"
        found = {w.lower() for w in _WORD.findall(text)}
        english, french = len(_ENGLISH & found), len(_FRENCH & found)
        if english > french and (not _FOREIGN_LETTER.search(text) or (french == 0 and _named_english(text, found))):
            return "en"
        detected = detect(text)
    if detected.language == UNDETERMINED:
        return "ru" if _mostly_cyrillic(text) else "en"
    return detected.language


def reading_language(text: str, detected: str | None) -> str:
    """The language to read a source's text (or a span of it) in: the one detected at import, else its own.

    "und" (the detector was not sure) and ``None`` (not detected yet) fall back to ``reading``.
    """
    return detected if detected and detected != UNDETERMINED else reading(text)
