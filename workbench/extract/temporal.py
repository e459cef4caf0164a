"""Dates in article text, absolute and relative, resolved against the publication date when known.

Every mention gets ``start_date``/``end_date`` (ISO, inclusive) and a ``granularity`` (day,
month or year). Relative mentions ("late Wednesday", "early last year", "in March", "three
days ago") are resolved against the source's publication date, and only as far as its
precision allows: "late Wednesday" needs the day of publication, "last year" only its year.
What cannot be resolved is still listed, with ``resolved`` false, never guessed.

"early"/"mid"/"late" narrow a month to days 1–10/11–20/21–end and a year to January–April/
May–August/September–December, keeping the month or year granularity.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.extract import languages, scan
from workbench.extract.numbers import SCALES, TENS, UNITS, WORDS, value

MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}
_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
                  "Oct": 10, "Nov": 11, "Dec": 12}  # fmt: skip
WEEKDAYS = {d: i for i, d in enumerate(calendar.day_name)}

_MONTH = rf"(?:{'|'.join(MONTHS)}|(?:{'|'.join(_ABBREVIATIONS)})\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|end\s+of)(?:\s+|-)|(?i:mid)-?)"
_WEEKDAY = "|".join(WEEKDAYS)
_LEAD = r"(?i:in|since|by|until|till|from|during|of|on|before|after|last|this|next)"

_PATTERN = re.compile(
    rf"""
    (?<![\w])(?=[\w])  # only at the start of a word: skips most positions at once, 4x faster
    (?:(?P<years>(?i:from|between)\s+(?P<y1>{_YEAR})\s+(?i:to|and|until|till|through)\s+(?P<y2>{_YEAR})
        |(?P<y3>{_YEAR})\s*[-–]\s*(?P<y4>{_YEAR}|\d\d)\b)
    |(?P<dmy>(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH}),?(?:\s+(?P<y5>{_YEAR}))?)(?![\w])
    |(?P<mdy>(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y6>{_YEAR}))?)(?!\w|,\d)
    |(?P<my>(?P<part1>{_PART})?(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y7>{_YEAR}))\b
    |(?P<decade>(?i:the\s+)?(?P<dec>(?:1[89]|20)\d0)s)\b
    |(?P<relative>(?P<part2>{_PART})?(?P<which>(?i:last|this|next|previous|the\s+previous|the\s+following|earlier\s+this|later\s+this))\s+(?P<span>(?i:year|month|week)))\b
    |(?P<ago>(?P<count>\d+|{WORDS}|a|an)\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+ago)\b
    |(?P<deictic>(?i:yesterday|today|tomorrow|tonight|last\s+night))\b
    |(?P<weekday>(?P<part3>(?i:early|late)\s+)?(?:(?i:on)\s+)?(?P<wrel>(?i:last|next|this)\s+)?(?P<wd>{_WEEKDAY}))\b
    |(?P<month>(?P<lead>(?:{_LEAD}|(?i:early|late))\s+|(?i:mid)-\s*|(?i:mid)\s+)(?P<part4>{_PART})?(?P<m4>{"|".join(MONTHS)}))\b(?!\s+\d)
    |(?P<year>(?P<part5>{_PART})?(?P<y8>{_YEAR}))\b(?![,.]?\d))
    """,
    re.VERBOSE,
)


#: Days of one month given as a range: "March 3-5, 2021", "12–16 February".
_DAY_RANGE = re.compile(
    rf"""(?<![\w])(?:(?P<m1>{_MONTH})\s+(?P<a1>{_DAY})\s*[-–]\s*(?P<b1>{_DAY})
        |(?P<a2>{_DAY})\s*[-–]\s*(?P<b2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}))(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])""",
    re.VERBOSE,
)
#: What joins two dates into one span: "from March 3 to March 5", "between May 1 and June 2".
_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*$", re.IGNORECASE)
_OPEN = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)
_STATED_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _day_ranges(text: str, anchor: Published | None, blocked: scan.Spans) -> list[DateMention]:
    """Day ranges of one month: one mention each, from the first day to the last."""
    found = []
    for m in _DAY_RANGE.finditer(text):
        if blocked.overlaps(m.start(), m.end()):
            continue
        month = _month_number(m["m1"] or m["m2"])
        first, last = _day(m["a1"] or m["a2"]), _day(m["b1"] or m["b2"])
        year = int(m["y"]) if m["y"] else _year_for(month, last, anchor)
        if year is None or not first < last <= calendar.monthrange(year, month)[1]:
            continue
        span = (date(year, month, first).isoformat(), date(year, month, last).isoformat())
        found.append(DateMention(m.start(), m.end(), m.group(), *span, "day", not m["y"]))
    return found


def _valid(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _in_year(year: str | None, day: str) -> str | None:
    """``day`` (ISO) moved to ``year``, if that day exists in it."""
    if year is None:
        return day
    moved = year + day[4:]
    return moved if _valid(moved) else None


def _that_year(text: str, day: DateMention, year: DateMention) -> DateMention | None:
    """A day of the year named after it ("June 12 last year"), not of the publication's year."""
    gap = text[day.end : year.start]
    if not (
        day.granularity in {"day", "month"}
        and day.start_date
        and day.end_date
        and year.granularity == "year"
        and year.relative
        and year.start_date
        and gap == " " * len(gap)
        and not _STATED_YEAR.search(day.text)
    ):
        return None
    first, last = _in_year(year.start_date[:4], day.start_date), _in_year(year.start_date[:4], day.end_date)
    if first is None or last is None or first > last:
        return None  # "February 29 last year" of a year without one
    return DateMention(day.start, year.end, text[day.start : year.end], first, last, day.granularity, True)


