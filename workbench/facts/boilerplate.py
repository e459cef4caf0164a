"""Page furniture: captions, credits, stock phrases. Recognised from the store itself, kept out of matching.

A line is boilerplate when:

- it is furniture by its form: a gallery counter ("Hide Caption 7 of 59"), a copyright or
  photo-credit line, a share or sign-up prompt, "did not immediately respond to a request for
  comment";
- or it recurs where news does not: word for word (figures aside) in sources of three or more
  stories, or in pages of one outlet about two or more different stories. A wire story
  reprinted by several outlets recurs too, but within one story: that is syndication, not
  furniture, and is left alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_FORMS = re.compile(
    r"""
    \b(?:hide|show)\s+caption\b|\bcaption\s+\d+\s+of\s+\d+|\b(?:photo|image|slide|picture)\s+\d+\s*(?:of|/)\s*\d+
    |©|\bcopyright\b|\ball\s+rights\s+reserved\b|\b(?:photo|image|picture)\s*(?:credit|:)|\bgetty\s+images\b
    |\b(?:AP|AFP|Reuters|EPA)\s+photo\b|\bphoto(?:graph)?\s+by\b|\bimage\s+caption\b
    |\b(?:did\s+not|didn['’]t)\s+(?:immediately\s+)?respond\s+to\s+(?:a\s+)?(?:request|requests)\s+for\s+comment
    |\bshare\s+(?:this|on)\b|\bsign\s+up\b|\bsubscribe\b|\bclick\s+here\b|\bread\s+more\b|\bfollow\s+us\b
    |\bnewsletter\b|\bcookies?\b|\badvertisement\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FIGURES = re.compile(r"\d[\d,.:]*")
_SPACE = re.compile(r"\W+")


def by_form(text: str) -> bool:
    """Whether a line is furniture by its form alone (see the module docstring)."""
    return _FORMS.search(text[:2000]) is not None


def key(text: str) -> str:
    """A line as recurrence compares it: lower case, figures and punctuation folded."""
    return _SPACE.sub(" ", _FIGURES.sub("#", text.lower())).strip()


@dataclass(frozen=True, slots=True)
class Line:
    """A sentence of a source, with where it was seen: its source, outlet and story."""

    text: str
    source: int
    outlet: int | None
    story: int


def recurring(lines: Iterable[Line]) -> set[str]:
    """Keys (``key``) of the lines that recur across stories, or across one outlet's stories."""
    stories: dict[str, set[int]] = defaultdict(set)
    outlet_stories: dict[tuple[str, int], set[int]] = defaultdict(set)
    for line in lines:
        k = key(line.text)
        if len(k) < 12:
            continue  # "Advertisement", a dateline: too short to say anything by recurring
        stories[k].add(line.story)
        if line.outlet is not None:
            outlet_stories[(k, line.outlet)].add(line.story)
    found = {k for k, seen in stories.items() if len(seen) >= 3}
    found.update(k for (k, _), seen in outlet_stories.items() if len(seen) >= 2)
    return found
