"""Every figure of a text as a fact: counts, measures, money, shares, ages, ranks, durations, dates, times.

The figures come from the shared extractors (``workbench.extract``: quantities, dates,
designators) and ``workbench.facts.clock``; this module says what each is about:

- **kind**, from its unit: a duration ("15 years"), an age ("a 4-year-old boy", "20 months
  old"), money (a currency), a share (%), a measure (any other unit), else a count;
  ordinals ("32nd floor", "third test"; "31e membre", "31-м членом"), years, dates and clock
  times are facts of their own;
- **what it counts**: the noun phrase after it and its lemma ("service members" → ``member``),
  with a few synonyms folded (``lexicon.SYNONYMS``);
- **the predicate** it belongs to: the nearest event word of its clause ("killed 59 people
  and injured hundreds more": 59 → ``kill``, hundreds → ``injure``), and a severity next to it;
- **the names** and content words of its clause, to tell one event from another.

"No one was injured" is a count of 0. A clause ends at punctuation; the search for its words
goes no further than ``WINDOW`` words either way, so a long sentence costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache, partial
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from store.vocabulary import FactKind
from workbench.extract import attributions, items, languages, quantities, scan, temporal
from workbench.extract.numbers import SCALES, TENS, UNITS
from workbench.facts import clock
from workbench.facts.lexicon import (
    HARMS,
    PREDICATES,
    PREDICATES_BY_LANGUAGE,
    PRESS,
    ROLES,
    SEVERITIES,
    SEVERITIES_BY_LANGUAGE,
    STOPWORDS,
    STOPWORDS_BY_LANGUAGE,
    SYNONYMS,
)
from workbench.facts.model import Fact
from workbench.facts.units import CURRENCIES
from workbench.matching.normalize import common_word, names, singular

if TYPE_CHECKING:
    from workbench.extract.grammar import Grammar
    from workbench.extract.quantities import Quantity

#: Number words: part of a figure, not of what its clause is about.
NUMBER_WORDS = frozenset(
    [
        *UNITS,
        *TENS,
        *SCALES,
        "half",
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "percent",
        "cent",
        "per",
    ]
)
#: Most words either side of a figure its clause is read over.
WINDOW = 10
#: Words a date or a quantity may start with: one pass over a text's words finds both.
_FIRST_WORDS = temporal.FIRST_WORDS | quantities.FIRST_WORDS
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_BOUNDARY = re.compile(r"[,;:()\[\]—–\"“”!?]|\.(?=\s|$)|\b(?:and|while|whereas|but|including|plus)\b")
_AGE = re.compile(r"[\s-]*old\b|[\s-]+olds?\b", re.IGNORECASE)
_AGED = re.compile(r"\baged\s+$", re.IGNORECASE)
#: A birthday: "the gorilla, who turned 17 on Friday" is 17 years old (not "turn 4" of a race).
_TURNED = re.compile(r"\bturn(?:ed|s|ing)\s+$", re.IGNORECASE)
#: What a measure measures: "34 inches of snow", "5 million pounds of liftoff thrust", "a 450-pound gorilla".
_MEASURED = re.compile(
    r"(?:\s+\([^)]{1,30}\))?(?:\s+of)?((?:\s+(?!(?:of|to|in|at|on|and|or|the|a|an|from|into|behind|by|for|with)\b)[a-z][a-z-]{2,}){1,3})"
)
#: The first word of a sentence, if capitalised.
_OPENING = re.compile(r"(?:^|[.!?:\"“—]\s+)([A-Z][a-z]{2,})\b")
_NOBODY = re.compile(r"\b(?:no[\s-]one|nobody|none)\b(?!\s+of\b)", re.IGNORECASE)
#: "No casualties", "no deaths", "not yet identified any suspects": a toll of none, as reports
#: state it against another's "three soldiers wounded". Only these words, which name a toll
#: themselves: "no plans", "no evidence" count nothing.
_NONE_OF = re.compile(
    r"\b(?:no|not\s+(?:[a-z]+\s+){0,2}?any)\s+(?:(?:immediate|further|other|serious|reported|known|new)\s+)?"
    r"(deaths|fatalities|casualties|injuries|arrests|suspects)\b",
    re.IGNORECASE,
)
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}  # fmt: skip
_ORDINAL = re.compile(
    rf"(?<![\w.,])(?:(?P<digits>\d{{1,4}})(?:st|nd|rd|th)|(?P<word>{'|'.join(_ORDINALS)}))\b", re.IGNORECASE
)
_DURATION_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})
_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE = re.compile(r"\b(thousand|million|billion|trillion|bn|mn|k)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


@lru_cache(maxsize=65536)
def lemma(word: str, language: str = "en") -> str:
    """The dictionary form of a counted word, synonyms folded: "lives" → ``people``, "feet" → ``foot``.

    In another ``language`` (ISO 639-1) it is simplemma's lemma in that language ("hélicoptères" →
    ``hélicoptère``, "вертолёта" → ``вертолёт``), nothing folded or translated.
    """
    import simplemma  # deferred: its dictionaries load on first use

    lowered = word.lower().strip("’'")
    if language != "en":
        return str(simplemma.lemmatize(lowered, lang=language)).lower() if lowered.isalpha() else lowered
    if lowered in SYNONYMS:
        return SYNONYMS[lowered]
    found = (simplemma.lemmatize(lowered, lang="en") if lowered.isalpha() else singular(lowered)).lower()
    return SYNONYMS.get(found, found)


def precision(text: str, value: float | None) -> float:
    """The step a figure is stated to: "2,000" → 1,000, "2.3 million" → 100,000, "12.2" → 0.1, "five" → 1."""
    digits = _DIGITS.search(text)
    scale = _SCALE.search(text)
    factor = _SCALES[scale.group(1).lower()] if scale else 1.0
    if digits is None:
        if value is not None and value != int(value):
            return abs(value) / 2  # "half an hour": a quarter of an hour either way, not a whole hour
        if value is None or value == 0:
            return 1.0
        step = 1.0
        while value % (step * 10) == 0:
            step *= 10
        return step
    if digits.group(1):
        return 10.0 ** -len(digits.group(1)) * factor
    whole = digits.group().replace(",", "")
    zeros = len(whole) - len(whole.rstrip("0"))
    return 10.0 ** min(zeros, len(whole) - 1) * factor


def _kind(unit: str | None) -> FactKind:
    if unit is None:
        return "count"
    if unit in CURRENCIES:
        return "money"
    if unit == "%":
        return "percent"
    return "duration" if unit in _DURATION_UNITS else "measure"


class _Lexicon(NamedTuple):
    """The words a figure's clause is read with in one language."""

    language: str
    predicates: Mapping[str, str]
    severities: Mapping[str, str]
    stopwords: frozenset[str]
    number_words: frozenset[str]
    boundary: re.Pattern[str]
    lemma: Callable[[str], str]
    entities: Callable[[str], tuple[str, ...]]
    #: What a measure measures, after its unit (group 1): "5 tonnes de munitions".
    measured: re.Pattern[str] | None = None


