"""Dates in French and Russian, read from the language's ``Grammar``, resolved as ``temporal`` does.

"le 12 février 2021" and "12 февраля 2021 года" are that day; "en mars 2022" and "в марте 2022
года" that month; "en 2020" and "в 2020 году" that year; "fin mars", "в начале 2022 года" the
part of it ``temporal`` narrows to for "late March", "early 2022". A month or a day named without
its year ("en mars", "hier", "в прошлом году") is placed against the publication date, and left
unresolved without one, never guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from workbench.extract import scan
from workbench.extract.grammar import Dates, Grammar, key
from workbench.extract.temporal import DateMention, Published, _month_end, _narrow, _year_for

#: The word before a bare four-digit number (which says whether it is a year).
_PREVIOUS_WORD = re.compile(r"([\w$€£¥]+)[^\w\n]*$")
_FOUR_DIGITS = re.compile(r"\d{4}")

Resolved = tuple[date | None, date | None, str, bool]


def _year(text: str) -> int:
    """The year a year group holds ("2021", "2021 года")."""
    return int(_FOUR_DIGITS.search(text).group())  # type: ignore[union-attr]


def _part(written: str | None, dates: Dates) -> str | None:
    """The English part ("early", "mid", "late") of a French or Russian one ("début", "в конце")."""
    if not written:
        return None
    return dates.parts.get(key(written)) or None  # "courant mars" is all of March


def _month(written: str, dates: Dates) -> int:
    return dates.months[key(written.rstrip("."))]


def _resolve(m: re.Match[str], anchor: Published | None, dates: Dates) -> Resolved:
    """(first day, last day, granularity, relative) of one match."""
    if m["years"]:
        since, until = _year(m["y1"] or m["y3"]), _year(m["y2"] or m["y4"])
        return date(since, 1, 1), date(max(since, until), 12, 31), "year", False
    if m["dmy"]:
        month, day = _month(m["m1"], dates), int(re.match(r"\d+", m["d1"]).group())  # type: ignore[union-attr]
        year = _year(m["y5"]) if m["y5"] else _year_for(month, day, anchor)
        if year is None or day > calendar.monthrange(year, month)[1]:
            return None, None, "day", not m["y5"]
        return date(year, month, day), date(year, month, day), "day", not m["y5"]
    if m["my"]:
        year, month = _year(m["y7"]), _month(m["m3"], dates)
        first, last = _narrow(date(year, month, 1), _month_end(year, month), _part(m["part1"], dates), unit="month")
        return first, last, "month", False
    if m["year"]:
        year = _year(m["y8"])
        first, last = _narrow(date(year, 1, 1), date(year, 12, 31), _part(m["part5"], dates), unit="year")
        return first, last, "year", False
    if m["month"]:
        month = _month(m["m4"], dates)
        year = _year_for(month, None, anchor)
        if year is None:
            return None, None, "month", True
        first, last = _narrow(date(year, month, 1), _month_end(year, month), _part(m["part4"], dates), unit="month")
        return first, last, "month", True
    return _relative(m, anchor, dates)


def _relative(m: re.Match[str], anchor: Published | None, dates: Dates) -> Resolved:
    """Relative mentions ("l'année dernière", "в прошлом месяце", "hier"), as precise as the publication date."""
    if m["deictic"]:
        day = anchor.date if anchor else None
        if day is None:
            return None, None, "day", True
        found = day + timedelta(days=dates.deictic[key(m["deictic"])])
        return found, found, "day", True
    unit, step = dates.relative[key(m["relative"])]
    if unit == "year":
        if anchor is None:
            return None, None, "year", True
        return date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31), "year", True
    if anchor is None or anchor.month is None:
        return None, None, "month", True
    year, month = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
    return date(year, month + 1, 1), _month_end(year, month + 1), "month", True


def _counted_year(text: str, start: int, end: int, dates: Dates) -> bool:
    """Whether a bare four-digit number reads as a count, not a year (see ``temporal._counted_year``).

    A count after a qualifier or a currency sign ("environ 2000", "$1900") or before a noun
    ("2000 soldats", "1900 человек"); a year after a word that places it ("en 2010", "с 2014").
    """
    before = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    previous = before.group(1).lower() if before else ""
    if previous in dates.before_year:
        return False
    if previous in dates.before_count or text[max(0, start - 1) : start] in {"$", "€", "£", "¥"}:
        return True
    return dates.count_noun.match(text, end) is not None


def find(
    text: str,
    grammar: Grammar,
    *,
    published: str | None = None,
    masked: list[tuple[int, int]] | None = None,
    shared: list[scan.Token] | None = None,
) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``published`` (ISO, any precision) when given.

    Spans in ``masked`` (designators such as "Т-72Б3 обр. 2016") hold no dates.
    """
    anchor = Published.parse(published)
    blocked = scan.Spans(masked or [])
    found: list[DateMention] = []
    last_end = 0
    for at in scan.starts(text, grammar.date_words, shared=shared):
        if at < last_end:
            continue
        m = grammar.date.match(text, at)
        if m is None:
            continue
        start, end = m.start(), m.end()
        last_end = end
        bare = m["year"] and not m["part5"] and len(m["y8"]) == 4  # "2000", not "2000 году" or "fin 2000"
        if blocked.overlaps(start, end) or (bare and _counted_year(text, start, end, grammar.dates)):
            continue
        first, last, granularity, relative = _resolve(m, anchor, grammar.dates)
        found.append(
            DateMention(
                start,
                end,
                m.group(),
                first.isoformat() if first else None,
                last.isoformat() if last else None,
                granularity,
                relative,
            )
        )
    return found
