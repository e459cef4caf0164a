"""Exports of claims with their evidence, in the formats their readers' tools expect, and the evidence bundle.

``export`` reads everything in one read transaction, so the records, the sources they cite and
the chain head named in the header are one consistent state of the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from store import Store
from store.vocabulary import EXPORT_FORMATS, ClaimStatus, ExportFormat
from workbench.access import reading
from workbench.cases import members
from workbench.checks import one_of
from workbench.errors import InvalidInput
from workbench.export.annotations import write_annotations
from workbench.export.bundle import Written, verify_bundle, write_bundle
from workbench.export.claimreview import write_claimreview
from workbench.export.formats import write_csv, write_json, write_jsonl
from workbench.export.records import Provenance, claim_ids, provenance
from workbench.files import atomic_text


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not any(c.isspace() for c in url)


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    provenance: Provenance
    claims: int
    #: Claims left out (ClaimReview: credibility 6 has no rating).
    skipped: int = 0
    bundle: Written | None = None


def export(
    *,
    store: Store,
    format: ExportFormat,
    out: TextIO | None = None,
    target: Path | None = None,
    label: str,
    reviewer: str,
    status: ClaimStatus | None = "verified",
    claims: list[int] | None = None,
    publisher: str | None = None,
    base_url: str | None = None,
    case: str | None = None,
) -> Exported:
    """Write the claims chosen by ``status`` (or the ``claims`` named, whatever their status) as ``format``.

    ``case`` keeps only the claims of that case.

    ``out`` receives the text formats; ``target`` is the folder or ``.zip`` of a bundle.

    Raises:
        InvalidInput: an unknown format or status, a bundle without a target, a ClaimReview
            without publisher and base URL.
        NotFound: a named claim that does not exist.
    """
    format = one_of(format, EXPORT_FORMATS, "format")
    if format == "claimreview" and not (publisher and base_url):
        raise InvalidInput("claimreview needs --publisher and --base-url (or WORKBENCH_PUBLISHER, WORKBENCH_BASE_URL)")
    if base_url is not None and not _absolute(base_url):
        raise InvalidInput(f"--base-url must be an absolute http(s) URL, not {base_url!r}")
    if format == "bundle" and target is None:
        raise InvalidInput("a bundle needs -o DIR or -o FILE.zip")
    chosen = list(claims or [])
    with reading(store) as connection:
        if connection.dialect.name == "postgresql":
            # one snapshot for every query (SQLite's explicit BEGIN gives that already in WAL mode)
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        ids = claim_ids(connection, status=None if chosen else status, claims=chosen)
        if case is not None:
            held = members(connection, case)
            ids, case = [i for i in ids if i in held.claims], held.name
        prov = provenance(connection, store=label, reviewer=reviewer, status=None if chosen else status, claims=chosen,
                          case=case)  # fmt: skip
        if format == "bundle":
            assert target is not None
            written = write_bundle(connection, prov, ids, target, base_url=base_url)
            return Exported(prov, written.claims, bundle=written)
        assert out is not None
        if format == "json":
            return Exported(prov, write_json(out, connection, prov, ids))
        if format == "jsonl":
            return Exported(prov, write_jsonl(out, connection, prov, ids))
        if format == "csv":
            return Exported(prov, write_csv(out, connection, prov, ids))
        if format == "annotations":
            write_annotations(out, connection, prov, ids, base_url=base_url)
            return Exported(prov, len(ids))
        assert publisher and base_url
        written_reviews, skipped = write_claimreview(out, connection, prov, ids, publisher=publisher, base_url=base_url)
        return Exported(prov, written_reviews, skipped=skipped)


def export_file(
    *,
    store: Store,
    format: ExportFormat,
    target: Path,
    label: str,
    reviewer: str,
    status: ClaimStatus | None = "verified",
    claims: list[int] | None = None,
    publisher: str | None = None,
    base_url: str | None = None,
    case: str | None = None,
) -> Exported:
    """Export into ``target``: a file written whole or not at all (``atomic_text``), or a bundle's folder or ``.zip``.

    A file that exists is replaced (only once the new one is complete); a bundle refuses a
    target that exists. See ``export`` for the rest.

    Raises:
        InvalidInput: as ``export``, or ``target`` cannot be written.
        NotFound: a named claim that does not exist.
    """
    chosen = partial(export, store=store, format=format, label=label, reviewer=reviewer, status=status,
                     claims=claims, publisher=publisher, base_url=base_url, case=case)  # fmt: skip
    if format == "bundle":
        return chosen(target=target)
    with atomic_text(target, newline="" if format == "csv" else "\n") as out:  # csv writes its own line ends
        return chosen(out=out)


__all__ = ["Exported", "export", "export_file", "verify_bundle"]
