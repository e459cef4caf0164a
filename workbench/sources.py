"""Importing sources: new, unchanged, or a revision of a source already on file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal
from workbench.access import writing
from workbench.errors import InvalidInput, NotFound
from workbench.ingest import Document
from workbench.ingest.document import first_line_title
from workbench.models import ImportResult
from workbench.outlets import add_outlet, find_outlet
from workbench.revisions import carry_evidence
from workbench.search import index as search_index
from workbench.sql import ORIGINAL, SOURCE_ORIGINAL, SOURCE_PAGE, name_key
from workbench.sql import SOURCE as _SOURCE
from workbench.wire import record_credits


def import_source(*, store: Store, actor: str, document: Document, revision_of: int | None = None) -> ImportResult:
    """Store one document as a source, in one transaction (see ``import_documents``)."""
    return import_documents(store=store, actor=actor, documents=[document], revision_of=revision_of)[0]


def import_documents(
    *, store: Store, actor: str, documents: Sequence[Document], revision_of: int | None = None
) -> list[ImportResult]:
    """Store the documents of one file together: all of them, or (on error) none.

    For each document, in order:

    - its identity is its URL, or if it has none its outlet and stated title (case-insensitive);
    - if a source with that identity already holds the same text (SHA-256), it is ``unchanged``
      and nothing is written;
    - if sources with that identity exist but none holds this text, it is stored as a
      ``revision`` of the newest of them, and their evidence is carried over to it
      (re-anchored or orphaned, see ``workbench.revisions``) in the same transaction;
    - otherwise it is ``imported`` as a new source.

    ``revision_of`` says explicitly which source a (single) document revises, for corrected
    copies that state no identity. An outlet the document names that is not yet on file is
    created, graded F ("cannot be judged"), and recorded in the same event as the source.

    Raises:
        NotFound: ``revision_of`` names no source.
        InvalidInput: ``revision_of`` with several documents, or naming a source that already
            has a newer revision.
    """
    if revision_of is not None and len(documents) != 1:
        raise InvalidInput("a revision replaces one article; this file holds several")
    results: list[ImportResult] = []
    with writing(store, actor) as (connection, actor):
        for document in documents:
            results.append(_import_one(connection, actor, document, revision_of))
    return results


def _explicit_revision(connection: Connection, revision_of: int) -> list[Any]:
    """``[(id, sha)]`` of the source a document was declared to revise."""
    c = _SOURCE.c
    found = connection.execute(select(c.id, c.content_sha256).where(c.id == revision_of)).first()
    if found is None:
        raise NotFound(f"no source with id {revision_of}")
    newer = connection.execute(select(c.id).where(c.revision_of == revision_of).order_by(c.id.desc())).scalar()
    if newer is not None:
        raise InvalidInput(f"source {revision_of} already has a newer revision ({newer}); revise that one")
    return [found]


def _import_one(connection: Connection, actor: str, document: Document, revision_of: int | None) -> ImportResult:
    sha = hashlib.sha256(document.text.encode()).hexdigest()
    outlet_id = find_outlet(connection, name=document.outlet, domain=document.domain)
    title_key = name_key(document.title) if document.title and document.title_is_identity else None
    if revision_of is not None:
        existing: list[Any] | None = _explicit_revision(connection, revision_of)
    else:
        existing = _same_identity(connection, url=document.url, outlet_id=outlet_id, title_key=title_key)
    near: int | None = None
    if existing is None:  # no identity: only the same text from the same outlet is the same source
        existing = _same_text(connection, sha=sha, outlet_id=outlet_id, named=bool(document.outlet or document.domain))
        if not existing:
            near = near_copy(connection, document.text)
    for existing_id, existing_sha in existing:
        if existing_sha == sha:
            newest = existing[0][0] if existing_id != existing[0][0] else None
            return ImportResult(status="unchanged", source_id=existing_id, origin=document.origin, newest=newest)
    revises = existing[0][0] if existing else None

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
        "retrieved_at": document.retrieved_at or now_iso(),
        "format": document.format,
        "origin": document.origin,
        "raw_sha256": document.raw_sha256,
        "text": document.text,
        "content_sha256": sha,
        "revision_of": revises,
        "length": len(document.text),
        "imported_by": actor,
    }
    source_id = connection.execute(insert(_SOURCE).values(**values).returning(_SOURCE.c.id)).scalar_one()
    if document.original is not None and document.raw_sha256 is not None:
        keep_original(connection, source_id, document)
    if document.pages:
        connection.execute(
            insert(SOURCE_PAGE),
            [{"source_id": source_id, "page": n, "start": a, "end": b} for n, (a, b) in enumerate(document.pages, 1)],
        )
    search_index.add_sources(connection, [(source_id, values["title"], document.text)])
    record_credits(connection, [(source_id, document.text, document.author)])
    journal.record(
        connection,
        actor=actor,
        action="source.revise" if revises else "source.import",
        change=Change("source", source_id, None, snapshot("source", {"id": source_id, **values})),
        related=related,
    )
    if revises is None:
        return ImportResult(status="imported", source_id=source_id, origin=document.origin, near_copy_of=near)
    reanchored, orphaned = carry_evidence(connection, actor=actor, old_id=revises, new_id=source_id)
    return ImportResult(
        status="revision",
        source_id=source_id,
        revision_of=revises,
        origin=document.origin,
        reanchored=reanchored,
        orphaned=orphaned,
    )


#: Share of their 5-word runs two texts must have in common, both ways (Jaccard), to be near copies:
#: a correction or a lightly edited reprint keeps four in five; two reports of one event in their
#: own words share a few in a hundred (``workbench.syndication``).
NEAR_COPY = 0.8
#: Sources the index proposes as near copies of a new text, checked one by one.
NEAR_CANDIDATES = 10


def near_copy(connection: Connection, text: str) -> int | None:
    """The source whose text ``text`` nearly equals (``NEAR_COPY``), if any: the likeliest first."""
    from workbench.search.find import Filters, passages_like
    from workbench.search.terms import informative
    from workbench.syndication import shingles

    mine = shingles(text)
    if not mine:
        return None
    found = passages_like(connection, informative(text)[:64], filters=Filters(), limit=NEAR_CANDIDATES * 3)
    for source_id in list(dict.fromkeys(f.source_id for f in found))[:NEAR_CANDIDATES]:
        other = connection.execute(select(_SOURCE.c.text).where(_SOURCE.c.id == source_id)).scalar_one()
        theirs = shingles(other)
        if theirs and len(mine & theirs) / len(mine | theirs) >= NEAR_COPY:
            return int(source_id)
    return None


def keep_original(connection: Connection, source_id: int, document: Document) -> None:
    """Keep the bytes ``document`` was extracted from (once per content) and tie ``source_id`` to them."""
    assert document.original is not None and document.raw_sha256 is not None
    kept = connection.execute(select(ORIGINAL.c.sha256).where(ORIGINAL.c.sha256 == document.raw_sha256)).first()
    if kept is None:  # hashed once, when first kept (a JSONL file's records share one original)
        if hashlib.sha256(document.original).hexdigest() != document.raw_sha256:
            raise InvalidInput("the original's bytes do not hash to the document's raw_sha256")
        connection.execute(
            insert(ORIGINAL).values(
                sha256=document.raw_sha256,
                size=len(document.original),
                media_type=document.media_type or "application/octet-stream",
                content=document.original,
            )
        )
    connection.execute(
        insert(SOURCE_ORIGINAL).values(
            source_id=source_id, sha256=document.raw_sha256, extractor=document.extractor or "unknown"
        )
    )


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
