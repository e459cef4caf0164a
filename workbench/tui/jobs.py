"""The daily loop's long jobs from the palette: import files or a folder, export claims, write reports.

Each job asks for what it needs in a dialog, then calls the very service the command line calls
(``import_files``, ``export_file``, ``audit_report``/``claim_report``) in a thread worker of the
app, not of a screen, so that switching screens never stops an import halfway. Its progress shows
in a small modal that escape hides while the job goes on; the outcome is a notice either way. A
refused file is one line of that outcome, never the end of the batch.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static, TextArea
from textual.worker import get_current_worker

from store.vocabulary import CLAIM_STATUSES, EXPORT_FORMATS, ClaimStatus, ExportFormat, ReportFormat
from workbench.checks import one_of
from workbench.errors import StoreFailure, WorkbenchError
from workbench.ingest import Overrides
from workbench.tui.base import DataScreen
from workbench.tui.dialogs import ConfirmDialog, Dialog
from workbench.tui.text import join, line

if TYPE_CHECKING:
    from workbench.export import Exported
    from workbench.sources import FileImport
    from workbench.tui.app import WorkbenchApp

T = TypeVar("T")

#: A job's way to say how far it is: steps done, steps in all (``None``: unknown), what it is on.
Step = Callable[[int, int | None, str], None]

#: Rejected files named one notice each, at most; the rest are counted in one more.
REFUSED_SHOWN = 8
#: Characters of the file a job is on that its progress shows (the end of a longer path).
PATH_WIDTH = 56
#: Seconds a job's outcome stays on screen: long enough to read a list of rejected files.
OUTCOME_SECONDS = 12

#: The file name an export suggests, by format.
EXPORT_NAMES: dict[ExportFormat, str] = {
    "json": "claims.json",
    "jsonl": "claims.jsonl",
    "csv": "claims.csv",
    "claimreview": "claimreview.jsonld",
    "annotations": "annotations.jsonld",
    "bundle": "bundle.zip",
}
assert set(EXPORT_NAMES) == set(EXPORT_FORMATS)

#: Which claims an export takes: a status, or every one (as ``workbench export --status all``).
EXPORT_STATUSES = [(status.replace("_", " "), status) for status in CLAIM_STATUSES] + [("every status", "all")]
#: A report's format: as the file name says (``.html``: HTML), or chosen.
REPORT_FORMATS = [("as the file name says (.html: HTML)", "auto"), ("Markdown", "md"), ("HTML", "html")]


# -- what the dialogs return -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRequest:
    """Files, folders or URLs to import, and an outlet that wins over each file's own."""

    paths: list[str]
    outlet: str | None


@dataclass(frozen=True)
class ExportRequest:
    """What to export, which claims, and where to."""

    format: ExportFormat
    status: ClaimStatus | None
    target: Path
    publisher: str | None
    base_url: str | None


@dataclass(frozen=True)
class ReportRequest:
    """A report to write: the audit trail (optionally since a date) or one claim's dossier."""

    kind: Literal["audit", "claim"]
    target: Path
    format: ReportFormat | None
    claim_id: int | None = None
    since: str | None = None