def _clause(
    text: str, start: int, end: int, boundary: re.Pattern[str] = _BOUNDARY
) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The words of the figure's clause before it (nearest first) and after it (nearest first)."""
    left_edge = max(0, start - 120)
    boundaries = [m.end() for m in boundary.finditer(text, left_edge, start)]
    left = boundaries[-1] if boundaries else left_edge
    stop = boundary.search(text, end, end + 120)
    right = stop.start() if stop else min(len(text), end + 120)
    before = list(_WORD.finditer(text, left, start))[-WINDOW:][::-1]
    after = list(_WORD.finditer(text, end, right))[:WINDOW]
    return before, after


class About(TypedDict):
    """What a figure's clause says it is about."""

    predicate: str | None
    severity: str | None
    entities: tuple[str, ...]
    context: tuple[str, ...]
    total: bool
    part: bool


#: A figure after "of the" is the whole a part is taken from: "21 of the more than 200 schoolgirls".
_WHOLE = re.compile(r"\bof\s+(?:all\s+)?(?:the|their|its|all)\s+$", re.IGNORECASE)
#: A figure before "of the", "of them": a part of a whole ("15 of the more than 200 schoolgirls").
_PART = re.compile(r"\s+of\s+(?:the|them|those|these|their|its|all)\b", re.IGNORECASE)
#: Words saying a figure is a running total rather than one instance.
_TOTAL = re.compile(
    r"\b(?:adds?\s+to|added\s+to|in\s+total|in\s+all|a\s+total\s+of|the\s+total|so\s+far|to\s+date|altogether"
    r"|bringing\s+the\s+total|brings\s+the\s+total|cumulative|since|(?:in|over)\s+the\s+(?:past|last))\b",
    re.IGNORECASE,
)


