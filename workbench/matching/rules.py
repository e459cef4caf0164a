"""Whether two similarly worded claims are one claim, or contradict each other.

Text similarity is computed with the numbers masked, so "two helicopters were delivered" and
"four helicopters were delivered" look alike; these rules then read the values each claim
states (its parsed quantity, date and designators):

- **quantities** are comparable when they count the same thing (the same designator, or the
  same head noun: "helicopters" = "combat helicopters") in the same unit. Overlapping
  intervals ("at least five" and "5") are compatible; disjoint ones ("two" and "four")
  contradict. Quantities of plainly different things (different designators, or different
  nouns: "helicopters" and "aircraft") keep the pair apart whatever the figures, and so do
  disjoint quantities of things not known to be the same ("two Mi-17s" and "four helicopters");
- **dates**, when both are stated in full (not "last month" or "May 4", which only mean
  something against a publication date): overlapping periods are compatible, disjoint ones
  contradict ("in 2020" and "in 2022"). On the development news clusters, relative dates in
  similar sentences were mostly different reference points ("Sunday's incident comes after
  ... told employees last month"), not disagreements;
- **names**: claims that both name people or places (capitalised words past the first of a
  sentence) and share none of those names are about different things, kept apart ("received
  7 BMP-2 in Lémama" and "received 60 BMP-2 in Batera" are two deliveries, not one in
  dispute). On MRPC this costs about 2 points of recall and no precision; on formulaic
  claims it is what tells events apart. A contradiction asks more: it is suggested only if
  not each claim names someone or somewhere the other does not (a disagreement is about one
  event; "268 T-72B3 to Boumamo" and "400 T-72B3 to Mibouni" are two). Duplicates are not
  held to that: restatements in other outlets name things differently too often (15 % of
  MRPC paraphrases);
- **designators**: claims naming only different equipment (Mi-17 and Mi-24) are about
  different things, unless the rest is identical word for word, which makes it a
  contradiction about which one.

Anything else similar enough is a duplicate suggestion.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from workbench.figures import figure
from workbench.matching.normalize import names, singular

#: Text score (0–100) at and above which claims naming different equipment but otherwise
#: worded the same are suggested as contradicting each other about which equipment.
SAME_WORDING = 95


@dataclass(frozen=True)
class Values:
    """What a claim states, as parsed (see ``workbench.claim_values``)."""

    quantity: dict[str, Any] | None = None
    date: dict[str, Any] | None = None
    items: frozenset[str] = field(default_factory=frozenset)
    #: Names of people and places in the text (``workbench.matching.normalize.names``); ``None``
    #: until computed, which the matcher does only for claims in pairs worth judging.
    names: frozenset[str] | None = None

    @classmethod
    def from_columns(cls, quantity: str | None, date: str | None, items: str | None, text: str | None = None) -> Values:
        """From the claim table's JSON columns (and the names in the claim's text, if given)."""
        found = cls(
            json.loads(quantity) if quantity else None,
            json.loads(date) if date else None,
            frozenset(json.loads(items)) if items else frozenset(),
        )
        return found if text is None else found.with_names(text)

    def with_names(self, text: str) -> Values:
        """These values with the names in ``text`` (designators left out), computed if not yet."""
        if self.names is not None:
            return self
        return replace(self, names=names(text) - {key.lower() for key in self.items})


@dataclass(frozen=True)
class ClaimText:
    """What the matcher needs of a claim."""

    id: int
    text: str
    values: Values


@dataclass(frozen=True)
class Verdict:
    """A suggestion: ``duplicate`` or ``contradiction`` (with its ``aspect``), and why."""

    kind: str
    reason: str
    aspect: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def _head(item: str | None) -> str | None:
    """The head noun of a counted phrase, plural folded: "new armoured vehicles" → "vehicle"."""
    if not item:
        return None
    word = item.split()[-1].lower()
    return singular(word)


def _bounds(quantity: dict[str, Any]) -> tuple[float, float]:
    low, high = quantity.get("low"), quantity.get("high")
    return (float("-inf") if low is None else low, float("inf") if high is None else high)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def describe(quantity: dict[str, Any]) -> str:
    """A quantity as a reviewer reads it: "at least 5 T-72B3", "2–3 drones", "143 million USD"."""
    number = figure
    qualifier = quantity.get("qualifier")
    if qualifier == "range":
        amount = f"{number(quantity.get('low'))}–{number(quantity.get('high'))}"
    else:
        words = {"at_least": "at least ", "at_most": "at most ", "approx": "about "}.get(qualifier or "", "")
        amount = words + number(quantity.get("value"))
    what = quantity.get("unit") or quantity.get("item_key") or quantity.get("item") or ""
    return f"{amount} {what}".strip()


def _same_subject(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """What two quantities both count, if they count the same thing in the same unit."""
    if a.get("unit") != b.get("unit"):
        return None
    if a.get("item_key") or b.get("item_key"):
        return str(a["item_key"]) if a.get("item_key") == b.get("item_key") else None
    head_a, head_b = _head(a.get("item")), _head(b.get("item"))
    if head_a != head_b:
        return None
    return head_a or a.get("unit") or ""


def _different_things(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two quantities plainly count different things: different designators, or nouns."""
    if a.get("item_key") and b.get("item_key"):
        return bool(a["item_key"] != b["item_key"])
    if a.get("item_key") or b.get("item_key") or a.get("unit") != b.get("unit"):
        return False  # "two Mi-17s" may well be "two helicopters"
    head_a, head_b = _head(a.get("item")), _head(b.get("item"))
    return head_a is not None and head_b is not None and head_a != head_b


