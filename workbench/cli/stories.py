"""Commands for stories: ``stories``, ``story move``, ``story split``, ``story merge``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.app import app, settings, story_app
from workbench.cli.options import JsonFlag, NoteOption, id_argument
from workbench.cli.output import emit, emit_json
from workbench.textsafe import one_line

if TYPE_CHECKING:
    from workbench.stories import StoryRead

SourcesArgument = Annotated[list[int], typer.Argument(min=1, help="Source ids, as `workbench sources` lists them.")]


def _print(found: list[StoryRead], as_json: bool) -> None:
    if as_json:
        emit_json(found)
        return
    for story in found:
        emit(f"story {story.id} · {len(story.sources)} source{'s' if len(story.sources) != 1 else ''}")
        for s in story.sources:
            mark = " (placed by a reviewer)" if s.assigned else ""
            title = one_line(s.title or "", 80)
            emit(f"    {s.id}  {s.outlet or 'unknown outlet'} · {s.published_at or 'no date'} · {title}{mark}")


@app.command("stories")
def stories_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List stories: the sources about one event, grouped by their leading words and dates.

    Claims are matched within one story; `workbench story` moves, splits and merges them.

    \b
    Example: workbench stories --json
    """
    from workbench.stories import stories

    _print(settings(ctx).read(stories), as_json)


@story_app.command("move")
def story_move(
    ctx: typer.Context,
    sources: SourcesArgument,
    to: Annotated[int, typer.Option("--to", min=1, help="A source of the story to move them into.")],
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Move sources into the story of another source.

    \b
    Example: workbench story move 12 14 --to 3 --note "same bridge collision"
    """
    from workbench.stories import move_sources

    s = settings(ctx)
    _print(move_sources(store=s.store(), actor=s.reviewer, source_ids=sources, to=to, note=note), as_json)


@story_app.command("split")
def story_split(
    ctx: typer.Context, sources: SourcesArgument, note: NoteOption = None, as_json: JsonFlag = False
) -> None:
    """Make sources a story of their own.

    \b
    Example: workbench story split 7 9 --note "the 2015 attack, not this one"
    """
    from workbench.stories import split_sources

    s = settings(ctx)
    _print(split_sources(store=s.store(), actor=s.reviewer, source_ids=sources, note=note), as_json)


@story_app.command("merge")
def story_merge(
    ctx: typer.Context,
    a: Annotated[int, id_argument("A source of the story that stays.")],
    b: Annotated[int, id_argument("A source of the story merged into it.")],
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Merge two stories into one.

    \b
    Example: workbench story merge 3 12 --note "one event, reported days apart"
    """
    from workbench.stories import merge_stories

    s = settings(ctx)
    _print(merge_stories(store=s.store(), actor=s.reviewer, a=a, b=b, note=note), as_json)
