"""Outlets (publishers) and their Admiralty reliability grade."""

from __future__ import annotations

from rapidfuzz import process
from sqlalchemy import Connection, func, insert, select, update

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from store.models import RELIABILITY_GRADES, Outlet, Source
from workbench import journal
from workbench.errors import InvalidInput, NotFound, store_errors
from workbench.models import OutletRead

_OUTLET = Outlet.__table__  # type: ignore[attr-defined]
_SOURCE = Source.__table__  # type: ignore[attr-defined]


def name_key(name: str) -> str:
    """The case-insensitive identity of an outlet name."""
    return " ".join(name.split()).casefold()


def find_outlet(connection: Connection, *, name: str | None, domain: str | None) -> int | None:
    """The id of the outlet named ``name`` (any case), else the one with ``domain``; ``None`` if neither."""
    if name:
        found = connection.execute(select(_OUTLET.c.id).where(_OUTLET.c.name_key == name_key(name))).scalar()
        if found is not None:
            return int(found)
    if domain:
        found = connection.execute(
            select(_OUTLET.c.id).where(_OUTLET.c.domain == domain).order_by(_OUTLET.c.id).limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    return None


def add_outlet(connection: Connection, *, name: str, domain: str | None) -> Change:
    """Insert a new outlet (graded F, "cannot be judged") and return its change for the caller's event."""
    values = {
        "name": " ".join(name.split()),
        "name_key": name_key(name),
        "domain": domain,
        "reliability": "F",
        "created_at": now_iso(),
    }
    outlet_id = connection.execute(insert(_OUTLET).values(**values).returning(_OUTLET.c.id)).scalar_one()
    return Change("outlet", outlet_id, None, snapshot("outlet", {"id": outlet_id, **values}))


def grade_outlet(*, store: Store, actor: str, name: str, reliability: str, note: str | None = None) -> OutletRead:
    """Set an outlet's Admiralty reliability grade (A reliable … E unreliable, F cannot be judged).

    Raises:
        InvalidInput: not a grade A–F.
        NotFound: no outlet of that name (close names are suggested).
    """
    actor = journal.check_actor(actor)
    grade = reliability.strip().upper()
    if grade not in RELIABILITY_GRADES:
        raise InvalidInput(f"reliability must be one of {', '.join(RELIABILITY_GRADES)}, not {reliability!r}")
    with store_errors(), store.write() as session:
        connection = session.connection()
        outlet_id = find_outlet(connection, name=name, domain=None)
        if outlet_id is None:
            names = list(connection.execute(select(_OUTLET.c.name)).scalars())
            close = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=60)]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise NotFound(f"no outlet named {name!r}{hint}")
        before = journal.state(connection, "outlet", outlet_id)
        if before["reliability"] != grade:
            connection.execute(update(_OUTLET).where(_OUTLET.c.id == outlet_id).values(reliability=grade))
            after = journal.state(connection, "outlet", outlet_id)
            journal.record(
                connection,
                actor=actor,
                action="outlet.grade",
                change=Change("outlet", outlet_id, before, after),
                note=journal.check_note(note),
            )
        return _read(connection, outlet_id)


def _read(connection: Connection, outlet_id: int) -> OutletRead:
    count = select(func.count()).where(_SOURCE.c.outlet_id == _OUTLET.c.id).scalar_subquery()
    found = (
        connection.execute(select(_OUTLET, count.label("sources")).where(_OUTLET.c.id == outlet_id)).mappings().one()
    )
    return OutletRead.model_validate(dict(found))


def list_outlets(*, store: Store) -> list[OutletRead]:
    """Every outlet with its grade and number of sources, by name."""
    count = select(func.count()).where(_SOURCE.c.outlet_id == _OUTLET.c.id).scalar_subquery()
    with store_errors(), store.read() as session:
        rows = session.connection().execute(select(_OUTLET, count.label("sources")).order_by(_OUTLET.c.name_key))
        return [OutletRead.model_validate(dict(r)) for r in rows.mappings()]