def typed_path(text: str) -> str:
    """A path as typed or pasted: surrounding quotes (a file dragged onto the terminal) and ``~`` resolved."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return str(Path(text).expanduser()) if text.startswith("~") else text  # a URL stays as typed


def _optional(widget: Input) -> str | None:
    return " ".join(widget.value.split()) or None


def _retarget(path: Input, old: str, new: str) -> None:
    """Put the suggested file name ``new`` in place of ``old``, unless the user typed one of their own."""
    if path.value.strip() in {"", old}:
        path.value = new


# -- dialogs -----------------------------------------------------------------------------------


class ImportDialog(Dialog[ImportRequest]):
    """Ask what to import: one file, folder or URL per line, and an optional outlet for all of them."""

    # a text area fills what it is given; in a dialog that grows to fit, it is given a height
    DEFAULT_CSS = """
    ImportDialog #import-paths {
        height: 6;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Import", id="import.submit", tooltip="Import what is listed"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Import articles", style="bold"))
            yield Label(Text("Files, folders (searched recursively) or http(s) URLs, one per line:"))
            yield TextArea(id="import-paths", placeholder="~/cases/mali/\n/tmp/article.html", classes="paths")
            yield Label(Text("Outlet for every file (optional; wins over the file's own):"))
            yield Input(id="import-outlet", placeholder="e.g. AFP")
            yield Label(Text("enter in the outlet box or ctrl+s imports · escape cancels", style="dim"))
            with Horizontal(classes="buttons"):
                yield Button("Import", variant="primary", id="import")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#import-paths", TextArea).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#import")
    def action_submit(self) -> None:
        lines = self.query_one("#import-paths", TextArea).text.splitlines()
        paths = [typed_path(text) for text in lines if text.strip()]
        if not paths:
            self.notify("Name a file, a folder or a URL to import.", severity="warning")
            return
        self.dismiss(ImportRequest(paths, _optional(self.query_one("#import-outlet", Input))))


