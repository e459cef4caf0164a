"""What every report states at its top, and the wording shared by all reports.

A report is evidence about evidence: whoever reads it later must be able to tell which store it
came from, when and by whom it was made, and exactly which state of the audit chain it shows
(the head's seq and hash, which ``workbench audit verify --expect HASH`` can check later), and
whether that chain verified when the report was made.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from store import audit
from store.clock import now_iso
from workbench.models import Verification


@dataclass(frozen=True)
class Header:
    """The report's provenance: store, time, reviewer, the chain head it was made from, its check."""

    title: str
    store: str
    made_at: str
    reviewer: str
    head_seq: int
    head_hash: str
    #: Run after the report's content was read, so it covers the head cited (and any event
    #: appended since, which the templates then point out).
    verification: Verification | None = None


def header(connection: Connection, *, title: str, store_label: str, reviewer: str) -> Header:
    """The header of a report read through ``connection``: the head is read in the report's transaction."""
    head = audit.head(connection)
    return Header(
        title=title,
        store=store_label,
        made_at=when(now_iso()),
        reviewer=reviewer,
        head_seq=head.seq,
        head_hash=head.hash,
    )


def when(stamp: str | None) -> str:
    """A stored timestamp (``2026-01-02T10:00:00.000000Z``) as people read it: ``2026-01-02 10:00:00 UTC``."""
    if not stamp:
        return "–"
    if len(stamp) >= 19 and stamp.endswith("Z"):
        return f"{stamp[:10]} {stamp[11:19]} UTC"
    return stamp
