"""Equipment and model designators: T-72B3 Obr.2023, Mi-17, L-39C, BTR-80A/82, 59N6-TE, Su-25, VN2C.

Russian texts write the same models in Cyrillic ("Ми-17", "Т-72Б3", "БТР-80"), and texts in any
language mix in Cyrillic letters that look Latin (a "Т-72" whose "Т" is Cyrillic). Both are found
as written, and their ``key`` is the Latin one, so that a model matches across languages:
"Панцирь-С1" is PANTSIR-S1, "Тор-М2" TOR-M2, "Шахед-136" SHAHED-136 (a few names are spelled
as English writes them, ``_SPELLED``). Named models with a variant or a number are designators
too: Pantsir-S1, Tor-M2, Shahed-136. "Bayraktar TB2" is keyed TB2, the model alone: reports write
"TB2 drones" as often as "Bayraktar TB2", and the maker's name is left to the text around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = "[-‐‑‒–]"
#: Capitals and small letters, Latin or Cyrillic: a text without Cyrillic reads as before.
_UPPER = "A-ZА-ЯЁ"
_LOWER = "a-zа-яё"
#: A point version with a letter: Soyuz-2.1b, Союз-2.1а.
_POINT = rf"\.\d[{_UPPER}{_LOWER}](?![\w])"
#: Letter prefix, dash, digits and suffixes: T-72B3, T-72B3M, Mi-17, Mi-171Sh, Mi-8MTV-5, L-39C, Su-25,
#: S-60, BRDM-2, MiG-29, AH-64E.
_HYPHENATED = (
    rf"[{_UPPER}][{_UPPER}{_LOWER}]{{0,4}}{_DASH}\d{{1,4}}(?:{_POINT})?"
    rf"(?:[{_UPPER}]{{1,4}}\d{{0,2}}|[{_UPPER}][{_LOWER}]{{1,2}}(?![{_LOWER}])){{0,2}}"
    rf"(?:{_DASH}\d{{1,2}}(?!\d|[.,]\d))?"
)
#: Digit first: 59N6-TE, 9K33, 2S19, 9M133.
_DIGIT_FIRST = rf"\d{{1,2}}[{_UPPER}]\d{{1,3}}(?:{_DASH}[{_UPPER}0-9]{{1,4}})?"
#: Capitals then digits: VN2C, KM450, EQ2050, M36, M1A2 (one capital needs two digits or a letter
#: and digit after: not "G5").
_CAPITALS = (
    rf"(?:[{_UPPER}]{{2,4}}\d{{1,4}}[{_UPPER}]{{0,2}}\d{{0,2}}|[{_UPPER}]\d{{2,4}}[{_UPPER}]{{0,2}}"
    rf"|[{_UPPER}]\d[{_UPPER}]\d{{1,2}})"
)
#: A name and a letter variant, with any digits after it: Typhoon-K, Pantsir-S1, Tor-M2, Buk-M1-2
#: (three or more letters first: not "Al-Q...").
_NAMED = (
    rf"[{_UPPER}][{_LOWER}]{{2,}}{_DASH}[{_UPPER}]{{1,2}}"
    rf"(?:\d{{1,2}}(?:{_DASH}\d{{1,2}}(?!\d|[.,]\d))?|(?![{_LOWER}]))"
)
#: A longer name and a number: Shahed-136, Lancet-3, Krasukha-4 (names of five letters or fewer are
#: ``_HYPHENATED``'s). At most three digits: "Beijing-2022" names a year, not a model.
_NAMED_NUMBER = (
    rf"[{_UPPER}][{_LOWER}]{{5,}}{_DASH}\d{{1,3}}"
    rf"(?:{_POINT}|(?!\d|[.,]\d)(?:[{_UPPER}]{{1,2}}(?![{_LOWER}]))?)"
)
#: Variants after a slash (BTR-80A/82) and a modification year (T-72B3 Obr.2023, Mod. 2016).
_VARIANTS = rf"(?:/\d{{1,3}}[{_UPPER}]?)*"
_MODIFICATION = r"(?:\s+(?:[Oo]br|[Mm]od|[Оо]бр)\.\s?\d{4})?"

PATTERN = re.compile(
    rf"(?<![\w$€£-])(?P<base>(?:{_HYPHENATED}|{_DIGIT_FIRST}|{_CAPITALS}){_VARIANTS}|{_NAMED}|{_NAMED_NUMBER})"
    rf"(?P<plural>s)?(?P<mod>{_MODIFICATION})(?![\w-])"
)

#: Look like designators, are not equipment (they still hide their digits from quantities).
NOT_EQUIPMENT = frozenset(
    {"COVID-19", "SARS-COV-2", "H1N1", "H5N1", "G-20", "G20", "G-7", "G7", "G-8", "G8", "MH-17", "MH17", "MH370", "US6"}
)


@dataclass(frozen=True, slots=True)
class Designator:
    """A designator found in a text.

    ``base`` is the model as written, plural dropped ("Mi-17"); ``key`` its matching form
    ("MI-17"); ``variant`` the key with a modification year, if any ("T-72B3 OBR.2023").
    """

    start: int
    end: int
    text: str
    base: str
    key: str
    variant: str
    #: False for things shaped like designators that are not equipment (COVID-19, G20).
    equipment: bool = True

    @property
    def word_end(self) -> int:
        """Where the designator's word ends: after a plural ("Mi-17s"), before a modification year."""
        return self.start + len(self.text.split()[0]) if self.text else self.end