def _about(text: str, start: int, end: int, counted: str | None, lexicon: _Lexicon | None = None) -> About:
    """Predicate, severity, entities and context words of a figure's clause (read in English by default)."""
    lexicon = lexicon or _ENGLISH
    predicates, severities, stopwords = lexicon.predicates, lexicon.severities, lexicon.stopwords
    before, after = _clause(text, start, end, lexicon.boundary)
    predicate, severity, best = None, None, WINDOW + 1
    if counted and (head := counted.split()[-1].lower()) in predicates:
        # "400 injured", "59 dead"; "31 suspects" unless the clause names what befell them
        predicate, best = predicates[head], WINDOW if head in ROLES else 0
    for words in (after, before):
        for distance, word in enumerate(words):
            lowered = word.group().lower()
            if lowered in predicates and distance < best:
                predicate, best = predicates[lowered], distance
                break
    nearby = [w.group().lower() for w in (*before[:4], *after[:6])]
    severity = next((severities[w] for w in nearby if w in severities), None)
    counted_words = set((counted or "").lower().split())
    # what else the clause says: not its event or severity words, which are compared on their own
    said = [w.group() for w in (*before, *after)]
    said += [part for w in said if "-" in w for part in w.split("-")]  # "fourth-quarter" says "quarter"
    lemmatised = lexicon.lemma
    context = sorted(
        {
            lemmatised(w)
            for w in said
            if len(w) > 2
            and (low := w.lower()) not in stopwords
            and low not in counted_words
            and low not in predicates
            and low not in severities
            and low not in lexicon.number_words
            and lemmatised(w) not in _DURATION_UNITS  # "an 11-hour flight" says how long, not what of
        }
    )
    left = before[-1].start() if before else start
    right = after[-1].end() if after else end
    left_text = text[before[-1].start() if before else start : start]
    right_text = text[end : after[-1].end() if after else end]
    return {
        "part": bool(_PART.match(text, end)),
        "total": bool(
            _TOTAL.search(left_text) or _TOTAL.search(right_text) or _WHOLE.search(text, max(0, start - 30), start)
        ),
        "predicate": predicate,
        "severity": severity,
        "entities": lexicon.entities(text[max(0, left - 1) : right]),
        "context": tuple(context),
    }


_ABBREVIATED = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun".split()
)


def entities(text: str) -> tuple[str, ...]:
    """Names of people, places and organisations, apostrophes and hyphens folded ("Chang’e" = "Chang'e").

    A capitalised word that opens a sentence is a name only if it is no word of the dictionary
    ("Goldman cautioned", not "Police said") or the dictionary writes it capitalised ("Florida").
    """
    text = text.replace("’", "'")
    found = set()
    for name in names(text):
        if name.rstrip(".") not in _ABBREVIATED:
            found.update(name.split("-"))
    for first in _OPENING.finditer(text):
        word = first.group(1)
        if _opening_name(word):
            found.add(word.lower())
    return tuple(sorted(found))


