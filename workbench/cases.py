"""Cases: named collections of sources and claims (an investigation, a story being checked).

A source or a claim can be in several cases. A case narrows what a reviewer sees and works on:
``--case NAME`` on listings, search, matching, exports and reports, and the workbench's case
switcher. Making a case, and putting things in it or taking them out, is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, true

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal
from workbench.access import reading, writing
from workbench.checks import check_note, check_unicode
from workbench.errors import InvalidInput, NotFound
from workbench.sql import CASE, CASE_CLAIM, CASE_SOURCE, CLAIM, SOURCE

#: Longest case name accepted.
MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class CaseRead:
    """A case with how much it holds."""

    id: int
    name: str
    note: str | None
    created_by: str
    created_at: str
    sources: int
    claims: int


@dataclass(frozen=True)
class Scope:
    """What a case holds, as conditions on sources and on claims (``None``: no case, everything)."""

    case_id: int | None = None
    name: str | None = None

    def sources(self, column: Any = None) -> ColumnElement[bool]:
        """Sources in the case (by ``column``, the source id; always true without a case)."""
        if self.case_id is None:
            return true()
        ids = select(CASE_SOURCE.c.source_id).where(CASE_SOURCE.c.case_id == self.case_id)
        return (SOURCE.c.id if column is None else column).in_(ids)

    def claims(self, column: Any = None) -> ColumnElement[bool]:
        """Claims in the case (by ``column``, the claim id; always true without a case)."""
        if self.case_id is None:
            return true()
        ids = select(CASE_CLAIM.c.claim_id).where(CASE_CLAIM.c.case_id == self.case_id)
        return (CLAIM.c.id if column is None else column).in_(ids)

    def claim_ids(self, connection: Connection) -> set[int] | None:
        """The case's claim ids (``None`` without a case)."""
        if self.case_id is None:
            return None
        query = select(CASE_CLAIM.c.claim_id).where(CASE_CLAIM.c.case_id == self.case_id)
        return set(connection.execute(query).scalars())

    def source_ids(self, connection: Connection) -> set[int] | None:
        """The case's source ids (``None`` without a case)."""
        if self.case_id is None:
            return None
        query = select(CASE_SOURCE.c.source_id).where(CASE_SOURCE.c.case_id == self.case_id)
        return set(connection.execute(query).scalars())


EVERYTHING = Scope()


@dataclass(frozen=True)
class Members:
    """What one case holds, by id: for commands that narrow a listing to a case."""

    id: int
    name: str
    sources: frozenset[int]
    claims: frozenset[int]


def members(connection: Connection, name: str) -> Members:
    """The ids of the sources and claims case ``name`` holds.

    Raises:
        NotFound: no such case (the message lists some that exist).
    """
    found = scope(connection, name)
    assert found.case_id is not None
    return Members(
        id=found.case_id,
        name=found.name or name,
        sources=frozenset(found.source_ids(connection) or ()),
        claims=frozenset(found.claim_ids(connection) or ()),
    )


