"""Read-only queries returning plain data models: what the CLI prints and the TUI shows."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, func, or_, select

from store import Store
from store.models import AUDITED, AuditEvent, Claim, Evidence, Outlet, Source, table
from workbench.corroboration import corroborate
from workbench.errors import InvalidInput, NotFound, store_errors
from workbench.models import AnchorRead, AuditEventRead, ClaimRead, EvidenceRead, SourceDetail, SourceRead

_CLAIM = table(Claim)
_EVIDENCE = table(Evidence)
_SOURCE = table(Source)
_OUTLET = table(Outlet)
_EVENT = table(AuditEvent)

#: The evidence table twice: links on a source and the links they were carried from (built once:
#: an alias copies every column).
_NEW, _OLD = _EVIDENCE.alias("new"), _EVIDENCE.alias("old")

#: Source columns shown in lists (everything but the text and internal identity keys).
_SOURCE_COLUMNS = [c for c in _SOURCE.c if c.name not in {"text", "title_key", "raw_sha256", "outlet_id"}]


def _with_current(statement: Any) -> Any:
    """Evidence rows with ``current``: false when a newer revision replaced their source."""
    superseded = select(_SOURCE.c.revision_of).where(_SOURCE.c.revision_of.is_not(None))
    return statement.add_columns(_EVIDENCE.c.source_id.not_in(superseded).label("current"))


def read_evidence(connection: Connection, evidence_id: int) -> EvidenceRead:
    """One evidence link.

    Raises:
        NotFound: no such evidence.
    """
    row = connection.execute(_with_current(select(_EVIDENCE)).where(_EVIDENCE.c.id == evidence_id)).mappings().first()
    if row is None:
        raise NotFound(f"no evidence with id {evidence_id}")
    return EvidenceRead.model_validate(dict(row))


def _evidence_by_claim(connection: Connection, claim_ids: Iterable[int]) -> dict[int, list[EvidenceRead]]:
    grouped: dict[int, list[EvidenceRead]] = defaultdict(list)
    ids = list(claim_ids)
    for chunk_start in range(0, len(ids), 500):  # well under SQLite's limit of bound parameters
        chunk = ids[chunk_start : chunk_start + 500]
        rows = connection.execute(
            _with_current(select(_EVIDENCE)).where(_EVIDENCE.c.claim_id.in_(chunk)).order_by(_EVIDENCE.c.id)
        ).mappings()
        for row in rows:
            grouped[row["claim_id"]].append(EvidenceRead.model_validate(dict(row)))
    return grouped


def read_claim(connection: Connection, claim_id: int) -> ClaimRead:
    """One claim with all its evidence.

    Raises:
        NotFound: no such claim.
    """
    row = connection.execute(select(_CLAIM).where(_CLAIM.c.id == claim_id)).mappings().first()
    if row is None:
        raise NotFound(f"no claim with id {claim_id}")
    evidence = _evidence_by_claim(connection, [claim_id])[claim_id]
    graded = asdict(corroborate(connection, [claim_id])[claim_id])
    return ClaimRead.model_validate({**row, "evidence": evidence, **graded})


def get_claim(*, store: Store, claim_id: int) -> ClaimRead:
    """One claim with all its evidence (see ``read_claim``)."""
    with store_errors(), store.read() as session:
        return read_claim(session.connection(), claim_id)


def list_claims(*, store: Store, status: str | None = None) -> list[ClaimRead]:
    """Every claim (optionally of one status) with its evidence, oldest first."""
    statement = select(_CLAIM).order_by(_CLAIM.c.id)
    if status is not None:
        statement = statement.where(_CLAIM.c.status == status)
    with store_errors(), store.read() as session:
        connection = session.connection()
        rows = [dict(r) for r in connection.execute(statement).mappings()]
        ids = [r["id"] for r in rows]
        evidence = _evidence_by_claim(connection, ids)
        graded = corroborate(connection, ids)
        return [
            ClaimRead.model_validate({**r, "evidence": evidence.get(r["id"], []), **asdict(graded[r["id"]])})
            for r in rows
        ]


def _source_select() -> Any:
    return select(
        *_SOURCE_COLUMNS, _OUTLET.c.name.label("outlet"), _OUTLET.c.reliability.label("outlet_reliability")
    ).outerjoin(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)


def list_sources(*, store: Store) -> list[SourceRead]:
    """Every source's metadata (no text), in import order."""
    with store_errors(), store.read() as session:
        rows = session.connection().execute(_source_select().order_by(_SOURCE.c.id)).mappings()
        return [SourceRead.model_validate(dict(r)) for r in rows]