@lru_cache(maxsize=65536)
def _opening_name(word: str) -> bool:
    """Whether a capitalised word opening a sentence is a name.

    It is when it is no word of the dictionary ("Goldman"), or one the dictionary writes
    capitalised ("Florida") that is no weekday, month or nationality.
    """
    import simplemma  # deferred: its dictionaries load on first use

    if not simplemma.is_known(word, lang="en") and not simplemma.is_known(word.lower(), lang="en"):
        return True
    return simplemma.lemmatize(word.lower(), lang="en")[:1].isupper() and not common_word(word)


def claim_names(text: str, found: Sequence[Fact]) -> frozenset[str]:
    """The names of people, places and organisations a text gives, less what its figures count.

    "Igla launchers", "Typhoon-K vehicles": those names say what, not who or where; and the
    speakers of attributions ("the Associated Press reports", "told CNN") say who reported it,
    not what happened.
    """
    counted = {w for f in found if f.counted for w in entities(" x " + f.counted)}
    speakers = {w for a in attributions.find(text) for who in (a.who, a.to) if who for w in entities(" x " + who)}
    return frozenset(entities(text)) - counted - speakers - PRESS | labels(text, found)


_LABELLED = re.compile(rf"(?<![\w’'-])({quantities.LABELS})[ \u00a0](\d[\w/-]*)", re.IGNORECASE)


def labels(text: str, found: Sequence[Fact] = ()) -> frozenset[str]:
    """Things a text numbers rather than counts ("batch 12", "flight 370"): which one, as a name says who.

    "38 tanks delivered in batch 12" and "38 tanks delivered in batch 40" are two deliveries.
    A number that is one of ``found``'s figures ("in batch 12 tanks arrived") labels nothing.
    """
    spans = [(f.start, f.end) for f in found]
    return frozenset(
        f"{m.group(1).lower()} {m.group(2).lower()}"
        for m in _LABELLED.finditer(text)
        if not any(start < m.end() and m.start(2) < end for start, end in spans)
    )


#: A duration's unit in the singular after a figure other than one: it says how long something is.
_SINGULAR_UNIT = re.compile(r"(?:year|month|week|day|hour|minute|second)$", re.IGNORECASE)


def _attributive(kind: str, said: str, value: float | None) -> bool:
    """A duration said of a thing, as a measure is ("an 11-hour flight", "an 11-and-a-half hour journey").

    "Four hours into the flight" says when; "the 11-hour flight" says which flight, and another
    report's "11-and-a-half hour journey" is the same flight told longer.
    """
    return kind == "duration" and value != 1 and _SINGULAR_UNIT.search(said) is not None


def _counted_lemma(counted: str | None, key: str | None, language: str = "en") -> str | None:
    if key:
        return key.lower()
    if not counted:
        return None
    return lemma(counted.split()[-1]) if language == "en" else lemma(counted.split()[-1], language)


def _nobody(match: re.Match[str], counted: str, about: About) -> Fact:
    """A count of nobody: "no one was injured", "no casualties"."""
    return Fact("count", match.start(), match.end(), match.group(), 0.0, 0.0, 0.0, "exact",
                counted=counted, lemma="people", **about)  # fmt: skip


