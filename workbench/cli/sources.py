"""Commands for sources: ``init``, ``import``, ``sources``, ``show source``.

The store and the import machinery are imported inside each command: ``workbench --help``
should not load them (see the README, start-up).
"""

from __future__ import annotations

import sys
from collections import Counter
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.app import Exit, app, debugging, say, settings, show_app
from workbench.cli.options import MAX_ID, CaseOption, JsonFlag, id_argument
from workbench.cli.output import emit, emit_json, progress_bar, table
from workbench.dates import parse_published
from workbench.errors import InvalidInput
from workbench.ingest import DEFAULT_MAX_BYTES, Overrides
from workbench.ingest.decode import check_encoding
from workbench.ingest.document import check_url
from workbench.ingest.fetch import DEFAULT_TIMEOUT
from workbench.textsafe import one_line

if TYPE_CHECKING:
    from workbench.models import ImportResult, OriginalRead

#: Largest --max-size accepted, in MB: beyond it a "limit" no longer protects anything.
MAX_SIZE_MB = 10_000.0


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the store (or bring an existing one up to the current schema).

    \b
    Example: workbench --db cases/mali.db init
    """
    from store.database import schema_revision

    s = settings(ctx)
    store = s.store(create=True)
    revision = s.read(schema_revision)  # read back: the store must be usable, not just openable
    typer.echo(f"store ready: {store.label} (schema {revision})")


def _overrides(outlet: str | None, url: str | None, title: str | None, published: str | None) -> Overrides:
    try:
        return Overrides(
            outlet=" ".join(outlet.split()) or None if outlet else None,
            url=check_url(url),
            title=" ".join(title.split()) or None if title else None,
            published=parse_published(published),
        )
    except InvalidInput as e:
        raise typer.BadParameter(str(e)) from e


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (searched recursively) or http(s) URLs (each fetched once, kept as a WARC)."
        ),
    ],
    outlet: Annotated[str | None, typer.Option(help="Outlet for every file (wins over the file's own).")] = None,
    url: Annotated[str | None, typer.Option(help="URL of the article (one file only).")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the article (one file only).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date: 2022, 2022-03, 31 March 2022...")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of the files (e.g. cp1252), when it cannot be detected.")
    ] = None,
    revision_of: Annotated[
        int | None,
        typer.Option("--revision-of", min=1, max=MAX_ID, help="The file is a new version of this source."),
    ] = None,
    max_size: Annotated[
        float,
        typer.Option("--max-size", min=0.001, max=MAX_SIZE_MB, help="Largest file accepted, in MB.", show_default=True),
    ] = DEFAULT_MAX_BYTES / 1e6,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, max=600, help="Seconds to wait for a URL's server.")
    ] = DEFAULT_TIMEOUT,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Fetch URLs on loopback and private networks too.")
    ] = False,
) -> None:
    """Import articles: text, Markdown, HTML, news-please JSON, PDF, web archives, pages by URL.

    Formats: .txt, .md (YAML front matter), .html/.htm, news-please .json/.jsonl, .pdf, and web
    archives (.warc, .warc.gz, .wacz: every HTML page captured). Every import keeps the bytes it
    was given as the source's original (`show source ID --original -o FILE`); a URL is fetched
    once and kept as a WARC of the requests and responses.

    Prints one line per article: `imported ID`, `unchanged ID` or `revision ID of OLD_ID`.
    Each rejected file gets `rejected PATH: REASON` on stderr and the exit status is 1;
    the other files still go in.

    \b
    Example: workbench import samples/ --outlet AFP
    Example: workbench import https://www.example.org/article.html
    """
    from workbench.sources import import_files, import_targets

    overrides = _overrides(outlet, url, title, published)
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except InvalidInput as e:
            raise typer.BadParameter(str(e)) from e
    files = import_targets(paths)
    if (url or title or revision_of) and len(files) != 1:
        raise typer.BadParameter("--url, --title and --revision-of describe one article; give exactly one file")
    s = settings(ctx)
    rejected = 0
    tally: Counter[str] = Counter()
    batch = import_files(
        store=partial(s.store, create=True),
        actor=s.reviewer,
        targets=files,
        overrides=overrides,
        encoding=encoding,
        revision_of=revision_of,
        max_bytes=int(max_size * 1e6),
        timeout=timeout,
        allow_private=allow_private,
        one_article=bool(url or title),
        strict=debugging(),
    )
    with progress_bar(len(files), "importing") as progress:
        task = progress.add_task("import", total=len(files)) if progress else None
        for done in batch:
            if done.refused is not None:
                rejected += 1
                say(f"rejected {done.path}: {done.refused}")
            for result in done.results:
                tally[result.status] += 1
                _say_result(result)
            if progress:
                progress.advance(task)
    if not files:
        say("nothing to import: no supported files found")
    elif sys.stderr.isatty():
        parts = [f"{tally[k]} {k}" for k in ("imported", "revision", "unchanged") if tally[k]]
        say(", ".join([*parts, f"{rejected} rejected"] if rejected else parts) or "nothing imported")
    if rejected or not files:
        raise typer.Exit(Exit.refused)


def _say_result(result: ImportResult) -> None:
    """One article's line on stdout (``imported ID``, ``unchanged ID``, ``revision ID of OLD``), any note on stderr."""
    if result.status == "revision":
        typer.echo(f"revision {result.source_id} of {result.revision_of}")
        if result.reanchored or result.orphaned:
            say(
                f"  evidence carried to source {result.source_id}: {result.reanchored} re-anchored, "
                f"{result.orphaned} orphaned (workbench anchors {result.source_id})"
            )
    elif result.near_copy_of is not None:
        near = result.near_copy_of
        typer.echo(
            f"{result.status} {result.source_id} (near copy of {near}: use --revision-of {near} if it is a correction)"
        )
    else:
        typer.echo(f"{result.status} {result.source_id}")
        if result.newest is not None:
            say(
                f"  note: that is the text of an earlier revision; the newest is source {result.newest}"
                f" (to record a return to the old text: --revision-of {result.newest})"
            )