def _range(text: str, first: DateMention, second: DateMention) -> DateMention | None:
    """One span from two dates ("from March 3 to March 5, 2021"), each taking the other's stated year."""
    gap = text[first.end : second.start]
    joiner = _JOIN.match(gap)
    if not (joiner and "\n" not in gap and first.start_date and second.end_date):
        return None
    if first.granularity != second.granularity:
        return None  # "March 3 - 2021", "June 12 — last year": not a span of like dates
    lead = _OPEN.search(text, max(0, first.start - 9), first.start)
    if joiner.group().strip().lower() == "and" and not (lead and lead.group().lower().startswith("between")):
        return None  # "in 2014 and 2016": two dates listed
    stated_first, stated_second = _STATED_YEAR.search(first.text), _STATED_YEAR.search(second.text)
    start: str | None = first.start_date
    end: str | None = second.end_date
    if stated_second and not stated_first:
        start = _in_year(second.end_date[:4], first.start_date)  # "March 3" of "March 5, 2021"
    elif stated_first and not stated_second:
        end = _in_year(first.start_date[:4], second.end_date)  # "March 5" of "March 3, 2020"
    if start is None or end is None or start > end:
        return None
    begin = lead.start() if lead else first.start
    relative = not (stated_first or stated_second) and (first.relative or second.relative)
    return DateMention(begin, second.end, text[begin : second.end], start, end, first.granularity, relative)


def _joined(text: str, found: list[DateMention]) -> list[DateMention]:
    """Dates the words join into one.

    A range ("from March 3 to March 5, 2021", "between May 1 and June 2") or a day of a named
    year ("June 12 last year"). Only two mentions as the pattern found them are joined, never a
    span already joined: "May 1 - May 2 - May 3" is one span and a date, and the work stays
    linear in the text.
    """
    joined: list[DateMention] = []
    found_as_is: list[bool] = []
    for mention in found:
        if joined and found_as_is[-1]:
            merged = _that_year(text, joined[-1], mention) or _range(text, joined[-1], mention)
            if merged is not None:
                joined[-1], found_as_is[-1] = merged, False
                continue
        joined.append(mention)
        found_as_is.append(True)
    return joined


