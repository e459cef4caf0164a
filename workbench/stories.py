"""Stories: sources about one event. Grouped automatically; a reviewer moves, splits and merges them.

Matching compares claims within one story, so a wrong grouping hides a contradiction or
suggests one between two events: the reviewer's word stands over the grouping, and every
decision is audited (``story.move``, ``story.split``, ``story.merge``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel
from sqlalchemy import Connection, insert, select, update

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal
from workbench.access import writing
from workbench.checks import check_note
from workbench.errors import InvalidInput, NotFound
from workbench.facts.stories import resolve
from workbench.sql import OUTLET, SOURCE, STORY, chunks


class StorySource(BaseModel):
    """A source as a story lists it."""

    id: int
    outlet: str | None
    title: str | None
    published_at: str | None
    assigned: bool


class StoryRead(BaseModel):
    """A story: its id (its first source's, or the source a reviewer started it with) and sources."""

    id: int
    sources: list[StorySource]


def stories(connection: Connection) -> list[StoryRead]:
    """Every story of the store, largest first."""
    story_of = resolve(connection)
    assigned = set(connection.execute(select(STORY.c.source_id)).scalars())
    statement = select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.published_at, OUTLET.c.name).outerjoin(
        OUTLET, OUTLET.c.id == SOURCE.c.outlet_id
    )
    members: dict[int, list[StorySource]] = defaultdict(list)
    for row in connection.execute(statement.order_by(SOURCE.c.id)):
        members[story_of[row.id]].append(
            StorySource(
                id=row.id, outlet=row.name, title=row.title, published_at=row.published_at, assigned=row.id in assigned
            )
        )
    found = [StoryRead(id=story, sources=sources) for story, sources in members.items()]
    return sorted(found, key=lambda s: (-len(s.sources), s.id))


def _check_sources(connection: Connection, ids: Iterable[int]) -> None:
    wanted = set(ids)
    known: set[int] = set()
    for part in chunks(sorted(wanted)):
        known.update(connection.execute(select(SOURCE.c.id).where(SOURCE.c.id.in_(part))).scalars())
    missing = sorted(wanted - known)
    if missing:
        raise NotFound(f"no source with id {missing[0]}")


def _assign(connection: Connection, actor: str, moves: dict[int, int], *, action: str, note: str | None) -> None:
    """Anchor each source of ``moves`` to its anchor; one audit event for the whole decision."""
    now = now_iso()
    existing = {r.source_id: r for r in connection.execute(select(STORY)).mappings().all() if r.source_id in moves}
    changes = []
    for source, anchor in sorted(moves.items()):
        values = {"source_id": source, "anchor": anchor, "assigned_by": actor, "assigned_at": now}
        row = existing.get(source)
        if row is None:
            new_id = connection.execute(insert(STORY).values(**values).returning(STORY.c.id)).scalar_one()
            changes.append(
                Change("story_assignment", new_id, None, snapshot("story_assignment", {"id": new_id, **values}))
            )
        elif row["anchor"] != anchor:
            connection.execute(update(STORY).where(STORY.c.id == row["id"]).values(**values))
            after = journal.state(connection, "story_assignment", row["id"])
            changes.append(Change("story_assignment", row["id"], snapshot("story_assignment", row), after))
    if not changes:
        raise InvalidInput("nothing to change: the sources are already where you asked")
    journal.record(connection, actor=actor, action=action, change=changes[0], related=changes[1:], note=note)


def move_sources(
    *, store: Store, actor: str, source_ids: Sequence[int], to: int, note: str | None = None
) -> list[StoryRead]:
    """Move sources into the story of source ``to``.

    Raises:
        InvalidInput: no sources, or ``to`` among them (that is a split).
        NotFound: an unknown source.
    """
    if not source_ids:
        raise InvalidInput("name at least one source to move")
    if to in source_ids:
        raise InvalidInput(f"source {to} cannot join its own story; split the sources instead")
    with writing(store, actor) as (connection, actor):
        _check_sources(connection, [*source_ids, to])
        _assign(connection, actor, dict.fromkeys(source_ids, to), action="story.move", note=check_note(note))
        return stories(connection)


def split_sources(*, store: Store, actor: str, source_ids: Sequence[int], note: str | None = None) -> list[StoryRead]:
    """Make the sources a story of their own, whatever they were grouped with.

    Raises:
        InvalidInput: no sources.
        NotFound: an unknown source.
    """
    if not source_ids:
        raise InvalidInput("name at least one source to split off")
    first = min(source_ids)
    with writing(store, actor) as (connection, actor):
        _check_sources(connection, source_ids)
        _assign(connection, actor, dict.fromkeys(source_ids, first), action="story.split", note=check_note(note))
        return stories(connection)


def merge_stories(*, store: Store, actor: str, a: int, b: int, note: str | None = None) -> list[StoryRead]:
    """Merge the story holding source ``b`` into the story holding source ``a``.

    Raises:
        InvalidInput: both sources are in one story already.
        NotFound: an unknown source.
    """
    with writing(store, actor) as (connection, actor):
        _check_sources(connection, [a, b])
        story_of = resolve(connection)
        if story_of[a] == story_of[b]:
            raise InvalidInput(f"sources {a} and {b} are in one story already")
        joining = [s for s, story in story_of.items() if story == story_of[b]]
        _assign(connection, actor, dict.fromkeys(joining, a), action="story.merge", note=check_note(note))
        return stories(connection)
