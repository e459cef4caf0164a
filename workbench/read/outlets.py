"""Outlets as plain data: each with its Admiralty grade, its aliases and how many sources it published."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from workbench.models import OutletRead
from workbench.sql import OUTLET, OUTLET_ALIAS, SOURCE, one


def _with_counts() -> Any:
    count = select(func.count()).where(SOURCE.c.outlet_id == OUTLET.c.id).scalar_subquery()
    return select(OUTLET, count.label("sources"))


def outlet(connection: Connection, outlet_id: int) -> OutletRead:
    """One outlet.

    Raises:
        NotFound: no such outlet.
    """
    row = dict(one(connection, _with_counts().where(OUTLET.c.id == outlet_id), "outlet", outlet_id))
    return OutletRead.model_validate({**row, "aliases": _aliases(connection).get(outlet_id, [])})


def outlets(connection: Connection) -> list[OutletRead]:
    """Every outlet with its grade and number of sources, by name."""
    rows = connection.execute(_with_counts().order_by(OUTLET.c.name_key)).mappings()
    aliases = _aliases(connection)
    return [OutletRead.model_validate({**r, "aliases": aliases.get(r["id"], [])}) for r in rows]


def _aliases(connection: Connection) -> dict[int, list[str]]:
    """Every outlet's aliases (names and domains), in the order they were given."""
    found: dict[int, list[str]] = {}
    for outlet_id, alias in connection.execute(
        select(OUTLET_ALIAS.c.outlet_id, OUTLET_ALIAS.c.alias).order_by(OUTLET_ALIAS.c.id)
    ):
        found.setdefault(outlet_id, []).append(alias)
    return found