#: Words a date mention can start with (besides digits), and names compared as written.
FIRST_WORDS = frozenset(
    [
        "from",
        "between",
        "the",
        "early",
        "mid",
        "late",
        "end",
        "last",
        "this",
        "next",
        "previous",
        "earlier",
        "later",
        "in",
        "since",
        "by",
        "until",
        "till",
        "during",
        "of",
        "on",
        "before",
        "after",
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "a",
        "an",
        *UNITS,
        *TENS,
        *SCALES,
    ]
)
FIRST_NAMES = frozenset([*MONTHS, *_ABBREVIATIONS, *WEEKDAYS])


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text and the days it covers (``None`` when it cannot be resolved)."""

    start: int
    end: int
    text: str
    start_date: str | None
    end_date: str | None
    granularity: str
    relative: bool

    @property
    def resolved(self) -> bool:
        """Whether the mention could be tied to actual days."""
        return self.start_date is not None


@dataclass(frozen=True)
class Published:
    """A publication date at its precision: year, year and month, or a full day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> Published | None:
        """``2022`` / ``2022-03`` / ``2022-03-31`` / a full timestamp → its known parts."""
        if not text:
            return None
        match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if match is None:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls(year, month, day)

    @property
    def date(self) -> date | None:
        """The day of publication, when known."""
        return date(self.year, self.month, self.day) if self.month and self.day else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _narrow(first: date, last: date, part: str | None, *, unit: str) -> tuple[date, date]:
    """Narrow a month or year to its early, middle or late third."""
    if not part:
        return first, last
    part = " ".join(part.lower().replace("-", " ").split())
    early = part in {"early", "the beginning of", "the start of"}
    late = part in {"late", "end of", "the end of"}
    if unit == "month":
        if early:
            return first, first.replace(day=10)
        if late:
            return first.replace(day=21), last
        return first.replace(day=11), first.replace(day=20)
    if early:
        return first, date(first.year, 4, 30)
    if late:
        return date(first.year, 9, 1), last
    return date(first.year, 5, 1), date(first.year, 8, 31)


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return MONTHS.get(name) or _ABBREVIATIONS[name]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _year_for(month: int, day: int | None, anchor: Published | None) -> int | None:
    """The year of a month (and day) named without one: the latest not after publication."""
    if anchor is None:
        return None
    if anchor.month is None or month < anchor.month:
        return anchor.year
    if month > anchor.month:
        return anchor.year - 1
    return anchor.year if day is None or anchor.day is None or day <= anchor.day else anchor.year - 1


def _resolve(m: re.Match[str], anchor: Published | None) -> tuple[date | None, date | None, str, bool]:
    """(first day, last day, granularity, relative) of one match."""
    if m["years"]:
        from_year = int(m["y1"] or m["y3"])
        to_text = m["y2"] or m["y4"]
        to_year = int(to_text) if len(to_text) == 4 else from_year // 100 * 100 + int(to_text)
        return date(from_year, 1, 1), date(to_year, 12, 31), "year", False
    if m["dmy"] or m["mdy"]:
        month = _month_number(m["m1"] or m["m2"])
        day = _day(m["d1"] or m["d2"])
        year_text = m["y5"] or m["y6"]
        year = int(year_text) if year_text else _year_for(month, day, anchor)
        if year is None or day > calendar.monthrange(year, month)[1]:
            return None, None, "day", not year_text
        return date(year, month, day), date(year, month, day), "day", not year_text
    if m["my"]:
        year, month = int(m["y7"]), _month_number(m["m3"])
        first, last = _narrow(date(year, month, 1), _month_end(year, month), m["part1"], unit="month")
        return first, last, "month", False
    if m["decade"]:
        start = int(m["dec"])
        return date(start, 1, 1), date(start + 9, 12, 31), "year", False
    if m["year"]:
        year = int(m["y8"])
        first, last = _narrow(date(year, 1, 1), date(year, 12, 31), m["part5"], unit="year")
        return first, last, "year", False
    if m["month"]:
        return _named_month(m, anchor)
    return _relative(m, anchor)


