"""Whether two facts are one fact, and if so whether their figures agree.

Two facts can only be one when they are of one kind in one dimension (a count and a count, a
length and a length, dollars and dollars, two UTC times). Then their figures, converted to one
unit, are compared (``compare_values``) and:

- **the same figure** (within its rounding; an "about" figure within half its step or 5 %; a
  bare "ton" any of the three tons) is an **agreement** when something positive joins the two
  (the predicate, the counted thing, a word or name of their clauses, or a figure that names
  one fact on its own: precise, ``Fact.specific``, or with a unit: "$20 billion", "92 percent",
  a duration of ``LONG`` units or more, a day: "Dec. 31", and stated alike in both: not a bound
  against a figure, "up to 62,540 pounds" / "nearly 60,000 pounds") and nothing
  parts them: different predicates ("seven killed" / "seven injured") or severities make them
  **distinct**, and the same figure of two different things ("four helicopters" / "four
  L-39C") is no suggestion; a count of nothing said ("the last two") is joined to a count of
  something ("two teams") only by an event or a thing, never by a word of its clause;
- **different figures** are **distinct** when one is a running total and the other one instance
  ("adds to at least four helicopters" / "received two helicopters"), one a part and the other
  the whole ("15 of the more than 200"), their predicates, severities or counted things
  differ, or they are far apart: ten times or more ("140,000 pounds of cargo" / "5 million
  pounds of thrust"), twice for sums and shares, unless one is zero or a toll grows.
  Otherwise they are a **contradiction** of a type (``hard``, ``soft``, ``revised``, ``unit``)
  only when more joins them than an agreement needs, since two figures that differ are, in
  news, more often two facts than one in dispute:

  - a count: the predicate *and* the counted thing or a word of the clause (or neither counting
    a thing: "more than 500 were injured" / "injured more than 400");
  - a measure or an age: the thing measured, or whose age ("a 181-kg gorilla" / "a 450-pound
    gorilla", "a 4-year-old boy" / "a 3-year-old boy"), or the predicate and a word;
  - money or a share: the predicate and two words (a story states many sums and shares), or
    the predicate and two precise figures within ``CLOSE`` ("$5,920" / "$5,967.34");
  - a year or a date: the predicate and a word (a story names many years), and never a date
    given relative to publication ("on Tuesday").

  ``support`` counts what the two sentences share besides these clauses (a figure they agree
  on), each worth a word.

Names are weighed against the whole sentences, in ``workbench.facts.judge``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from store.vocabulary import ConflictType
from workbench.facts.model import Fact
from workbench.facts.units import base
from workbench.figures import figure

Outcome = Literal["agreement", "contradiction", "distinct"]

#: Predicates whose figures grow as a story unfolds: a higher later count updates an earlier one.
GROWING = frozenset({"kill", "injure", "hospitalise", "arrest", "missing", "evacuate", "displace", "sign", "rescue"})
#: Relative tolerance of "about", "some", "nearly", "almost" (besides the step the figure is stated
#: to): "roughly 90 percent" is 89, "about 12 feet" is not 15, and "some 197 girls" is not 218.
APPROXIMATE = 0.05
#: How far apart the readings of a bare "ton" are (short, metric, long): 12 %.
TONS = 0.12
_TONS = re.compile(r"\btons?\b(?<!metric tons)(?<!metric ton)", re.IGNORECASE)
#: Figures below this, in one unit, are stated exactly: "30 engines" and "27 engines" differ, and so
#: do "up to 10 years" and "up to 14 years"; larger ones may be rounded ("230 feet" / "229 feet").
ROUND_COUNTS = 100
_EXACT_KINDS = frozenset({"year", "date", "time", "age", "ordinal"})
#: Qualifiers that bound a figure instead of stating it.
_BOUNDS = frozenset({"at_least", "at_most"})
#: Kinds whose figures carry a unit or a calendar: one of them said alike names one thing more often.
_UNITED = frozenset({"money", "percent", "measure", "time"})
#: Minutes in a day: a time range may end the next day.
_DAY = 24 * 60.0
#: Durations this long or more in their unit are said of few things ("17 minutes", "25 years");
#: "two days" is said of many.
LONG = 10


@dataclass(frozen=True, slots=True)
class Alignment:
    """What two facts are to each other, and the rule that said so."""

    outcome: Outcome
    #: The rule, with ``{shown}`` where both figures go: written out only when it is read, since
    #: most alignments a run weighs are never shown.
    rule: str
    a: Fact
    b: Fact
    conflict: ConflictType | None = None

    @property
    def reason(self) -> str:
        """The rule that fired, with both figures in plain numbers."""
        return self.rule.format(shown=f"{describe(self.a)} / {describe(self.b)}")


def dimension(fact: Fact) -> tuple[str, float]:
    """(what the figure is measured in, the size of its unit in that dimension's base unit)."""
    return _dimension(fact.kind, fact.unit)


@cache
def _dimension(kind: str, unit: str | None) -> tuple[str, float]:
    if kind == "time":
        return f"time-{unit}", 1.0
    if kind in {"year", "date", "ordinal"}:
        return kind, 1.0
    return base(unit)


def describe(fact: Fact) -> str:
    """A fact's figure in plain numbers: "at least 50 people", "181 kg", "19:36 UTC", "2014"."""
    if fact.kind == "time":
        zone = "UTC" if fact.unit == "UTC" else "local time"
        if fact.value is not None:
            return f"{_clock(fact.value)} {zone}"
        return f"{_clock(fact.low or 0)}–{_clock(fact.high or 0)} {zone}"
    if fact.kind == "date":
        low = date.fromordinal(int(fact.low or 0)).isoformat()
        high = date.fromordinal(int(fact.high or 0)).isoformat()
        return low if low == high else f"{low} to {high}"
    if fact.kind == "year":
        return str(int(fact.value)) if fact.value is not None else fact.text
    if fact.qualifier == "range":
        amount = f"{figure(fact.low)}–{figure(fact.high)}"
    else:
        words = {"at_least": "at least ", "at_most": "at most ", "approx": "about "}.get(fact.qualifier, "")
        amount = words + figure(fact.value)
    what = "year-old" if fact.kind == "age" else fact.unit or fact.counted or ""
    if fact.kind == "age" and fact.unit and fact.unit != "year":
        what = f"{fact.unit}-old"
    return f"{amount} {what}".strip()


def _clock(minutes: float) -> str:
    hours, minute = divmod(int(minutes) % (24 * 60), 60)
    return f"{hours:02d}:{minute:02d}"


def shown(fact: Fact) -> dict[str, Any]:
    """A fact as screens, ``show claim`` and exports give it.

    Its span, its figure in plain numbers (``describe``), what it counts and its event.
    """
    return {
        "kind": fact.kind,
        "start": fact.start,
        "end": fact.end,
        "text": fact.text,
        "value": describe(fact),
        "qualifier": fact.qualifier,
        "unit": fact.unit,
        "counted": fact.lemma,
        "event": fact.predicate,
        "severity": fact.severity,
        "total": fact.total,
        "part": fact.part,
        "relative": fact.relative,
    }


def _related(a: str, b: str) -> bool:
    """The same counted thing: one lemma, or one ending the other ("schoolgirl" / "girl")."""
    return a == b or (len(b) > 3 and a.endswith(b)) or (len(a) > 3 and b.endswith(a))


def _unnamed(fact: Fact) -> bool:
    """A count of nothing said: neither a thing counted nor an event ("the last two")."""
    return not (fact.lemma or fact.predicate)


def _named_by(a: Fact, b: Fact) -> bool:
    """What ``a`` counts is a word of ``b``'s clause, and ``b`` counts nothing named.

    "A 450-pound gorilla" and "the gorilla weighed 400 pounds".
    """
    return bool(a.lemma and b.lemma is None and a.lemma in b.context)


#: Kinds whose figures can be set side by side as amounts: a ratio between them means something.
_AMOUNTS = frozenset({"count", "measure", "money", "duration"})
#: Two amounts this many times apart are two things, not one in dispute ("140,000 pounds of cargo",
#: "5 million pounds of thrust"), unless one is none at all or a toll grows.
MAGNITUDE = 10


#: Sums of money and shares twice apart or more are two things: a story states many of them (the
#: earnings, the charge, the tax, the estimate), and one sum in dispute is stated close to itself.
MAGNITUDE_MONEY = 2


#: How near two precise figures of one event must be to be taken as one figure told two ways.
CLOSE = 0.05


def _close(a: Fact, b: Fact) -> bool:
    """Two precise figures ("$5,920", "$5,967.34") within ``CLOSE`` of each other."""
    if not (a.specific and b.specific) or a.value is None or b.value is None:
        return False
    x, y = abs(a.value * dimension(a)[1]), abs(b.value * dimension(b)[1])
    return max(x, y) > 0 and abs(x - y) <= CLOSE * max(x, y)


def _apart(a: Fact, b: Fact) -> str | None:
    """How far apart two amounts of one dimension are, when too far to be one figure in dispute."""
    if a.kind not in _AMOUNTS | {"percent"} or a.value is None or b.value is None:
        return None
    small, large = sorted((abs(a.value * dimension(a)[1]), abs(b.value * dimension(b)[1])))
    if small == 0:
        return None  # none against some is a dispute whatever the figure
    if a.kind in {"money", "percent"} and large >= MAGNITUDE_MONEY * small:
        return "sums or shares twice apart or more: two of the story's figures, not one in dispute"
    if large >= MAGNITUDE * small:
        return "an order of magnitude apart: two things, not one in dispute"
    return None


def _difference(a: Fact, b: Fact) -> str | None:
    """What plainly makes two facts different facts, if anything."""
    if a.total != b.total and a.value != 0 and b.value != 0:
        # none at all is no single report: "not yet identified any suspects" and "a total of 31"
        return "a running total and a single report"
    if a.part != b.part:
        return 'a part and the whole ("15 of the 200")'
    if a.predicate and b.predicate and a.predicate != b.predicate:
        return f"different events: {a.predicate} / {b.predicate}"
    if a.severity != b.severity and (a.predicate or b.predicate):
        return f"different severities: {a.severity or 'any'} / {b.severity or 'any'}"
    if a.lemma and b.lemma and not _related(a.lemma, b.lemma):
        return f"different things counted: {a.lemma} / {b.lemma}"
    apart = _apart(a, b)
    if apart and not (a.predicate in GROWING and a.predicate == b.predicate):
        return apart
    return None


def _interval(fact: Fact, size: float) -> tuple[float, float, float, float]:
    """(stated value, low, high, step) in base units; unbounded sides as infinities."""
    value = fact.value if fact.value is not None else fact.low if fact.low is not None else fact.high
    low = float("-inf") if fact.low is None else fact.low * size
    high = float("inf") if fact.high is None else fact.high * size
    return (value or 0.0) * size, low, high, fact.precision * size


_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|millions|several)\b", re.IGNORECASE)


