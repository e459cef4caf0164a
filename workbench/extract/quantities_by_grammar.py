"""Quantities in French and Russian, read from the language's ``Grammar``.

The same intervals, qualifiers, units and counted items as ``quantities`` gives for English:
"au moins cinq chars T-72B3" is at least 5 of T-72B3, "не менее пяти танков" at least 5
танков, "1,5 million d'euros" 1.5 million EUR, "des centaines de civils" at least 200 civils.

What is counted is read as far as its noun: the words before the noun that qualify it
("deux nouveaux hélicoptères", "пять российских танков") and the noun itself, or an equipment
designator right after the noun ("cinq chars T-72B3"). French puts most adjectives after the
noun and Russian none, so stopping at the noun keeps the word a lemma is taken from; a designator
in quotation marks after the noun is what is counted ("трёх комплексов «Панцирь-С1»").

A number after a capitalised word is part of a name ("Airbus 320") unless it is written in words
("par la Russie quatre hélicoptères") or the language's ``counted_after_name`` says the name is
in a case of its own and a noun follows ("передали Украине 31 танк"). "2-0" and "2:0" are scores,
neither number a count, as "a 1-0 win" is in English; "Mach 2,8" is a speed in Mach.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from workbench.extract import scan
from workbench.extract.grammar import Grammar, Quantities, key
from workbench.extract.items import Designator
from workbench.extract.quantities import _CLOCK, _DRIVE, _TIME, Quantity, _is_year, mach

#: Most modifiers read before the noun of a counted phrase.
MAX_MODIFIERS = 3
#: Most characters a counted phrase is looked for in.
PHRASE_CHARS = 120
_PHRASE_END = re.compile(r"[,.;:()\[\]“”\"«»!?—–]")
_SPACES = " \u00a0\u202f"
#: A figure right after a capitalised word is part of a name ("Airbus 320", "Boeing 737"), unless
#: that word is one a figure follows in prose (``Quantities.not_a_name``).
_NAME_BEFORE = re.compile(r"(?<![\w’'-])([^\W\d_][\w’'-]*)[ \u00a0]$")
_LETTERS = re.compile(r"[^\W\d_]+")
_LABEL_BEFORE = re.compile(r"([^\W\d_]+|№|n°)\s*$", re.IGNORECASE)

#: Quotation marks around a designator after what it counts ("комплексов «Панцирь-С1»").
_OPENING_QUOTE = re.compile(r"[ \u00a0\u202f]*[«“\"][ \u00a0\u202f]*")
_CLOSING_QUOTE = re.compile(r"[ \u00a0\u202f]*[»”\"]")
#: Between the two numbers of a score ("2-0"): a range of digits refused, as in English ("a 1-0 win").
_SCORE_DASH = re.compile(r"\s*[-–—]\s*")
#: A score written with a colon ("со счётом 2:0"); times ("14:30") are ``_TIME``'s.
_SCORE = re.compile(r"(?<![\w.,:])\d{1,3}:\d{1,3}(?![\w:]|[.,]\d)")

Interval = tuple[float | None, float | None, float | None, str]


def _digits(match: re.Match[str]) -> bool:
    """Whether both numbers of a range are digits ("2-0", not "quatre-vingts")."""
    return match["r1"][:1].isdigit() and match["r2"][:1].isdigit()


def _qualifier(q: Quantities, written: str) -> str | None:
    return q.qualifiers.get(key(written))


def _interval(match: re.Match[str], grammar: Grammar) -> Interval | None:
    """(value, low, high, qualifier) of a core match, or ``None`` if it is not a quantity."""
    q = grammar.quantities
    numbers = q.numbers
    if match["range"]:
        a, b = numbers.value(match["r1"]), numbers.value(match["r2"])
        if a is None or b is None:
            return None
        scale = numbers.scale_of(match["r2"])
        if scale and not numbers.scale_of(match["r1"]) and a < scale:
            a *= scale  # "deux à trois millions": two to three million
        if a >= b or (_is_year(match["r1"]) and _is_year(match["r2"])):
            return None  # a score ("5 à 0") or a period ("de 2013 à 2022"), not a count
        return None, a, b, "range"
    qualifier = q.qualifiers.get(key(match["qual"])) if match["qual"] else None
    if match["vague"]:
        vague = key(match["vague"])
        if qualifier and vague in q.singular_after_qualifier:
            base = q.singular_after_qualifier[vague]  # "около сотни": about a hundred, not hundreds
            return (base, base, None, qualifier) if qualifier == "at_least" else _bounded(base, qualifier)
        base = q.vague[vague]
        return base, base, None, "at_least"
    if match["idiom"]:
        kind, base = q.idioms[key(match["idiom"])]
    else:
        parsed = numbers.value(match["n"])
        if parsed is None:
            return None
        base, kind = parsed, "exact"
    return _bounded(base, qualifier or kind)


def _bounded(base: float, kind: str) -> Interval:
    """The interval of a figure and its qualifier."""
    if kind == "at_least":
        return base, base, None, kind
    if kind == "at_most":
        return base, None, base, kind
    return base, base, base, kind


def _not_a_figure(text: str, start: int, end: int, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a number is an article, a pronoun or part of a name rather than a figure."""
    q = grammar.quantities
    number = key(match["n"]) if match["n"] else ""
    if number in q.articles and not match["qual"]:
        return True  # "un homme": the article
    label = _LABEL_BEFORE.search(text, max(0, start - 20), start)
    if label is not None and label.group(1).lower() in q.labels and not match["qual"]:
        return True  # "l'article 5", "les années 90", "рейс 100"
    one = bool(match["n"]) and not match["qual"] and q.numbers.value(match["n"]) == 1
    if one and q.one_of is not None and q.one_of.match(text, end):
        return True  # "одним из крупнейших": one of the largest
    name = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if name is None or not name.group(1)[0].isupper() or name.group(1).lower() in q.not_a_name:
        return False
    if match["qual"] or match["sign"] or _unit(text, end, grammar) is not None:
        return False
    if match["n"] and any(w in q.numbers.scales for w in _LETTERS.findall(match["n"].lower())):
        return False  # "au Soudan 2,3 milliards de dollars": no name ends in a scale word
    if text[start].islower():
        return False  # "par la Russie quatre hélicoptères": a name's number is written in digits
    noun = _word_after(text, end, grammar) if q.counted_after_name is not None else None
    if noun is not None and q.counted_after_name is not None and q.counted_after_name.fullmatch(f"{name[1]} {noun}"):
        return False  # "передали Украине 31 танк": a name in a case of its own, then what is counted
    before = text[max(0, name.start() - 3) : name.start()].rstrip()
    return bool(before) and not before.endswith((".", "!", "?", ":", '"', "“", "«", "—", "\n"))


