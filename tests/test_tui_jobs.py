"""The daily loop from the palette: import, export and reports, driven by keys as an analyst would."""

from __future__ import annotations

import csv
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store import Store
from tests.conftest import AFP, ARMOUR
from tests.tui_helpers import drive, import_samples, make_app, settle
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, create_claim, update_claim
from workbench.sources import FileImport
from workbench.spans import Quote
from workbench.tui.app import WorkbenchApp
from workbench.tui.dialogs import ConfirmDialog
from workbench.tui.jobs import ExportDialog, ImportDialog, JobProgress, ReportDialog
from workbench.tui.paged import PagedTable
from workbench.tui.screens.reader import ReaderScreen


@pytest.fixture
def samples(store: Store) -> Store:
    import_samples(store)
    return store


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the dialogs suggest by name alone land in the test's folder, as in the analyst's."""
    monkeypatch.chdir(tmp_path)


def notices(app: WorkbenchApp) -> list[str]:
    return [n.message for n in app._notifications]


async def palette(app: WorkbenchApp, pilot: Pilot[None], name: str) -> None:
    """Open the palette, type the start of the action's name, and choose the first hit once the search has found it.

    The group and the first letter are typed ("report: c"), as an analyst would: enough to make it first.
    """
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*name[: name.index(":") + 3])
    await settle(app, pilot)  # the palette searches in a worker: every hit is in once it is done
    commands = app.screen.query_one(CommandList)
    assert name in str(commands.get_option_at_index(0).prompt) and commands.highlighted == 0
    await pilot.press("enter")
    await settle(app, pilot)


async def paste(app: WorkbenchApp, pilot: Pilot[None], text: str) -> None:
    """Paste into the focused field as a terminal does (one bracketed paste, line breaks and all)."""
    app.post_message(events.Paste(text))
    await pilot.pause()


def source_count(store: Store) -> int:
    return len(fetch(store, read.sources))


def test_a_folder_imports_from_the_palette_and_a_bad_file_is_named_while_the_good_go_in(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(ARMOUR, folder / "armour.md")
    bad = folder / "broken.json"
    bad.write_text('{"title": ', encoding="utf-8")
    app = make_app(store)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "import: files or folder")
        assert isinstance(app.screen, ImportDialog)
        # a folder and a file, one per line (the second quoted, as a dragged file is), then the outlet
        await paste(app, pilot, f"{folder}\n'{AFP}'\n")
        await pilot.press("tab", *"Desk Wire", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, JobProgress | ImportDialog)
        sources = app.screen.query_one("#sources", PagedTable)
        assert sources.row_count == 2  # the reader's list shows them without being asked

    drive(app, scenario)
    assert source_count(store) == 2
    assert {s.outlet for s in fetch(store, read.sources)} == {"Desk Wire"}
    said = notices(app)
    assert "2 imported, 1 rejected" in said
    assert f"rejected {bad}: malformed JSON at line 1, column 11: Expecting value" in said


def test_an_import_shows_its_progress_and_escape_hides_it_while_it_goes_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench import sources

    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(ARMOUR, folder / "1.md")
    shutil.copy(AFP, folder / "2.md")
    second = threading.Event()
    real = sources.import_files

    def held(**options: Any) -> Iterator[FileImport]:
        """The real import, held after the first file until the test has looked at the progress."""
        for outcome in real(**options):
            yield outcome
            second.wait(timeout=30)

    monkeypatch.setattr(sources, "import_files", held)
    app = make_app(store)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "import: files or folder")
        await paste(app, pilot, str(folder))
        await pilot.press("ctrl+s")
        shown = ""
        try:
            for _ in range(200):  # the first file goes in on another thread: wait for the bar to say so
                if isinstance(app.screen, JobProgress):
                    shown = str(app.screen.query_one("#job-step", Static).render())
                    if shown.startswith("1 / 2 files"):
                        break
                await pilot.pause(0.05)
            assert shown.startswith("1 / 2 files") and shown.endswith("/inbox/1.md")
            await pilot.press("escape")  # hidden: the reader is usable while the import goes on
            assert isinstance(app.screen, ReaderScreen)
        finally:
            second.set()
        await settle(app, pilot)
        assert app.screen.query_one("#sources", PagedTable).row_count == 2  # reloaded at the end

    drive(app, scenario)
    assert "2 imported" in notices(app)


def test_importing_the_same_files_again_says_they_are_already_on_file(samples: Store) -> None:
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "import: files or folder")
        await paste(app, pilot, str(ARMOUR))
        await pilot.press("tab", "enter")
        await settle(app, pilot)

    drive(app, scenario)
    assert source_count(samples) == 2
    assert "0 imported, 1 unchanged (already on file)" in notices(app)


def test_an_import_of_nothing_importable_says_so(store: Store, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    app = make_app(store)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "import: files or folder")
        await paste(app, pilot, str(tmp_path / "empty"))
        await pilot.press("ctrl+s")
        await settle(app, pilot)

    drive(app, scenario)
    assert "nothing to import: no supported files found" in notices(app)


def _verified(store: Store) -> int:
    claim = create_claim(store=store, actor="setup", text="Five T-72B3 tanks reached Mali",
                         evidence=[EvidenceSpec(1, Quote("at least five T-72B3"))])  # fmt: skip
    update_claim(store=store, actor="setup", claim_id=claim.id, status="verified")
    return claim.id


def test_claims_export_as_csv_from_the_palette(samples: Store, tmp_path: Path) -> None:
    _verified(samples)
    create_claim(store=samples, actor="setup", text="A claim still in review")
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "export: claims")
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-path", Input).value == "claims.json"
        await pilot.press("shift+tab", "shift+tab", "enter", "down", "down", "enter")  # format: json → jsonl → csv
        await settle(app, pilot)
        assert app.screen.query_one("#export-path", Input).value == "claims.csv"  # the suggested name follows
        await pilot.press("tab", "tab", "enter")
        await settle(app, pilot)

    drive(app, scenario)
    with (tmp_path / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["claim"] for row in rows} == {"Five T-72B3 tanks reached Mali"}  # verified only, by default
    assert f"{tmp_path / 'claims.csv'}: 1 claims (csv)" in notices(app)


def test_an_export_over_an_existing_file_asks_first(samples: Store, tmp_path: Path) -> None:
    _verified(samples)
    existing = tmp_path / "claims.json"
    existing.write_text("keep me", encoding="utf-8")
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "export: claims")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert existing.read_text(encoding="utf-8") == "keep me"
        await palette(app, pilot, "export: claims")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)

    drive(app, scenario)
    exported = json.loads(existing.read_text(encoding="utf-8"))
    assert [c["text"] for c in exported["claims"]] == ["Five T-72B3 tanks reached Mali"]


def test_a_refused_export_is_a_one_line_notice_and_writes_nothing(samples: Store, tmp_path: Path) -> None:
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "export: claims")
        await pilot.press("shift+tab", "shift+tab", "enter", "down", "down", "down", "enter")  # claimreview
        await settle(app, pilot)
        await pilot.press("tab", "tab", "enter")  # no publisher, no base URL
        await settle(app, pilot)

    drive(app, scenario)
    assert not (tmp_path / "claimreview.jsonld").exists()
    [refused] = [n for n in app._notifications if n.title == "Refused"]
    assert refused.message.startswith("claimreview needs --publisher and --base-url")


def test_a_claim_s_dossier_is_written_for_the_claim_selected_in_the_reader(samples: Store, tmp_path: Path) -> None:
    claim_id = _verified(samples)
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_claim(claim_id)
        await settle(app, pilot)
        await palette(app, pilot, "report: claim")
        assert isinstance(app.screen, ReportDialog)
        assert app.screen.query_one("#report-claim", Input).value == str(claim_id)
        await pilot.press("enter")
        await settle(app, pilot)

    drive(app, scenario)
    written = (tmp_path / f"claim-{claim_id}.md").read_text(encoding="utf-8")
    assert f"Claim {claim_id} dossier" in written and "Five T-72B3 tanks reached Mali" in written
    assert any(f"dossier of claim {claim_id} (Markdown) written to" in n for n in notices(app))


def test_a_claim_report_asks_which_claim_when_none_is_selected(samples: Store, tmp_path: Path) -> None:
    claim_id = _verified(samples)
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await pilot.press("A")  # the audit screen selects no claim
        await settle(app, pilot)
        await palette(app, pilot, "report: claim")
        assert app.screen.query_one("#report-claim", Input).value == ""
        await pilot.press("enter")  # no id yet: the dialog asks, and stays
        await settle(app, pilot)
        assert isinstance(app.screen, ReportDialog)
        await pilot.press("9", "9", "enter")  # no such claim: refused in one line, nothing written
        await settle(app, pilot)
        await palette(app, pilot, "report: claim")
        await pilot.press(*str(claim_id), "enter")
        await settle(app, pilot)

    drive(app, scenario)
    assert not (tmp_path / "claim-99.md").exists()
    assert any(n.title == "Refused" and "99" in n.message for n in app._notifications)
    assert (tmp_path / f"claim-{claim_id}.md").is_file()


def test_the_audit_report_is_html_when_the_file_name_says_so(samples: Store, tmp_path: Path) -> None:
    app = make_app(samples)

    async def scenario(pilot: Pilot[None]) -> None:
        await palette(app, pilot, "report: audit")
        assert isinstance(app.screen, ReportDialog)
        assert app.screen.query_one("#report-path", Input).value == "audit.md"
        await pilot.press("ctrl+u", *"trail.html", "enter")
        await settle(app, pilot)

    drive(app, scenario)
    written = (tmp_path / "trail.html").read_text(encoding="utf-8")
    assert written.lstrip().lower().startswith("<!doctype html") and "Audit trail" in written