class ExportDialog(Dialog[ExportRequest]):
    """Ask for an export's format, the claims it takes (by status) and the file it goes to."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Export claims with their evidence", style="bold"))
            yield Label(Text("Format, and which claims (by status):"))
            with Horizontal(classes="row"):
                yield Select([(f, f) for f in EXPORT_FORMATS], value="json", allow_blank=False, id="export-format")
                yield Select(EXPORT_STATUSES, value="verified", allow_blank=False, id="export-status")
            yield Label(Text("Write to (a bundle: a new folder or .zip):"))
            yield Input(EXPORT_NAMES["json"], id="export-path")
            yield Label(Text("ClaimReview: who publishes it:"))
            yield Input(os.environ.get("WORKBENCH_PUBLISHER", ""), placeholder="publisher", id="export-publisher")
            yield Label(Text("ClaimReview, annotations: the base URL they will live under:"))
            yield Input(os.environ.get("WORKBENCH_BASE_URL", ""), placeholder="https://…", id="export-base-url")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def __init__(self) -> None:
        super().__init__()
        #: The format chosen: its suggested file name is replaced when it changes.
        self.format: ExportFormat = "json"

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def format_chosen(self, event: Select.Changed) -> None:
        chosen = one_of(event.value, EXPORT_FORMATS, "format")
        _retarget(self.query_one("#export-path", Input), EXPORT_NAMES[self.format], EXPORT_NAMES[chosen])
        self.format = chosen

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def submit(self) -> None:
        target = typed_path(self.query_one("#export-path", Input).value)
        if not target:
            self.notify("Name the file to write.", severity="warning")
            return
        status = self.query_one("#export-status", Select).value
        self.dismiss(
            ExportRequest(
                format=one_of(self.query_one("#export-format", Select).value, EXPORT_FORMATS, "format"),
                status=None if status == "all" else one_of(status, CLAIM_STATUSES, "status"),
                target=Path(target),
                publisher=_optional(self.query_one("#export-publisher", Input)),
                base_url=_optional(self.query_one("#export-base-url", Input)),
            )
        )


class ReportDialog(Dialog[ReportRequest]):
    """Ask where a report goes and in which format; for a dossier, which claim (the current one if any)."""

    def __init__(self, kind: Literal["audit", "claim"], claim_id: int | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.claim_id = claim_id
        #: The format chosen ("auto": by the file name); the suggested file name follows it.
        self.format = "auto"

    def _suggested(self, fmt: str) -> str:
        stem = "audit" if self.kind == "audit" else f"claim-{self.claim_id}" if self.claim_id else "claim"
        return f"{stem}.{'html' if fmt == 'html' else 'md'}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            title = "Write the audit trail as a report" if self.kind == "audit" else "Write a claim's dossier"
            yield Label(Text(title, style="bold"))
            if self.kind == "claim":
                yield Label(Text("Claim id:"))
                yield Input(str(self.claim_id or ""), id="report-claim", restrict=r"[0-9]*", max_length=18)
            else:
                yield Label(Text("Only events from (an ISO date, optional):"))
                yield Input(id="report-since", placeholder="2026-01-01")
            yield Label(Text("Write to:"))
            yield Input(self._suggested("md"), id="report-path")
            yield Label(Text("Format:"))
            yield Select(REPORT_FORMATS, value="auto", allow_blank=False, id="report-format")
            with Horizontal(classes="buttons"):
                yield Button("Write", variant="primary", id="write")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        asked = self.kind == "claim" and not self.claim_id
        self.query_one("#report-claim" if asked else "#report-path", Input).focus()

    @on(Select.Changed, "#report-format")
    def format_chosen(self, event: Select.Changed) -> None:
        chosen = str(event.value)
        _retarget(self.query_one("#report-path", Input), self._suggested(self.format), self._suggested(chosen))
        self.format = chosen

    @on(Input.Changed, "#report-claim")
    def claim_typed(self, event: Input.Changed) -> None:
        old = self._suggested(self.format)
        self.claim_id = int(event.value) if event.value else None
        _retarget(self.query_one("#report-path", Input), old, self._suggested(self.format))

    @on(Input.Submitted)
    @on(Button.Pressed, "#write")
    def submit(self) -> None:
        target = typed_path(self.query_one("#report-path", Input).value)
        if not target:
            self.notify("Name the file to write.", severity="warning")
            return
        if self.kind == "claim" and not self.claim_id:
            self.notify("Which claim? Give its id.", severity="warning")
            return
        chosen = self.query_one("#report-format", Select).value
        since = _optional(self.query_one("#report-since", Input)) if self.kind == "audit" else None
        fmt: ReportFormat | None = None if chosen == "auto" else "html" if chosen == "html" else "md"
        self.dismiss(ReportRequest(self.kind, Path(target), fmt, claim_id=self.claim_id, since=since))


class JobProgress(Dialog[None]):
    """A job's progress: a bar, "12 / 40 files" and the file it is on. Escape hides it; the job goes on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Hide", id="job.hide", tooltip="Hide the progress; the job goes on"),
    ]

    def __init__(self, title: str, unit: str) -> None:
        super().__init__()
        self.title_text, self.unit = title, unit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text, style="bold"))
            yield ProgressBar(total=None, show_eta=False, id="job-bar")
            yield Static(Text("starting…"), id="job-step")
            yield Label(Text("escape hides this; the job goes on and a notice says when it is done", style="dim"))

    def show(self, done: int, total: int | None, what: str) -> None:
        """Move the bar on (nothing, once hidden)."""
        if not self.is_attached:
            return
        self.query_one("#job-bar", ProgressBar).update(total=total, progress=done)
        count = f"{done} / {total} {self.unit}" if total is not None else f"{self.unit}…"
        what = what if len(what) <= PATH_WIDTH else "…" + what[1 - PATH_WIDTH :]  # a path ends with its file's name
        self.query_one("#job-step", Static).update(join(Text(count, style="bold"), "  ", line(what, style="dim")))


# -- running a job -----------------------------------------------------------------------------


def run_job(app: WorkbenchApp, title: str, unit: str, job: Callable[[Step], T], then: Callable[[T], object]) -> None:
    """Run ``job`` in a thread worker of the app, its progress shown, ``then`` given its result on the event loop.

    A refused job (``WorkbenchError``) is an error notice in one line, a failing store says so,
    and anything unexpected is a notice naming it: never a traceback over the analyst's work.
    """
    progress = JobProgress(title, unit)
    app.push_screen(progress)

    def step(done: int, total: int | None, what: str) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            app.call_from_thread(progress.show, done, total, what)

    def say(message: str, title: str) -> None:
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(app.notify, message, title=title, severity="error", timeout=OUTCOME_SECONDS)

    def work() -> None:
        try:
            result = job(step)
        except StoreFailure as e:
            say(str(e), "Store failure")
        except WorkbenchError as e:
            say(str(e), "Refused")
        except Exception as e:  # never let a failure reach the screen as a traceback
            say(f"{type(e).__name__}: {e}", "Internal error")
        else:
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(then, result)
        finally:
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(_finished, app, progress)

    app.run_worker(work, name=title, group="jobs", thread=True, exit_on_error=False)