def _word_after(text: str, at: int, grammar: Grammar) -> str | None:
    """The word right after offset ``at`` (past spaces), if it is in lower case and no stop word."""
    rest = text[at : at + 8]
    word = grammar.quantities.word.match(text, at + len(rest) - len(rest.lstrip(_SPACES)))
    if word is None or word.start() == at or not word.group()[0].islower():
        return None
    return None if word.group().lower() in grammar.quantities.stop else word.group()


def _unit(text: str, at: int, grammar: Grammar) -> tuple[str, int] | None:
    """A unit right after offset ``at`` (past spaces): (name, end offset)."""
    rest = text[at : at + 8]
    match = grammar.unit.match(text, at + len(rest) - len(rest.lstrip(_SPACES)))
    if match is None or match.lastgroup is None:
        return None
    return grammar.quantities.units[int(match.lastgroup[1:])][1], match.end()


def _designator_after(text: str, at: int, designators: dict[int, Designator]) -> Designator | None:
    """A designator starting right after offset ``at`` (past spaces)."""
    rest = text[at : at + 4]
    return designators.get(at + len(rest) - len(rest.lstrip(_SPACES)))


def _counted(
    text: str, at: int, grammar: Grammar, designators: dict[int, Designator]
) -> tuple[str, str | None, int] | None:
    """The thing counted after offset ``at``: (item, designator key, end offset) or ``None``."""
    q = grammar.quantities
    limit = _PHRASE_END.search(text, at, at + PHRASE_CHARS)
    stop = limit.start() if limit else min(len(text), at + PHRASE_CHARS)
    words: list[re.Match[str]] = []
    noun = False
    for word in q.word.finditer(text, at, stop):
        between = text[words[-1].end() if words else at : word.start()]
        if between.strip() or "\n" in between:
            break  # punctuation or a line break: the phrase has ended
        designator = designators.get(word.start())
        if designator is not None:
            return designator.base, designator.key, designator.word_end  # "cinq chars T-72B3"
        lowered = word.group().lower()
        if noun or lowered.rstrip("'’") in q.stop or len(words) > MAX_MODIFIERS:
            break
        if words and q.not_noun is not None and q.not_noun.fullmatch(f"{words[-1].group().lower()} {lowered}"):
            break  # "пять военных погибли": the verb, not the noun
        words.append(word)
        noun = q.modifier.fullmatch(lowered) is None
    quoted = _quoted_designator(text, words[-1].end() if words else at, designators)
    if quoted is not None:
        return quoted  # "трёх комплексов «Панцирь-С1»"
    if not words:
        return None
    return text[words[0].start() : words[-1].end()], None, words[-1].end()


