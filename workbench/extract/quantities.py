"""Quantities normalised to intervals, so that "at least five" and "5" can be compared.

Each quantity has ``value``, ``low``, ``high`` (``None`` = unbounded) and a ``qualifier``:

- ``exact``: "five", "a single" (1), "a pair of" (2) — low = high = value;
- ``at_least``: "at least N", "more than N", "over N" (low = N); vague plurals "dozens" (24),
  "scores" (40), "hundreds" (200), "thousands" (2,000), "tens of thousands" (20,000),
  "hundreds of thousands" (200,000), "millions" (2,000,000); "several" (3);
- ``at_most``: "up to N", "fewer than N", "less than N", "under N" (high = N);
- ``approx``: "about/around/some/nearly/approximately N" (low = high = N), "a couple of" (2),
  "half a dozen" (6), "a dozen" (12);
- ``range``: "N to M", "N-M", "N or M", "between N and M", "from N to M" (value = None).

Measurements carry a ``unit`` (mm, km, km/h, kg, %, USD, day...; "mach" for "up to Mach 2.8",
whose unit comes before the number). Counts carry the ``item``
counted: the equipment designator in the noun phrase that follows ("at least five T-72B3" →
T-72B3), else that noun phrase ("dozens of trucks" → trucks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from workbench.extract import languages, scan
from workbench.extract.items import Designator
from workbench.extract.numbers import DENOMINATORS, DIGITS, MONEY_SUFFIXES, NUMBER, SCALES, TENS, UNITS, value

_AT_LEAST = ["at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than",
             "not less than", "a minimum of"]  # fmt: skip
_AT_MOST = ["up to", "fewer than", "less than", "under", "at most", "no more than", "not more than",
            "a maximum of", "as many as"]  # fmt: skip
_APPROX = ["about", "around", "some", "nearly", "approximately", "roughly", "almost", "an estimated", "estimated",
           "close to", "circa", "approx.", "more or less", "just under", "just over", "just shy of", "a little over",
           "a little under"]  # fmt: skip
QUALIFIERS = {**dict.fromkeys(_AT_LEAST, "at_least"), **dict.fromkeys(_AT_MOST, "at_most"),
              **dict.fromkeys(_APPROX, "approx")}  # fmt: skip

#: Plural vague counts and the least they can mean.
VAGUE = {"hundreds of thousands": 200_000, "tens of thousands": 20_000, "dozens": 24, "scores": 40,
         "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}  # fmt: skip
#: Idioms: (qualifier, value).
IDIOMS = {"half a dozen": ("approx", 6), "a dozen": ("approx", 12), "a couple of": ("approx", 2),
          "a couple": ("approx", 2), "a pair of": ("exact", 2), "a single": ("exact", 1),
          "several": ("at_least", 3), "half an": ("exact", 0.5)}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    # "more than" and "more-than" alike
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in sorted(words, key=len, reverse=True))


_CURRENCY_SIGN = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CORE = re.compile(
    rf"""
    (?<![\w])(?=[\w$€£¥.])  # only where a word or a currency sign starts: 3x faster
    (?:(?P<range>
        (?:(?P<rqual>{_alternatives(QUALIFIERS)})\s+)?
        (?:(?P<between>between)\s+|(?P<from>from)\s+)?
        (?:(?P<rsign>US\$|[$€£¥])?\s?(?P<r1>{NUMBER})\s*(?(between)and|(?:to|or))\s*(?:US\$|[$€£¥])?\s?(?P<r2>{NUMBER})
          |(?P<r3>{DIGITS})\s*[-–—]\s*(?P<r4>{DIGITS}))
    )
    |(?:(?P<qual>{_alternatives(QUALIFIERS)})\s+)?
     (?:(?P<vague>{_alternatives(VAGUE)})\b(?:\s+of\b)?
       |(?P<idiom>{_alternatives(IDIOMS)})\b
       |(?:(?P<sign>US\$|[$€£¥])\s?)?(?P<n>{NUMBER})(?(sign)(?P<money>m|b)?\b)))
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: The core without ranges, for numbers whose range reading was refused.
_SINGLE = re.compile(
    rf"""
    (?:(?P<qual>{_alternatives(QUALIFIERS)})\s+)?
    (?:(?P<vague>{_alternatives(VAGUE)})\b(?:\s+of\b)?
      |(?P<idiom>{_alternatives(IDIOMS)})\b
      |(?:(?P<sign>US\$|[$€£¥])\s?)?(?P<n>{NUMBER})(?(sign)(?P<money>m|b)?\b))
    (?P<range>(?!))?(?P<rsign>(?!))?(?P<r1>(?!))?(?P<r2>(?!))?(?P<r3>(?!))?(?P<r4>(?!))?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_UNITS: list[tuple[str, str]] = [
    (r"(?:km|kilomet(?:er|re)s?)(?:\s*\([^)]{0,40}\))?\s*(?:per|an|a|/)\s*(?:hour|h)\b|km/h\b|kph\b", "km/h"),
    (r"miles?(?:\s*\([^)]{0,40}\))?\s+(?:per|an)\s+hour\b|mph\b", "mph"),
    (r"knots?\b", "kn"),
    (r"(?:mm|millimet(?:er|re)s?)\b", "mm"),
    (r"(?:cm|centimet(?:er|re)s?)\b", "cm"),
    (r"(?:km|kilomet(?:er|re)s?)\b", "km"),
    (r"(?:met(?:er|re)s?|m)\b", "m"),
    (r"(?:miles?|mi)\b", "mi"),
    (r"(?:feet|foot|ft)\b", "ft"),
    (r"inch(?:es)?\b", "in"),
    (r"yards?\b", "yd"),
    (r"(?:kg|kilograms?)\b", "kg"),
    (r"(?:lbs?|pounds?)\b(?!\s+sterling)", "lb"),
    (r"(?:metric\s+)?(?:tonnes?|tons?)\b", "t"),
    (r"(?:litres?|liters?)\b", "l"),
    (r"gallons?\b", "gal"),
    (r"barrels?\b", "bbl"),
    (r"hectares?\b", "ha"),
    (r"(?:square\s+(?:kilomet(?:er|re)s?)|km2|sq\s?km)\b", "km2"),
    (r"%|per\s?cent\b", "%"),
    (r"(?:US\s+)?dollars?\b", "USD"),
    (r"euros?\b", "EUR"),
    (r"pounds?\s+sterling\b", "GBP"),
    (r"(?:CFA\s+)?francs?\b", "XOF"),
    (r"(?:roubles?|rubles?)\b", "RUB"),
    (r"(?:yuan|renminbi)\b", "CNY"),
    (r"(?:hryvnias?|hryvnyas?)\b", "UAH"),
    (r"(?:years?|yrs?)\b", "year"),
    (r"months?\b", "month"),
    (r"weeks?\b", "week"),
    (r"days?\b", "day"),
    (r"hours?\b", "hour"),
    (r"minutes?\b", "minute"),
    (r"seconds?\b(?!-hand)", "second"),  # "3 second-hand drones" counts drones
]
_UNIT = re.compile("|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(_UNITS)), re.IGNORECASE)
_UNIT_NAMES = [name for _, name in _UNITS]

#: Words that end the noun phrase of the thing counted.
_STOP = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "with",
        "without",
        "from",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "being",
        "had",
        "has",
        "have",
        "having",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "than",
        "into",
        "onto",
        "per",
        "after",
        "before",
        "during",
        "since",
        "until",
        "while",
        "including",
        "along",
        "among",
        "between",
        "through",
        "across",
        "over",
        "under",
        "about",
        "around",
        "against",
        "via",
        "of",
        "off",
        "out",
        "up",
        "down",
        "also",
        "each",
        "every",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "the",
        "a",
        "an",
        "not",
        "no",
        # adverbs: "who had turned 17 only a day earlier" counts nothing
        "only",
        "just",
        "ago",
        "earlier",
        "later",
        "apiece",
        "again",
        "already",
        "last",  # "she turned 17 last week"
        "next",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w’'/.-]*|\d[\w/.-]*")
_PHRASE_END = re.compile(r"[,.;:()\[\]“”\"!?—–]")
_SCALE_AT_END = re.compile(r"\b(hundred|thousand|million|billion|trillion)\s*$", re.IGNORECASE)
#: After a number: "five or more", "50 or fewer".
_OR_MORE = re.compile(
    r"\s+or\s+(?:(more|over|above|greater)|(fewer|less|below))\b|[\s-](plus)\b(?![\s-]+(?:size|one)\b)", re.IGNORECASE
)
#: Not counts: "no one", "minus 5".
_NOT_A_COUNT = re.compile(r"(?:\bno[\s-]|\bminus\s|−)$", re.IGNORECASE)
#: "one" as a pronoun or in an idiom, not a count: "a loved one", "the one who", "one of the best",
#: "one another", "one day", "at one point".
_PRONOUN_BEFORE = re.compile(
    r"(?:\b(?:a|the|any|every|each|some|no|this|that|which|loved|little|young|only|right|wrong|last)\s+)$",
    re.IGNORECASE,
)
_PRONOUN_AFTER = re.compile(
    r"\s+(?:another\b|day\b|time\b|point\b|way\b|or\s+(?:another|the\s+other)\b"
    r"|of\s+(?:the|his|her|their|its|our|my|your)\s+(?:\w+est|most|best|worst|few|main|top|biggest|largest)\b)",
    re.IGNORECASE,
)
#: Gallery and carousel counters: "Hide Caption 7 of 59", "Photo 3 of 12", "Image 21/30".
_COUNTER = re.compile(
    r"(?:caption|photo|photos|image|images|picture|slide|gallery|video)\s*[:#]?\s*\d{1,4}\s*(?:of|/)\s*\d{1,4}\b",
    re.IGNORECASE,
)
#: A figure right after a capitalised word is part of a name ("Formula One", "Model 3", "Week 1",
#: "Route 94", "Chang'e 4", "Boeing 747"), unless that word is one a figure follows in prose.
_NAME_BEFORE = re.compile(r"(?<![\w’'-])([A-Z][\w’'-]*[a-z][\w’'-]*)[ \u00a0]$")
_NOT_A_NAME = frozenset(
    """in on at by for from with after before during since until than to of and or but about around over under
    nearly some almost only just more less least most up down between among per the a an this that these those
    its his her their our my your it he she they we i said says say told killed injured had has have was were is
    are be been will would could should may might can if when while as so monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
#: A figure right after one of these words numbers a thing rather than counting ("in batch 12",
#: "flight 370", "on page 4", "round 2"): a label, as "Route 94" is a name.
LABELS = (
    "batch|lot|tranche|shipment|consignment|phase|round|stage|wave|flight|page|chapter|article|section|"
    "paragraph|clause|row|seat|room|gate|platform|terminal|floor|block|lane|exit|route|highway|bus|train|"
    "season|episode|sector|zone|ward|precinct|convoy|item|step|version|level|grade|category|no\\."
)
_LABEL_BEFORE = re.compile(rf"(?<![\w’'-])(?:{LABELS})[ \u00a0]$", re.IGNORECASE)
#: A word after a figure that it counts all the same ("in batch 12 tanks arrived"): a plural.
_PLURAL_AFTER = re.compile(
    r"[ \u00a0]+(?:(?!(?:was|has|this|its|his|thus|plus|does|says|goes)\b)[a-z][\w-]*[^s\W]s"
    r"|people|children|men|women|police|personnel|staff)\b"
)
#: Times of day ("8:34", "14:00:05"): their digits are not counts.
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
#: Words a quantity can start with (besides digits and currency signs).
FIRST_WORDS = frozenset(
    w.split()[0]
    for w in [*QUALIFIERS, *VAGUE, *IDIOMS, "between", "from", "us", "a", "half", *UNITS, *TENS, *SCALES, *DENOMINATORS]
)
#: Clock times ("2 pm", "5 a.m.", "14:00 GMT") are not quantities.
_CLOCK = re.compile(r"\s*(?:[ap]\.?m\.?|GMT|UTC|o[’']clock)(?![\w])", re.IGNORECASE)
#: Drive configurations ("4×4", "8x8") describe vehicles; they count nothing.
_DRIVE = re.compile(r"\b\d{1,2}\s?[×x]\s?\d{1,2}\b")
#: Plurals without an "s" that end a counted phrase like any other plural.
_PLURALS = frozenset({"people", "children", "men", "women", "police", "personnel", "staff", "crew", "aircraft"})
#: Most words a counted noun phrase may have ("new armoured infantry fighting vehicles").
MAX_PHRASE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity phrase with its interval; ``item_key`` is the normalised designator, if any."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    item: str | None = None
    item_key: str | None = None
    unit: str | None = None


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", text.strip()))


def _interval(match: re.Match[str]) -> tuple[float | None, float | None, float | None, str] | None:
    """(value, low, high, qualifier) of a core match, or ``None`` if it is not a quantity."""
    if match["range"]:
        first, second = (match["r1"], match["r2"]) if match["r1"] else (match["r3"], match["r4"])
        a, b = value(first), value(second)
        if a is None or b is None:
            return None
        scale = _SCALE_AT_END.search(second)
        if scale and not _SCALE_AT_END.search(first) and a < SCALES[scale.group(1).lower()]:
            a *= SCALES[scale.group(1).lower()]  # "between two and three hundred": 200 to 300
        if a >= b:
            return None  # "passed 52 to 48", "a 1-0 win": a tally or a score, not a range
        if _is_year(first) and _is_year(second):
            return None  # "from 2013 to 2022" is a period, not a count
        return None, a, b, "range"
    qualifier = QUALIFIERS.get(" ".join(match["qual"].lower().replace("-", " ").split())) if match["qual"] else None
    if match["vague"]:
        base = float(VAGUE[" ".join(match["vague"].lower().split())])
        return base, base, None, "at_least"
    if match["idiom"]:
        kind, number = IDIOMS[" ".join(match["idiom"].lower().split())]
        base = float(number)
    else:
        parsed = value(match["n"])
        if parsed is None:
            return None
        base, kind = parsed * MONEY_SUFFIXES.get((match["money"] or "").lower(), 1), "exact"
    kind = qualifier or kind
    if kind == "at_least":
        return base, base, None, kind
    if kind == "at_most":
        return base, None, base, kind
    return base, base, base, kind


def _not_a_figure(text: str, start: int, end: int, match: re.Match[str]) -> bool:
    """Whether a number is furniture, a pronoun or part of a name rather than a figure."""
    if _COUNTER.search(text, max(0, start - 16), min(len(text), end + 8)):
        return True  # a gallery counter: neither number counts anything
    one = bool(match["n"]) and match["n"].lower() == "one" and not match["qual"]
    if one and (_PRONOUN_BEFORE.search(text, max(0, start - 10), start) or _PRONOUN_AFTER.match(text, end)):
        return True  # the pronoun patterns run for "one" only
    if _LABEL_BEFORE.search(text, max(0, start - 16), start) and not match["qual"] and not match["sign"]:
        return _unit(text, end) is None and not _PLURAL_AFTER.match(text, end)  # "batch 12", not "lot 12 tanks"
    name = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if name is None or name.group(1).lower() in _NOT_A_NAME or match["qual"] or match["sign"]:
        return False
    if _unit(text, end) is not None:
        return False  # "by Tarantino 15 years after": a figure with its unit, not "Route 94"
    before = text[max(0, name.start() - 3) : name.start()].rstrip()
    return bool(before) and not before.endswith((".", "!", "?", ":", '"', "“", "\n"))  # a capital, not a sentence's


def _unit(text: str, at: int) -> tuple[str, int] | None:
    """A unit right after offset ``at`` (past spaces, or the hyphen of "400-pound"): (name, end offset)."""
    rest = text[at : at + 8]
    skipped = len(rest) - len(rest.lstrip(" \u00a0"))
    if not skipped and rest[:1] == "-":
        skipped = 1
    match = _UNIT.match(text, at + skipped)
    if match is None or match.lastgroup is None:
        return None
    return _UNIT_NAMES[int(match.lastgroup[1:])], match.end()


def _designator_after(text: str, at: int, designators: dict[int, Designator]) -> Designator | None:
    """A designator starting right after offset ``at`` (past spaces)."""
    skipped = at + len(text[at : at + 4]) - len(text[at : at + 4].lstrip(" \u00a0"))
    return designators.get(skipped)


def _counted(text: str, at: int, designators: dict[int, Designator]) -> tuple[str, str | None, int] | None:
    """The thing counted after offset ``at``: (item, designator key, end offset) or ``None``."""
    limit = _PHRASE_END.search(text, at, at + 120)
    stop = limit.start() if limit else min(len(text), at + 120)
    words: list[re.Match[str]] = []
    for word in _WORD.finditer(text, at, stop):
        between = text[words[-1].end() if words else at : word.start()]
        if between.strip() or "\n" in between:
            break  # punctuation or a line break: the phrase has ended
        designator = designators.get(word.start())
        if designator is not None:
            return designator.base, designator.key, designator.word_end
        lowered = word.group().lower()
        if lowered in _STOP or len(words) >= MAX_PHRASE_WORDS:
            break
        words.append(word)
        following = text[word.end() : word.end() + 2]
        plural = (lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 3) or lowered in _PLURALS
        if plural and following[1:2].islower():
            break  # a plural noun followed by a lower-case word: "trucks carrying", "people fled"
    if not words:
        return None
    return text[words[0].start() : words[-1].end()], None, words[-1].end()


def find(
    text: str,
    *,
    designators: Sequence[Designator] = (),
    masked: Sequence[tuple[int, int]] = (),
    shared: list[scan.Token] | None = None,
    language: str | None = None,
) -> list[Quantity]:
    """Every quantity in ``text``, in order, never overlapping each other or a ``masked`` span.

    ``designators`` are the items found in the same text: numbers inside them ("T-72B3") are
    not quantities, and a designator after a number is what it counts. ``masked`` spans
    (dates) are skipped likewise. ``language`` (see ``languages.resolve``) picks the tables:
    French and Russian are read by ``quantities_by_grammar``; a language without tables gives
    no quantities.
    """
    code = languages.resolve(language, text)
    if code != languages.ENGLISH:
        return _find_by_grammar(text, code, designators, masked, shared)
    drives = [(m.start(), m.end()) for m in _DRIVE.finditer(text)]
    times = [(m.start(), m.end()) for m in _TIME.finditer(text)]
    blocked = scan.Spans([*((d.start, d.end) for d in designators), *masked, *drives, *times])
    by_start = {d.start: d for d in designators if d.equipment}
    found: list[Quantity] = []
    last_end = 0
    for at in scan.starts(text, FIRST_WORDS, shared=shared):
        if at < last_end:
            continue
        match: re.Match[str] | None = _CORE.match(text, at)
        if match is None:
            continue
        interval = _interval(match)
        if interval is None and match["range"]:
            if match["r3"]:
                last_end = match.end()  # "a 1-0 win": a score, neither number a count
                continue
            match = _SINGLE.match(text, at)  # "passed 52 to 48": a tally, each number on its own
            interval = _interval(match) if match else None
        if match is None or interval is None:
            continue
        start, end = match.start(), match.end()
        if blocked.overlaps(start, end) or _CLOCK.match(text, end) or _NOT_A_COUNT.search(text, start - 6, start):
            continue
        if _not_a_figure(text, start, end, match):
            speed = mach(text, start, end, interval, _QUALIFIER_BEFORE, _qualifier, last_end)
            if speed is not None:  # "up to Mach 2.8": "Mach" is the unit, not a name
                found.append(speed)
            last_end = end
            continue
        number, low, high, qualifier = interval
        more = _OR_MORE.match(text, end) if qualifier == "exact" else None
        if more is not None:
            above = more.group(1) or more.group(3)
            low, high, qualifier = (number, None, "at_least") if above else (None, number, "at_most")
            end = more.end()
        unit, item, item_key = None, None, None
        sign = match["sign"] or match["rsign"]
        if sign:
            unit = _CURRENCY_SIGN[sign]
        designator = _designator_after(text, end, by_start)
        if unit is None and designator is not None:  # "two Mi-17 helicopters": the model, not miles
            item, item_key, end = designator.base, designator.key, designator.word_end
        elif unit is None and (measured := _unit(text, end)) is not None:
            unit, end = measured
        elif unit is None:
            counted = _counted(text, end, by_start)
            if counted is not None:
                item, item_key, end = counted
        if unit is None and item is None and number is not None and number < 1 and qualifier == "exact":
            continue  # a bare fraction ("0.5") says nothing countable
        found.append(Quantity(start, end, text[start:end], number, low, high, qualifier, item, item_key, unit))
        last_end = end
    return found


#: "Mach 2.8": a speed in multiples of the speed of sound, the unit written before the number.
_MACH = re.compile(r"(?<![\w-])(?:Mach|Мах)[ \u00a0]$")
#: A qualifier right before a unit written first ("up to Mach 2.8").
_QUALIFIER_BEFORE = re.compile(rf"(?<![\w])(?P<qual>{_alternatives(QUALIFIERS)})\s+$", re.IGNORECASE)


def _qualifier(written: str) -> str | None:
    return QUALIFIERS.get(" ".join(written.lower().replace("-", " ").split()))


def mach(
    text: str,
    start: int,
    end: int,
    interval: tuple[float | None, float | None, float | None, str],
    qualifier_before: re.Pattern[str],
    qualifier_of: Callable[[str], str | None],
    floor: int = 0,
) -> Quantity | None:
    """A speed in Mach: the number at ``start``-``end`` after "Mach" ("up to Mach 2.8": at most 2.8).

    ``None`` when no "Mach" stands right before the number. A qualifier before "Mach"
    (``qualifier_before``'s group ``qual``, read by ``qualifier_of``) bounds an exact figure;
    nothing before ``floor`` (the end of the quantity before) is read.
    """
    unit = _MACH.search(text, max(floor, start - 6), start)
    if unit is None:
        return None
    number, low, high, qualifier = interval
    begin = unit.start()
    qual = qualifier_before.search(text, max(floor, begin - 30), begin) if qualifier == "exact" else None
    bound = qualifier_of(qual["qual"]) if qual is not None else None
    if qual is not None and bound is not None and number is not None:
        begin, qualifier = qual.start(), bound
        low, high = (number, None) if bound == "at_least" else (None, number) if bound == "at_most" else (low, high)
    return Quantity(begin, end, text[begin:end], number, low, high, qualifier, unit="mach")


def _find_by_grammar(
    text: str,
    code: str,
    designators: Sequence[Designator],
    masked: Sequence[tuple[int, int]],
    shared: list[scan.Token] | None,
) -> list[Quantity]:
    """Quantities in a language other than English, none in a language without tables."""
    grammar = languages.grammar(code)
    if grammar is None:
        return []
    from workbench.extract import quantities_by_grammar  # deferred: it builds on this module

    return quantities_by_grammar.find(text, grammar, designators=designators, masked=masked, shared=shared)