def _vague(fact: Fact) -> bool:
    return fact.qualifier == "at_least" and _VAGUE.search(fact.text) is not None


def compare_values(a: Fact, b: Fact) -> tuple[bool, ConflictType | None, str]:
    """(compatible, conflict type if not, the rule: ``{shown}`` stands for both figures)."""
    _, size_a = dimension(a)
    _, size_b = dimension(b)
    va, la, ha, step_a = _interval(a, size_a)
    vb, lb, hb, step_b = _interval(b, size_b)
    converted = a.unit != b.unit and a.kind != "time"
    if _vague(a) or _vague(b):  # "hundreds injured": a lower bound by convention, not a figure claimed
        if la <= hb and lb <= ha:
            return True, None, "within the vague figure: {shown}"
        return False, "hard", "beyond the vague figure: {shown}"
    if a.qualifier == "range" or b.qualifier == "range":
        slack = max(step_a, step_b) / 2 if converted else 0.0  # "10 to 12 feet" and "3.7 metres"
        # a stretch of the day may run past midnight ("between 11 p.m. and 2 a.m." is 23:00 to
        # 26:00): a time of the next day ("at 1 a.m.") is inside it
        days = (-_DAY, 0.0, _DAY) if a.kind == "time" else (0.0,)
        if any(la - slack <= hb + day and lb + day - slack <= ha for day in days):
            return True, None, "ranges overlap: {shown}"
        return False, "unit" if converted else "hard", "ranges apart: {shown}"
    tolerance = 0.0
    if a.kind not in _EXACT_KINDS and (converted or max(abs(a.value or 0), abs(b.value or 0)) >= ROUND_COUNTS):
        tolerance = max(step_a, step_b) / 2 * (1 - 1e-9)  # as rounded as the rounder figure
    if bool(_TONS.search(a.text)) != bool(_TONS.search(b.text)):
        # "tons" is 907 kg in the US, 1,016 kg in Britain and 1,000 as a tonne: any of them
        tolerance = max(tolerance, TONS * max(abs(va), abs(vb)))
    for fact, step in ((a, step_a), (b, step_b)):
        if fact.qualifier == "approx":  # "about 300" is 250-350; "an estimated $1.9 billion" is not $2.07 billion
            # a small count is stated exactly: "about 10 killed" is not 15, whatever its step
            rounded = step / 2 if a.kind != "count" or max(abs(va), abs(vb)) >= ROUND_COUNTS * size_a else 0.0
            tolerance = max(tolerance, rounded, APPROXIMATE * max(abs(va), abs(vb)))
    bounds = {a.qualifier, b.qualifier} & {"at_least", "at_most"}
    if a.qualifier == b.qualifier and bounds and not converted:
        # "more than a million" and "in excess of 1.1 million" are two bounds: each stated is a
        # claim of where the figure starts, not a figure rounded ("more than 1,000" / "over 1,000");
        # only the float error of reading "2.01 million" is allowed
        tolerance = 1e-9 * max(abs(va), abs(vb))
    same = abs(va - vb) <= tolerance if tolerance else va == vb
    if same:
        return True, None, "same figure: {shown}" + (" (converted)" if converted else "")
    if bounds == {"at_least"} and a.qualifier == b.qualifier:
        return False, "soft", "different lower bounds: {shown}"
    if bounds == {"at_most"} and a.qualifier == b.qualifier:
        return False, "soft", "different upper bounds: {shown}"
    if bounds and la <= hb and lb <= ha:
        growing = a.predicate in GROWING or b.predicate in GROWING
        if "at_least" in bounds and growing:
            return False, "revised", "a lower bound and a higher count: {shown}"
        return True, None, "within the bound: {shown}"
    if converted:
        return False, "unit", "disagree once converted: {shown}"
    if a.kind == "count" and (a.predicate in GROWING or b.predicate in GROWING) and a.predicate == b.predicate:
        return False, "revised", "a toll reported differently (it may have been updated): {shown}"
    return False, "hard", "different figures: {shown}"