def _named_month(m: re.Match[str], anchor: Published | None) -> tuple[date | None, date | None, str, bool]:
    """A named month ("in March", "last March", "early March"): the nearest before (or after) publication."""
    month = MONTHS[m["m4"]]
    lead = m["lead"].strip().lower()
    part = m["part4"] or (lead if lead.startswith(("early", "late", "mid")) else None)
    year = _year_for(month, None, anchor)
    if year is not None and anchor is not None:
        if lead == "next":
            year = anchor.year if anchor.month is not None and month > anchor.month else anchor.year + 1
        elif lead == "last" and anchor.month == month:
            year -= 1
    if year is None:
        return None, None, "month", True
    first, last = _narrow(date(year, month, 1), _month_end(year, month), part, unit="month")
    return first, last, "month", True


#: How far before a weekday a word saying the sentence looks ahead is read.
AHEAD_WINDOW = 60
#: Words saying what follows is still to come: its weekday is the coming one, not the last.
_AHEAD = re.compile(
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bhad )"  # "had been scheduled for Tuesday" is past
    r"\b(?:will|shall|scheduled|slated|due\s+to\s+be|set\s+to|expected\s+to|plans?\s+to|planned\s+for"
    r"|(?:is|are)\s+to)\b[^.;!?,]*$",  # in the weekday's own clause
    re.IGNORECASE,
)


def _relative(m: re.Match[str], anchor: Published | None) -> tuple[date | None, date | None, str, bool]:
    """Mentions that only mean something against the publication date."""
    day = anchor.date if anchor else None
    if m["relative"]:
        which = " ".join(m["which"].lower().split())
        span = m["span"].lower()
        step = {"last": -1, "previous": -1, "the previous": -1, "next": 1, "the following": 1}.get(which, 0)
        if span == "year":
            if anchor is None:
                return None, None, "year", True
            year = anchor.year + step
            first, last = _narrow(date(year, 1, 1), date(year, 12, 31), m["part2"], unit="year")
            return first, last, "year", True
        if span == "month":
            if anchor is None or anchor.month is None:
                return None, None, "month", True
            index = anchor.year * 12 + anchor.month - 1 + step
            year, month = divmod(index, 12)
            first, last = _narrow(date(year, month + 1, 1), _month_end(year, month + 1), m["part2"], unit="month")
            return first, last, "month", True
        if day is None:
            return None, None, "day", True
        monday = day - timedelta(days=day.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6), "day", True
    if m["ago"]:
        count = 1 if m["count"].lower() in {"a", "an"} else value(m["count"])
        unit = m["unit"].lower().rstrip("s")
        if anchor is None or count is None:
            return None, None, "year" if unit == "year" else "month" if unit == "month" else "day", True
        n = int(count)
        if unit == "year":
            return date(anchor.year - n, 1, 1), date(anchor.year - n, 12, 31), "year", True
        if unit == "month":
            if anchor.month is None:
                return None, None, "month", True
            year, month = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
            return date(year, month + 1, 1), _month_end(year, month + 1), "month", True
        if day is None:
            return None, None, "day", True
        earlier = day - timedelta(days=n * (7 if unit == "week" else 1))
        return earlier, earlier, "day", True
    if m["deictic"]:
        if day is None:
            return None, None, "day", True
        word = " ".join(m["deictic"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return day + timedelta(days=offset), day + timedelta(days=offset), "day", True
    # a weekday: the latest on or before publication ("last": strictly before, "next": after),
    # or the coming one when the sentence looks ahead ("is scheduled to blast off Tuesday")
    if day is None:
        return None, None, "day", True
    target = WEEKDAYS[m["wd"]]
    relation = (m["wrel"] or "").strip().lower()
    back = (day.weekday() - target) % 7
    if relation == "next":
        found = day + timedelta(days=(target - day.weekday()) % 7 or 7)
    elif relation != "last" and _AHEAD.search(m.string, max(0, m.start() - AHEAD_WINDOW), m.start()):
        found = day + timedelta(days=(target - day.weekday()) % 7)
    elif relation == "last" and back == 0:
        found = day - timedelta(days=7)
    else:
        found = day - timedelta(days=back)
    return found, found, "day", True


#: Words after which a bare four-digit number is a year ("in 2010", "since 2013").
_BEFORE_YEAR = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "during",
        "of",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "to",
        "and",
        "or",
        "between",
        "the",
    ]
)
#: Words after which it is a count ("some 2000 people", "about 1850 troops").
_BEFORE_COUNT = frozenset(
    [
        "about",
        "around",
        "some",
        "nearly",
        "approximately",
        "roughly",
        "almost",
        "estimated",
        "least",
        "than",
        "over",
        "under",
        "most",
        "many",
        "circa",
    ]
)
_PREVIOUS_WORD = re.compile(r"([\w$€£¥]+)[^\w\n]*$")
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
#: Verbs ending in "s" that a year may be the subject of ("2024 amounts to", "1990 was"): not
#: the plural noun a count is followed by. (Verbs without an "s" never made it a count.)
_VERB_AFTER_YEAR = frozenset(
    """is was has amounts stands totals remains seems becomes begins promises represents includes continues
    proves reaches appears marks sees brings comes""".split()
)


