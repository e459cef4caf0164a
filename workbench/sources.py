"""Importing sources: files, folders and URLs in batches, each article new, unchanged, or a revision on file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal
from workbench.access import writing
from workbench.errors import InvalidInput, NotFound, Rejected, StoreFailure, WorkbenchError
from workbench.ingest import DEFAULT_MAX_BYTES, Document, Overrides, expand, read_file
from workbench.ingest.document import first_line_title
from workbench.ingest.fetch import DEFAULT_TIMEOUT, fetch, is_url
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


def import_targets(paths: Iterable[str]) -> list[Path | str]:
    """What a batch import goes through: URLs as typed (a ``Path`` would fold their "//"), files as found.

    Folders are searched recursively for supported files (``workbench.ingest.expand``); a file
    named directly is kept even when unsupported, so that it is refused with a reason.
    """
    found: list[Path | str] = []
    for argument in paths:
        found.extend([argument] if is_url(argument) else expand([Path(argument)]))
    return found


@dataclass(frozen=True)
class FileImport:
    """What became of one file (or URL) of a batch: its articles' results, or why it was refused."""

    path: str
    results: list[ImportResult] = field(default_factory=list)
    #: The one-line reason the file was refused (nothing of it is stored), or ``None``.
    refused: str | None = None


def import_files(
    *,
    store: Callable[[], Store],
    actor: str,
    targets: Sequence[Path | str],
    overrides: Overrides | None = None,
    encoding: str | None = None,
    revision_of: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private: bool = False,
    one_article: bool = False,
    strict: bool = False,
) -> Iterator[FileImport]:
    """Import each file or URL of ``targets`` (see ``import_targets``) in turn, one transaction each.

    Yields one ``FileImport`` per target as soon as it is done, so an interface can show each
    line and its progress while the batch goes on. A file that cannot be read or stored is
    refused with its reason and the others still go in: one bad file in a folder of hundreds
    should cost the analyst one line, not the batch.

    Args:
        store: gives the store; called only once a file has been read, so that a batch whose
            files are all refused creates no store.
        actor: who imports (recorded in each event).
        targets: files (``Path``) and URLs (``str``), in order.
        overrides: metadata that wins over each file's own (the outlet, …).
        encoding: the text encoding of the files, when it cannot be detected.
        revision_of: the (single) article is a new version of this source.
        max_bytes: largest file or page accepted.
        timeout: seconds to wait for a URL's server.
        allow_private: fetch URLs on loopback and private networks too.
        one_article: each target must hold exactly one article (a URL or title was given for it).
        strict: let an unexpected error escape (for its traceback) instead of refusing the file.

    Raises:
        StoreFailure: the store itself failed; the rest of the batch would fail the same way.
    """
    for target in targets:
        try:
            documents = _read_target(target, max_bytes, timeout, allow_private, overrides, encoding)
            if one_article and len(documents) != 1:
                raise Rejected(str(target), f"--url and --title describe one article; this file holds {len(documents)}")
            results = import_documents(store=store(), actor=actor, documents=documents, revision_of=revision_of)
        except StoreFailure:
            raise
        except WorkbenchError as e:
            yield FileImport(str(target), refused=e.reason if isinstance(e, Rejected) else str(e))
        except Exception as e:
            if strict:
                raise
            yield FileImport(str(target), refused=f"internal error: {type(e).__name__}: {e}")
        else:
            yield FileImport(str(target), results=results)


def _read_target(
    target: Path | str,
    max_bytes: int,
    timeout: float,
    allow_private: bool,
    overrides: Overrides | None,
    encoding: str | None,
) -> list[Document]:
    """A file's documents, or a URL's page fetched once; ``Rejected`` (with the target as given) if neither."""
    if isinstance(target, Path):
        return read_file(target, max_bytes=max_bytes, overrides=overrides, encoding=encoding)
    try:
        documents = fetch(target, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    except InvalidInput as e:
        raise Rejected(target, str(e)) from e
    return [overrides.apply(d) for d in documents] if overrides is not None else documents


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
