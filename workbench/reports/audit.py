"""The audit report's content: events chosen by date and claim, grouped by day, then by what they are about.

**Grouping.** Events are grouped by the UTC day they were recorded, oldest first, and within a
day by what they are about: a claim (with its evidence links, which make no sense apart from it),
a source, an outlet, a relation between claims or between sources. Days come first because an
audit is read as "what happened when" (a reviewer's session, the day before a publication); the
topics within a day come next because a day's work on one claim (created, linked, verified) reads
as one story, where strict chain order would interleave it with everything else done that day.
Topics appear in the order of their first event that day and events within a topic in chain
order, and every event keeps its seq, so the chain order can always be read back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from workbench.cases import Members, members
from workbench.errors import InvalidInput, NotFound
from workbench.models import AuditEventRead
from workbench.read.audit import touches_case
from workbench.reports.context import Header
from workbench.reports.events import EventView, Names, touches_claim, view
from workbench.sql import CLAIM as _CLAIM
from workbench.sql import EVENT as _EVENT
from workbench.sql import EVENT_ROW as _ROW


@dataclass(frozen=True)
class Topic:
    """A day's events about one thing."""

    label: str
    events: list[EventView]


@dataclass(frozen=True)
class Day:
    """One UTC day of the trail."""

    day: str
    topics: list[Topic]
    count: int


@dataclass(frozen=True)
class AuditContext:
    """Everything the audit templates show."""

    header: Header
    since: str | None
    claim_id: int | None
    claim_text: str | None
    shown: int
    days: list[Day] = field(default_factory=list)
    #: The case the report is narrowed to, if any.
    case: str | None = None

    @property
    def per_day(self) -> dict[str, int]:
        """How many of the shown events each day holds, for the timeline."""
        return {d.day: d.count for d in self.days}


def parse_since(text: str) -> str:
    """An ISO date or date and time as the stored timestamp it starts from (UTC; no zone means UTC).

    ``2026-01-31`` is that day's midnight UTC; ``2026-01-31T09:00+02:00`` is 07:00 UTC.

    Raises:
        InvalidInput: not an ISO 8601 date or date and time.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"--since takes an ISO date or date and time (2026-01-31, 2026-01-31T09:00Z), not {text!r}"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


def select_events(
    connection: Connection,
    *,
    since: str | None,
    claim_id: int | None,
    merged: Sequence[int] = (),
    case: Members | None = None,
) -> list[AuditEventRead]:
    """Events in chain order, recorded at or after ``since``, about ``claim_id`` (its evidence and relations).

    ``merged`` are claims merged into ``claim_id``: their history is the survivor's too. With
    ``case``, only events about what the case holds (its claims, their evidence and relations,
    its sources) and about the case itself.

    Events about the claim are found through the index of the rows each event changed or
    referred to (``audit_event_row``: a quote's evidence row refers to its claim, a relation to
    both claims), then checked exactly.
    """
    statement = select(_EVENT).order_by(_EVENT.c.seq)
    if since is not None:
        statement = statement.where(_EVENT.c.at >= since)
    wanted = [] if claim_id is None else [claim_id, *merged]
    if wanted:
        about = select(_ROW.c.seq).where(_ROW.c.entity == "claim", _ROW.c.entity_id.in_(wanted))
        statement = statement.where(_EVENT.c.seq.in_(about))
    events = [
        AuditEventRead.model_validate({**r, "data": json.loads(r["data"])})
        for r in connection.execute(statement).mappings()
    ]
    if wanted:
        events = [e for e in events if any(touches_claim(e, one) for one in wanted)]
    if case is not None:
        events = [e for e in events if touches_case(e, case)]
    return events


def group(events: list[EventView]) -> list[Day]:
    """Events by day, then by topic (see the module docstring)."""
    days: dict[str, dict[tuple[str, int], Topic]] = {}
    for event in events:
        topics = days.setdefault(event.day, {})
        topics.setdefault(event.topic, Topic(event.topic_label, [])).events.append(event)
    return [
        Day(day, list(topics.values()), sum(len(t.events) for t in topics.values())) for day, topics in days.items()
    ]


def audit_context(
    connection: Connection,
    *,
    header: Header,
    since: str | None = None,
    claim_id: int | None = None,
    case: str | None = None,
) -> AuditContext:
    """The audit report's content, read through one connection.

    Raises:
        NotFound: ``claim_id`` names no claim, or ``case`` no case.
    """
    held = None if case is None else members(connection, case)
    claim_text = None
    if claim_id is not None:
        claim_text = connection.execute(select(_CLAIM.c.text).where(_CLAIM.c.id == claim_id)).scalar()
        if claim_text is None:
            raise NotFound(f"no claim with id {claim_id}")
    events = select_events(connection, since=since, claim_id=claim_id, case=held)
    names = Names.load(connection, events)
    views = [view(e, names) for e in events]
    return AuditContext(
        header=header,
        since=since,
        claim_id=claim_id,
        claim_text=claim_text,
        shown=len(views),
        days=group(views),
        case=None if held is None else held.name,
    )
