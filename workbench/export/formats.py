"""The export formats, each written to a text stream record by record (never built whole in memory).

- ``json``: one document ``{"export": header, "claims": [...], "sources": [...]}``.
- ``jsonl``: a header line (``"type": "export"``), a line per claim, then a line per source.
- ``csv``: a row per claim × evidence in the shape equipment-tracking sheets use; every row
  carries the export's provenance, so a row pasted elsewhere still says where it came from.
- ``claimreview`` and ``annotations``: see ``claimreview.py`` and ``annotations.py``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import Connection

from workbench.export.records import Provenance, Sources, iter_claim_batches, iter_sources

_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def dumps(obj: Any) -> str:
    """JSON as every format writes it: UTF-8 text kept as is, no NaN.

    Keys keep the order the records are built in (fixed by the code, so exports of one state
    are the same bytes); not sorting them saves a fifth of the writing time.
    """
    return _ENCODE(obj)


def _cited(claims: list[dict[str, Any]], into: set[int]) -> None:
    into.update(e["source_id"] for c in claims for e in c["evidence"])


def write_json(out: TextIO, connection: Connection, prov: Provenance, ids: list[int]) -> int:
    """The whole export as one JSON document; returns the number of claims written."""
    out.write('{"export": ' + dumps(prov.as_dict()) + ',\n "claims": [')
    cited: set[int] = set()
    count = 0
    for batch in iter_claim_batches(connection, ids):
        _cited(batch, cited)
        for claim in batch:
            out.write(("\n  " if count == 0 else ",\n  ") + dumps(claim))
            count += 1
    out.write('\n ],\n "sources": [')
    for index, source in enumerate(iter_sources(connection, cited)):
        out.write(("\n  " if index == 0 else ",\n  ") + dumps(source))
    out.write("\n ]\n}\n")
    return count


def write_jsonl(out: TextIO, connection: Connection, prov: Provenance, ids: list[int]) -> int:
    """The export as JSON Lines, a ``type`` on every line; returns the number of claims written."""
    out.write(dumps({"type": "export", **prov.as_dict()}) + "\n")
    cited: set[int] = set()
    count = 0
    for batch in iter_claim_batches(connection, ids):
        _cited(batch, cited)
        for claim in batch:
            out.write(dumps({"type": "claim", **claim}) + "\n")
            count += 1
    for source in iter_sources(connection, cited):
        out.write(dumps({"type": "source", **source}) + "\n")
    return count


#: Columns of the CSV export: the equipment-tracking shape first, then the details.
CSV_COLUMNS = [
    "item", "quantity", "claim", "outlet", "url", "quote", "date", "status", "credibility",
    "claim_id", "evidence_id", "stance", "anchor_status", "source_id", "source_title", "published_at",
    "outlet_reliability", "reprint_of", "independent_sources", "suggested_credibility", "contradicted",
    "quantity_low", "quantity_high", "qualifier", "exported_from", "exported_at", "exported_by", "chain_head",
]  # fmt: skip

#: A cell starting with one of these is a formula to a spreadsheet (CSV injection): shown as text.
_FORMULA = frozenset("=+-@\t\r")


def _safe(row: list[Any]) -> list[Any]:
    return ["'" + v if v.__class__ is str and v and v[0] in _FORMULA else v for v in row]


def _number(value: Any) -> Any:
    """5.0 as 5: counts read as counts in a spreadsheet."""
    return "" if value is None else int(value) if isinstance(value, float) and value.is_integer() else value


def _quantity(quantity: dict[str, Any] | None) -> tuple[Any, Any, Any, Any]:
    """(value or range, low, high, qualifier) of a parsed quantity."""
    if not quantity:
        return "", "", "", ""
    value, low, high = (_number(quantity.get(k)) for k in ("value", "low", "high"))
    shown = value if value != "" else (f"{low}–{high}" if low != "" and high != "" else low or high)
    return shown, low, high, quantity.get("qualifier") or ""


def csv_rows(claim: dict[str, Any], sources: dict[int, dict[str, Any]], prov: Provenance) -> Iterator[list[Any]]:
    """The rows of one claim: one per piece of evidence (one row without evidence if it has none)."""
    shown, low, high, qualifier = _quantity(claim["quantity"])
    items = "; ".join(claim["items"] or []) or ((claim["quantity"] or {}).get("item") or "")
    date = claim["date"] or {}
    for evidence in claim["evidence"] or [None]:
        source = sources.get(evidence["source_id"], {}) if evidence else {}
        outlet = source.get("outlet") or {}
        yield [
            items, shown, claim["text"], outlet.get("name", ""), source.get("url") or "",
            evidence["quote"] if evidence else "", date.get("start_date") or date.get("text") or "",
            claim["status"], claim["credibility"], claim["id"], evidence["id"] if evidence else "",
            evidence["stance"] if evidence else "", evidence["anchor_status"] if evidence else "",
            evidence["source_id"] if evidence else "", source.get("title") or "", source.get("published_at") or "",
            outlet.get("reliability", ""), source.get("reprint_of") or "", claim["independent_sources"],
            claim["suggested_credibility"], "yes" if claim["contradicted"] else "", low, high, qualifier,
            prov.store, prov.exported_at, prov.reviewer, prov.chain_head,
        ]  # fmt: skip


def write_csv(out: TextIO, connection: Connection, prov: Provenance, ids: list[int]) -> int:
    """One row per claim × evidence; returns the number of claims written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    sources = Sources(connection)
    count = 0
    for batch in iter_claim_batches(connection, ids):
        known = sources.fetch(batch)
        for claim in batch:
            writer.writerows(_safe(row) for row in csv_rows(claim, known, prov))
            count += 1
    return count