def facts(text: str, published: str | None = None, language: str | None = None) -> list[Fact]:
    """Every fact in ``text``, in order of position; relative dates resolved against ``published``.

    ``language`` is the text's (ISO 639: "en", "fr", "ru"; ``None`` is English, or Russian for a
    text mostly in Cyrillic). French and Russian figures become facts as English ones do, their
    event words read as the English predicates; a language without tables gives no facts at all.
    """
    code = languages.resolve(language, text)
    if code != languages.ENGLISH:
        return _facts_by_grammar(text, published, code)
    designators = items.find(text, all_shapes=True)
    times = clock.find(text)
    shared = scan.tokens(text, _FIRST_WORDS, exact=temporal.FIRST_NAMES)  # one pass over words for both
    designated = [(d.start, d.end) for d in designators]
    dates = temporal.find(text, published=published, masked=designated, shared=shared, language=code)
    masked = [(d.start, d.end) for d in dates] + [(t.start, t.end) for t in times]
    found: list[Fact] = []
    for q in quantities.find(text, designators=designators, masked=masked, shared=shared, language=code):
        kind, counted, end = _kind(q.unit), q.item, q.end
        if counted and counted.lower() in PREDICATES:
            counted = None  # "more than 400 injured": the event, not a thing counted
        if q.unit in {"year", "month", "week", "day"} and (age := _AGE.match(text, q.end)):
            kind, end = "age", age.end()
            noun = _WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip(" -")))
            counted = noun.group() if noun and noun.group().lower() not in STOPWORDS else None
        elif (q.unit == "year" and _AGED.search(text, max(0, q.start - 8), q.start)) or (
            kind == "count" and counted is None and _TURNED.search(text, max(0, q.start - 9), q.start)
        ):
            kind = "age"
        elif (kind == "measure" or _attributive(kind, q.text, q.value)) and (thing := _MEASURED.match(text, q.end)):
            # the head of the phrase: "of liftoff thrust" measures thrust
            words = [w for w in thing.group(1).split() if w not in STOPWORDS]
            if words and words[-1] in PREDICATES and kind == "duration":
                words = []  # "a 17-minute rain delay" measures the delay: the event, no thing
            words = [w for w in words if w not in PREDICATES]
            while len(words) > 1 and words[-1].endswith(("ed", "ing")):
                words.pop()  # "a 181-kg gorilla picked the boy up" measures the gorilla
            counted = words[-1] if words else None
        facts_text = text[q.start : end]
        # an event word read as the thing counted still names the event ("a total of 31 suspects")
        about = _about(text, q.start, end, counted or q.item)
        if kind == "age" and about["predicate"] not in HARMS:
            # an age is a person's, not an event's: "a 20-month-old boy ... was released" and
            # "a boy born in captivity, 20 months old" give one age; what harmed the person
            # still tells two people apart ("a 6-year-old was killed" / "... was injured")
            about["predicate"] = None
        found.append(
            Fact(
                kind=kind,
                start=q.start,
                end=end,
                text=facts_text,
                value=q.value,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                unit=q.unit,
                precision=precision(q.text, q.value if q.value is not None else q.low),
                counted=counted,
                lemma=_counted_lemma(counted, q.item_key),
                **about,
            )
        )
    found += [fact for d in dates if (fact := _date_fact(text, d, _ENGLISH)) is not None]
    for t in times:
        found += _time_facts(text, t, _ENGLISH)
    taken = [(f.start, f.end) for f in found]
    for match in _ORDINAL.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        number = float(match["digits"]) if match["digits"] else float(_ORDINALS[match["word"].lower()])
        noun = _WORD.match(text, match.end() + len(text[match.end() :]) - len(text[match.end() :].lstrip()))
        counted = noun.group() if noun and noun.group().lower() not in STOPWORDS else None
        if counted is None:
            continue  # "the second", "came third": a rank of nothing said
        if counted[0].isupper():
            continue  # "the 16th Group", "the 2nd Armoured Division": a name, not a rank
        about = _about(text, match.start(), match.end(), counted)
        found.append(
            Fact(
                "ordinal",
                match.start(),
                match.end(),
                match.group(),
                number,
                number,
                number,
                "exact",
                counted=counted,
                lemma=lemma(counted),
                **about,
            )
        )
    for match in _NOBODY.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        about = _about(text, match.start(), match.end(), None)
        if about["predicate"] is None:
            continue  # "none of them", "no one knows": only "no one was injured" is a count of nobody
        found.append(_nobody(match, "people", about))
    for match in _NONE_OF.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            found.append(_nobody(match, match.group(1), _about(text, match.start(), match.end(), match.group(1))))
    found.sort(key=lambda f: f.start)
    return _conversions(text, _parts_of_wholes(text, found))


