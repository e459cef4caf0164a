"""Claim candidates for a stored source: what the reviewer might want to record as claims."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from store import Store
from workbench.access import reading
from workbench.errors import NotFound
from workbench.extract import candidates
from workbench.sql import SOURCE


def source_candidates(*, store: Store, source_id: int, kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Candidates in a source's text, relative dates resolved against its publication date.

    See ``workbench.extract.candidates`` for the shapes.

    Raises:
        NotFound: no such source.
        InvalidInput: an unknown kind.
    """
    with reading(store) as connection:
        row = connection.execute(select(SOURCE.c.text, SOURCE.c.published_at).where(SOURCE.c.id == source_id)).first()
    if row is None:
        raise NotFound(f"no source with id {source_id}")
    return candidates(row.text, published=row.published_at, kinds=kinds)
