"""Claim candidates for a stored source: what the reviewer might want to record as claims."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from store import Store
from workbench.access import reading
from workbench.errors import NotFound
from workbench.extract import candidates
from workbench.languages import reading_language
from workbench.sql import LANGUAGE, SOURCE


def source_candidates(*, store: Store, source_id: int, kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Candidates in a source's text in its language, relative dates resolved against its publication date.

    See ``workbench.extract.candidates`` for the shapes.

    Raises:
        NotFound: no such source.
        InvalidInput: an unknown kind.
    """
    with reading(store) as connection:
        query = select(SOURCE.c.text, SOURCE.c.published_at, LANGUAGE.c.language)
        query = query.outerjoin(LANGUAGE, LANGUAGE.c.source_id == SOURCE.c.id).where(SOURCE.c.id == source_id)
        row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"no source with id {source_id}")
    language = reading_language(row.text, row.language)
    return candidates(row.text, published=row.published_at, kinds=kinds, language=language)