def _date_fact(text: str, d: temporal.DateMention, lexicon: _Lexicon) -> Fact | None:
    """A date or a year as a fact (day numbers, or the year itself), ``None`` if it could not be placed."""
    if not d.start_date or not d.end_date:
        return None  # "last month" with no publication date: a date we cannot place
    first, last = date.fromisoformat(d.start_date), date.fromisoformat(d.end_date)
    year_only = d.granularity == "year" and first.year == last.year
    date_kind: FactKind = "year" if year_only else "date"
    low, high = (float(first.year), float(first.year)) if year_only else (first.toordinal(), last.toordinal())
    value = low if low == high else None
    about = _about(text, d.start, d.end, None, lexicon)
    qualifier = "exact" if value else "range"
    return Fact(date_kind, d.start, d.end, d.text, value, float(low), float(high), qualifier, relative=d.relative,
                **about)  # fmt: skip


def _time_facts(text: str, t: clock.ClockTime, lexicon: _Lexicon) -> list[Fact]:
    """A clock time as facts: in UTC (or local, without a zone), and as the clock showed it if a zone moved it."""
    about = _about(text, t.start, t.end, None, lexicon)
    # a time with a zone is read both ways: in UTC, to compare with other zones, and as the
    # clock showed it, to agree with a report that gives no zone
    readings = [(t.minutes, t.until, "UTC" if t.utc else "local")]
    if t.local is not None:
        readings.append((t.local, t.local_until, "local"))
    found = []
    for m, until, unit in readings:
        if until is None:
            at = float(m)
            found.append(Fact("time", t.start, t.end, t.text, at, at, at, "exact", unit=unit, **about))
        else:  # a stretch of the day: "between 5pm and 9pm" (past midnight: the next day)
            high = until + (24 * 60 if until < m else 0)
            found.append(Fact("time", t.start, t.end, t.text, None, float(m), float(high), "range", unit=unit, **about))
    return found


#: What joins a part to its whole: "194 of the 460 seats", "194 sièges sur 460", "194 места из 460".
_OF_WHOLE = re.compile(
    r"\s+(?:of(?:\s+(?:the|all|all\s+the|their|its))?|sur(?:\s+(?:les|un\s+total\s+de))?|из(?:\s+общего\s+числа)?)\s+",
    re.IGNORECASE,
)


def _parts_of_wholes(text: str, found: list[Fact]) -> list[Fact]:
    """A count and the whole it is part of count one thing, named once: both count it.

    "194 of the 460 seats" names the seats after the whole, "194 sièges sur 460" after the part;
    either way both figures count seats, as a restatement in another language needs to see.
    """
    result = list(found)
    for at in range(len(result) - 1):
        part, whole = result[at], result[at + 1]
        if part.kind != "count" or whole.kind != "count" or not _OF_WHOLE.fullmatch(text, part.end, whole.start):
            continue
        named = whole if part.counted is None else part
        result[at] = replace(part, part=True, counted=named.counted, lemma=named.lemma)
        result[at + 1] = replace(whole, total=True, counted=named.counted, lemma=named.lemma)
    return result


def _conversions(text: str, found: list[Fact]) -> list[Fact]:
    """Figures in brackets take what the figure before them is about.

    "12 feet (3.7 metres)", "11:36 a.m. (0336 GMT)": the same fact in another unit, bounded
    as the figure before it is ("up to 62,540 pounds (28,370 kilograms)").
    """
    result: list[Fact] = []
    for fact in found:
        previous = result[-1] if result else None
        gap = text[previous.end : fact.start] if previous else ""
        if previous is not None and len(gap) <= 4 and "(" in gap and fact.kind == previous.kind:
            if previous.lemma is None and fact.lemma is not None:  # "140,000 pounds (63,500kg) of cargo"
                result[-1] = previous = replace(previous, counted=fact.counted, lemma=fact.lemma)
            bounded = previous.qualifier in {"at_least", "at_most", "approx"}
            if fact.qualifier == "exact" and bounded and fact.value is not None:
                # "up to 62,540 pounds (28,370 kilograms)": the bracket converts the bound, not a figure
                low = None if previous.qualifier == "at_most" else fact.value
                high = None if previous.qualifier == "at_least" else fact.value
                fact = replace(fact, qualifier=previous.qualifier, low=low, high=high)
            fact = replace(
                fact,
                counted=fact.counted or previous.counted,
                lemma=fact.lemma or previous.lemma,
                predicate=previous.predicate,
                severity=previous.severity,
                entities=previous.entities,
                context=previous.context,
            )
        result.append(fact)
    return result


