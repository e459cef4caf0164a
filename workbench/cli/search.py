"""Commands for the retrieval index: ``search``, ``index rebuild``, ``index status``.

The core is imported inside each command (see the README, start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.app import app, group, say, settings
from workbench.cli.options import MAX_ID, CaseOption, JsonFlag
from workbench.cli.output import count, emit, emit_json, progress_reporter
from workbench.figures import figure
from workbench.textsafe import one_line

if TYPE_CHECKING:
    from workbench.models import SearchHit

index_app = group(no_args_is_help=True, help="The retrieval index of every title and sentence, and every claim.")
app.add_typer(index_app, name="index")


def _date(value: str | None, option: str) -> str | None:
    from workbench.dates import parse_published
    from workbench.errors import InvalidInput

    if value is None:
        return None
    try:
        parsed = parse_published(value)
    except InvalidInput as e:
        raise typer.BadParameter(str(e), param_hint=option) from e
    return parsed


def marked(hit: SearchHit) -> str:
    """The sentence with its matched words between ⟦ ⟧, on one line."""
    pieces, at = [], 0
    for start, end in hit.marks:
        pieces += [hit.sentence[at:start], "⟦", hit.sentence[start:end], "⟧"]
        at = end
    pieces.append(hit.sentence[at:])
    return one_line("".join(pieces))


@app.command("search")
def search_(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words, "exact phrases", prefix*, OR, NOT, (parentheses).')],
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", help="Only sources of this outlet (repeatable).")
    ] = None,
    source: Annotated[
        list[int] | None, typer.Option("--source", min=1, max=MAX_ID, help="Only this source (repeatable).")
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option("--language", help="Only sources in this language: en, fr, ru… (repeatable).")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only sources published then or later.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only sources published then or earlier.")] = None,
    old_revisions: Annotated[
        bool, typer.Option("--old-revisions", help="Also sources a newer revision replaced.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Most results.")] = 20,
    similar: Annotated[
        bool,
        typer.Option(
            "--similar",
            help="QUERY is a sentence: find sentences saying the same, in any wording or language (semantic extra).",
        ),
    ] = False,
    case: CaseOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Find where any source says it: titles and sentences ranked by how well they match.

    All words must be there unless OR says otherwise; "a phrase" matches those words in that
    order; prefix* any word beginning so; NOT what must not be there. Each result is a span a
    claim can be recorded from as it is: claim add TEXT --source ID --span START:END.

    With --similar, QUERY is plain text (no operators): the sentences sharing its words are
    fused with those nearest in meaning, French and Russian ones included, when the semantic
    extra is installed; its words alone otherwise.

    \b
    Example: workbench search '"at least five" T-72B3 OR T-90' --outlet AFP --since 2022-03
    \b
    Example: workbench search --similar 'Russia delivered five tanks to Mali'
    """
    from workbench import read
    from workbench.search.find import RANKED_AMONG, Filters

    sources = list(source or ())
    if case is not None:
        from workbench.cases import members

        held = settings(ctx).read(members, case).sources
        sources = [i for i in sources if i in held] if sources else sorted(held)
        if not sources:
            say(f"case {one_line(case)} holds none of those sources: nothing to search")
            return
    filters = Filters(
        outlets=outlet or (),
        sources=sources,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        old_revisions=old_revisions,
        languages=language or (),
    )
    if similar:
        from workbench.semantic.model import status

        found = status()
        if not found.on:
            say(found.reason)
    search_page = read.similar_page if similar else read.search_page
    page = settings(ctx).read(search_page, query, filters=filters, limit=limit)
    hits = page.hits
    if page.narrowed:
        say(f"more than {RANKED_AMONG:,} passages match: the best of the newest {RANKED_AMONG:,} are shown; "
            "more words (or --outlet, --since, --source) narrow it")  # fmt: skip
    if as_json:
        emit_json(hits)
        return
    for hit in hits:
        where = f"{hit.start}:{hit.end}" + (" (title)" if hit.field == "title" else "")
        outlet_name = one_line(hit.outlet or "unknown outlet", 30)
        emit(f"source {hit.source_id} · {outlet_name} · {hit.published_at or 'undated'} · {where} · "
             f"score {figure(hit.score)}")  # fmt: skip
        emit(f"    {marked(hit)}")
    say(f"{count(len(hits), 'result')}" + (f" (the best {limit}; --limit for more)" if len(hits) == limit else ""))


@index_app.command("rebuild")
def index_rebuild(ctx: typer.Context) -> None:
    """Make the retrieval index again from every source's text and every claim (derived data: nothing is lost).

    \b
    Example: workbench index rebuild
    """
    from workbench.search.index import rebuild

    store = settings(ctx).store()
    with progress_reporter("indexing") as progress:
        indexed = rebuild(store=store, progress=progress)
    say(f"indexed {indexed:,} sources and claims")


@index_app.command("status")
def index_status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """What the retrieval index holds: sources, passages and claims indexed.

    \b
    Example: workbench index status --json
    """
    from workbench.search.index import status

    found = settings(ctx).read(status)
    if as_json:
        emit_json(found)
        return
    for key, value in found.items():
        emit(f"{key.replace('_', ' ') + ':':<20}{value:,}")
