"""Claim text as the matcher compares it: figures masked, designators keyed, nothing else.

Numbers become ``#`` so that "two helicopters were delivered" and "four helicopters were
delivered" read alike; whether their values agree is for the rules to say, with the parsed
quantities. Designators become their key ("Mi-17s" → "mi-17"), so every spelling of a model
is one token.
"""

from __future__ import annotations

import re

from workbench.extract import items
from workbench.extract.numbers import SCALES, TENS, UNITS

_TOKEN = re.compile(r"[\w#]+(?:[-'’][\w#]+)*")
_NUMBER_WORDS = "|".join(
    sorted([*UNITS, *TENS, *SCALES, "half", "dozens", "hundreds", "thousands"], key=len, reverse=True)
)
#: Figures in lower-case text, digits or words, a run of number words as one ("two hundred and
#: fifty"). Simpler and several times faster than the extractor's pattern: here a number only
#: has to be masked, not read.
_FIGURE = re.compile(
    rf"(?<![\w.])\d[\d.,]*(?:\s*(?:{'|'.join(SCALES)})\b)?"
    rf"|\b(?:a\s+)?(?:{_NUMBER_WORDS})\b(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORDS})\b)*"
)
#: A possessive "'s": "Mali's army" is about Mali.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")

#: Words too common to say which claims are about the same thing; left out of blocking only.
STOPWORDS = frozenset(
    """a an the of to in on at for and or but nor is are was were be been being by with as that this these
    those it its from his her their they he she we i you has have had will would could should may might
    can said says say told also after before over into than then there which who whom what when where
    while not no # s""".split()
)


def matchable(text: str) -> str:
    """The normalised text the scorer compares (lower case, ``#`` for numbers, designator keys)."""
    pieces = []
    at = 0
    for designator in items.find(text):
        pieces.append(_FIGURE.sub(" # ", text[at : designator.start].lower()))
        pieces.append(f" {designator.key.lower()} ")
        at = designator.end
    pieces.append(_FIGURE.sub(" # ", text[at:].lower()))
    return " ".join(_TOKEN.findall(_POSSESSIVE.sub("", "".join(pieces))))


def singular(word: str) -> str:
    """A plural folded to its singular, well enough to compare words: "inches" → "inch", "militias" → "militia"."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]


def block_tokens(normalised: str) -> list[str]:
    """The distinct informative tokens of a normalised text, plurals folded ("tanks" = "tank")."""
    seen: dict[str, None] = {}
    for token in normalised.split():
        if token in STOPWORDS:
            continue
        seen[singular(token)] = None
    return list(seen)


#: A capitalised word with a lower-case letter in it (names, not acronyms in shouting headlines).
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*[a-z][\w'’-]*")
#: Capitalised words that are not names: sentence openers, titles, days and months.
_NOT_NAMES = frozenset(
    """the a an in on at by for from with according after before during this that these those it its he she
    they we i but and or if when while as of to mr mrs ms dr president minister general colonel monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august september
    october november december""".split()
)
#: Nationality adjectives: "Russian helicopters" names no place. (A capitalised word with a lower-case
#: suffix, "Chinese-built", "French-trained", is left out whatever it starts with.)
_DEMONYMS = frozenset(
    """african american arab australian belarusian british burkinabe chadian chinese egyptian emirati english
    european french german indian iranian iraqi israeli italian japanese korean libyan malian nigerian
    nigerien pakistani palestinian polish qatari russian saudi soviet sudanese syrian turkish ukrainian
    western eastern northern southern""".split()
)
_ADJECTIVE_SUFFIX = re.compile(r"-[a-z]+$")
#: Characters after which a capitalised word opens a sentence, a quote or a heading.
_OPENERS = frozenset('.!?:"“‘—')


def common_word(word: str) -> bool:
    """A capitalised word that names no one: a weekday, a month, a title, a nationality ("Monday", "Russian")."""
    lowered = word.lower()
    return lowered in _NOT_NAMES or lowered in _DEMONYMS


def names(text: str) -> frozenset[str]:
    """Names of people and places in a text: capitalised words other than the first of a sentence.

    "Russia delivered two helicopters to Mali" names ``mali`` (the first word may just be a
    capital). Designators (they hold digits) and common words are left out.
    """
    found = set()
    for match in _CAPITALISED.finditer(text):
        at = match.start() - 1
        while at >= 0 and text[at].isspace():  # the character before, spaces skipped (no copy of the text)
            at -= 1
        if at < 0 or text[at] in _OPENERS:
            continue
        word = _POSSESSIVE.sub("", match.group()).rstrip("'’")
        if _ADJECTIVE_SUFFIX.search(word) or any(c.isdigit() for c in word):
            continue
        word = word.lower()
        if word not in _NOT_NAMES and word not in _DEMONYMS:
            found.add(word)
    return frozenset(found)
