"""Importing sources: new, unchanged, or a revision of a source already on file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from store.models import Source, table
from workbench import journal
from workbench.errors import store_errors
from workbench.ingest import Document
from workbench.ingest.document import first_line_title
from workbench.models import ImportResult
from workbench.outlets import add_outlet, find_outlet

_SOURCE = table(Source)


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
    outlet_id = find_outlet(connection, name=document.outlet, domain=document.domain)
    title_key = _key(document.title)
    existing = _same_identity(connection, url=document.url, outlet_id=outlet_id, title_key=title_key)
    if existing is None:  # no identity: only the same text from the same outlet is the same source
        existing = _same_text(connection, sha=sha, outlet_id=outlet_id, named=bool(document.outlet or document.domain))
    for existing_id, existing_sha in existing:
        if existing_sha == sha:
            return ImportResult(status="unchanged", source_id=existing_id, origin=document.origin)
    revision_of = existing[0][0] if existing else None

    related: list[Change] = []
    if outlet_id is None and (document.outlet or document.domain):
        outlet = add_outlet(connection, name=document.outlet, domain=document.domain)
        outlet_id = outlet.entity_id
        related.append(outlet)
    values: dict[str, Any] = {
        "outlet_id": outlet_id,
        "title": document.title or first_line_title(document.text),
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


def _key(title: str | None) -> str | None:
    return " ".join(title.split()).casefold() if title else None


def _same_identity(
    connection: Connection, *, url: str | None, outlet_id: int | None, title_key: str | None
) -> list[Any] | None:
    """``(id, content_sha256)`` of sources with the same identity, newest first; ``None`` without one.

    Identity is the URL, else the outlet and a title the file states. A title derived from the
    first line is not identity: two unrelated texts both starting "Advertisement" are not
    revisions of each other.
    """
    c = _SOURCE.c
    if url:
        where = c.url == url
    elif title_key:
        where = (c.title_key == title_key) & (c.outlet_id.is_(None) if outlet_id is None else c.outlet_id == outlet_id)
    else:
        return None
    return list(connection.execute(select(c.id, c.content_sha256).where(where).order_by(c.id.desc())))


def _same_text(connection: Connection, *, sha: str, outlet_id: int | None, named: bool) -> list[Any]:
    """Sources with exactly this text (and this outlet, if the document names one)."""
    c = _SOURCE.c
    where = c.content_sha256 == sha
    if named:
        if outlet_id is None:  # an outlet not on file yet: nothing of it can match
            return []
        where &= c.outlet_id == outlet_id
    return list(connection.execute(select(c.id, c.content_sha256).where(where).order_by(c.id)))
