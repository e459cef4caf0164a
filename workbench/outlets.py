"""Outlets (publishers) and their Admiralty reliability grade."""

from __future__ import annotations

from rapidfuzz import process
from sqlalchemy import Connection, delete, insert, select, update

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from store.vocabulary import RELIABILITY_GRADES
from workbench import journal, read
from workbench.access import writing
from workbench.checks import check_note, one_of
from workbench.errors import InvalidInput, NotFound
from workbench.models import OutletRead
from workbench.sites import is_domain, site_of
from workbench.sql import OUTLET as _OUTLET
from workbench.sql import OUTLET_ALIAS as _ALIAS
from workbench.sql import SOURCE as _SOURCE
from workbench.sql import name_key


def find_outlet(connection: Connection, *, name: str | None, domain: str | None) -> int | None:
    """The outlet a document names, or, when it names none, the one publishing at its domain.

    A name always wins: a wire story on a partner's site keeps its own outlet, and the
    partner's own articles are not filed under the wire agency. A name is an outlet's or one
    of its aliases (``outlet alias``); a name that is a site ("chinadaily.com.cn", as news
    archives name outlets) is also looked up as a domain. The domain is used only for documents
    that carry nothing else (pages without a site name): the outlet at that host, or at its
    site (``english.chinadaily.com.cn`` files under the outlet of ``chinadaily.com.cn``).
    """
    if name:
        found = _by_name(connection, name)
        return _by_domain(connection, name) if found is None and is_domain(name) else found
    return _by_domain(connection, domain) if domain else None


def _by_domain(connection: Connection, domain: str) -> int | None:
    """The outlet at a host or at its site: by its domain, a domain alias, or a name that is the domain."""
    host = domain.strip().lower().removeprefix("www.")
    for candidate in dict.fromkeys([host, site_of(host)]):
        found = connection.execute(
            select(_OUTLET.c.id).where(_OUTLET.c.domain == candidate).order_by(_OUTLET.c.id).limit(1)
        ).scalar()
        if found is None:
            found = _alias(connection, "domain", candidate)
        if found is None:
            found = _by_name(connection, candidate)  # an outlet known by its site's name
        if found is not None:
            return int(found)
    return None


def _by_name(connection: Connection, name: str) -> int | None:
    found = connection.execute(select(_OUTLET.c.id).where(_OUTLET.c.name_key == name_key(name))).scalar()
    if found is None:
        found = _alias(connection, "name", name)
    return None if found is None else int(found)


def _alias(connection: Connection, kind: str, alias: str) -> int | None:
    found = connection.execute(
        select(_ALIAS.c.outlet_id).where(_ALIAS.c.kind == kind, _ALIAS.c.alias_key == name_key(alias))
    ).scalar()
    return None if found is None else int(found)


def add_outlet(connection: Connection, *, name: str | None, domain: str | None) -> Change:
    """Insert a new outlet (graded F, "cannot be judged") and return its change for the caller's event.

    An outlet known only by its domain is named after its site (``english.chinadaily.com.cn`` →
    ``chinadaily.com.cn``) and keeps that for matching, so that the site's other sub-domains file
    under it; a named outlet gets no domain, since a URL may belong to a site that reprinted it.
    """
    if not name and domain:
        domain = site_of(domain)
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
        outlet_id = _named(connection, name)
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


def _named(connection: Connection, name: str) -> int:
    """The outlet of a name or alias, or ``NotFound`` naming close ones."""
    outlet_id = _by_name(connection, name)
    if outlet_id is None:
        names = list(connection.execute(select(_OUTLET.c.name)).scalars())
        close = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=60)]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"no outlet named {name!r}{hint}")
    return outlet_id


def _normal(alias: str) -> tuple[str, str]:
    """(kind, alias as kept): a domain in lower case without "www.", a name with its spaces collapsed."""
    if is_domain(alias):
        return "domain", alias.strip().lower().removeprefix("www.")
    return "name", " ".join(alias.split())


def _owner(connection: Connection, alias: str) -> int | None:
    """The outlet an alias already names, if any (as a name, an alias, or a domain)."""
    kind, text = _normal(alias)
    if kind == "name":
        return _by_name(connection, text)
    found = connection.execute(select(_OUTLET.c.id).where(_OUTLET.c.domain == text).limit(1)).scalar()
    if found is not None:
        return int(found)
    return _alias(connection, "domain", text) or _by_name(connection, text)


