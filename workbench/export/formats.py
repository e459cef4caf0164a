"""The export formats, each written to a text stream record by record (never built whole in memory).

- ``json``: one document ``{"export": header, "claims": [...], "sources": [...]}``.
- ``jsonl``: a header line (``"type": "export"``), a line per claim, then a line per source.
- ``csv``: a row per claim × evidence in the shape equipment-tracking sheets use; every row
  carries the export's provenance, so a row pasted elsewhere still says where it came from.
- ``claimreview`` and ``annotations``: see ``claimreview.py`` and ``annotations.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

import orjson
from sqlalchemy import Connection

from workbench.export.records import Provenance, Sources, iter_claim_batches, iter_sources
from workbench.textsafe import json_safe


def dumps(obj: Any) -> str:
    """JSON as every format writes it: compact, UTF-8 text kept as is, controls and invisibles escaped.

    The escapes (``\\u202e``, ``\\u2060``) are the same data to any JSON reader; shown in a terminal
    or an editor they cannot reorder, hide or drive what is displayed.

    orjson, because with the standard library's encoder writing was a third of an export's time.
    Keys keep the order the records are built in (fixed by the code), so exports of one state of
    the store are the same bytes.
    """
    return json_safe(orjson.dumps(obj).decode())


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
    "claim_id", "evidence_id", "stance", "anchor_status", "current", "source_id", "source_title", "published_at",
    "outlet_reliability", "reprint_of", "independent_sources", "suggested_credibility", "contradicted",
    "quantity_low", "quantity_high", "qualifier", "reviewed_by", "approved_by", "retracted", "exported_from",
    "exported_at", "exported_by", "chain_head",
]  # fmt: skip

#: A cell starting with one of these is a formula to a spreadsheet (CSV injection): shown as text.
_FORMULA = frozenset("=+-@\t\r")


def _text(value: str) -> str:
    """Text from a source or a reviewer, never a formula."""
    return "'" + value if value and value[0] in _FORMULA else value


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


def _source_cells(source: dict[str, Any]) -> tuple[tuple[str, str], tuple[Any, ...]]:
    """A source's cells: (outlet, url) and (title, published, grade, reprint of)."""
    outlet = source.get("outlet") or {}
    return (
        (_text(outlet.get("name") or ""), _text(source.get("url") or "")),
        (_text(source.get("title") or ""), source.get("published_at") or "", outlet.get("reliability") or "",
         source.get("reprint_of") or ""),
    )  # fmt: skip


_NO_SOURCE = (("", ""), ("", "", "", ""))


def _retraction(evidence: dict[str, Any]) -> str:
    """Who retracted the link and why ("by ana: wrong span"); empty for one that stands."""
    retracted = evidence["retracted"]
    return "" if retracted is None else _text(f"by {retracted['by']}: {retracted['note'] or ''}")


def csv_rows(
    claim: dict[str, Any], sources: dict[int, tuple[tuple[str, str], tuple[Any, ...]]], tail: tuple[str, ...]
) -> Iterator[list[Any]]:
    """The rows of one claim: one per piece of evidence (one row without evidence if it has none).

    ``sources`` holds each source's cells (``_source_cells``); ``tail`` the export's provenance.
    """
    shown, low, high, qualifier = _quantity(claim["quantity"])
    items = _text("; ".join(claim["items"] or []) or ((claim["quantity"] or {}).get("item") or ""))
    date = claim["date"] or {}
    when = date.get("start_date") or date.get("text") or ""
    text, status, credibility, claim_id = _text(claim["text"]), claim["status"], claim["credibility"], claim["id"]
    graded = (claim["independent_sources"], claim["suggested_credibility"], "yes" if claim["contradicted"] else "",
              low, high, qualifier, _text(claim["reviewed_by"]), _text(claim["approved_by"] or ""))  # fmt: skip
    for evidence in claim["evidence"]:
        (outlet, url), (title, published, reliability, reprint) = sources.get(evidence["source_id"], _NO_SOURCE)
        yield [items, shown, text, outlet, url, _text(evidence["quote"]), when, status, credibility, claim_id,
               evidence["id"], evidence["stance"], evidence["anchor_status"], "yes" if evidence["current"] else "no",
               evidence["source_id"], title,
               published, reliability, reprint, *graded, _retraction(evidence), *tail]  # fmt: skip
    if not claim["evidence"]:
        yield [items, shown, text, "", "", "", when, status, credibility, claim_id, "", "", "", "", "", "", "", "",
               "", *graded, "", *tail]  # fmt: skip


def write_csv(out: TextIO, connection: Connection, prov: Provenance, ids: list[int]) -> int:
    """One row per claim × evidence; returns the number of claims written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    sources = Sources(connection)
    cells: dict[int, tuple[tuple[str, str], tuple[Any, ...]]] = {}
    tail = (_text(prov.store), prov.exported_at, _text(prov.reviewer), prov.chain_head)
    count = 0
    for batch in iter_claim_batches(connection, ids, with_relations=False):
        for source_id, source in sources.fetch(batch).items():
            if source_id not in cells:
                cells[source_id] = _source_cells(source)
        for claim in batch:
            writer.writerows(csv_rows(claim, cells, tail))
            count += 1
    return count