def get_source(*, store: Store, source_id: int) -> SourceDetail:
    """A source with its text and every evidence link into it, by position.

    Raises:
        NotFound: no such source.
    """
    with store_errors(), store.read() as session:
        connection = session.connection()
        row = (
            connection.execute(_source_select().add_columns(_SOURCE.c.text).where(_SOURCE.c.id == source_id))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        evidence = [
            EvidenceRead.model_validate(dict(r))
            for r in connection.execute(
                _with_current(select(_EVIDENCE))
                .where(_EVIDENCE.c.source_id == source_id)
                .order_by(_EVIDENCE.c.start, _EVIDENCE.c.id)
            ).mappings()
        ]
        return SourceDetail.model_validate({**row, "evidence": evidence})


def read_anchors(connection: Connection, source_id: int) -> list[AnchorRead]:
    """Every evidence link on a source, by position (orphaned ones last), with its origin.

    Raises:
        NotFound: no such source.
    """
    if connection.execute(select(_SOURCE.c.id).where(_SOURCE.c.id == source_id)).first() is None:
        raise NotFound(f"no source with id {source_id}")
    new, old = _NEW, _OLD
    rows = connection.execute(
        select(
            new.c.id.label("evidence_id"),
            new.c.claim_id,
            new.c.anchor_status.label("status"),
            func.coalesce(new.c.anchor_method, "manual").label("method"),
            new.c.anchor_score.label("score"),
            new.c.start,
            new.c.end,
            new.c.exact,
            old.c.id.label("old_evidence_id"),
            old.c.source_id.label("old_source_id"),
            old.c.start.label("old_start"),
            old.c.end.label("old_end"),
            old.c.exact.label("old_exact"),
        )
        .outerjoin(old, old.c.id == new.c.derived_from)
        .where(new.c.source_id == source_id)
        .order_by(new.c.start.is_(None), new.c.start, new.c.id)
    ).mappings()
    return [AnchorRead.model_validate(dict(r)) for r in rows]


def list_anchors(*, store: Store, source_id: int) -> list[AnchorRead]:
    """Every evidence link on a source (see ``read_anchors``)."""
    with store_errors(), store.read() as session:
        return read_anchors(session.connection(), source_id)


def source_labels(connection: Connection, ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
    """(outlet name, title) of each source, for showing relations between sources."""
    wanted = sorted(set(ids))
    found: dict[int, tuple[str | None, str | None]] = {}
    for chunk in range(0, len(wanted), 500):
        rows = connection.execute(
            select(_SOURCE.c.id, _OUTLET.c.name, _SOURCE.c.title)
            .outerjoin(_OUTLET, _OUTLET.c.id == _SOURCE.c.outlet_id)
            .where(_SOURCE.c.id.in_(wanted[chunk : chunk + 500]))
        )
        found |= {row.id: (row.name, row.title) for row in rows}
    return found


def claim_texts(*, store: Store, ids: Iterable[int]) -> dict[int, str]:
    """The text of each claim, for showing pairs of claims side by side."""
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    with store_errors(), store.read() as session:
        connection = session.connection()
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            rows = connection.execute(select(_CLAIM.c.id, _CLAIM.c.text).where(_CLAIM.c.id.in_(part)))
            found |= {row.id: row.text for row in rows}
    return found


def parse_entity(text: str) -> tuple[str, int]:
    """``claim:12`` → ``("claim", 12)``.

    Raises:
        InvalidInput: not ``KIND:ID`` with a known kind.
    """
    kind, sep, number = text.partition(":")
    kind = kind.strip().replace("-", "_")
    if not sep or kind not in AUDITED or not re.fullmatch(r"[0-9]{1,18}", number.strip()):
        kinds = ", ".join(AUDITED)
        raise InvalidInput(f"expected KIND:ID with KIND one of {kinds}, not {text!r}")
    return kind, int(number)


def audit_events(
    connection: Connection,
    entity: tuple[str, int] | None = None,
    *,
    search: str | None = None,
    newest_first: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[AuditEventRead]:
    """Audit events in chain order (or newest first); with ``entity``, those that changed that row.

    An event changed a row if the row is its subject or is among its related changes (a claim
    whose evidence was linked, an outlet created by an import). ``search`` keeps events whose
    action, actor or entity contains it (case-insensitive).
    """
    order = _EVENT.c.seq.desc() if newest_first else _EVENT.c.seq
    statement = select(_EVENT).order_by(order).offset(offset).limit(limit)
    if entity is not None:
        kind, entity_id = entity
        # Canonical JSON sorts keys, so a related change always ends with `"entity":K,"id":N}`.
        marker = json.dumps({"entity": kind, "id": entity_id}, separators=(",", ":"))[1:]
        statement = statement.where(
            or_(
                (_EVENT.c.entity == kind) & (_EVENT.c.entity_id == entity_id),
                _EVENT.c.data.contains(marker, autoescape=True),
            )
        )
    if search:
        needle = f"%{search.strip()}%"
        statement = statement.where(
            or_(_EVENT.c.action.ilike(needle), _EVENT.c.actor.ilike(needle), _EVENT.c.entity.ilike(needle))
        )
    rows = connection.execute(statement).mappings()
    return [AuditEventRead.model_validate({**r, "data": json.loads(r["data"])}) for r in rows]


def audit_log(*, store: Store, entity: tuple[str, int] | None = None) -> list[AuditEventRead]:
    """Audit events in chain order; with ``entity``, those that changed that row (see ``audit_events``)."""
    with store_errors(), store.read() as session:
        return audit_events(session.connection(), entity)
