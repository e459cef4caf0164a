"""Numbers as news writes them: digits with separators and scale words, and numbers in words."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
          "dozen": 12}  # fmt: skip
#: Short scale suffixes after digits: "10k", "€10bn". A bare "m" or "b" counts only after a
#: currency sign ("$5m"): elsewhere "100m" is metres.
SUFFIXES = {"k": 1_000, "mn": 1_000_000, "bn": 1_000_000_000, "tn": 10**12}
MONEY_SUFFIXES = {"m": 1_000_000, "b": 1_000_000_000}

#: Units written against their number: "180mph", "10km", "425kg", "15ft".
GLUED_UNITS = "km/h|kph|mph|km|kg|mm|cm|ft|lbs?|mi|t|kn"

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
_SCALE = "|".join(SCALES)

#: Numbers in words: "five", "twenty-one", "a hundred and two", "one hundred thousand", "three dozen",
#: "half a million", "two and a half".
WORDS = (
    rf"(?:\b(?:a|half\s+a)\s+(?=(?:{_SCALE})\b))?\b(?:{_WORD})\b"
    # at most six more words: "one hundred and twenty-three thousand four hundred" fits; an unbounded
    # repeat backtracks exponentially on runs like "one one one ..."
    rf"(?:(?:\s+and\s+|[\s-]+)\b(?:{_WORD})\b){{0,6}}(?:\s+and\s+a\s+half\b)?"
)
#: Digits: "5", "2,000", "1.5", ".08", optionally "1.5 million", "10k" or "$5m".
DIGITS = (
    r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    rf"(?:\s*(?:{_SCALE})\b|(?:{'|'.join(SUFFIXES)})\b|(?=[mb]\b)|(?=(?:{GLUED_UNITS})\b)|(?![\w]|[.,]\d))"
    # "11-and-a-half", "2 and a half"
    r"(?:(?:-and-a-|\s+and\s+a\s+)half\b)?"
)
#: Denominators of fractions in words.
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
#: Fractions in words: "a third", "two thirds", "three quarters".
FRACTION = (
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+"
    rf"(?:{'|'.join(sorted(DENOMINATORS, key=len, reverse=True))})s?\b"
)
#: Any number.
NUMBER = rf"(?:{DIGITS}|{FRACTION}|{WORDS})"

_DIGIT_VALUE = re.compile(r"[\d,]*\.?\d+")
_TOKENS = re.compile(rf"\b(?:{_WORD}|a|half)\b", re.IGNORECASE)
NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)


#: Values beyond this are not counts anyone reports (and would overflow further arithmetic).
MAX_VALUE = 1e15


def value(text: str) -> float | None:
    """The value of a number matched by ``NUMBER`` ("2,000" → 2000, "a hundred and two" → 102).

    Returns ``None`` for text that is not a number, or one beyond ``MAX_VALUE``.
    """
    try:
        result = _value(text)
    except OverflowError:
        return None
    return result if result is None or abs(result) <= MAX_VALUE else None


def _value(text: str) -> float | None:
    lowered = text.lower().strip()
    digits = _DIGIT_VALUE.search(lowered)
    if digits is not None and lowered[: digits.start()].strip() in {"", "$", "€", "£"}:
        number = float(digits.group().replace(",", ""))
        rest = lowered[digits.end() :].strip()
        if rest.endswith("half") and "and" in rest:  # "11-and-a-half"
            number, rest = number + 0.5, ""
        if rest in SCALES:
            number *= SCALES[rest]
        elif rest in SUFFIXES:
            number *= SUFFIXES[rest]
        return number
    fraction = re.fullmatch(rf"({_WORD}|a)[\s-]+([a-z]+?)s?", lowered)
    if fraction is not None and (fraction.group(2) in DENOMINATORS or fraction.group(2) + "s" in DENOMINATORS):
        numerator = 1.0 if fraction.group(1) == "a" else _words(fraction.group(1)) or 0.0
        return numerator / DENOMINATORS.get(fraction.group(2), DENOMINATORS.get(fraction.group(2) + "s", 1))
    return _words(lowered)


def _words(text: str) -> float | None:
    tokens = [t.lower() for t in _TOKENS.findall(text)]
    half = 0.0
    if tokens[-3:] == ["a", "half"] or tokens[-2:] == ["a", "half"]:
        tokens, half = tokens[: len(tokens) - 2], 0.5  # "two and a half"
    if not tokens or tokens == ["a"]:
        return None
    total, current = 0.0, 0.0
    for token in tokens:
        if token == "half":
            current = 0.5  # "half a million"
        elif token == "a":
            current = current or 1
        elif token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token in ("hundred", "dozen"):
            current = (current or 1) * SCALES[token]
        else:
            total += (current or 1) * SCALES[token]
            current = 0
    return total + current + half
