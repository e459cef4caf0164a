"""Wire copy: the news agency a text credits as its author, so that its reprints count once.

A story from AFP printed by three papers is one report, AFP's. The agency is read from what
the text itself says, where agencies and papers put it:

- a dateline at the head: "BAMAKO (AFP) -", "WASHINGTON (Reuters) -", "BEIJING, Jan. 5 (Xinhua) --",
  "МОСКВА, 5 января. /ТАСС/.", "МОСКВА, 12 мар — РИА Новости.";
- a credit line at the foot: "— Reuters", Reuters' "(Reporting by …; Editing by …)", "Source: Xinhua",
  "© Agence France-Presse";
- the byline (the source's author field): "Associated Press", "AFP", "Xinhua".

Only the opening and the closing lines are read: an agency quoted in the body ("told AFP",
"Reuters reported") credits nothing. Nothing is guessed from the outlet's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, insert

from workbench.sql import CREDIT

#: Each agency's canonical name and the ways texts name it, as written (case counts: "DPA" is
#: many an acronym, "dpa" the agency; "AP Singh" is a person).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Xinhua": ("Xinhua", "Xinhua News Agency", "Синьхуа"),
    "TASS": ("TASS", "ТАСС", "ITAR-TASS", "ИТАР-ТАСС"),
    "RIA Novosti": ("RIA Novosti", "РИА Новости"),
    "EFE": ("EFE", "Agencia EFE"),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
}
_NAMES = {name: agency for agency, names in AGENCIES.items() for name in names}
_ANY = "|".join(re.escape(n) for n in sorted(_NAMES, key=len, reverse=True))
#: How much of the foot of a text is read, and how many of its first lines (a headline, then the
#: opening paragraph that carries the dateline).
FOOT, HEAD_LINES = 300, 2
#: A place, maybe with a date ("BEIJING, Jan. 5 ", "Paris "): a capital first, no bracket.
_PLACE = r"(?:[A-ZÀ-ÞА-ЯЁ][^\n()/—–]{0,50}?\s*)?"
_DATELINE = re.compile(
    rf"{_PLACE}\((?P<paren>{_ANY})\)\s*[-—–]+"  # "BAMAKO (AFP) -", "(Reuters) -"
    rf"|{_PLACE}/(?P<slash>{_ANY})/"  # "МОСКВА, 5 января. /ТАСС/."
    rf"|{_PLACE}[—–-]\s*(?P<dash>{_ANY})\s*\."  # "МОСКВА, 12 мар — РИА Новости."
)
#: Reuters' house credit line: "(Reporting by …; Editing by …)".
_REUTERS_CREDIT = r"\((?:Additional\s+)?(?:Reporting|Writing)\s+by\s[^)]*;\s*Editing\s+by\s[^)]*\)"
#: A credit that ends a line of the foot: "— Reuters", "Source: Xinhua", "© 2024 AFP".
_FOOT = re.compile(
    rf"(?:^|(?<=[.!?])[ \t]+)[ \t]*(?:[—–-]+\s*(?P<dash>{_ANY})"
    rf"|(?:Sources?|Quelle|Источник)\s*:\s*(?P<source>{_ANY})"
    rf"|©\s*(?:\d{{4}}\s+)?(?P<copyright>{_ANY}))[ \t]*\.?[ \t]*$"
    rf"|(?P<reporting>{_REUTERS_CREDIT})",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Credit:
    """The agency a text credits, and the words that credit it, as written."""

    agency: str
    evidence: str


def credit(text: str, author: str | None = None) -> Credit | None:
    """The agency ``text`` (and its byline ``author``) credits as its author, or ``None``.

    A dateline counts only where datelines stand, at the very start of the text's first lines
    (its headline, its opening paragraph); a credit line only at the end of a line of the
    foot; a byline only when one of its entries is an agency's name and nothing else.
    """
    lines = [line for line in text.split("\n", 8) if line.strip()][:HEAD_LINES]
    for line in lines:
        found = _DATELINE.match(line.lstrip())
        if found is not None:
            name = found["paren"] or found["slash"] or found["dash"]
            return Credit(_NAMES[name], found.group().strip())
    for found in _FOOT.finditer(text[-FOOT:]):
        if found["reporting"]:
            return Credit("Reuters", found.group().strip())
        name = found["dash"] or found["source"] or found["copyright"]
        if name:
            return Credit(_NAMES[name], found.group().strip())
    for entry in (author or "").split(","):
        if entry.strip() in _NAMES:
            return Credit(_NAMES[entry.strip()], author.strip() if author else entry.strip())
    return None


def record_credits(connection: Connection, sources: Iterable[tuple[int, str, str | None]]) -> None:
    """Record the credit (or none) of each source given as (id, text, author), in the caller's transaction."""
    rows = []
    for source_id, text, author in sources:
        found = credit(text, author)
        rows.append({"source_id": source_id, "agency": found and found.agency, "evidence": found and found.evidence})
    if rows:
        connection.execute(insert(CREDIT), rows)