def check_name(name: str) -> str:
    """A case name, its spaces tidied.

    Raises:
        InvalidInput: empty or too long.
    """
    name = " ".join(check_unicode(name, "the case name").split())
    if not name:
        raise InvalidInput("a case needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInput(f"a case name is at most {MAX_NAME_CHARS} characters")
    return name


def _find(connection: Connection, name: str) -> Any:
    row = connection.execute(select(CASE).where(CASE.c.name_key == check_name(name).casefold())).mappings().first()
    if row is None:
        known = connection.execute(select(CASE.c.name).order_by(CASE.c.name_key).limit(10)).scalars().all()
        hint = f"; the cases are: {', '.join(known)}" if known else "; there are no cases yet (case add NAME)"
        raise NotFound(f"no case named {name!r}{hint}")
    return row


def scope(connection: Connection, name: str | None) -> Scope:
    """The scope of case ``name`` (everything for ``None``).

    Raises:
        NotFound: no such case (the message lists some that exist).
    """
    if name is None:
        return EVERYTHING
    row = _find(connection, name)
    return Scope(row["id"], row["name"])


def add_case(*, store: Store, actor: str, name: str, note: str | None = None) -> CaseRead:
    """Make a case: one ``case.add`` event.

    Raises:
        InvalidInput: a bad name, or a case of that name (any case) exists.
    """
    name = check_name(name)
    with writing(store, actor) as (connection, actor):
        if connection.execute(select(CASE.c.id).where(CASE.c.name_key == name.casefold())).first():
            raise InvalidInput(f"there is already a case named {name!r}")
        values = {"name": name, "name_key": name.casefold(), "note": check_note(note), "created_by": actor,
                  "created_at": now_iso()}  # fmt: skip
        case_id = connection.execute(insert(CASE).values(**values).returning(CASE.c.id)).scalar_one()
        journal.record(
            connection,
            actor=actor,
            action="case.add",
            change=Change("case", case_id, None, snapshot("case", {"id": case_id, **values})),
        )
    return next(c for c in cases(store) if c.id == case_id)


def put(
    *,
    store: Store,
    actor: str,
    name: str,
    sources: Sequence[int] = (),
    claims: Sequence[int] = (),
    remove: bool = False,
) -> CaseRead:
    """Put sources and claims in a case (or take them out): one ``case.put`` / ``case.drop`` event.

    Things already in (or already out of) the case are no change. All or nothing: an unknown
    source or claim refuses the whole call.

    Raises:
        NotFound: unknown case, source or claim.
        InvalidInput: nothing named.
    """
    if not sources and not claims:
        raise InvalidInput("name at least one --source or --claim")
    with writing(store, actor) as (connection, actor):
        case = _find(connection, name)
        changes: list[Change] = []
        now = now_iso()
        for kind, table, ids in (("source", CASE_SOURCE, sources), ("claim", CASE_CLAIM, claims)):
            column = table.c[f"{kind}_id"]
            for item in dict.fromkeys(ids):
                journal.row(connection, kind, item)
                held = (
                    connection.execute(select(table).where(table.c.case_id == case["id"], column == item))
                    .mappings()
                    .first()
                )
                entity = f"case_{kind}"
                if remove and held is not None:
                    connection.execute(delete(table).where(table.c.id == held["id"]))
                    changes.append(Change(entity, held["id"], snapshot(entity, held), None))
                elif not remove and held is None:
                    values = {"case_id": case["id"], f"{kind}_id": item, "added_by": actor, "added_at": now}
                    new_id = connection.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
                    changes.append(Change(entity, new_id, None, snapshot(entity, {"id": new_id, **values})))
        if changes:
            state = snapshot("case", case)
            journal.record(
                connection,
                actor=actor,
                action="case.drop" if remove else "case.put",
                change=Change("case", case["id"], state, state),
                related=changes,
            )
    return next(c for c in cases(store) if c.id == case["id"])


def cases(store: Store) -> list[CaseRead]:
    """Every case, by name, with how many sources and claims it holds."""
    with reading(store) as connection:
        return case_list(connection)


def case_list(connection: Connection) -> list[CaseRead]:
    """Every case, by name, with how many sources and claims it holds (in the caller's transaction)."""
    counts: dict[str, dict[int, int]] = {}
    for kind, table in (("sources", CASE_SOURCE), ("claims", CASE_CLAIM)):
        counts[kind] = dict(connection.execute(select(table.c.case_id, func.count()).group_by(table.c.case_id)).all())
    return [
        CaseRead(
            id=row.id,
            name=row.name,
            note=row.note,
            created_by=row.created_by,
            created_at=row.created_at,
            sources=counts["sources"].get(row.id, 0),
            claims=counts["claims"].get(row.id, 0),
        )
        for row in connection.execute(select(CASE).order_by(CASE.c.name_key))
    ]