def _quoted_designator(text: str, at: int, designators: dict[int, Designator]) -> tuple[str, str, int] | None:
    """A designator in quotation marks right after offset ``at``: (item, key, end past the closing mark)."""
    opening = _OPENING_QUOTE.match(text, at)
    designator = designators.get(opening.end()) if opening else None
    if designator is None:
        return None
    closing = _CLOSING_QUOTE.match(text, designator.word_end)
    return (designator.base, designator.key, closing.end()) if closing else None


def _scaled(match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a figure ends with a scale or is a vague count or idiom: "de" may follow ("millions d'euros")."""
    if match["vague"] or match["idiom"]:
        return True
    number = match["n"] or match["r2"]
    return bool(number) and grammar.quantities.numbers.scale_of(number) is not None


def find(
    text: str,
    grammar: Grammar,
    *,
    designators: Sequence[Designator] = (),
    masked: Sequence[tuple[int, int]] = (),
    shared: list[scan.Token] | None = None,
) -> list[Quantity]:
    """Every quantity in ``text``, in order, never overlapping each other or a ``masked`` span.

    As ``quantities.find``: numbers inside ``designators`` are not quantities, and a designator
    after a number is what it counts; ``masked`` spans (dates) are skipped likewise.
    """
    q = grammar.quantities
    spans = [(d.start, d.end) for d in designators] + list(masked)
    spans += [(m.start(), m.end()) for pattern in (_DRIVE, _TIME, q.clock, _SCORE) for m in pattern.finditer(text)]
    blocked = scan.Spans(spans)
    by_start = {d.start: d for d in designators if d.equipment}
    found: list[Quantity] = []
    last_end = 0
    for at in scan.starts(text, grammar.quantity_words, shared=shared):
        if at < last_end:
            continue
        match: re.Match[str] | None = grammar.core.match(text, at)
        if match is None:
            continue
        interval = _interval(match, grammar)
        if interval is None and match["range"]:
            if _SCORE_DASH.fullmatch(text, match.end("r1"), match.start("r2")) and _digits(match):
                last_end = match.end()  # "s'est imposé 2-0": a score, neither number a count
                continue
            match = grammar.single.match(text, at)  # "5 à 0": each number on its own
            interval = _interval(match, grammar) if match else None
        if match is None or interval is None:
            continue
        start, end = match.start(), match.end()
        if blocked.overlaps(start, end) or _CLOCK.match(text, end):
            continue
        if _not_a_figure(text, start, end, match, grammar):
            speed = mach(text, start, end, interval, grammar.qualifier_before, partial(_qualifier, q), last_end)
            if speed is not None:  # "jusqu'à Mach 2,8": "Mach" is the unit, not a name
                found.append(speed)
            last_end = end
            continue
        quantity = _quantity(text, match, interval, grammar, by_start)
        if quantity is not None:
            found.append(quantity)
            last_end = quantity.end
    return found


def _quantity(
    text: str, match: re.Match[str], interval: Interval, grammar: Grammar, designators: dict[int, Designator]
) -> Quantity | None:
    """The quantity of a match: its interval, bounds said after it, and its unit or what it counts."""
    q = grammar.quantities
    start, end = match.start(), match.end()
    number, low, high, qualifier = interval
    more = q.or_more.match(text, end) if qualifier == "exact" else None
    if more is not None:
        low, high, qualifier = (number, None, "at_least") if more.group(1) else (None, number, "at_most")
        end = more.end()
    unit, item, item_key = None, None, None
    sign = match["sign"] or match["rsign"]
    if sign:
        unit = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}[sign]
    after = end
    if unit is None and q.of is not None and _scaled(match, grammar) and (of := q.of.match(text, end)):
        after = of.end()  # "1,5 million d'euros", "des centaines de civils"
    designator = _designator_after(text, end, designators)
    if unit is None and designator is not None:  # "deux Mi-17": the model, not metres
        item, item_key, end = designator.base, designator.key, designator.word_end
    elif unit is None and (measured := _unit(text, after, grammar)) is not None:
        unit, end = measured
    elif unit is None and (counted := _counted(text, after, grammar, designators)) is not None:
        item, item_key, end = counted
    if match["n"] and key(match["n"]) in q.needs_noun and item is None and unit is None and not match["qual"]:
        return None  # "un char neuf": new, not nine
    if unit is None and item is None and number is not None and number < 1 and qualifier == "exact":
        return None  # a bare fraction says nothing countable
    return Quantity(start, end, text[start:end], number, low, high, qualifier, item, item_key, unit)
