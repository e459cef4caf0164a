"""Outlets (publishers) and their Admiralty reliability grade."""

from __future__ import annotations

from rapidfuzz import process
from sqlalchemy import Connection, insert, select, update

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from store.vocabulary import RELIABILITY_GRADES
from workbench import journal, read
from workbench.access import writing
from workbench.checks import check_note, one_of
from workbench.errors import NotFound
from workbench.models import OutletRead
from workbench.sql import OUTLET as _OUTLET
from workbench.sql import name_key


def find_outlet(connection: Connection, *, name: str | None, domain: str | None) -> int | None:
    """The outlet a document names, or, when it names none, the one publishing at its domain.

    A name always wins: a wire story on a partner's site keeps its own outlet, and the
    partner's own articles are not filed under the wire agency. The domain is used only for
    documents that carry nothing else (news-please records, pages without a site name).
    """
    if name:
        found = connection.execute(select(_OUTLET.c.id).where(_OUTLET.c.name_key == name_key(name))).scalar()
        return None if found is None else int(found)
    if domain:
        found = connection.execute(
            select(_OUTLET.c.id).where(_OUTLET.c.domain == domain).order_by(_OUTLET.c.id).limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    return None


def add_outlet(connection: Connection, *, name: str | None, domain: str | None) -> Change:
    """Insert a new outlet (graded F, "cannot be judged") and return its change for the caller's event.

    An outlet known only by its domain is named after it and keeps it for matching; a named
    outlet gets no domain, since a URL may belong to a site that reprinted it.
    """
    label = name or domain
    assert label, "an outlet needs a name or a domain"
    values = {
        "name": " ".join(label.split()),
        "name_key": name_key(label),
        "domain": None if name else domain,
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
    grade = one_of(reliability.strip().upper(), RELIABILITY_GRADES, "reliability")
    with writing(store, actor) as (connection, actor):
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
                note=check_note(note),
            )
        return read.outlet(connection, outlet_id)
