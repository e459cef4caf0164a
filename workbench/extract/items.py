"""Equipment and model designators: T-72B3 Obr.2023, Mi-17, L-39C, BTR-80A/82, 59N6-TE, Su-25, VN2C."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = "[-‐‑‒–]"
#: Letter prefix, dash, digits and suffixes: T-72B3, T-72B3M, Mi-17, Mi-171Sh, Mi-8MTV-5, L-39C, Su-25,
#: S-60, BRDM-2, MiG-29, AH-64E.
_HYPHENATED = (
    rf"[A-Z][A-Za-z]{{0,4}}{_DASH}\d{{1,4}}(?:[A-Z]{{1,4}}\d{{0,2}}|[A-Z][a-z]{{1,2}}(?![a-z])){{0,2}}"
    rf"(?:{_DASH}\d{{1,2}}(?!\d|[.,]\d))?"
)
#: Digit first: 59N6-TE, 9K33, 2S19, 9M133.
_DIGIT_FIRST = rf"\d{{1,2}}[A-Z]\d{{1,3}}(?:{_DASH}[A-Z0-9]{{1,4}})?"
#: Capitals then digits: VN2C, KM450, EQ2050, M36, M1A2 (one capital needs two digits or a letter
#: and digit after: not "G5").
_CAPITALS = r"(?:[A-Z]{2,4}\d{1,4}[A-Z]{0,2}\d{0,2}|[A-Z]\d{2,4}[A-Z]{0,2}|[A-Z]\d[A-Z]\d{1,2})"
#: A name and a letter variant: Typhoon-K (three or more letters first: not "Al-Q...").
_NAMED = rf"[A-Z][a-z]{{2,}}{_DASH}[A-Z]{{1,2}}(?![a-z])"
#: Variants after a slash (BTR-80A/82) and a modification year (T-72B3 Obr.2023, Mod. 2016).
_VARIANTS = r"(?:/\d{1,3}[A-Z]?)*"
_MODIFICATION = r"(?:\s+(?:[Oo]br|[Mm]od)\.\s?\d{4})?"

PATTERN = re.compile(
    rf"(?<![\w$€£-])(?P<base>(?:{_HYPHENATED}|{_DIGIT_FIRST}|{_CAPITALS}){_VARIANTS}|{_NAMED})"
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
    text = re.sub(r"(?i)\b(obr|mod)\.\s?(\d{4})", r"\1.\2", text)
    match = PATTERN.fullmatch(text)
    if match is not None and match["plural"]:
        text = match["base"] + match["mod"]
    return text.upper()


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
