"""Commands that hand work on: ``export`` (every format, and the evidence bundle) and ``bundle verify``."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal, TextIO

import typer

from store.vocabulary import ClaimStatus, ExportFormat
from workbench.cli.app import Exit, app, group, say, settings
from workbench.cli.options import MAX_ID, CaseOption
from workbench.errors import InvalidInput
from workbench.textsafe import shown_in_terminal

bundle_app = group(no_args_is_help=True, help="Check an evidence bundle made by `export --format bundle`.")
app.add_typer(bundle_app, name="bundle")


#: Which claims an export takes, by status (``all``: every status); ignored when --claim names them.
ExportStatus = Literal[ClaimStatus, "all"]


class _Shown(io.TextIOBase):
    """A terminal's view of a CSV export: controls in the data shown as escapes, never obeyed."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(shown_in_terminal(text))
        return len(text)


@contextlib.contextmanager
def _stdout(*, csv: bool) -> Iterator[TextIO]:
    """Standard output as UTF-8 whatever the locale says: an export is a file format, not a message to the terminal."""
    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="" if csv else "\n")
    try:
        # JSON escapes what could drive a terminal; CSV cannot, so a terminal is shown escapes (-o writes the data)
        yield _Shown(stream) if csv and sys.stdout.isatty() else stream  # type: ignore[misc]
    finally:
        stream.flush()
        stream.detach()


@app.command("export")
def export_command(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="What to write.")] = "json",
    status: Annotated[ExportStatus, typer.Option("--status", help="Which claims, by status.")] = "verified",
    claim: Annotated[
        list[int] | None, typer.Option("--claim", min=1, max=MAX_ID, help="Only this claim (repeatable), any status.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (a folder or .zip for a bundle); else stdout.")
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", envvar="WORKBENCH_PUBLISHER", help="ClaimReview: who publishes.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", envvar="WORKBENCH_BASE_URL", help="Where reviews and annotations will live."),
    ] = None,
    case: CaseOption = None,
) -> None:
    """Export claims with their evidence: verified ones unless --status or --claim says otherwise.

    Formats: json and jsonl (claims, evidence with both selectors, relations, corroboration,
    sources with content_sha256); csv (a row per claim × evidence); claimreview (schema.org
    JSON-LD; needs --publisher and --base-url); annotations (W3C Web Annotation JSON-LD);
    bundle (-o DIR or -o FILE.zip: texts, claims, annotations, audit events and a manifest of
    hashes, checked by `workbench bundle verify`). Every export names the store, the time, the
    reviewer and the audit chain head it was made from.

    \b
    Example: workbench export --format csv -o verified.csv
    """
    from workbench.export import export, export_file

    s = settings(ctx)
    chosen = None if status == "all" else status
    if format == "bundle" and output is None:
        raise InvalidInput("a bundle needs -o DIR or -o FILE.zip")
    store = s.store()
    if output is None:
        with _stdout(csv=format == "csv") as out:
            done = export(store=store, format=format, out=out, label=store.label, reviewer=s.reviewer, status=chosen,
                          claims=claim, publisher=publisher, base_url=base_url, case=case)  # fmt: skip
    else:
        done = export_file(store=store, format=format, target=output, label=store.label, reviewer=s.reviewer,
                           status=chosen, claims=claim, publisher=publisher, base_url=base_url,
                           case=case)  # fmt: skip
    if done.bundle is not None:
        say(f"bundle {output}: {done.bundle.claims} claims, {done.bundle.sources} sources, "
            f"{done.bundle.events} audit events; manifest sha256 {done.bundle.manifest_sha256}")  # fmt: skip
        return
    if done.skipped:
        say(f"{done.skipped} claim(s) with credibility 6 left out: a ClaimReview needs a rating")
    if output is not None:
        say(f"{output}: {done.claims} claims, chain head {done.provenance.chain_head}")


@bundle_app.command("verify")
def bundle_verify(
    path: Annotated[Path, typer.Argument(help="The bundle: a folder or a .zip.")],
    expect: Annotated[
        str | None, typer.Option("--expect", help="The manifest's SHA-256, as printed when the bundle was made.")
    ] = None,
    trust: Annotated[
        list[Path] | None,
        typer.Option("--trust", help="A file of trusted public keys (`workbench key list --trust`); repeatable."),
    ] = None,
) -> None:
    """Check every hash, every evidence quote against its source text, and the audit events of a bundle.

    Exit 0 with `bundle ok: …`; exit 1 listing each problem with the file and item at fault.

    \b
    Example: workbench bundle verify mali-bundle.zip
    """
    from workbench.export.bundle import verify_bundle

    trusted: frozenset[str] = frozenset()
    if trust:
        from workbench.keys import read_trusted

        trusted = read_trusted(trust)
    problems = verify_bundle(path, expect=expect, trust=trusted)
    if problems:
        for problem in problems:
            typer.echo(f"FAILED: {problem}", err=True)
        raise typer.Exit(Exit.refused)
    typer.echo(f"bundle ok: {path}")
    if trusted:
        say(f"every event signed by one of the {len(trusted)} trusted keys")
    if expect is None and not trusted:
        say("checked against itself only: with --expect MANIFEST_SHA256, sent apart from the bundle, "
            "it is also proved to be the bundle that was made, not one rebuilt around changed data")  # fmt: skip
