"""Outlets as plain data: each with its Admiralty grade and how many sources it published."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from workbench.models import OutletRead
from workbench.sql import OUTLET, SOURCE, one


def _with_counts() -> Any:
    count = select(func.count()).where(SOURCE.c.outlet_id == OUTLET.c.id).scalar_subquery()
    return select(OUTLET, count.label("sources"))


def outlet(connection: Connection, outlet_id: int) -> OutletRead:
    """One outlet.

    Raises:
        NotFound: no such outlet.
    """
    return OutletRead.model_validate(
        dict(one(connection, _with_counts().where(OUTLET.c.id == outlet_id), "outlet", outlet_id))
    )


def outlets(connection: Connection) -> list[OutletRead]:
    """Every outlet with its grade and number of sources, by name."""
    rows = connection.execute(_with_counts().order_by(OUTLET.c.name_key)).mappings()
    return [OutletRead.model_validate(dict(r)) for r in rows]
