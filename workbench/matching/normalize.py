"""Claim text as the matcher compares it: figures masked, designators keyed, nothing else.

Numbers become ``#`` so that "two helicopters were delivered" and "four helicopters were
delivered" read alike; whether their values agree is for the rules to say, with the parsed
quantities. Designators become their key ("Mi-17s" → "mi-17"), so every spelling of a model
is one token.
"""

from __future__ import annotations

import re

from workbench.extract import items
from workbench.extract.numbers import NUMBER_RE

_TOKEN = re.compile(r"[\w#]+(?:[-'’][\w#]+)*")
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
        pieces.append(NUMBER_RE.sub(" # ", text[at : designator.start]))
        pieces.append(f" {designator.key.lower()} ")
        at = designator.end
    pieces.append(NUMBER_RE.sub(" # ", text[at:]))
    return " ".join(_TOKEN.findall(_POSSESSIVE.sub("", "".join(pieces).lower())))


def block_tokens(normalised: str) -> list[str]:
    """The distinct informative tokens of a normalised text, plurals folded ("tanks" = "tank")."""
    seen: dict[str, None] = {}
    for token in normalised.split():
        if token in STOPWORDS:
            continue
        if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        seen[token] = None
    return list(seen)
