"""The tables that read figures, dates and attributions in a language other than English.

English has its own modules, tuned on years of news (``numbers``, ``quantities``, ``temporal``,
``attributions``) and left as they are. French and Russian are read by one engine
(``quantities_by_grammar``, ``dates_by_grammar``, ``attributions``) from a ``Grammar``: the
language's number words, qualifiers, units, month names and reporting verbs, listed in
``french`` and ``russian`` and compiled here once, at import.

Every pattern is built the way ``numbers.WORDS`` is: alternations of fixed words and bounded
repeats only, so that no text makes a match backtrack exponentially.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from workbench.extract.numbers import MAX_VALUE

#: Digits as French and Russian write them: "1 500" (a space, no-break space or narrow no-break
#: space between thousands), "1.500" (full stops between thousands), "1,5" (a decimal comma);
#: "2.5" from a text that writes numbers the English way. Never inside a word or a longer number.
DIGITS = (
    r"(?<![\w.,/])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:,\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)"
    r"|\d+(?:[.,]\d+)?)"
)
_DIGITS_RE = re.compile(DIGITS)
_GROUPED_BY_STOPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
#: What joins the words of a phrase in the tables: a space matches spaces or a hyphen.
_GAP = r"[\s\-]+"
#: Word roles in ``Numbers.words``: added ("vingt", "двести"), multiplying what is before it
#: ("deux cents"), or a scale that closes a group ("mille", "тысяч").
ADD, TIMES, SCALE = "add", "times", "scale"
#: Currency signs a figure may open with.
SIGN = r"US\$|[$€£¥]"
_V = TypeVar("_V")


def key(text: str) -> str:
    """A phrase as the tables list it: lower case, one space between words, straight apostrophes.

    An elided "d'" ending a phrase is written "de" ("plus d'" is "plus de").
    """
    text = re.sub(r"[\s\-]+", " ", text.lower().replace("’", "'")).strip()
    return text[:-2].rstrip() + " de" if text.endswith("d'") else text


def phrase(words: str) -> str:
    """The pattern of one phrase of a table: spaces match any gap, apostrophes either apostrophe.

    A phrase ending in " de" also matches the elided "d'" ("plus de" reads "plus d'un"); a phrase
    ending in a letter must end a word.
    """
    elided = words.endswith(" de")
    stem = words[:-3] if elided else words
    pattern = "".join(
        _GAP if c == " " else "['’]" if c == "'" else "[\\-‐‑]" if c == "-" else re.escape(c) for c in stem
    )
    if elided:
        return pattern + r"(?:\s+de(?![\w])|\s*d['’])"
    return pattern + (r"(?![\w])" if stem[-1:].isalnum() else "")


def alternatives(phrases: Iterable[str]) -> str:
    """An alternation of the phrases of a table, longest first (so "plus de" loses to "pas plus de")."""
    return "|".join(phrase(p) for p in sorted(set(phrases), key=len, reverse=True))


def first_words(phrases: Iterable[str]) -> frozenset[str]:
    """The word each phrase starts with, as ``scan.tokens`` splits a text ("l'année" starts with "l")."""
    found = set()
    for text in phrases:
        word = re.match(r"[^\W_]+", text)
        if word is not None:
            found.add(word.group().lower())
    return frozenset(found)


@dataclass(frozen=True)
class Numbers:
    """Numbers in digits and in words, and their values."""

    #: Each number word in every form it takes ("deux", "двух", "двумя") and (role, value).
    words: Mapping[str, tuple[str, float]]
    #: Scale words and abbreviations after digits ("million", "млн"), in lower case without a stop.
    scales: Mapping[str, float]
    #: The pattern of a number.
    pattern: str
    _tokens: re.Pattern[str]
    _half: re.Pattern[str]

    @classmethod
    def build(
        cls,
        words: Mapping[str, tuple[str, float]],
        scales: Mapping[str, float],
        *,
        joiner: str,
        half: str,
        abbreviations: Iterable[str] = (),
        glued_units: str = "",
    ) -> Numbers:
        """Numbers of one language.

        ``joiner`` is what may stand between two number words ("vingt et un", "dix-sept"),
        ``half`` what adds a half ("et demi", "с половиной"), ``abbreviations`` the scale words
        that may end with a stop ("тыс.", "млн."), and ``glued_units`` units written against a
        number ("10km").
        """
        words = {key(w): v for w, v in words.items()}
        word = rf"(?:{alternatives(words)})"
        shortened = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        scale = alternatives(s for s in scales if s not in set(abbreviations))
        scale_after = rf"\s*(?:{scale}" + (rf"|(?:{shortened})(?:\.|(?![\w]))" if shortened else "") + ")"
        glued = rf"|(?=(?:{glued_units})(?![\w]))" if glued_units else ""
        digits = rf"{DIGITS}(?:{scale_after}{glued}|(?![\w]|[.,]\d|-[^\W\d_]))"
        # at most seven more words: "deux millions trois cent quarante-cinq mille" fits
        in_words = rf"(?<![\w]){word}(?:{joiner}{word}){{0,7}}(?:{half})?"
        return cls(
            words,
            scales,
            rf"(?:{digits}|{in_words})",
            re.compile(rf"(?<![\w])(?:{word})", re.IGNORECASE),
            re.compile(rf"(?:{half})$", re.IGNORECASE),
        )

    def value(self, text: str) -> float | None:
        """The value of a number the pattern matched ("1 500" → 1500, "quatre-vingt-dix" → 90).

        ``None`` for what is not a number, or one beyond ``numbers.MAX_VALUE``.
        """
        digits = _DIGITS_RE.match(text)
        result = self._digits(text, digits) if digits is not None else self._words(text)
        return result if result is None or abs(result) <= MAX_VALUE else None

    def _digits(self, text: str, digits: re.Match[str]) -> float:
        written = re.sub(r"[ \u00a0\u202f]", "", digits.group())
        if _GROUPED_BY_STOPS.fullmatch(written):
            written = written.replace(".", "")
        number = float(written.replace(",", "."))
        rest = text[digits.end() :].strip().rstrip(".").lower()
        return number * self.scales.get(rest, 1.0)

    def _words(self, text: str) -> float | None:
        total, current, last = 0.0, 0.0, 1.0
        tokens = self._tokens.findall(text)
        if not tokens:
            return None
        for token in tokens:
            role, number = self.words[key(token)]
            if role == ADD:
                current, last = current + number, 1.0
            elif role == TIMES:
                current, last = (current or 1.0) * number, number
            else:
                total, current, last = total + (current or 1.0) * number, 0.0, number
        half = 0.5 * last if self._half.search(text) else 0.0  # "deux millions et demi": half a million
        return total + current + half

    def scale_of(self, text: str) -> float | None:
        """The scale a number ends with ("deux à trois millions": the second gives the first its scale)."""
        last = self._tokens.findall(text)
        if last:
            role, number = self.words[key(last[-1])]
            return number if role == SCALE else None
        tail = text.rsplit(None, 1)[-1].rstrip(".").lower()
        return self.scales.get(tail)


@dataclass(frozen=True)
class Quantities:
    """What a quantity phrase is made of in one language (see ``quantities`` for the English one)."""

    numbers: Numbers
    #: "au moins" → at_least, "jusqu'à" → at_most, "environ" → approx.
    qualifiers: Mapping[str, str]
    #: Plural vague counts and the least they can mean ("des centaines" → 200).
    vague: Mapping[str, float]
    #: Vague counts that are one of their kind after a qualifier ("более тысячи": over a thousand).
    singular_after_qualifier: Mapping[str, float]
    #: Idioms: (qualifier, value) ("une douzaine" → approx 12).
    idioms: Mapping[str, tuple[str, float]]
    #: Words that stand for "one" only with a qualifier ("un", "une": also the article).
    articles: frozenset[str]
    #: Number words that count only what follows them ("neuf" is also "new": "un char neuf").
    needs_noun: frozenset[str]
    #: After "one": what makes it a pronoun ("одним из крупнейших", one of the largest).
    one_of: re.Pattern[str] | None
    #: Ranges: (opening word, the word joining its two numbers), and what joins two numbers alone.
    between: tuple[str, str]
    from_to: tuple[str, str]
    joined: str
    #: "ou plus", "и более": an exact figure becomes a bound (group 1 set: at least).
    or_more: re.Pattern[str]
    #: Units and their names, as ``quantities`` names them.
    units: tuple[tuple[str, str], ...]
    #: What stands between a scale or a vague count and what it counts ("millions d'euros").
    of: re.Pattern[str] | None
    #: A word of the counted phrase, and the words that end it.
    word: re.Pattern[str]
    stop: frozenset[str]
    #: Words that stand before the noun of a counted phrase ("nouveaux", "российских").
    modifier: re.Pattern[str]
    #: A modifier and the word after it that cannot be its noun ("военных погибли": a verb).
    not_noun: re.Pattern[str] | None
    #: Capitalised words a figure may follow in prose (after others it is part of a name).
    not_a_name: frozenset[str]
    #: Words after which a bare number is a label, not a count ("l'article 5", "les années 90").
    labels: frozenset[str]
    #: Clock times written the language's way ("14h30"): their digits are not counts.
    clock: re.Pattern[str]
    #: A preposition that may stand between a qualifier and its number ("примерно в 12 километрах").
    after_qualifier: str = ""
    #: A capitalised word and the word after the number that make it a count, not part of a name
    #: (matched against "Украине танк" for "Украине 31 танк"); ``None``: only numbers in words are.
    counted_after_name: re.Pattern[str] | None = None
    #: Ordinals ("31e", "deuxième", "31-м"): group ``digits``, or ``word`` (a key of ``ordinal_words``).
    ordinal: re.Pattern[str] | None = None
    ordinal_words: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Dates:
    """Month names and date words of one language (see ``temporal`` for the English ones)."""

    #: Every form of each month name ("février", "févr", "февраля", "феврале") → its number.
    months: Mapping[str, int]
    #: Forms that are only abbreviations, read only next to a day or a year ("sept" is also seven).
    abbreviations: frozenset[str]
    #: A day of the month ("1er", "12").
    day: str
    #: What may follow a year ("года", "г."), as a pattern; "" if nothing.
    year_word: str
    #: Words that place a month named alone ("en mars", "в марте").
    leads: tuple[str, ...]
    #: Parts of a month or a year and the English part ``temporal`` narrows to ("fin" → "late").
    parts: Mapping[str, str]
    #: A span of years: (opening words, joining words) ("de 2013 à 2022", "с 2013 по 2022").
    year_span: tuple[tuple[str, ...], tuple[str, ...]]
    #: Relative spans: phrase → (unit, step) ("l'année dernière" → ("year", -1)).
    relative: Mapping[str, tuple[str, int]]
    #: Days: phrase → offset from publication ("hier" → -1).
    deictic: Mapping[str, int]
    #: Words after which a bare four-digit number is a year, and after which it is a count.
    before_year: frozenset[str]
    before_count: frozenset[str]
    #: After a bare four-digit number, a word that makes it a count ("2000 soldats").
    count_noun: re.Pattern[str]


@dataclass(frozen=True)
class Speech:
    """Attributions in one language (see ``attributions`` for the English shapes)."""

    #: "selon X", "по данным X": the group ``verb`` and the speaker ``who`` up to punctuation.
    according: re.Pattern[str]
    #: Reporting verbs ("a indiqué", "сообщило").
    verbs: re.Pattern[str]
    #: Nouns (their stems, for Russian's cases) that name someone who reports, matched at a word's start.
    speakers: re.Pattern[str]
    pronouns: frozenset[str]
    #: Words dropped from the front of a speaker phrase ("puis", "Об этом").
    leading: frozenset[str]
    #: Words kept in a speaker phrase that do not make one a speaker ("Le" opening a sentence).
    articles: frozenset[str]
    #: What opens a clause: the speaker phrase before a verb starts after it.
    clause: re.Pattern[str]
    #: Whether the speaker may follow the verb anywhere ("Об этом сообщило Минобороны"), or only
    #: after a quotation or a comma ("», a indiqué le ministère").
    speaker_after_anywhere: bool
    #: Whom the speaker told ("à l'AFP"), right after the verb: group 1.
    told: re.Pattern[str]


@dataclass(frozen=True)
class Grammar:
    """Everything the extractors read in one language, compiled (``Grammar.build``)."""

    code: str
    quantities: Quantities
    dates: Dates
    speech: Speech
    #: The words a quantity, a date, or either may start with (``scan.tokens`` shares one pass).
    quantity_words: frozenset[str]
    date_words: frozenset[str]
    first_words: frozenset[str]
    #: The quantity pattern, the same without ranges (for a range refused), units, and dates.
    core: re.Pattern[str]
    single: re.Pattern[str]
    unit: re.Pattern[str]
    date: re.Pattern[str]
    _scales: re.Pattern[str]
    #: A qualifier right before a unit written first ("jusqu'à Mach 2,8"): group ``qual``.
    qualifier_before: re.Pattern[str]

    @classmethod
    def build(cls, code: str, quantities: Quantities, dates: Dates, speech: Speech) -> Grammar:
        """A language's grammar from its tables: the tables' phrases as ``key`` writes them, every pattern compiled."""
        q = replace(
            quantities,
            qualifiers=_keyed(quantities.qualifiers),
            vague=_keyed(quantities.vague),
            idioms=_keyed(quantities.idioms),
        )
        d = replace(
            dates,
            months=_keyed(dates.months),
            parts=_keyed(dates.parts),
            relative=_keyed(dates.relative),
            deictic=_keyed(dates.deictic),
        )
        quantity_words = first_words([*q.qualifiers, *q.vague, *q.idioms, *q.numbers.words, q.between[0], q.from_to[0]])
        date_words = first_words([*d.months, *d.leads, *d.parts, *d.relative, *d.deictic, *d.year_span[0]])
        scales = sorted(q.numbers.scales, key=len, reverse=True)
        return cls(
            code,
            q,
            d,
            speech,
            quantity_words | {"us"},
            date_words,
            quantity_words | date_words | {"us"},
            re.compile(_quantity(q, ranges=True), re.IGNORECASE),
            re.compile(_quantity(q, ranges=False), re.IGNORECASE),
            re.compile("|".join(f"(?P<u{i}>{unit})" for i, (unit, _) in enumerate(q.units)), re.IGNORECASE),
            re.compile(_date(d), re.IGNORECASE),
            re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(s) for s in scales)})(?![\w])\.?", re.IGNORECASE),
            re.compile(rf"(?<![\w])(?P<qual>{alternatives(q.qualifiers)})\s*$", re.IGNORECASE),
        )

    def plain(self, figure: str) -> str:
        """A figure written the English way, for ``facts.precision``: "1 500" → "1500", "1,5 млн" → "1.5 million"."""
        figure = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))", "", figure)
        figure = re.sub(r"\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)", lambda m: m.group().replace(".", ""), figure)
        figure = re.sub(r"(?<=\d),(?=\d)", ".", figure)
        return self._scales.sub(self._english_scale, figure)

    def _english_scale(self, match: re.Match[str]) -> str:
        scale = self.quantities.numbers.scales.get(match.group().rstrip(".").lower(), 0.0)
        return {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}.get(scale, match.group())


def _keyed(table: Mapping[str, _V]) -> dict[str, _V]:
    return {key(phrase): value for phrase, value in table.items()}


def _quantity(q: Quantities, *, ranges: bool) -> str:
    """The quantity pattern: a range, or a qualifier and a vague count, an idiom or a number.

    Group names are those of ``quantities``' English pattern, so that one reading serves both.
    """
    number = q.numbers.pattern
    qualifier = alternatives(q.qualifiers)
    after_qualifier = rf"(?:{q.after_qualifier})?" if q.after_qualifier else ""
    single = (
        rf"(?:(?P<qual>{qualifier})\s*{after_qualifier})?"
        rf"(?:(?P<vague>{alternatives(q.vague)})|(?P<idiom>{alternatives(q.idioms)})"
        rf"|(?:(?P<sign>{SIGN})\s?)?(?P<n>{number}))"
    )
    if not ranges:
        return rf"(?:{single})(?P<range>(?!))?(?P<rsign>(?!))?(?P<r1>(?!))?(?P<r2>(?!))?"
    (between, and_), (from_, to) = q.between, q.from_to
    join = rf"(?(between){phrase(and_)}|(?(from){phrase(to)}|(?:{q.joined})))"
    span = (
        rf"(?P<range>(?:(?P<rqual>{qualifier})\s*)?(?:(?P<between>{phrase(between)})\s+|(?P<from>{phrase(from_)})\s+)?"
        rf"(?:(?P<rsign>{SIGN})\s?)?(?P<r1>{number})\s*{join}\s*(?:{SIGN})?\s?(?P<r2>{number}))"
    )
    return rf"(?<![\w])(?=[\w$€£¥.])(?:{span}|{single})"


#: A year, and a day of the month as the English pattern reads it.
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"


def _date(d: Dates) -> str:
    """The date pattern, with the group names of ``temporal``'s where they mean the same."""
    month = rf"(?:{alternatives(d.months)})\.?"
    full = alternatives(m for m in d.months if m not in d.abbreviations)
    year = rf"{_YEAR}(?:{d.year_word})?" if d.year_word else _YEAR
    part = rf"(?:{alternatives(d.parts)})(?:\s+|-|(?<=['’]))"
    opening, joining = d.year_span
    return (
        r"(?<![\w])(?=[\w])(?:"
        rf"(?P<years>(?:{alternatives(opening)})\s+(?P<y1>{_YEAR})\s*(?:{alternatives(joining)})\s+(?P<y2>{year})"
        rf"|(?P<y3>{_YEAR})\s*[-–]\s*(?P<y4>{year}))"
        rf"|(?P<dmy>(?P<d1>{d.day})\s+(?P<m1>{month})(?:\s+(?P<y5>{year}))?)(?![\w])"
        rf"|(?P<my>(?P<part1>{part})?(?P<m3>{month})\s+(?P<y7>{year}))(?![\w])"
        rf"|(?P<relative>{alternatives(d.relative)})"
        rf"|(?P<deictic>{alternatives(d.deictic)})"
        rf"|(?P<month>(?:(?P<lead>{alternatives(d.leads)})\s+|(?P<part4>{part}))(?P<m4>{full}))(?!\s*\d)"
        rf"|(?P<year>(?P<part5>{part})?(?P<y8>{year}))(?![,.]?\d))"
    )