def _new_alias(connection: Connection, actor: str, outlet_id: int, alias: str) -> Change:
    """Insert an alias of ``outlet_id``; its change, for the caller's event."""
    kind, text = _normal(alias)
    values = {"outlet_id": outlet_id, "kind": kind, "alias": text, "alias_key": name_key(text),
              "created_by": actor, "created_at": now_iso()}  # fmt: skip
    alias_id = connection.execute(insert(_ALIAS).values(**values).returning(_ALIAS.c.id)).scalar_one()
    return Change("outlet_alias", alias_id, None, snapshot("outlet_alias", {"id": alias_id, **values}))


def alias_outlet(*, store: Store, actor: str, name: str, alias: str, note: str | None = None) -> OutletRead:
    """Give an outlet another name ("AP") or domain ("chinadaily.com.cn"): imports naming it file under the outlet.

    Raises:
        InvalidInput: an empty alias, or one that already names an outlet (merge them instead).
        NotFound: no outlet of that name.
    """
    if not alias.strip():
        raise InvalidInput("the alias is empty")
    with writing(store, actor) as (connection, actor):
        outlet_id = _named(connection, name)
        owner_id = _owner(connection, alias)
        if owner_id is not None:
            owner = read.outlet(connection, owner_id).name
            hint = "" if owner_id == outlet_id else f" (to join them: workbench outlet merge {owner!r} {name!r})"
            raise InvalidInput(f"{alias!r} already names the outlet {owner!r}{hint}")
        journal.record(
            connection,
            actor=actor,
            action="outlet.alias",
            change=_new_alias(connection, actor, outlet_id, alias),
            note=check_note(note),
        )
        return read.outlet(connection, outlet_id)


def merge_outlets(*, store: Store, actor: str, merged: str, into: str, note: str | None = None) -> OutletRead:
    """Merge outlet ``merged`` into ``into``: its sources (and so their evidence) and aliases move over.

    ``merged``'s name and domain become aliases of ``into``, so later imports file there too; an
    ``into`` graded F (cannot be judged) takes ``merged``'s grade. One audited event records the
    merged outlet's removal and every source and alias moved.

    Raises:
        InvalidInput: an outlet merged into itself.
        NotFound: either outlet unknown.
    """
    with writing(store, actor) as (connection, actor):
        old_id, new_id = _named(connection, merged), _named(connection, into)
        if old_id == new_id:
            raise InvalidInput(f"{merged!r} and {into!r} are one outlet already")
        old, new = journal.state(connection, "outlet", old_id), journal.state(connection, "outlet", new_id)
        related: list[Change] = []
        for source_id in list(connection.execute(select(_SOURCE.c.id).where(_SOURCE.c.outlet_id == old_id)).scalars()):
            before = journal.state(connection, "source", source_id)
            connection.execute(update(_SOURCE).where(_SOURCE.c.id == source_id).values(outlet_id=new_id))
            related.append(Change("source", source_id, before, journal.state(connection, "source", source_id)))
        for alias_id in list(connection.execute(select(_ALIAS.c.id).where(_ALIAS.c.outlet_id == old_id)).scalars()):
            before = journal.state(connection, "outlet_alias", alias_id)
            connection.execute(update(_ALIAS).where(_ALIAS.c.id == alias_id).values(outlet_id=new_id))
            related.append(
                Change("outlet_alias", alias_id, before, journal.state(connection, "outlet_alias", alias_id))
            )
        if new["reliability"] == "F" and old["reliability"] != "F":
            connection.execute(update(_OUTLET).where(_OUTLET.c.id == new_id).values(reliability=old["reliability"]))
            related.append(Change("outlet", new_id, new, journal.state(connection, "outlet", new_id)))
        connection.execute(delete(_OUTLET).where(_OUTLET.c.id == old_id))
        for alias in dict.fromkeys(a for a in (old["name"], old["domain"]) if a):
            if _owner(connection, alias) is None:  # the merged outlet's row is gone: only others' names count
                related.append(_new_alias(connection, actor, new_id, alias))
        journal.record(
            connection,
            actor=actor,
            action="outlet.merge",
            change=Change("outlet", old_id, old, None),
            related=related,
            note=check_note(note),
        )
        return read.outlet(connection, new_id)