def align(a: Fact, b: Fact, support: int = 0) -> Alignment | None:
    """What two facts are to each other, or ``None`` when nothing says they are about one thing.

    ``support`` counts what joins the two sentences besides these facts' clauses: figures they
    agree on ("at the end of 2016" in both), each worth a word in common.
    """
    if a.kind != b.kind:
        return None
    dim_a, dim_b = dimension(a)[0], dimension(b)[0]
    if dim_a != dim_b:
        return None
    same_predicate = bool(a.predicate and a.predicate == b.predicate)
    same_thing = bool(a.lemma and b.lemma and _related(a.lemma, b.lemma)) or _named_by(a, b) or _named_by(b, a)
    shared = (set(a.context) & set(b.context)) | (set(a.entities) & set(b.entities))
    compatible, conflict, why = compare_values(a, b)
    if compatible:
        # the same figure: different events or severities make two facts; otherwise one thing in
        # common is enough, unless each counts something else and no event word joins them
        if a.predicate and b.predicate and a.predicate != b.predicate:
            return Alignment("distinct", _literal(f"different events: {a.predicate} / {b.predicate}"), a, b)
        if a.severity != b.severity and (a.predicate or b.predicate):
            severities = f"different severities: {a.severity or 'any'} / {b.severity or 'any'}"
            return Alignment("distinct", _literal(severities), a, b)
        if a.lemma and b.lemma and not same_thing:
            return None  # "four helicopters" / "four L-39C": the same figure of two things
        if a.kind == "count" and _unnamed(a) != _unnamed(b) and not (same_thing or same_predicate):
            # "the last two" names neither a thing nor an event: a word of the clause in common
            # ("drought") does not make it "two teams"
            return None
        # "$284.46" twice in one story is one fact, and so is a figure with a unit ("$20 billion",
        # "92 percent", "17 minutes") when nothing tells the two apart: a bare count or a year is
        # said of too many things to stand on its own
        # not merely within a bound, and stated alike: a bound on one side and a figure on the
        # other are two statements ("up to 62,540 pounds" of one rocket, "nearly 60,000 pounds"
        # of another), though the figures are near
        alike = why.startswith("same figure") and not (a.relative or b.relative)
        alike = alike and (a.qualifier == b.qualifier or not {a.qualifier, b.qualifier} & _BOUNDS)
        named = a.kind in _UNITED or (a.kind == "duration" and min(a.value or 0, b.value or 0) >= LONG)
        named = named or (a.kind == "date" and a.low == a.high)  # a day: "on Dec. 31" / "(Dec 31)"
        specific = alike and ((a.specific and b.specific) or named)
        if not (same_predicate or same_thing or shared or specific):
            return None
        if specific and not (same_predicate or same_thing or shared):
            why += " (a figure this precise)"
        return Alignment("agreement", why + _anchors(same_predicate, same_thing, shared, a, b), a, b)
    different = _difference(a, b)
    if different is not None:
        return Alignment("distinct", _literal(different), a, b)
    if a.relative or b.relative:
        return None  # "on Tuesday" in two reports of different days may be one day: only dates stated outright
    words = len(shared) + support
    if a.kind in {"year", "date"}:
        # a story names many years ("their first title since 1908", "the 2016 World Series"): only
        # one event said of both places two of them in dispute
        anchored = same_predicate and words >= 1
    elif a.kind in {"money", "percent"}:
        # a story states many sums and shares ("a 15.5 percent levy", "an 18 percent earnings
        # surge"): the event and two words of the clause in common make two of them one, and so
        # do two precise figures of one event within a few percent ("fell to $5,920" / "fell as
        # low as $5,967.34"): one figure told two ways, since a story rarely has two sums that close
        anchored = same_predicate and (words >= 2 or _close(a, b))
    elif a.kind in {"measure", "age"} or (a.kind == "duration" and a.lemma and b.lemma):
        # what is measured, or whose age, names the fact: "a 181-kg gorilla" / "a 450-pound
        # gorilla", "a 4-year-old boy" / "a 3-year-old boy", "an 11-hour flight" / "an
        # 11-and-a-half hour journey"
        anchored = same_thing or (same_predicate and (words >= 1 or not (a.lemma or b.lemma)))
    else:
        # a count needs its event: "four outs" and "two outs", "10 ships" and "four ships", said of
        # nothing that happened to them, are two facts far more often than one in dispute
        anchored = same_predicate and (same_thing or words >= 1 or not (a.lemma or b.lemma))
    if not anchored:
        return None  # different figures with little in common: more likely two facts than one in dispute
    return Alignment("contradiction", why + _anchors(same_predicate, same_thing, shared, a, b), a, b, conflict)


def _literal(text: str) -> str:
    """Text that goes into a rule as it is (braces doubled for ``str.format``)."""
    return text.replace("{", "{{").replace("}", "}}")


def _anchors(same_predicate: bool, same_thing: bool, shared: set[str], a: Fact, b: Fact) -> str:
    said = []
    if same_predicate:
        said.append(f"both {a.predicate}")
    if same_thing:
        said.append(f"both count {a.lemma or b.lemma}")
    if shared:
        said.append("both say " + ", ".join(sorted(shared)[:3]))
    return _literal(f" ({'; '.join(said)})") if said else ""