def _finished(app: WorkbenchApp, progress: JobProgress) -> None:
    """Close the progress, so the screen below shows again and reloads (``DataScreen``); reload it if hidden."""
    if app.screen is progress:
        progress.dismiss(None)
    elif isinstance(app.screen, DataScreen):
        app.screen.refresh_data()


def _confirmed(app: WorkbenchApp, target: Path, go: Callable[[], None]) -> None:
    """Go ahead at once, or (when ``target`` is a file already) once the analyst agrees to replace it."""
    if not target.is_file():
        go()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            go()

    app.push_screen(ConfirmDialog(f"Replace {target}?", "It exists; the new file replaces it once complete."), answered)


# -- import ------------------------------------------------------------------------------------


def ask_import(app: WorkbenchApp) -> None:
    """The palette's "import: files or folder"."""

    def chosen(request: ImportRequest | None) -> None:
        if request is not None:
            start_import(app, request)

    app.push_screen(ImportDialog(), chosen)


def start_import(app: WorkbenchApp, request: ImportRequest) -> None:
    """Import what ``request`` names, as ``workbench import`` does: file by file, each refused file one line."""
    # deferred, as the export and reports are: the importers load only when a file is imported,
    # not with the workbench (a tenth of a second of its first frame)
    from workbench.sources import import_files, import_targets

    overrides = Overrides(outlet=request.outlet)

    def job(step: Step) -> list[FileImport]:
        worker = get_current_worker()
        targets = import_targets(request.paths)  # in the thread: a large folder takes a moment to walk
        step(0, len(targets), "")
        done: list[FileImport] = []
        for outcome in import_files(store=lambda: app.store, actor=app.reviewer, targets=targets, overrides=overrides):
            done.append(outcome)
            step(len(done), len(targets), outcome.path)
            if worker.is_cancelled:  # the app is closing: stop between files, keeping what is in
                break
        return done

    run_job(app, "Importing", "files", job, lambda done: import_outcome(app, done))


def import_outcome(app: WorkbenchApp, done: list[FileImport]) -> None:
    """Say what the import did: one notice with the counts, one per rejected file (as the CLI words it)."""
    if not done:
        app.notify("nothing to import: no supported files found", title="Import", severity="warning")
        return
    tally = Counter(result.status for outcome in done for result in outcome.results)
    refused = [outcome for outcome in done if outcome.refused is not None]
    parts = [f"{tally['imported']} imported"]
    parts += [f"{tally['revision']} revision{'s' if tally['revision'] != 1 else ''}"] if tally["revision"] else []
    parts += [f"{tally['unchanged']} unchanged (already on file)"] if tally["unchanged"] else []
    parts += [f"{len(refused)} rejected"] if refused else []
    severity: SeverityLevel = "warning" if refused else "information"
    app.notify(", ".join(parts), title="Import", severity=severity, timeout=OUTCOME_SECONDS)
    for outcome in refused[:REFUSED_SHOWN]:
        message = f"rejected {outcome.path}: {outcome.refused}"
        app.notify(message, title="Rejected", severity="warning", timeout=OUTCOME_SECONDS)
    if len(refused) > REFUSED_SHOWN:
        more = len(refused) - REFUSED_SHOWN
        app.notify(f"and {more} more rejected", title="Rejected", severity="warning", timeout=OUTCOME_SECONDS)


# -- export ------------------------------------------------------------------------------------


