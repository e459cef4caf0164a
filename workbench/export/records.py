"""What an export holds, read in batches so that 100,000 claims never sit in memory at once.

Every format (JSON, JSON Lines, CSV, ClaimReview, Web Annotation, the evidence bundle) is a
rendering of the same records: claims with their evidence, relations and corroboration, then the
sources those claims cite. Claims are read ``BATCH`` at a time (one query per table per batch);
corroboration is computed per batch over an ``Independence`` built once.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, func, or_, select

from store import audit
from store.clock import now_iso
from store.vocabulary import CLAIM_STATUSES
from workbench import __version__
from workbench.checks import one_of
from workbench.corroboration import Independence, corroborate
from workbench.errors import NotFound
from workbench.sql import CLAIM as _CLAIM
from workbench.sql import EVENT as _EVENT
from workbench.sql import EVIDENCE as _EVIDENCE
from workbench.sql import FACT as _FACT
from workbench.sql import OUTLET as _OUTLET
from workbench.sql import RELATION as _RELATION
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import SOURCE_ORIGINAL as _SOURCE_ORIGINAL
from workbench.sql import SOURCE_RELATION as _SOURCE_RELATION
from workbench.sql import TAG as _TAG
from workbench.sql import counted, with_outlet

#: Claims read per round trip, and graded per scan of the evidence.
BATCH = 1000
GRADED = 50 * BATCH


@dataclass(frozen=True)
class Provenance:
    """Where an export came from: every export and report names these."""

    store: str
    exported_at: str
    reviewer: str
    chain_seq: int
    chain_head: str
    #: The hash of the log's first event: names the store itself, whatever its path.
    store_id: str
    status: str | None
    claims: tuple[int, ...]
    #: The case the export was narrowed to, if any.
    case: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The header as the JSON formats write it."""
        return {
            "generator": f"claim-workbench {__version__}",
            "store": self.store,
            "store_id": self.store_id,
            "exported_at": self.exported_at,
            "exported_by": self.reviewer,
            "chain_head": {"seq": self.chain_seq, "hash": self.chain_head},
            "selection": {"status": self.status, "claims": list(self.claims) or None}
            | ({"case": self.case} if self.case else {}),
        }


def provenance(
    connection: Connection,
    *,
    store: str,
    reviewer: str,
    status: str | None,
    claims: Iterable[int] = (),
    case: str | None = None,
) -> Provenance:
    """The export's header, read in the same transaction as its records."""
    head = audit.head(connection)
    first = connection.execute(select(_EVENT.c.hash).where(_EVENT.c.seq == 1))
    return Provenance(
        store=store,
        exported_at=now_iso(),
        reviewer=reviewer,
        chain_seq=head.seq,
        chain_head=head.hash,
        store_id=first.scalar() or audit.GENESIS,
        status=status,
        claims=tuple(claims),
        case=case,
    )


def claim_ids(connection: Connection, *, status: str | None, claims: Iterable[int] = ()) -> list[int]:
    """The claims to export, by id: those named (all of them must exist), else by status.

    Raises:
        InvalidInput: an unknown status.
        NotFound: a named claim that does not exist.
    """
    if status is not None:
        status = one_of(status, CLAIM_STATUSES, "status")
    wanted = sorted(set(claims))
    query = select(_CLAIM.c.id).order_by(_CLAIM.c.id)
    if wanted:
        query = query.where(_CLAIM.c.id.in_(wanted))
    if status is not None:
        query = query.where(_CLAIM.c.status == status)
    found = list(connection.execute(query).scalars())
    if wanted:
        existing = set(connection.execute(select(_CLAIM.c.id).where(_CLAIM.c.id.in_(wanted))).scalars())
        missing = [i for i in wanted if i not in existing]
        if missing:
            raise NotFound(f"no claim with id {', '.join(map(str, missing))}")
    return found


@functools.lru_cache(maxsize=4096)
def _load(text: str | None) -> Any:
    """Parsed JSON of a stored value; the same values (item lists, common dates) recur, so kept.

    The result is shared between records: callers must not change it.
    """
    return None if text is None else orjson.loads(text)


