"""Sources as plain data: one in full, every one listed, a page of rows, one opened in the reader."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Connection, RowMapping, func, select

from workbench.cases import scope
from workbench.models import (
    AnchorRead,
    EvidenceRead,
    OriginalRead,
    SourceDetail,
    SourceRead,
    SourceRow,
    SourceView,
    Span,
)
from workbench.sql import (
    BOILERPLATE,
    CLAIM,
    CREDIT,
    EVIDENCE,
    EVIDENCE_PAGE,
    LANGUAGE,
    ORIGINAL,
    OUTLET,
    SOURCE,
    SOURCE_ORIGINAL,
    SOURCE_PAGE,
    SOURCE_RELATION,
    one,
    rows_in,
    source_select,
    superseded,
    with_outlet,
)

#: The evidence table twice: links on a source and the links they were carried from (built once:
#: an alias copies every column).
_NEW, _OLD = EVIDENCE.alias("new"), EVIDENCE.alias("old")


def _text_row(connection: Connection, source_id: int) -> RowMapping:
    """A source's listed columns, its outlet's name and grade, and its text."""
    return one(connection, source_select(SOURCE.c.text).where(SOURCE.c.id == source_id), "source", source_id)


def sources(connection: Connection) -> list[SourceRead]:
    """Every source's metadata (no text), in import order."""
    rows = connection.execute(source_select().order_by(SOURCE.c.id)).mappings()
    return [SourceRead.model_validate(dict(r)) for r in rows]


def source(connection: Connection, source_id: int) -> SourceDetail:
    """A source with its text and every evidence link into it, by position.

    Raises:
        NotFound: no such source.
    """
    row = _text_row(connection, source_id)
    current = not connection.execute(select(superseded(SOURCE.c.id)).where(SOURCE.c.id == source_id)).scalar()
    links = connection.execute(
        select(EVIDENCE, EVIDENCE_PAGE)
        .where(EVIDENCE.c.source_id == source_id)
        .order_by(EVIDENCE.c.start, EVIDENCE.c.id)
    ).mappings()
    evidence = [EvidenceRead.model_validate({**r, "current": current}) for r in links]
    return SourceDetail.model_validate({**row, "evidence": evidence})


def original(connection: Connection, source_id: int, *, content: bool = False) -> OriginalRead | None:
    """The original a source was extracted from (its bytes if ``content``), ``None`` if none was kept.

    Sources imported before originals were kept, and texts that came from no file, have none.

    Raises:
        NotFound: no such source.
    """
    one(connection, select(SOURCE.c.id).where(SOURCE.c.id == source_id), "source", source_id)
    columns = [ORIGINAL.c.sha256, ORIGINAL.c.size, ORIGINAL.c.media_type, SOURCE_ORIGINAL.c.extractor]
    if content:
        columns.append(ORIGINAL.c.content)
    row = (
        connection.execute(
            select(*columns)
            .join(SOURCE_ORIGINAL, SOURCE_ORIGINAL.c.sha256 == ORIGINAL.c.sha256)
            .where(SOURCE_ORIGINAL.c.source_id == source_id)
        )
        .mappings()
        .first()
    )
    return None if row is None else OriginalRead.model_validate(dict(row))


def neighbour_source(connection: Connection, source_id: int, step: int, *, case: str | None = None) -> int | None:
    """The source ``step`` places after (or, negative, before) ``source_id`` in import order (in ``case``), if any."""
    after = step > 0
    query = (
        select(SOURCE.c.id)
        .where(SOURCE.c.id > source_id if after else SOURCE.c.id < source_id, *_in_case(connection, case))
        .order_by(SOURCE.c.id if after else SOURCE.c.id.desc())
        .offset(abs(step) - 1)
        .limit(1)
    )
    found = connection.execute(query).scalar()
    return None if found is None else int(found)


def source_credit(connection: Connection, source_id: int) -> tuple[str, str] | None:
    """The agency a source's text credits, and the words that do, if any (``workbench.wire``)."""
    row = connection.execute(
        select(CREDIT.c.agency, CREDIT.c.evidence).where(CREDIT.c.source_id == source_id, CREDIT.c.agency.is_not(None))
    ).first()
    return None if row is None else (str(row.agency), str(row.evidence))


def page_count(connection: Connection, source_id: int) -> int:
    """How many pages a source's original had (a PDF's); 0 for a source without pages."""
    return int(connection.execute(select(func.count()).where(SOURCE_PAGE.c.source_id == source_id)).scalar_one())


