"""A fact: one figure of a text, with what it counts, the event it belongs to and the names around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from store.vocabulary import FactKind

#: Version of the extraction rules: stored facts of an older version are worked out again
#: (``workbench.facts.engine``). A change to the facts, names or candidate keys
#: (``workbench.facts.pairs.keys``, ``pack``), or to the wording words stored beside them
#: (``workbench.matching.normalize``: ``matchable``, ``block_tokens``, its stopwords and plurals;
#: ``workbench.extract.items``), must raise it, or the stored ones go stale. Kept here, with the
#: facts, so that a reader of stored facts need not load the matching engine to check them.
RULES = 20

#: The first figure written in digits: "140,660", "284.46".
_NUMBER = re.compile(r"\d[\d,.]{0,30}")


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure of a text and what it is about.

    ``low``/``high`` bound the figure (``None`` = unbounded) in the fact's own ``unit``;
    ``value`` is the figure as stated ("at least 50" → 50). ``precision`` is the step the figure
    is stated to ("2,000" → 1,000, "2.3 million" → 100,000, "five" → 1), so that "230 feet" and
    "229 feet" can agree while "400" and "450" pounds do not. Dates are day numbers
    (``date.toordinal``) and clock times minutes after midnight, in UTC when ``unit`` is
    ``"UTC"`` and local otherwise.
    """

    kind: FactKind
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None = None
    precision: float = 1.0
    #: What is counted or measured, as written ("service members"), and its lemma ("member").
    counted: str | None = None
    lemma: str | None = None
    #: The event the figure belongs to ("kill", "injure"; see ``workbench.facts.lexicon``).
    predicate: str | None = None
    #: Severity words narrowing the predicate ("serious").
    severity: str | None = None
    #: Names of people, places and organisations in the figure's clause.
    entities: tuple[str, ...] = field(default_factory=tuple)
    #: Content words of the figure's clause, lower case: what else the clause is about.
    context: tuple[str, ...] = field(default_factory=tuple)
    #: A running total ("adds to at least four", "a total of 31", "so far"), not one instance.
    total: bool = False
    #: A part of a whole the text names: "15 of the more than 200 schoolgirls".
    part: bool = False
    #: A date the text gives relative to its publication ("on Tuesday", "last year"): placed, but
    #: only as well as the publication date is known.
    relative: bool = False

    @property
    def specific(self) -> bool:
        """A figure precise enough to name one fact in a story: "$284.46", "129 people", "140,660 lb", "9:36".

        Three significant digits or more, or a clock time; a year, a round figure ("20,000"), a
        small count or a stretch of the day ("between 5pm and 9pm") is said of many things.
        """
        if self.kind == "time":
            return self.value is not None
        if self.kind in {"year", "date", "age", "ordinal"} or self.value is None:
            return False
        number = _NUMBER.search(self.text)  # the figure's own digits, not a designator's ("41 ZU-23-2 guns")
        digits = "".join(c for c in number.group() if c.isdigit()) if number else ""
        return len(digits.strip("0")) >= 3

    def as_json(self) -> dict[str, Any]:
        """The fact as stored and exported (field by field: ``dataclasses.asdict`` deep-copies, ten times slower)."""
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fact:
        """A fact as ``as_json`` wrote it."""
        values = dict(data)
        values["entities"] = tuple(values.get("entities") or ())
        values["context"] = tuple(values.get("context") or ())
        return cls(**values)


_FIELDS = tuple(f.name for f in fields(Fact))