def _evidence_record(row: tuple[Any, ...], *, current: bool) -> dict[str, Any]:
    """An evidence row (``_EVIDENCE_COLUMNS``) as exported: the quote, both W3C selectors, anchoring."""
    (evidence_id, _, source_id, exact, prefix, suffix, start, end, stance, anchor_status, anchor_method,
     anchor_score, derived_from, created_by, created_at, retracted_by, retracted_at, retraction_note) = row  # fmt: skip
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
    ]
    if start is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    return {
        "id": evidence_id,
        "source_id": source_id,
        "quote": exact,
        "stance": stance,
        "anchor_status": anchor_status,
        "anchor_method": anchor_method,
        "anchor_score": anchor_score,
        "derived_from": derived_from,
        "created_by": created_by,
        "created_at": created_at,
        "current": current,
        # a retracted link stays on record, with who withdrew it, when and why; it supports nothing
        "retracted": None
        if retracted_at is None
        else {"by": retracted_by, "at": retracted_at, "note": retraction_note},
        "selectors": selectors,
    }


_RELATION_COLUMNS = ("id", "kind", "status", "a", "b", "aspect", "score", "detail", "note", "winner", "decided_by",
                     "decided_at")  # fmt: skip


def _detail(stored: str | None) -> Any:
    """A relation's stored detail as it goes out: canonical JSON written as it is, anything else parsed.

    Only an object (what ``canonical`` writes) goes out unread; an empty or other value is read,
    so that what is not JSON fails the export rather than writing a broken file.
    """
    if not stored:
        return None
    if stored[0] == "{" and stored[-1] == "}":
        return orjson.Fragment(stored)
    return _load(stored)


def _relation_record(row: tuple[Any, ...], claim_id: int) -> dict[str, Any]:
    """A relation row (``_RELATION_COLUMNS``) as exported under one of its claims.

    Its detail goes out as stored: canonical JSON already (``store.audit.canonical``), so it is
    written as it is (``orjson.Fragment``) rather than parsed and written again, which at a
    million claims with millions of suggestions was most of an export's time.
    """
    relation_id, kind, status, a, b, aspect, score, detail, note, winner, decided_by, decided_at = row
    return {
        "id": relation_id,
        "kind": kind,
        "status": status,
        "other": b if a == claim_id else a,
        # winner and detail speak of the pair's a and b
        "a": a,
        "b": b,
        "aspect": aspect,
        "score": score,
        "detail": _detail(detail),
        "note": note,
        "winner": winner,
        "decided_by": decided_by,
        "decided_at": decided_at,
    }


def iter_claims(connection: Connection, ids: list[int]) -> Iterator[dict[str, Any]]:
    """Each claim as an export record, in id order."""
    for batch in iter_claim_batches(connection, ids):
        yield from batch


_CLAIM_COLUMNS = ("id", "text", "status", "credibility", "created_by", "created_at", "updated_at", "version",
                  "quantity", "date", "items", "edited_by", "approved_by", "approved_at", "assigned_to",
                  "merged_into")  # fmt: skip
_EVIDENCE_COLUMNS = ("id", "claim_id", "source_id", "exact", "prefix", "suffix", "start", "end", "stance",
                     "anchor_status", "anchor_method", "anchor_score", "derived_from", "created_by",
                     "created_at", "retracted_by", "retracted_at", "retraction_note")  # fmt: skip