_ENGLISH = _Lexicon("en", PREDICATES, SEVERITIES, STOPWORDS, NUMBER_WORDS, _BOUNDARY, lemma, entities)
#: What ends a clause in French and Russian, as ``_BOUNDARY`` does in English.
_BOUNDARIES = {
    "fr": r"(?<![\w])(?:et|mais|tandis|alors\s+que|dont|y\s+compris|ainsi\s+que)(?![\w])",
    "ru": r"(?<![\w])(?:и|но|а|в\s+том\s+числе|тогда\s+как|пока)(?![\w])",
}
#: What a measure measures after its unit: "5 tonnes de munitions", "5 тонн боеприпасов".
_MEASURED_BY_LANGUAGE = {"fr": r"\s+(?:de\s+|d['’])([^\W\d_][\w’'-]+)", "ru": r"\s+([^\W\d_][\w-]+)"}
#: A capitalised word, Latin or Cyrillic, after any elided article ("l'Élysée").
_NAME_WORD = re.compile(r"(?<![\w'’-])(?:[ldjmnstc]['’])?([^\W\d_][\w'’-]*)")


@lru_cache(maxsize=8)
def _lexicon(code: str) -> _Lexicon | None:
    """The words a French or Russian figure's clause is read with, ``None`` for a language without them."""
    grammar = languages.grammar(code)
    if grammar is None or code not in PREDICATES_BY_LANGUAGE:
        return None
    q = grammar.quantities
    number_words = frozenset(w for phrase in [*q.numbers.words, *q.vague, *q.idioms] for w in phrase.split())
    stopwords = STOPWORDS_BY_LANGUAGE[code]
    lemmatise = partial(lemma, language=code)
    return _Lexicon(
        code,
        PREDICATES_BY_LANGUAGE[code],
        SEVERITIES_BY_LANGUAGE[code],
        stopwords,
        number_words,
        re.compile(rf"[,;:()\[\]—–\"“”«»!?]|\.(?=\s|$)|{_BOUNDARIES[code]}", re.IGNORECASE),
        lemmatise,
        partial(_names_in, skipped=stopwords | frozenset(grammar.dates.months), lemmatise=lemmatise),
        re.compile(_MEASURED_BY_LANGUAGE[code]),
    )


def _names_in(text: str, skipped: frozenset[str], lemmatise: Callable[[str], str]) -> tuple[str, ...]:
    """Names in a French or Russian clause, as lemmas ("в Москве" names ``москва``).

    Capitalised words that do not open a sentence, are not ``skipped`` (stop words, months) and
    hold no digit (designators say what, not who or where).
    """
    found: set[str] = set()
    for match in _NAME_WORD.finditer(text):
        word = match.group(1).rstrip("'’")
        if not word[0].isupper() or any(c.isdigit() for c in word):
            continue
        at = match.start() - 1
        while at >= 0 and text[at].isspace():
            at -= 1
        if at < 0 or text[at] in '.!?:"“«—':
            continue  # the first word of a sentence may just be a capital
        if word.lower() not in skipped:
            found.update(lemmatise(part) for part in word.split("-") if part)
    return tuple(sorted(found))