@app.command("sources")
def sources_(
    ctx: typer.Context,
    language: Annotated[
        str | None, typer.Option("--language", help="Only sources in this language (ISO 639-1: en, fr, ru; und).")
    ] = None,
    case: CaseOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List every source: outlet, grade, date, language, length, title.

    The language is detected at import; "und" when the text gives too little to tell. Figures
    are read in English, French and Russian; a source in another language is searchable but
    not analysed.

    \b
    Example: workbench sources --language fr --json
    """
    from workbench import read

    found = settings(ctx).read(read.sources)
    if case is not None:
        from workbench.cases import members

        held = settings(ctx).read(members, case).sources
        found = [s for s in found if s.id in held]
    if language is not None:
        found = [s for s in found if s.language == language.strip().lower()]
    if as_json:
        emit_json(found)
        return
    table(
        ["ID", "OUTLET", "GRADE", "PUBLISHED", "LANG", "CHARS", "REV OF", "TITLE"],
        [
            [s.id, s.outlet, s.outlet_reliability, s.published_at, s.language, s.length, s.revision_of, s.title]
            for s in found
        ],
    )


def _language(code: str | None) -> str | None:
    """A source's language as ``show source`` says it: whether the extractors read it, too."""
    from workbench.languages import ANALYSED, UNDETERMINED

    if code is None:
        return None
    if code == UNDETERMINED:
        return "undetermined (read as English)"
    return code if code in ANALYSED else f"{code} (not analysed: figures are read in {', '.join(ANALYSED)})"


def _original_line(kept: OriginalRead | None) -> str:
    if kept is None:
        return "not kept (imported before originals were kept, or not from a file)"
    return f"{kept.size:,} bytes, {kept.media_type}, sha256 {kept.sha256}; text by {kept.extractor}"


def _write_original(ctx: typer.Context, source_id: int, output: Path | None) -> None:
    """Write a source's original to ``output``, byte for byte, or refuse in one line."""
    from workbench import read
    from workbench.files import write_bytes_atomically

    if output is None:
        raise InvalidInput("--original needs -o FILE: the original is written to a file, not the terminal")
    kept = settings(ctx).read(partial(read.original, content=True), source_id)
    if kept is None or kept.content is None:
        raise InvalidInput(f"source {source_id} has no original kept (imported before originals were kept)")
    write_bytes_atomically(output, kept.content)
    say(f"wrote the original of source {source_id} to {output} ({kept.size:,} bytes, sha256 {kept.sha256})")


@show_app.command("source")
def show_source(
    ctx: typer.Context,
    source_id: Annotated[int, id_argument("The source to show.")],
    as_json: JsonFlag = False,
    original: Annotated[
        bool, typer.Option("--original", help="Write the bytes the source was imported from (with -o FILE).")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", dir_okay=False, help="With --original: the file to write.")
    ] = None,
) -> None:
    """Show a source: metadata, full text, and every evidence link into it.

    With --original -o FILE, write the file or page it was imported from, byte for byte, as
    kept at import (its SHA-256 is the source's raw_sha256, recorded in the import's audit event).

    \b
    Example: workbench show source 2
    Example: workbench show source 2 --original -o page.html
    """
    from workbench import read

    if original:
        _write_original(ctx, source_id, output)
        return
    if output is not None:
        raise InvalidInput("-o writes the original: use it with --original")
    source = settings(ctx).read(read.source, source_id)
    kept = settings(ctx).read(read.original, source_id)
    pages = settings(ctx).read(read.page_count, source_id)
    credited = settings(ctx).read(read.source_credit, source_id)
    if as_json:
        emit_json(
            {**source.model_dump(mode="json"), "original": None if kept is None else kept.model_dump(mode="json")}
        )
        return
    outlet = source.outlet or "outlet unknown"
    grade = f" ({source.outlet_reliability})" if source.outlet_reliability else ""
    emit(f"source {source.id} · {outlet}{grade} · published {source.published_at or 'unknown'}")
    for label, value in [
        ("title", source.title),
        ("url", source.url),
        ("author", source.author),
        ("format", source.format),
        ("language", _language(source.language)),
        ("length", f"{source.length:,} characters" + (f", {pages} pages" if pages else "")),
        ("sha256", source.content_sha256),
        ("revision of", source.revision_of),
        ("imported", f"{source.retrieved_at} by {source.imported_by} from {source.origin or '?'}"),
        ("original", _original_line(kept)),
        ("wire copy", None if credited is None else f"{credited[0]}'s, by “{credited[1]}” (counts as {credited[0]})"),
    ]:
        emit(f"{label + ':':<13}{'–' if value is None else one_line(str(value))}")
    emit("")
    emit(source.text)
    emit("")
    emit(f"evidence ({len(source.evidence)}):")
    for ev in source.evidence:
        where = "no longer in this text" if ev.start is None else f"{ev.start}–{ev.end}"
        where += "" if ev.page is None else f" (p. {ev.page})"
        if ev.retracted_at is not None:
            where += f" · RETRACTED by {one_line(ev.retracted_by or '')}: {one_line(ev.retraction_note or '')}"
        emit(f"  #{ev.id} claim {ev.claim_id} · {where} · {ev.stance}, {ev.anchor_status}: “{one_line(ev.exact)}”")
