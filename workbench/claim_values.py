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

from store.audit import canonical
from workbench.extract import items, quantities, temporal


@dataclass(frozen=True)
class Quoted:
    """A quote backing a claim, with the publication date of its source (ISO, any precision)."""

    text: str
    published: str | None = None


def _analyse(
    text: str, published: str | None, *, need_quantity: bool, need_date: bool
) -> tuple[dict[str, object] | None, dict[str, object] | None, list[str]]:
    """(quantity, date, item keys) found in one text, each extractor run once."""
    designators = items.find(text, all_shapes=True)
    keys = [d.key for d in designators if d.equipment]
    if not (need_quantity or need_date):
        return None, None, keys
    masked = [(d.start, d.end) for d in designators]
    dates = temporal.find(text, published=published, masked=masked)
    date: dict[str, object] | None = None
    if need_date and dates:
        first = dates[0]
        date = {
            "text": first.text,
            "start_date": first.start_date,
            "end_date": first.end_date,
            "granularity": first.granularity,
            "relative": first.relative,
        }
    quantity: dict[str, object] | None = None
    if need_quantity:
        found = quantities.find(text, designators=designators, masked=[(d.start, d.end) for d in dates])
        if found:
            best = next((q for q in found if q.item_key), None) or next((q for q in found if q.item), found[0])
            quantity = {
                "text": best.text,
                "value": best.value,
                "low": best.low,
                "high": best.high,
                "qualifier": best.qualifier,
                "item": best.item,
                "item_key": best.item_key,
                "unit": best.unit,
            }
    return quantity, date, keys


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