def source_language(connection: Connection, source_id: int) -> str | None:
    """The language detected in a source's text, if it has been (``None`` for a store not yet caught up)."""
    query = select(LANGUAGE.c.language).where(LANGUAGE.c.source_id == source_id)
    return connection.execute(query).scalar_one_or_none()


def boilerplate_keys(connection: Connection) -> frozenset[str]:
    """Keys of the lines the last match run found to recur as furniture (``workbench.facts.boilerplate.key``)."""
    return frozenset(connection.execute(select(BOILERPLATE.c.key)).scalars())


def source_count(connection: Connection, *, case: str | None = None) -> int:
    """How many sources the store (or ``case``) holds."""
    counted = select(func.count()).select_from(SOURCE).where(*_in_case(connection, case))
    return int(connection.execute(counted).scalar_one())


def _in_case(connection: Connection, case: str | None) -> list[ColumnElement[bool]]:
    """The condition "a source of ``case``" (none without a case).

    Raises:
        NotFound: no such case.
    """
    return [] if case is None else [scope(connection, case).sources()]


def source_labels(connection: Connection, ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
    """(outlet name, title) of each source, for showing relations between sources."""
    query = with_outlet(select(SOURCE.c.id, OUTLET.c.name, SOURCE.c.title))
    found = rows_in(connection, ids, lambda part: query.where(SOURCE.c.id.in_(part)))
    return {row.id: (row.name, row.title) for row in found}


def source_rows(
    connection: Connection, *, offset: int = 0, limit: int = 200, ids: list[int] | None = None, case: str | None = None
) -> list[SourceRow]:
    """A page of sources in import order (or ``ids``, or ``case``'s), with outlet, grade, claims, reprints."""
    claims = (
        select(func.count(func.distinct(EVIDENCE.c.claim_id)))
        .where(EVIDENCE.c.source_id == SOURCE.c.id, EVIDENCE.c.retracted_at.is_(None))
        .scalar_subquery()
    )
    syndicated = SOURCE_RELATION.c.kind == "syndicated"
    reprint_of = (
        select(func.min(SOURCE_RELATION.c.a)).where(syndicated, SOURCE_RELATION.c.b == SOURCE.c.id).scalar_subquery()
    )
    reprints = select(func.count()).where(syndicated, SOURCE_RELATION.c.a == SOURCE.c.id).scalar_subquery()
    statement = (
        with_outlet(
            select(
                SOURCE.c.id,
                SOURCE.c.title,
                SOURCE.c.published_at,
                SOURCE.c.revision_of,
                OUTLET.c.name.label("outlet"),
                OUTLET.c.reliability,
                claims.label("claims"),
                superseded(SOURCE.c.id).label("superseded"),
                reprint_of.label("reprint_of"),
                reprints.label("reprints"),
            )
        )
        .order_by(SOURCE.c.id)
        .offset(offset)
        .limit(limit)
    )
    if ids is not None:
        statement = statement.where(SOURCE.c.id.in_(ids))
    statement = statement.where(*_in_case(connection, case))
    return [SourceRow.model_validate(dict(r)) for r in connection.execute(statement).mappings()]


def source_view(connection: Connection, source_id: int) -> SourceView:
    """A source with its text and the anchored evidence spans on it, by position.

    Raises:
        NotFound: no such source.
    """
    row = _text_row(connection, source_id)
    spans = connection.execute(
        select(
            EVIDENCE.c.id.label("evidence_id"),
            EVIDENCE.c.claim_id,
            EVIDENCE.c.start,
            EVIDENCE.c.end,
            EVIDENCE.c.stance,
            CLAIM.c.status,
            CLAIM.c.text.label("claim_text"),
        )
        .join(CLAIM, CLAIM.c.id == EVIDENCE.c.claim_id)
        .where(EVIDENCE.c.source_id == source_id, EVIDENCE.c.start.is_not(None), EVIDENCE.c.retracted_at.is_(None))
        .order_by(EVIDENCE.c.start, EVIDENCE.c.id)
    ).mappings()
    fields = dict(row)
    text = fields.pop("text")
    credited = source_credit(connection, source_id)
    return SourceView(
        source=SourceRead.model_validate(fields),
        text=text,
        spans=[Span(**s) for s in spans],
        pages=page_count(connection, source_id),
        agency=None if credited is None else credited[0],
    )


def anchors(connection: Connection, source_id: int) -> list[AnchorRead]:
    """Every evidence link on a source, by position (orphaned ones last), with where it was carried from.

    Raises:
        NotFound: no such source.
    """
    one(connection, select(SOURCE.c.id).where(SOURCE.c.id == source_id), "source", source_id)
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
