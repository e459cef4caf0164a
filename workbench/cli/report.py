"""Commands for reports: ``report audit``, ``report claim``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from store.vocabulary import ReportFormat
from workbench.cli.app import app, group, settings
from workbench.cli.options import MAX_ID, CaseOption, id_argument

report_app = group(
    no_args_is_help=True, help="Reports for readers outside the tool: the audit trail, claim dossiers (Markdown, HTML)."
)
app.add_typer(report_app, name="report")

FormatOption = Annotated[
    ReportFormat | None,
    typer.Option("--format", help="md or html (default: html when -o names a .html file, else md)."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", dir_okay=False, help="Write the report to FILE (atomically) instead of stdout."),
]


def _deliver(text: str, output: Path | None) -> None:
    """The report to stdout, or whole into ``output`` (never half-written); nothing else on stdout."""
    if output is None:
        typer.echo(text, nl=False)
    else:
        from workbench.reports.output import write_atomically

        write_atomically(output, text)


@report_app.command("audit")
def report_audit(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only events recorded from this ISO date or date and time on (UTC if no zone)."),
    ] = None,
    claim: Annotated[
        int | None,
        typer.Option("--claim", min=1, max=MAX_ID, help="Only events about this claim, its evidence and relations."),
    ] = None,
    case: CaseOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The audit trail as a report: the chain's verification first, then the events by day and by what they changed.

    The report is made whatever the verification finds, and says it at the top; `audit verify`
    gives the verdict as an exit status.

    \b
    Example: workbench report audit --since 2026-01-01 --claim 1 -o audit.html
    """
    s = settings(ctx)
    from workbench.reports import audit_report, report_format

    text = audit_report(
        store=s.store(), reviewer=s.reviewer, fmt=report_format(fmt, output), since=since, claim_id=claim, case=case
    )
    _deliver(text, output)


@report_app.command("claim")
def report_claim(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to report on.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """A claim's dossier: status and credibility history, every quote in context, sources, corroboration, relations.

    \b
    Example: workbench report claim 1 --format html -o claim-1.html
    """
    s = settings(ctx)
    from workbench.reports import claim_report, report_format

    text = claim_report(store=s.store(), reviewer=s.reviewer, claim_id=claim_id, fmt=report_format(fmt, output))
    _deliver(text, output)
