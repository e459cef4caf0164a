"""Where a pattern may start: a cheap pass over word starts before the expensive regex.

Python's ``re`` tries every branch of a large alternation at every position it scans. The
quantity and date patterns can only start at a digit, a currency sign or one of a known set of
words, so scanning word starts once in Python and calling ``match`` only there is 3–4 times
faster than ``finditer`` over the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(r"[^\W_]+|[$€£¥]")


def starts(text: str, words: frozenset[str], *, exact: frozenset[str] = frozenset()) -> Iterator[int]:
    """Offsets of the tokens a match may start at.

    Those are tokens that begin with a digit, currency signs, and tokens in ``words`` (compared
    in lower case) or ``exact`` (compared as written: month names).
    """
    for token in _TOKEN.finditer(text):
        word = token.group()
        if word[0].isdigit() or word in "$€£¥" or word in exact or word.lower() in words:
            yield token.start()
