"""The quantity, date and equipment a claim is about, parsed from its text or its quoted evidence.

Stored on the claim so that claims can be compared ("at least five T-72B3" against "5 T-72B3
tanks") without re-reading texts. The claim's own words come first; what they lack is taken
from the quote of its first supporting evidence, whose relative dates ("late Wednesday") are
resolved against that source's publication date.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store.audit import canonical

if TYPE_CHECKING:
    from workbench.extract import quantities, temporal


@dataclass(frozen=True)
class Quoted:
    """A quote backing a claim, with the publication date of its source (ISO, any precision)."""

    text: str
    published: str | None = None


@dataclass(frozen=True)
class Mentions:
    """Every quantity, date and equipment key a text states, as the claim columns hold them."""

    quantities: list[dict[str, object]]
    dates: list[dict[str, object]]
    keys: list[str]


def mentions(text: str, published: str | None = None, *, quantities_too: bool = True) -> Mentions:
    """What ``text`` states, relative dates resolved against ``published``; each extractor run once."""
    # the extractors load on first use, not with every module that writes claims (the review
    # workbench's first frame does not wait for their patterns to compile)
    from workbench.extract import items, quantities, temporal

    designators = items.find(text, all_shapes=True)
    keys = [d.key for d in designators if d.equipment]
    masked = [(d.start, d.end) for d in designators]
    dates = temporal.find(text, published=published, masked=masked)
    found = (
        quantities.find(text, designators=designators, masked=[(d.start, d.end) for d in dates])
        if quantities_too
        else []
    )
    return Mentions([_quantity(q) for q in found], [_date(d) for d in dates], keys)


def _quantity(q: quantities.Quantity) -> dict[str, object]:
    fields = ("text", "value", "low", "high", "qualifier", "item", "item_key", "unit")
    return {name: getattr(q, name) for name in fields}


def _date(d: temporal.DateMention) -> dict[str, object]:
    fields = ("text", "start_date", "end_date", "granularity", "relative")
    return {name: getattr(d, name) for name in fields}


def _analyse(
    text: str, published: str | None, *, need_quantity: bool, need_date: bool
) -> tuple[dict[str, object] | None, dict[str, object] | None, list[str]]:
    """(quantity, date, item keys) found in one text: the first date, the best-described quantity."""
    if not (need_quantity or need_date):
        from workbench.extract import items

        return None, None, [d.key for d in items.find(text, all_shapes=True) if d.equipment]
    found = mentions(text, published, quantities_too=need_quantity)
    date = found.dates[0] if need_date and found.dates else None
    quantity = None
    if found.quantities:
        quantity = (
            next((q for q in found.quantities if q["item_key"]), None)
            or next((q for q in found.quantities if q["item"]), None)
            or found.quantities[0]
        )
    return quantity, date, found.keys


def parse(text: str, quotes: Sequence[Quoted] = ()) -> dict[str, str | None]:
    """Column values (canonical JSON or ``None``) for ``quantity``, ``date`` and ``items``."""
    published = quotes[0].published if quotes else None
    quantity, date, keys = _analyse(text, published, need_quantity=True, need_date=True)
    for quote in quotes[:1]:
        more_quantity, more_date, more_keys = _analyse(
            quote.text, quote.published, need_quantity=quantity is None, need_date=date is None
        )
        quantity, date, keys = quantity or more_quantity, date or more_date, keys + more_keys
    unique = list(dict.fromkeys(keys))
    return {
        "quantity": canonical(quantity) if quantity else None,
        "date": canonical(date) if date else None,
        "items": canonical(unique) if unique else None,
    }


def merge(current: dict[str, object], parsed: dict[str, str | None]) -> dict[str, str | None]:
    """Column changes after new evidence.

    A quantity or date only where the claim had none; the new quote's designators are added
    to its items.
    """
    changes: dict[str, str | None] = {}
    for column in ("quantity", "date"):
        if current[column] is None and parsed[column] is not None:
            changes[column] = parsed[column]
    known = json.loads(str(current["items"])) if current["items"] else []
    added = json.loads(parsed["items"]) if parsed["items"] else []
    union = list(dict.fromkeys([*known, *added]))
    if union != known:
        changes["items"] = canonical(union)
    return changes
