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

#: Each agency's canonical name and the ways texts name it.
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Xinhua": ("Xinhua", "Xinhua News Agency", "Синьхуа"),
    "TASS": ("TASS", "ТАСС", "ITAR-TASS", "ИТАР-ТАСС"),
    "RIA Novosti": ("RIA Novosti", "РИА Новости", "RIA"),
    "EFE": ("EFE", "Agencia EFE"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
}
_NAMES = {name.casefold(): agency for agency, names in AGENCIES.items() for name in names}
_ANY = "|".join(re.escape(n) for n in sorted({n for names in AGENCIES.values() for n in names}, key=len, reverse=True))
#: How much of the head and of the foot of a text is read.
HEAD, FOOT = 300, 300

_DATELINE = re.compile(
    rf"^\W{{0,3}}[^\n]{{0,60}}?(?:\((?P<paren>{_ANY})\)|/(?P<slash>{_ANY})/|[—–-]\s*(?P<dash>{_ANY})\b\.?)\s*[-—–:.]",
    re.MULTILINE,
)
#: Reuters' house credit line: "(Reporting by …; Editing by …)".
_REUTERS_CREDIT = r"\((?:Additional\s+)?(?:Reporting|Writing)\s+by\s[^)]*;\s*Editing\s+by\s[^)]*\)"
_FOOT = re.compile(
    rf"(?:^|\n|(?<=[.!?])[ \t]+)[ \t]*(?:[—–-]+\s*(?P<dash>{_ANY})\s*\.?\s*$"
    rf"|(?P<reporting>{_REUTERS_CREDIT})"
    rf"|(?:Sources?|Quelle|Источник)\s*:\s*(?P<source>{_ANY})\b"
    rf"|©\s*(?:\d{{4}}\s+)?(?P<copyright>{_ANY})\b)",
)
_BYLINE = re.compile(rf"(?<![\w-])(?P<byline>{_ANY})(?![\w-])")


@dataclass(frozen=True, slots=True)
class Credit:
    """The agency a text credits, and the words that credit it, as written."""

    agency: str
    evidence: str


def credit(text: str, author: str | None = None) -> Credit | None:
    """The agency ``text`` (and its byline ``author``) credits as its author, or ``None``."""
    head = text[:HEAD]
    found = _DATELINE.search(head)
    if found is not None:
        name = found["paren"] or found["slash"] or found["dash"]
        return Credit(_NAMES[name.casefold()], found.group().strip())
    foot = text[-FOOT:]
    for found in _FOOT.finditer(foot):
        if found["reporting"]:
            return Credit("Reuters", found.group().strip())
        name = found["dash"] or found["source"] or found["copyright"]
        if name:
            return Credit(_NAMES[name.casefold()], found.group().strip())
    if author:
        byline = _BYLINE.search(author)
        if byline is not None and byline["byline"] != "RIA":
            return Credit(_NAMES[byline["byline"].casefold()], author.strip())
    return None


def record_credits(connection: Connection, sources: Iterable[tuple[int, str, str | None]]) -> None:
    """Record the credit (or none) of each source given as (id, text, author), in the caller's transaction."""
    rows = []
    for source_id, text, author in sources:
        found = credit(text, author)
        rows.append({"source_id": source_id, "agency": found and found.agency, "evidence": found and found.evidence})
    if rows:
        connection.execute(insert(CREDIT), rows)