def normalise(text: str) -> str:
    """The matching key of a designator: upper case, plain hyphens, no plural, single spaces.

    "Mi-17s" and "Mi-17" → "MI-17"; "T-72B3 obr. 2023" → "T-72B3 OBR.2023".
    """
    text = re.sub(_DASH, "-", text.strip())
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?i)\b(obr|mod|обр)\.\s?(\d{4})", r"\1.\2", text)
    match = PATTERN.fullmatch(text)
    if match is not None and match["plural"]:
        text = match["base"] + match["mod"]
    text = text.upper()
    return latin(text) if not text.isascii() and _CYRILLIC.search(text) else text


#: Cyrillic capitals and the Latin letters a Russian designator is written with in English.
_TRANSLITERATION = str.maketrans(
    {
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH", "З": "Z", "И": "I",
        "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T",
        "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ъ": "", "Ы": "Y", "Ь": "",
        "Э": "E", "Ю": "YU", "Я": "YA",
    }
)  # fmt: skip
#: Cyrillic capitals drawn like a Latin one: in a designator that also has Latin letters they
#: stand for that letter ("ВТR-80" typed with a Cyrillic "В" is a BTR, not a VTR).
_LOOKALIKES = str.maketrans(
    {"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
     "У": "Y"}
)  # fmt: skip
_CYRILLIC = re.compile("[А-ЯЁ]")
_LATIN = re.compile("[A-Z]")


def latin(key: str) -> str:
    """A key in capitals with its Cyrillic letters in Latin: "МИ-17" → "MI-17", "Т-72Б3" → "T-72B3".

    All-Cyrillic words are transliterated as their names sound; in a word that mixes scripts, the
    Cyrillic letters that look Latin are read as the Latin letter they look like.
    """
    return _PART.sub(_latin_part, key)


_PART = re.compile(r"\S+")


#: Names whose Latin spelling is not their Russian sound letter by letter ("Шахед" is Shahed, not Shakhed).
_SPELLED = {"ШАХЕД": "SHAHED", "ЛАНЦЕТ": "LANCET", "БАЙРАКТАР": "BAYRAKTAR"}
_SPELLED_NAME = re.compile(rf"^(?:{'|'.join(_SPELLED)})(?![А-ЯЁ])")


def _latin_part(part: re.Match[str]) -> str:
    word = part.group()
    if _LATIN.search(word):
        word = word.translate(_LOOKALIKES)
    else:
        word = _SPELLED_NAME.sub(lambda name: _SPELLED[name.group()], word)
    return word.translate(_TRANSLITERATION)


def find(text: str, *, all_shapes: bool = False) -> list[Designator]:
    """Every equipment designator in ``text``, in order.

    With ``all_shapes``, also the lookalikes that are not equipment (``equipment`` False): their
    digits are not counts either ("COVID-19 killed 5 people" counts 5, not 19).
    """
    found = []
    for match in PATTERN.finditer(text):
        base = match["base"]
        key = normalise(base)
        equipment = key not in NOT_EQUIPMENT
        if not equipment and not all_shapes:
            continue
        variant = normalise(base + match["mod"]) if match["mod"] else key
        found.append(Designator(match.start(), match.end(), match.group(), base, key, variant, equipment))
    return found