def _absolute(date: dict[str, Any] | None) -> bool:
    """A resolved date the text states in full, with its year."""
    return bool(date and date.get("start_date") and not date.get("relative"))


def _dates_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["start_date"] <= b["end_date"] and b["start_date"] <= a["end_date"])


def pick_values(
    claim: Values, quantities: list[dict[str, Any]], dates: list[dict[str, Any]], keys: list[str], text: str
) -> Values:
    """What a longer text (a sentence) states about the claim's subject, to classify against it.

    A sentence may state several figures: the quantity compared is one counting what the claim
    counts (a compatible one if there is one), and the date one that overlaps the claim's if
    any; a figure about something else says nothing for or against the claim.
    """
    quantity = None
    if claim.quantity:
        same = [q for q in quantities if _same_subject(claim.quantity, q) is not None]
        wanted = _bounds(claim.quantity)
        quantity = next((q for q in same if _overlap(wanted, _bounds(q))), same[0] if same else None)
    date = None
    if claim.date and claim.date.get("start_date"):
        resolved = [d for d in dates if d.get("start_date")]
        date = next((d for d in resolved if _dates_overlap(claim.date, d)), resolved[0] if resolved else None)
    return Values(quantity, date, frozenset(keys)).with_names(text)


def classify(a: Values, b: Values, score: float) -> Verdict | None:
    """The suggestion for two claims whose wording scored ``score``, or ``None`` to keep them apart."""
    a_names, b_names = a.names or frozenset(), b.names or frozenset()
    verdict = _classify(a, b, a_names, b_names, score)
    if verdict is not None and verdict.kind == "contradiction" and a_names - b_names and b_names - a_names:
        return None  # each names someone or somewhere the other does not: two events, not one in dispute
    return verdict


def _classify(a: Values, b: Values, a_names: frozenset[str], b_names: frozenset[str], score: float) -> Verdict | None:
    detail: dict[str, Any] = {"text_score": score}
    if a_names and b_names and not a_names & b_names:
        return None
    if a.items and b.items and not a.items & b.items:
        if score >= SAME_WORDING:
            detail |= {"a": sorted(a.items), "b": sorted(b.items)}
            reason = f"same wording, different equipment: {', '.join(sorted(a.items))} / {', '.join(sorted(b.items))}"
            return Verdict("contradiction", reason, "entity", detail)
        return None
    quantity_note = ""
    if a.quantity and b.quantity:
        if _different_things(a.quantity, b.quantity):
            return None  # "four combat helicopters" and "four trainer aircraft": not one claim
        subject = _same_subject(a.quantity, b.quantity)
        disjoint = not _overlap(_bounds(a.quantity), _bounds(b.quantity))
        detail |= {"a_quantity": describe(a.quantity), "b_quantity": describe(b.quantity)}
        if subject is not None and disjoint:
            what = f"same {subject}, different" if subject else "different"
            reason = f"{what} numbers: {describe(a.quantity)} / {describe(b.quantity)}"
            return Verdict("contradiction", reason, "quantity", detail)
        if disjoint:
            return None  # different numbers of things not known to be the same
        if subject:
            quantity_note = f"; same {subject}, compatible numbers: {describe(a.quantity)} / {describe(b.quantity)}"
    if _absolute(a.date) and _absolute(b.date):
        assert a.date is not None and b.date is not None
        detail |= {"a_date": a.date.get("text"), "b_date": b.date.get("text")}
        if not _dates_overlap(a.date, b.date):
            first, second = a.date["start_date"], b.date["start_date"]
            reason = f"different dates: {a.date.get('text')} ({first}) / {b.date.get('text')} ({second})"
            return Verdict("contradiction", reason, "date", detail)
    return Verdict("duplicate", f"similar wording (score {figure(round(score))}){quantity_note}", detail=detail)
