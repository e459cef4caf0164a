"""Reports for people outside the tool: the audit trail and claim dossiers, in Markdown or HTML.

``audit_report`` and ``claim_report`` return the whole report as text; ``write_atomically`` puts it
in a file. The HTML is one self-contained file (inline CSS and SVG, no scripts, no external
resources, a Content-Security-Policy forbidding any) that can be mailed, archived and printed.
Every report names the store, the time (``SOURCE_DATE_EPOCH`` fixes it), the reviewer and the
audit chain head it was made from, and the chain's verification result. Text from articles is
escaped for the format: it is never obeyed as markup or as terminal control.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

from store import Store
from store.vocabulary import ReportFormat
from workbench.access import reading
from workbench.integrity import verify_store
from workbench.reports.audit import audit_context, parse_since
from workbench.reports.context import Header, header
from workbench.reports.dossier import REVIEW_LANES, claim_context
from workbench.reports.output import write_atomically
from workbench.reports.render import render
from workbench.reports.svg import day_bars, timeline

__all__ = ["ReportFormat", "audit_report", "claim_report", "report_format", "write_atomically"]

#: Narrowest range the publication timeline shows: one dated source is a point within two months,
#: not a dot stretched over hours.
_PUBLICATION_SPAN = timedelta(days=60)


def report_format(fmt: ReportFormat | None, output: Path | None) -> ReportFormat:
    """The format asked for, else the one the file's name says: HTML for ``.html``/``.htm``, Markdown otherwise."""
    if fmt is not None:
        return fmt
    html = output is not None and output.suffix.lower() in {".html", ".htm"}
    return "html" if html else "md"


def _verified(store: Store, head: Header) -> Header:
    """The header with the chain's verification, run after the content was read (it covers that head)."""
    return dataclasses.replace(head, verification=verify_store(store=store))


def audit_report(
    *,
    store: Store,
    reviewer: str,
    fmt: ReportFormat = "md",
    since: str | None = None,
    claim_id: int | None = None,
    store_label: str | None = None,
    case: str | None = None,
) -> str:
    """The audit trail: the verification result, then the events by day and by what they are about.

    Grouping by day, then by topic (a claim with its evidence, a source, an outlet, a relation)
    is explained in ``workbench.reports.audit``: an audit is read as "what happened when", and a
    day's work on one claim reads as one story; every event keeps its seq for the chain order.

    Args:
        store: the store to report on.
        reviewer: who made the report (named at its top).
        fmt: Markdown or HTML.
        since: an ISO date or date and time: only events recorded then or later.
        claim_id: only events about this claim, its evidence and its relations.
        case: only events about what this case holds (and about the case).
        store_label: how the store is named at the top (default: ``store.label``).

    Raises:
        InvalidInput: ``since`` is not an ISO date or date and time.
        NotFound: ``claim_id`` names no claim.
    """
    start = parse_since(since) if since is not None else None
    with reading(store) as connection:
        top = header(connection, title="Audit trail", store_label=store_label or store.label, reviewer=reviewer)
        content = audit_context(connection, header=top, since=start, claim_id=claim_id, case=case)
    content = dataclasses.replace(content, header=_verified(store, top))
    extra: dict[str, Any] = {}
    if fmt == "html":
        extra["chart"] = day_bars(content.per_day, caption="Audit events per day (UTC)")
    return render("audit", fmt, report=content, since_text=since, **extra)


def claim_report(
    *, store: Store, reviewer: str, claim_id: int, fmt: ReportFormat = "md", store_label: str | None = None
) -> str:
    """A claim's dossier: the claim, its history, its evidence quoted in context, sources, relations.

    Raises:
        NotFound: no such claim.
    """
    with reading(store) as connection:
        title = f"Claim {claim_id} dossier"
        top = header(connection, title=title, store_label=store_label or store.label, reviewer=reviewer)
        content = claim_context(connection, header=top, claim_id=claim_id)
    content = dataclasses.replace(content, header=_verified(store, top))
    extra: dict[str, Any] = {}
    if fmt == "html":
        extra["review_svg"] = timeline(
            content.review_marks, lanes=REVIEW_LANES, caption=f"Review of claim {claim_id}: events by time (UTC)"
        )
        extra["publication_svg"] = timeline(
            content.publication_marks,
            lanes=content.publication_lanes,
            caption="When each outlet published its source",
            min_span=_PUBLICATION_SPAN,
        )
    return render("claim", fmt, report=content, **extra)