def _facts_by_grammar(text: str, published: str | None, code: str) -> list[Fact]:
    """Facts of a French or Russian text: its figures, dates and clock times; none in another language."""
    grammar, lexicon = languages.grammar(code), _lexicon(code)
    if grammar is None or lexicon is None:
        return []
    designators = items.find(text, all_shapes=True)
    times = clock.find(text)
    shared = scan.tokens(text, grammar.first_words)  # one pass over words for dates and quantities
    masked = [(d.start, d.end) for d in designators]
    dates = temporal.find(text, published=published, masked=masked, shared=shared, language=code)
    masked = [(d.start, d.end) for d in dates] + [(t.start, t.end) for t in times]
    counted = quantities.find(text, designators=designators, masked=masked, shared=shared, language=code)
    found = [_figure(text, q, grammar, lexicon) for q in counted]
    found += [fact for d in dates if (fact := _date_fact(text, d, lexicon)) is not None]
    for t in times:
        found += _time_facts(text, t, lexicon)
    mentions = [(m.start, m.end) for m in counted] + [(d.start, d.end) for d in dates]
    found += _ordinals(text, grammar, lexicon, mentions + [(t.start, t.end) for t in times])
    found.sort(key=lambda f: f.start)
    return _conversions(text, _parts_of_wholes(text, found))


#: After an ordinal, words that make it a decade or a year, not a rank ("90-х годов", "les années").
_NOT_RANKED = re.compile(r"(?:год|гг|ann[ée]e)", re.IGNORECASE)


def _ordinals(text: str, grammar: Grammar, lexicon: _Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    """Ordinals of a French or Russian text ("le 31e membre", "31-м членом"), as English "31st member" is.

    As in English, an ordinal is a rank of the word after it: none without one ("arrivé 2e"),
    none of a name ("la 2e Division blindée"), none inside a date or another figure.
    """
    q = grammar.quantities
    if q.ordinal is None:
        return []
    found: list[Fact] = []
    blocked = scan.Spans(taken)
    for match in q.ordinal.finditer(text):
        if blocked.overlaps(match.start(), match.end()):
            continue
        word = match.group("word") if "word" in q.ordinal.groupindex else None
        number = float(match["digits"]) if match["digits"] else q.ordinal_words.get((word or "").lower().rstrip("s"))
        rest = text[match.end() : match.end() + 4]
        noun = _WORD.match(text, match.end() + len(rest) - len(rest.lstrip()))
        if number is None or noun is None or noun.start() == match.end():
            continue
        counted = noun.group()
        if counted.lower() in lexicon.stopwords or counted.lower() in q.stop or not counted[0].islower():
            continue  # "arrivé 2e de la course", "la 2e Division": no rank of a thing said
        if _NOT_RANKED.match(counted):
            continue
        about = _about(text, match.start(), match.end(), counted, lexicon)
        ordinal = Fact("ordinal", match.start(), match.end(), match.group(), number, number, number, "exact",
                       counted=counted, lemma=lexicon.lemma(counted), **about)  # fmt: skip
        found.append(ordinal)
    return found


def _figure(text: str, q: Quantity, grammar: Grammar, lexicon: _Lexicon) -> Fact:
    """A French or Russian quantity as a fact: its kind, what it counts and its lemma, and its clause."""
    kind, counted = _kind(q.unit), q.item
    if counted and counted.split()[-1].lower() in lexicon.predicates:
        counted = None  # "plus de 400 blessés": the event, not a thing counted
    if kind == "measure" and lexicon.measured and (thing := lexicon.measured.match(text, q.end)):
        word = thing.group(1)
        if word.lower() not in lexicon.stopwords and word.lower() not in lexicon.predicates:
            counted = word  # "5 tonnes de munitions" measures munitions
    about = _about(text, q.start, q.end, counted or q.item, lexicon)
    return Fact(
        kind=kind,
        start=q.start,
        end=q.end,
        text=q.text,
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        unit=q.unit,
        precision=precision(grammar.plain(q.text), q.value if q.value is not None else q.low),
        counted=counted,
        lemma=_counted_lemma(counted, q.item_key, lexicon.language),
        **about,
    )


__all__ = ["Fact", "facts", "lemma", "precision"]
