"""Text as the retrieval index reads it: words folded and stemmed, web clutter left out.

The same rules serve the index (what is stored for a sentence or a claim), the queries built
from a text (suggestions, "other sources for this claim") and the marking of matched words:

- **web clutter** is not words: URLs (``https://t.co/…``, ``pic.twitter.com/…``) are dropped;
  hashtags and handles are split where their case changes (``#AustralianFires`` → "Australian
  Fires", ``@RealDonaldTrump`` → "Real Donald Trump"), since that is how they are read;
- **diacritics** are removed (``Bamakó`` = ``Bamako``) here, not by the database, so SQLite and
  PostgreSQL index the same letters;
- **stems**: the Porter stemmer ("helicopters" = "helicopter", "delivered" = "deliver"), the
  algorithm SQLite's FTS5 ``porter`` tokenizer applies to what it indexes; PostgreSQL's
  ``english`` configuration stems alike;
- **common words** ("the", "said", "would") say nothing about what a text is about: they are
  left out of the queries built from a text, never out of what a user types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

#: A word as both SQLite's unicode61 tokenizer and this module see it: a run of letters, digits
#: and marks (punctuation, hyphens and apostrophes separate words: "T-72B3" is "t", "72b3").
WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_TAG = re.compile(r"(?<![\w@#])[#@](\w+)")
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z]{3})")

#: Words too common to tell texts apart; left out of the queries built from a text.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according""".split()
)

_STEMMER = snowballstemmer.stemmer("porter")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text: where it is (code points), and its folded and stemmed forms."""

    start: int
    end: int
    folded: str
    stem: str


#: Combining marks: the diacritics NFKD separates from their letters (Latin, Greek, Cyrillic and
#: the general-purpose blocks), left out as SQLite's ``remove_diacritics`` leaves them out.
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without diacritics: "Bamakó" → "bamako", "STRASSE" and "Straße" → "strasse"."""
    if text.isascii():
        return text.lower()  # most news text: casefold and NFKD change nothing else there
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a folded word ("helicopters" → "helicopt")."""
    return str(_STEMMER.stemWord(word))


def readable(text: str) -> str:
    """``text`` as it is read: URLs out, hashtags and handles split into their words.

    The result is what is indexed and what queries are built from; it is never shown, and
    offsets are never taken from it (``words`` gives offsets into the text itself).
    """
    lowered = text.lower()
    if "http" in lowered or "www." in lowered or "pic.twitter" in lowered:
        text = _URL.sub(" ", text)
    if "#" in text or "@" in text:
        text = _TAG.sub(lambda m: " " + _CASE_CHANGE.sub(" ", m.group(1)) + " ", text)
    return text


def words(text: str) -> Iterator[Word]:
    """Every word of ``text`` with its offsets in ``text`` (URLs skipped, hashtags split)."""
    skip = [(m.start(), m.end()) for m in _URL.finditer(text)]
    for match in WORD.finditer(text):
        if any(start <= match.start() < end for start, end in skip):
            continue
        raw = match.group()
        parts = _CASE_CHANGE.split(raw) if match.start() and text[match.start() - 1] in "#@" else [raw]
        at = match.start()
        for part in parts:
            folded = fold(part)
            if folded:
                yield Word(at, at + len(part), folded, stem(folded))
            at += len(part)


def informative(text: str) -> list[str]:
    """The distinct folded words of ``text`` that say what it is about, in order (common words out)."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word.folded not in STOPWORDS and (len(word.folded) > 1 or word.folded.isdigit()):
            seen[word.folded] = None
    return list(seen)
