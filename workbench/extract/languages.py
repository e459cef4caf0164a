"""Which tables read a text: English, French or Russian, or none at all.

The extractors take an ISO 639 code ("fr", "fr-CA" and "FR" alike). Without one a text is read
as English, as before languages were known, unless it is mostly Cyrillic: then it is Russian,
which an English reading would only find stray digits in. A language the tables do not know
("de", "zh") reads no figures, dates or attributions: a wrong figure costs a reviewer more than
a missing one.

The French and Russian tables are compiled when their module is imported, once per process,
and that module is imported the first time a text in its language is read: compiling them
takes a sixth of a second, which a process reading only English should not pay at start-up.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.extract.grammar import Grammar

ENGLISH = "en"
#: The module holding the tables of each language read besides English (whose modules are its own).
MODULES = {"fr": "workbench.extract.french", "ru": "workbench.extract.russian"}
READ = frozenset({ENGLISH, *MODULES})

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


def resolve(language: str | None, text: str) -> str:
    """The language to read ``text`` in: the code given, in lower case without its region, else a guess.

    The guess is English, or Russian for a text mostly in Cyrillic letters. It costs nothing for
    an ASCII text (CPython knows a string is ASCII without reading it) and one scan for another.
    """
    if language == ENGLISH:
        return ENGLISH
    if language is None:
        return "ru" if not text.isascii() and _mostly_cyrillic(text) else ENGLISH
    return language.strip().lower().replace("_", "-").split("-")[0]


def grammar(code: str) -> Grammar | None:
    """The tables of a language other than English (``resolve``'s code), ``None`` if there are none."""
    module = MODULES.get(code)
    if module is None:
        return None
    found: Grammar = import_module(module).GRAMMAR
    return found


def _mostly_cyrillic(text: str) -> bool:
    if _CYRILLIC.search(text) is None:
        return False
    letters = len(_LETTER.findall(text))
    return 2 * len(_CYRILLIC.findall(text)) > letters
