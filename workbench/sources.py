"""Importing sources: new, unchanged, or a revision of a source already on file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from store.models import Source
from workbench import journal
from workbench.errors import store_errors
from workbench.ingest import Document
from workbench.models import ImportResult
from workbench.outlets import add_outlet, find_outlet

_SOURCE = Source.__table__  # type: ignore[attr-defined]


def import_source(*, store: Store, actor: str, document: Document) -> ImportResult:
    """Store one document as a source, in one transaction with one audit event (none if unchanged).

    See ``import_documents`` for the rules.
    """
    return import_documents(store=store, actor=actor, documents=[document])[0]


def import_documents(*, store: Store, actor: str, documents: Sequence[Document]) -> list[ImportResult]:
    """Store the documents of one file together: all of them, or (on error) none.

    For each document, in order:

    - its identity is its URL, or if it has none its outlet and title (case-insensitive);
    - if a source with that identity already holds the same text (SHA-256), it is ``unchanged``
      and nothing is written;
    - if sources with that identity exist but none holds this text, it is stored as a
      ``revision`` of the newest of them (evidence stays on the old revision);
    - otherwise it is ``imported`` as a new source.

    An outlet named by the document that is not yet on file is created, graded F ("cannot be
    judged"), and recorded in the same event as the source.
    """
    actor = journal.check_actor(actor)
    results: list[ImportResult] = []
    with store_errors(), store.write() as session:
        connection = session.connection()
        for document in documents:
            results.append(_import_one(connection, actor, document))
    return results


def _import_one(connection: Connection, actor: str, document: Document) -> ImportResult:
    sha = hashlib.sha256(document.text.encode()).hexdigest()
    related: list[Change] = []
    outlet_id = find_outlet(connection, name=document.outlet, domain=document.domain)
    if outlet_id is None and (document.outlet or document.domain):
        outlet = add_outlet(connection, name=document.outlet or str(document.domain), domain=document.domain)
        outlet_id = outlet.entity_id
        related.append(outlet)
    title_key = " ".join(document.title.split()).casefold() if document.title else None

    same_identity = _identity(connection, url=document.url, outlet_id=outlet_id, title_key=title_key)
    for existing_id, existing_sha in same_identity:
        if existing_sha == sha:
            return ImportResult(status="unchanged", source_id=existing_id, origin=document.origin)
    revision_of = same_identity[0][0] if same_identity else None

    values: dict[str, Any] = {
        "outlet_id": outlet_id,
        "title": document.title,
        "title_key": title_key,
        "url": document.url,
        "author": document.author,
        "published_at": document.published,
        "retrieved_at": now_iso(),
        "format": document.format,
        "origin": document.origin,
        "raw_sha256": document.raw_sha256,
        "text": document.text,
        "content_sha256": sha,
        "revision_of": revision_of,
        "length": len(document.text),
        "imported_by": actor,
    }
    source_id = connection.execute(insert(_SOURCE).values(**values).returning(_SOURCE.c.id)).scalar_one()
    journal.record(
        connection,
        actor=actor,
        action="source.revise" if revision_of else "source.import",
        change=Change("source", source_id, None, snapshot("source", {"id": source_id, **values})),
        related=related,
    )
    return ImportResult(
        status="revision" if revision_of else "imported",
        source_id=source_id,
        revision_of=revision_of,
        origin=document.origin,
    )


def _identity(connection: Connection, *, url: str | None, outlet_id: int | None, title_key: str | None) -> list[Any]:
    """``(id, content_sha256)`` of sources with the same identity, newest first."""
    c = _SOURCE.c
    if url:
        where = c.url == url
    elif title_key:
        where = (c.title_key == title_key) & (c.outlet_id.is_(None) if outlet_id is None else c.outlet_id == outlet_id)
    else:
        return []
    return list(connection.execute(select(c.id, c.content_sha256).where(where).order_by(c.id.desc())))