def ask_export(app: WorkbenchApp) -> None:
    """The palette's "export: claims"."""

    def chosen(request: ExportRequest | None) -> None:
        if request is not None:
            target = request.target.absolute()
            _confirmed(app, target, lambda: start_export(app, request, target))

    app.push_screen(ExportDialog(), chosen)


def start_export(app: WorkbenchApp, request: ExportRequest, target: Path) -> None:
    """Export as ``workbench export -o`` does: written whole or not at all (the case in force narrows it)."""
    case = app.case

    def job(step: Step) -> Exported:
        # deferred (as the reports): they load Jinja and more, 0.1 s the workbench need not spend at start-up
        from workbench.export import export_file

        step(0, None, str(target))
        return export_file(store=app.store, format=request.format, target=target, label=app.store.label,
                           reviewer=app.reviewer, status=request.status, publisher=request.publisher,
                           base_url=request.base_url, case=case)  # fmt: skip

    def shown(done: Exported) -> None:
        if done.bundle is not None:
            message = (f"bundle {target}: {done.bundle.claims} claims, {done.bundle.sources} sources, "
                       f"{done.bundle.events} audit events")  # fmt: skip
        else:
            message = f"{target}: {done.claims} claims ({request.format})"
        if done.skipped:
            message += f"; {done.skipped} with credibility 6 left out (a ClaimReview needs a rating)"
        app.notify(message, title="Exported", timeout=OUTCOME_SECONDS)

    run_job(app, f"Exporting claims ({request.format})", "writing", job, shown)


# -- reports -----------------------------------------------------------------------------------


def current_claim(screen: Screen[object]) -> int | None:
    """The claim selected on ``screen``: the one its ``case_items`` name (the reader's inspector, the claims row)."""
    if not isinstance(screen, DataScreen):
        return None
    claims = screen.case_items()[1]
    return claims[0] if claims else None


def ask_report(app: WorkbenchApp, kind: Literal["audit", "claim"], claim_id: int | None = None) -> None:
    """The palette's "report: audit" and "report: claim" (the current claim's, if there is one)."""

    def chosen(request: ReportRequest | None) -> None:
        if request is not None:
            target = request.target.absolute()
            _confirmed(app, target, lambda: start_report(app, request, target))

    app.push_screen(ReportDialog(kind, claim_id), chosen)


def start_report(app: WorkbenchApp, request: ReportRequest, target: Path) -> None:
    """Write the report as ``workbench report … -o`` does: the format from the name unless chosen."""
    what = "audit report" if request.kind == "audit" else f"dossier of claim {request.claim_id}"
    case = app.case  # the audit report covers the case in force

    def job(step: Step) -> ReportFormat:
        from workbench.reports import audit_report, claim_report, report_format, write_atomically  # deferred

        step(0, None, str(target))
        fmt = report_format(request.format, target)
        if request.kind == "audit":
            text = audit_report(store=app.store, reviewer=app.reviewer, fmt=fmt, since=request.since, case=case)
        else:
            assert request.claim_id is not None
            text = claim_report(store=app.store, reviewer=app.reviewer, claim_id=request.claim_id, fmt=fmt)
        write_atomically(target, text)
        return fmt

    def shown(fmt: ReportFormat) -> None:
        written = f"{what} ({'HTML' if fmt == 'html' else 'Markdown'}) written to {target}"
        app.notify(written, title="Report", timeout=OUTCOME_SECONDS)

    run_job(app, f"Writing the {what}", "writing", job, shown)


def set_four_eyes(app: WorkbenchApp, value: str) -> None:
    """The palette's "four eyes: on/off": the store setting, audited like every change."""
    from workbench.settings import set_setting  # deferred like the other jobs' services

    screen = app.screen
    if not isinstance(screen, DataScreen):
        return
    screen.act(
        lambda: set_setting(store=app.store, actor=app.reviewer, name="four_eyes", to=value),
        lambda _: None,
        done=f"four_eyes is {value} for everyone on this store",
    )