def _counted_year(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number reads as a count, not a year.

    A count after a qualifier or currency sign ("some 2000", "$1900"), or before a plural noun
    ("1850 troops"); a year after a temporal preposition ("in 2010 points were scored") or before
    a verb ("for 2024 amounts to", "2023 was").
    """
    before = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    previous = before.group(1).lower() if before else ""
    if previous in _BEFORE_YEAR:
        return False
    if previous in _BEFORE_COUNT or text[max(0, start - 1) : start] in {"$", "€", "£", "¥"}:
        return True
    after = _NEXT_WORD.match(text, end)
    if after is None or after.group(1) in _VERB_AFTER_YEAR:
        return False  # "the budget for 2024 amounts to", "2023 was a record year"
    return after.group(1).endswith("s") and not after.group(1).endswith("ss")


def find(
    text: str,
    *,
    published: str | None = None,
    masked: list[tuple[int, int]] | None = None,
    shared: list[scan.Token] | None = None,
    language: str | None = None,
) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``published`` (ISO, any precision) when given.

    Spans in ``masked`` (equipment designators such as "T-72B3 Obr.2023") hold no dates.
    ``language`` (see ``languages.resolve``) picks the tables: French and Russian are read by
    ``dates_by_grammar``; a language without tables gives no dates.
    """
    code = languages.resolve(language, text)
    if code != languages.ENGLISH:
        grammar = languages.grammar(code)
        if grammar is None:
            return []
        from workbench.extract import dates_by_grammar  # deferred: it builds on this module

        return dates_by_grammar.find(text, grammar, published=published, masked=masked, shared=shared)
    anchor = Published.parse(published)
    blocked = scan.Spans(masked or [])
    ranges = _day_ranges(text, anchor, blocked)
    blocked = scan.Spans([*(masked or []), *((r.start, r.end) for r in ranges)])
    found: list[DateMention] = list(ranges)
    last_end = 0
    for at in scan.starts(text, FIRST_WORDS, exact=FIRST_NAMES, shared=shared):
        if at < last_end:
            continue
        m = _PATTERN.match(text, at)
        if m is None:
            continue
        start, end = m.start(), m.end()
        last_end = end
        if blocked.overlaps(start, end) or (m["year"] and not m["part5"] and _counted_year(text, start, end)):
            continue
        first, last, granularity, relative = _resolve(m, anchor)
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
    found.sort(key=lambda mention: mention.start)
    return _joined(text, found)