def _tuples(connection: Connection, statement: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of ``statement`` as plain tuples, straight from the database driver.

    For the two big reads of an export (claims and evidence: plain integers, text and floats),
    SQLAlchemy's result rows cost more than the reading itself. The statement is still built and
    compiled by SQLAlchemy for this connection's dialect and runs in its transaction.
    """
    compiled = statement.compile(dialect=connection.dialect)
    params = compiled.construct_params()
    args: Any = tuple(params[name] for name in compiled.positiontup or ()) if compiled.positional else params
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        while rows := cursor.fetchmany(BATCH):
            yield from rows
    finally:
        cursor.close()


def iter_claim_batches(
    connection: Connection, ids: list[int], *, with_relations: bool = True
) -> Iterator[list[dict[str, Any]]]:
    """Claims as export records, ``BATCH`` at a time (``relations`` empty unless ``with_relations``).

    A format that does not list relations (CSV, ClaimReview, annotations) need not read them:
    at a million claims they are millions of suggestions.

    Rows are read by id range (``BETWEEN`` the batch's first and last id, then kept if chosen)
    rather than by long ``IN`` lists, whose compilation costs more than the reading; corroboration
    is worked out ``GRADED`` claims at a time, one scan of the evidence each.
    """
    independence = Independence(connection)
    superseded = independence.superseded
    graded: dict[int, Any] = {}
    for at in range(0, len(ids), BATCH):
        batch = ids[at : at + BATCH]
        if at % GRADED == 0:
            graded = corroborate(connection, ids[at : at + GRADED], independence)
        chosen, low, high = set(batch), batch[0], batch[-1]
        in_range = _CLAIM.c.id.between(low, high)
        claims = [
            row
            for row in _tuples(
                connection, select(*(_CLAIM.c[c] for c in _CLAIM_COLUMNS)).where(in_range).order_by(_CLAIM.c.id)
            )
            if row[0] in chosen
        ]
        evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
        query = select(*(_EVIDENCE.c[c] for c in _EVIDENCE_COLUMNS)).where(_EVIDENCE.c.claim_id.between(low, high))
        for row in _tuples(connection, query.order_by(_EVIDENCE.c.id)):
            if row[1] in chosen:
                evidence[row[1]].append(_evidence_record(row, current=row[2] not in superseded))
        relations: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if with_relations:
            related = select(*(_RELATION.c[c] for c in _RELATION_COLUMNS)).where(
                or_(_RELATION.c.a.between(low, high), _RELATION.c.b.between(low, high))
            )
            for row in _tuples(connection, related.order_by(_RELATION.c.id)):
                a, b = row[3], row[4]
                if a in chosen:
                    relations[a].append(_relation_record(row, a))
                if b in chosen and b != a:
                    relations[b].append(_relation_record(row, b))
        facts = _facts(connection, low, high, {row[0]: row[7] for row in claims})
        tags: dict[int, list[str]] = defaultdict(list)
        tagged = select(_TAG.c.claim_id, _TAG.c.tag).where(_TAG.c.claim_id.between(low, high))
        for claim_id, tag in _tuples(connection, tagged.order_by(_TAG.c.tag_key)):
            tags[claim_id].append(tag)
        records = []
        for (
            claim_id,
            text,
            status,
            credibility,
            created_by,
            created_at,
            updated_at,
            version,
            quantity,
            date,
            items,
            edited_by,
            approved_by,
            approved_at,
            assigned_to,
            merged_into,
        ) in claims:
            corroboration = graded[claim_id]
            records.append(
                {
                    "id": claim_id,
                    "text": text,
                    "status": status,
                    "credibility": credibility,
                    "suggested_credibility": corroboration.suggested_credibility,
                    "credibility_rule": corroboration.credibility_rule,
                    "independent_sources": corroboration.independent_sources,
                    "outlets": corroboration.outlets,
                    "contradicted": corroboration.contradicted,
                    "duplicates": corroboration.duplicates,
                    "quantity": _load(quantity),
                    "date": _load(date),
                    "items": _load(items),
                    "facts": facts[claim_id],
                    "created_by": created_by,
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "version": version,
                    # who did the review work (the last to word it or link its evidence) and who signed it off
                    "reviewed_by": edited_by or created_by,
                    "approved_by": approved_by,
                    "approved_at": approved_at,
                    "assigned_to": assigned_to,
                    "merged_into": merged_into,
                    "tags": tags.get(claim_id, []),
                    "evidence": evidence.get(claim_id, []),
                    "relations": relations.get(claim_id, []),
                }
            )
        yield records


def _facts(connection: Connection, low: int, high: int, claims: dict[int, int]) -> dict[int, Any]:
    """Each claim's facts as `match` stored them, or ``None`` where they are not derived yet or out of date.

    Worked out here they would cost an export of 100,000 claims a hundred seconds; `workbench
    match` derives and stores them (``workbench.facts.engine``).
    """
    from workbench.facts.align import shown  # deferred: the units library loads on first use
    from workbench.facts.model import RULES, Fact

    found: dict[int, list[Fact]] = {}
    stored = select(_FACT.c.claim_id, _FACT.c.claim_version, _FACT.c.rules, _FACT.c.facts)
    for claim_id, version, rules, data in _tuples(connection, stored.where(_FACT.c.claim_id.between(low, high))):
        if claims.get(claim_id) == version and rules == RULES:
            found[claim_id] = [Fact.from_json(f) for f in orjson.loads(data)["facts"]]
    return {claim_id: None for claim_id in claims} | {
        claim_id: [shown(f) for f in listed] for claim_id, listed in found.items()
    }


def iter_sources(connection: Connection, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The sources cited, with their outlet, reprint relations and kept original's hash, without their texts."""
    wanted = sorted(set(ids))
    for at in range(0, len(wanted), BATCH):
        batch = wanted[at : at + BATCH]
        reprint_of: dict[int, int] = {}
        for row in connection.execute(
            select(_SOURCE_RELATION.c.a, _SOURCE_RELATION.c.b).where(
                _SOURCE_RELATION.c.kind == "syndicated", _SOURCE_RELATION.c.b.in_(batch)
            )
        ):
            reprint_of[int(row.b)] = int(row.a)
        columns = [c for c in _SOURCE.c if c.name not in {"text", "title_key"}]
        kept = select(_SOURCE_ORIGINAL.c.sha256).where(_SOURCE_ORIGINAL.c.source_id == _SOURCE.c.id).scalar_subquery()
        rows = connection.execute(
            with_outlet(
                select(
                    *columns,
                    kept.label("original_sha256"),
                    _OUTLET.c.name.label("outlet"),
                    _OUTLET.c.reliability,
                    _OUTLET.c.domain,
                )
            )
            .where(_SOURCE.c.id.in_(batch))
            .order_by(_SOURCE.c.id)
        ).mappings()
        for mapping in rows:
            record: dict[str, Any] = dict(mapping)
            outlet = {key: record.pop(key) for key in ("outlet_id", "outlet", "reliability", "domain")}
            outlet_id, named = outlet.pop("outlet_id"), outlet.pop("outlet")
            record["outlet"] = None if named is None else {"id": outlet_id, "name": named, **outlet}
            record["reprint_of"] = reprint_of.get(record["id"])
            yield record


def count_evidence(connection: Connection, ids: list[int]) -> int:
    """How many anchored evidence links these claims have (an annotation collection's total, stated first)."""
    total = 0
    for at in range(0, len(ids), 10 * BATCH):
        batch = ids[at : at + 10 * BATCH]
        chosen = set(batch)
        query = (
            select(_EVIDENCE.c.claim_id, func.count())
            .where(_EVIDENCE.c.claim_id.between(batch[0], batch[-1]), counted(_EVIDENCE))
            .group_by(_EVIDENCE.c.claim_id)
        )
        total += sum(count for claim_id, count in _tuples(connection, query) if claim_id in chosen)
    return total


class Sources:
    """Source records fetched once each, a batch at a time, for formats that cite them per claim."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[int, dict[str, Any]] = {}

    def fetch(self, claims: Iterable[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """Make sure every source cited by ``claims`` is known; returns all known ones."""
        missing = {e["source_id"] for c in claims for e in c["evidence"]} - self.known.keys()
        self.known.update((s["id"], s) for s in iter_sources(self.connection, missing))
        return self.known


def source_text(connection: Connection, source_id: int) -> str:
    """A source's stored text (for the bundle)."""
    text = connection.execute(select(_SOURCE.c.text).where(_SOURCE.c.id == source_id)).scalar()
    if text is None:
        raise NotFound(f"no source with id {source_id}")
    return str(text)
