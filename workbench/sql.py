"""The pieces of SQL every reader needs, written once: tables, superseded sources, outlets, id chunks.

Used by the read layer and by the services and exports that read inside their own transactions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, RowMapping, Select, and_, exists, select

from store.models import (
    AuditEvent,
    AuditEventRow,
    BoilerplateLine,
    Case,
    CaseClaim,
    CaseSource,
    Claim,
    ClaimFact,
    ClaimRelation,
    ClaimTag,
    Embedding,
    Evidence,
    Original,
    Outlet,
    OutletAlias,
    ReviewerKey,
    Setting,
    Source,
    SourceCredit,
    SourceLanguage,
    SourceOriginal,
    SourcePage,
    SourceRelation,
    StoryAssignment,
    table,
)
from workbench.errors import NotFound

T = TypeVar("T")

CLAIM = table(Claim)
EVIDENCE = table(Evidence)
CASE = table(Case)
CASE_SOURCE = table(CaseSource)
CASE_CLAIM = table(CaseClaim)
TAG = table(ClaimTag)
SETTING = table(Setting)
REVIEWER_KEY = table(ReviewerKey)
SOURCE = table(Source)
OUTLET = table(Outlet)
OUTLET_ALIAS = table(OutletAlias)
RELATION = table(ClaimRelation)
SOURCE_RELATION = table(SourceRelation)
EVENT = table(AuditEvent)
EVENT_ROW = table(AuditEventRow)
FACT = table(ClaimFact)
STORY = table(StoryAssignment)
BOILERPLATE = table(BoilerplateLine)
EMBEDDING = table(Embedding)
LANGUAGE = table(SourceLanguage)
CREDIT = table(SourceCredit)
ORIGINAL = table(Original)
SOURCE_ORIGINAL = table(SourceOriginal)
SOURCE_PAGE = table(SourcePage)

#: The page an evidence link starts on, for a source with pages (a PDF); NULL otherwise.
EVIDENCE_PAGE = (
    select(SOURCE_PAGE.c.page)
    .where(
        SOURCE_PAGE.c.source_id == EVIDENCE.c.source_id,
        SOURCE_PAGE.c.start <= EVIDENCE.c.start,
        SOURCE_PAGE.c.end > EVIDENCE.c.start,
    )
    .scalar_subquery()
    .label("page")
)

#: Ids bound in one ``IN (...)`` list: well under SQLite's limit of bound parameters.
CHUNK = 500

#: Source columns shown in lists (everything but the text and internal identity keys).
SOURCE_COLUMNS = [c for c in SOURCE.c if c.name not in {"text", "title_key", "raw_sha256", "outlet_id"}]


def name_key(name: str) -> str:
    """The case-insensitive identity of a name or title: white space collapsed, case folded."""
    return " ".join(name.split()).casefold()


def one(connection: Connection, statement: Select[Any], kind: str, entity_id: int) -> RowMapping:
    """The single row ``statement`` finds for ``kind`` ``entity_id``.

    Raises:
        NotFound: no such row ("no claim with id 7").
    """
    row = connection.execute(statement).mappings().first()
    if row is None:
        raise NotFound(f"no {kind} with id {entity_id}")
    return row


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """Sorted, distinct ids a list of at most ``size`` at a time, for ``IN (...)`` lists."""
    wanted = sorted(set(ids))
    for at in range(0, len(wanted), size):
        yield wanted[at : at + size]


def rows_in(connection: Connection, ids: Iterable[int], statement: Callable[[list[int]], Any]) -> Iterator[Any]:
    """The rows of ``statement(chunk)`` for every chunk of ``ids``: one query per ``CHUNK`` ids."""
    for chunk in chunks(ids):
        yield from connection.execute(statement(chunk))


def superseded(source_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """Whether a newer revision replaced the source ``source_id`` (its evidence no longer counts)."""
    newer = SOURCE.alias("newer")
    return exists().where(newer.c.revision_of == source_id)


def counted(evidence: Any = EVIDENCE) -> ColumnElement[bool]:
    """Whether an evidence link counts: its span is still in the text and nobody retracted it.

    Orphaned and retracted links stay on file (what was said, what was withdrawn and why)
    but support nothing, refute nothing and are matched on by nothing.
    """
    return and_(evidence.c.anchor_status != "orphaned", evidence.c.retracted_at.is_(None))


def with_outlet(statement: Select[Any]) -> Select[Any]:
    """``statement`` over sources, joined to their outlet (if any) for its name and grade."""
    return statement.outerjoin(OUTLET, OUTLET.c.id == SOURCE.c.outlet_id)


def source_select(*extra: Any) -> Select[Any]:
    """A source's listed columns with its outlet's name and grade (``outlet``, ``outlet_reliability``) and language."""
    columns = select(
        *SOURCE_COLUMNS,
        OUTLET.c.name.label("outlet"),
        OUTLET.c.reliability.label("outlet_reliability"),
        LANGUAGE.c.language.label("language"),
        *extra,
    )
    return with_outlet(columns).outerjoin(LANGUAGE, LANGUAGE.c.source_id == SOURCE.c.id)


def superseded_ids(connection: Connection, ids: Iterable[int] | None = None) -> set[int]:
    """The sources (of ``ids``, or all) that a newer revision replaced."""
    column = SOURCE.c.revision_of
    if ids is None:
        return {r.revision_of for r in connection.execute(select(column).where(column.is_not(None)).distinct())}
    return {r.revision_of for r in rows_in(connection, ids, lambda part: select(column).where(column.in_(part)))}
