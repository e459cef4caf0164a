"""Hostile input: damaged stores, zip bombs and floods of problems end in clear lines, quickly."""

from __future__ import annotations

import json
import os
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ARMOUR, Cli
from workbench.export.bundle import MANIFEST, MAX_PROBLEMS, manifest_digest


def test_a_flipped_byte_in_a_page_no_query_reads_fails_audit_verify(sample_cli: Cli, db_path: Path) -> None:
    sample_cli.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    assert sample_cli.ok("audit", "verify").startswith("chain ok")
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        [root] = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_source_content_sha256'"
        ).fetchone()
    with db_path.open("r+b") as f:  # the index's page: every row still reads as recorded
        f.seek((root - 1) * size + size - 40)
        damaged = bytes(b ^ 0x5A for b in f.read(20))
        f.seek((root - 1) * size + size - 40)
        f.write(damaged)
    # a check from this machine's checkpoint reads only what is new; the file as a whole is --full's
    assert "--full checks everything" in sample_cli("audit", "verify").stderr
    run = sample_cli("audit", "verify", "--full")
    assert run.code == 1 and "the database file is damaged" in run.stdout + run.stderr
    assert sample_cli.ok("claims").count("Five tanks") == 1  # the rows themselves are intact


def _bundle(path: Path, files: dict[str, bytes], *, listed: dict[str, str] | None = None) -> None:
    manifest: dict[str, object] = {"files": listed if listed is not None else {n: "0" * 64 for n in files}}
    manifest["digest"] = manifest_digest(manifest)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        for name, data in files.items():
            archive.writestr(name, data)


def test_a_zip_bomb_fails_bundle_verify_in_lines_and_seconds(cli: Cli, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    _bundle(bomb, {"claims.jsonl": b"\n" * (200 * 1024 * 1024)})  # 200 MB of line feeds in a few hundred KB
    assert bomb.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    run = cli("bundle", "verify", str(bomb))
    assert run.code == 1 and "claims.jsonl: expands" in run.stderr and "not read" in run.stderr
    assert time.perf_counter() - started < 10


def test_a_flood_of_problems_is_cut_short_with_a_count(cli: Cli, tmp_path: Path) -> None:
    flood = tmp_path / "flood.zip"
    _bundle(flood, {}, listed={f"sources/{i}.txt": "0" * 64 for i in range(20_000)})
    run = cli("bundle", "verify", str(flood))
    lines = run.stderr.splitlines()
    assert run.code == 1 and len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].endswith(f"stopped after {MAX_PROBLEMS} problems; the bundle fails")


def test_bundle_ok_says_what_it_proves_without_expect(sample_cli: Cli, tmp_path: Path) -> None:
    sample_cli.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    sample_cli.ok("claim", "set", "1", "--status", "verified")
    sample_cli.ok("export", "--format", "bundle", "-o", str(tmp_path / "b.zip"))
    run = sample_cli("bundle", "verify", str(tmp_path / "b.zip"))
    assert run.code == 0 and "checked against itself only" in run.stderr


def test_text_that_is_not_text_is_one_line_naming_the_field(sample_cli: Cli, tmp_path: Path) -> None:
    run = sample_cli("claim", "add", "Five \udcff tanks", "--source", "1", "--quote", "at least five T-72B3")
    assert run.code == 1 and run.stderr.startswith("error: argument ") and "lone surrogate U+DCFF" in run.stderr
    rows = tmp_path / "claims.jsonl"
    rows.write_text('{"text": "Five \\udcff tanks", "source": 1, "quote": "T-72B3"}\n', encoding="utf-8")
    assert "the claim text holds a lone surrogate" in sample_cli("claim", "import", str(rows)).stderr
    record = tmp_path / "a.json"
    record.write_text('{"title": "x", "text": "a \\ud800 b"}', encoding="utf-8")
    run = sample_cli("import", str(record))
    assert run.code == 1 and "record 1: the text holds a lone surrogate U+D800" in run.stderr
    assert sample_cli.ok("audit", "verify").startswith("chain ok: 2 events")  # nothing went in


def test_codecs_that_are_not_text_encodings_are_refused(sample_cli: Cli) -> None:
    for codec in ("rot13", "base64", "zlib"):
        run = sample_cli("import", "--encoding", codec, str(ARMOUR))
        assert run.code == 2 and "is not a text encoding" in run.stderr


def test_a_pipe_is_refused_not_waited_on(sample_cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "claims.jsonl"
    os.mkfifo(fifo)
    started = time.perf_counter()
    run = sample_cli("claim", "import", str(fifo))
    assert run.code == 1 and "not a regular file" in run.stderr and time.perf_counter() - started < 5


def test_a_csv_header_naming_a_column_twice_is_refused(sample_cli: Cli, tmp_path: Path) -> None:
    rows = tmp_path / "claims.csv"
    rows.write_text("text,source,text\nFive tanks,1,x\n", encoding="utf-8")
    run = sample_cli("claim", "import", str(rows))
    assert run.code == 1 and "column 'text' appears twice" in run.stderr


def test_exports_escape_what_could_drive_a_terminal_and_keep_the_data(sample_cli: Cli, tmp_path: Path) -> None:
    hidden = "Five\u2060 tanks\U000e0041\x1b]0;owned\x07 \u202ereversed"
    sample_cli.ok("claim", "add", hidden, "--source", "1", "--quote", "at least five T-72B3")
    out = sample_cli.ok("export", "--status", "all", "--format", "jsonl")
    assert "\x1b" not in out and "\u2060" not in out and "\u202e" not in out and "\U000e0041" not in out
    assert "\\u2060" in out and "\\udb40\\udc41" in out
    assert json.loads(out.splitlines()[1])["text"] == hidden  # escaped, not changed
    assert "\x1b" not in sample_cli.ok("show", "claim", "1") and "\\u2060" in sample_cli.ok("show", "claim", "1")


def test_a_csv_export_to_a_terminal_shows_controls_as_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from workbench.cli import export as cli_export

    raw = io.BytesIO()
    fake = io.TextIOWrapper(raw, encoding="utf-8")
    monkeypatch.setattr(cli_export.sys, "stdout", fake)
    monkeypatch.setattr(fake, "isatty", lambda: True)
    with cli_export._stdout(csv=True) as out:
        out.write("a\x1b[2J,b\x07\r\n")
    assert raw.getvalue() == b"a\\x1b[2J,b\\x07\r\n"


def test_a_nul_in_a_record_is_refused_by_name_and_the_rest_of_the_batch_goes_in(cli: Cli, tmp_path: Path) -> None:
    """PostgreSQL cannot store NUL in text: refused on every engine alike, the file named, the batch going on."""
    record = tmp_path / "a.json"
    record.write_text('{"title": "x", "text": "Five tanks\\u0000 hidden"}', encoding="utf-8")
    run = cli("import", str(record), str(ARMOUR))
    assert run.code == 1 and "a.json: record 1: the text holds a NUL character at character 14" in run.stderr
    assert run.stdout.strip() == "imported 1"


def test_a_clock_set_back_records_nothing_and_a_backdated_event_fails_verify(
    sample_cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # 1970: before the imports
    run = sample_cli("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    assert run.code == 1 and "the clock reads 1970-01-01" in run.stderr and "nothing was recorded" in run.stderr
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    sample_cli.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    with sqlite3.connect(db_path) as connection:  # someone with the file redates the newest event, and rehashes it
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        seq, data, prev, actor, action, entity, entity_id = connection.execute(
            "SELECT seq, data, prev_hash, actor, action, entity, entity_id FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        from store.audit import event_hash

        at = "1999-01-01T00:00:00.000000Z"
        digest = event_hash(prev_hash=prev, seq=seq, at=at, actor=actor, action=action, entity=entity,
                            entity_id=entity_id, data=data)  # fmt: skip
        connection.execute("UPDATE audit_event SET at = ?, hash = ? WHERE seq = ?", (at, digest, seq))
    run = sample_cli("audit", "verify")
    assert run.code == 1 and f"event #{seq}: dated 1999-01-01" in run.stdout


def test_html_in_utf_8_under_a_wrong_declared_charset_reads_as_written(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_bytes(
        b'<html><head><meta charset="windows-1257"><title>Caf\xc3\xa9</title></head><body><article><p>'
        + "Café crème brûlée is on the menu in Bamako since March, with five tanks parked outside.".encode()
        + b"</p></article></body></html>"
    )
    cli.ok("import", str(page))
    shown = cli.ok("show", "source", "1")
    assert "Café crème brûlée" in shown and "Cafķ" not in shown


def test_an_unreadable_folder_is_named_and_the_rest_goes_in(cli: Cli, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "good.md").write_bytes(ARMOUR.read_bytes())
    locked = inbox / "locked"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root reads anything: then say so by hand
            pytest.skip("running as a user who can read any folder")
        run = cli("import", str(inbox))
    finally:
        locked.chmod(0o755)
    assert run.code == 1 and "locked: a folder that cannot be read" in run.stderr
    assert run.stdout.strip() == "imported 1"


def test_a_folder_the_walk_cannot_list_is_rejected_by_name(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above where the tests run as root (who reads every folder): the listing fails."""
    from workbench.ingest import files

    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "good.md").write_bytes(ARMOUR.read_bytes())
    walk = os.walk

    def failing_walk(top: Path, onerror: object = None, **options: object) -> object:
        for folder, folders, names in walk(top, **options):  # type: ignore[call-overload]
            if Path(folder).name == "locked":
                onerror(PermissionError(13, "Permission denied", folder))  # type: ignore[operator]
                continue
            yield folder, folders, names

    monkeypatch.setattr(files.os, "walk", failing_walk)
    monkeypatch.setattr(files.os, "access", lambda path, mode: Path(path).name != "locked")
    run = cli("import", str(inbox))
    assert run.code == 1 and "locked: a folder that cannot be read" in run.stderr
    assert run.stdout.strip() == "imported 1"


def test_event_data_nested_too_deep_is_a_problem_not_a_crash(sample_cli: Cli, db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        connection.execute("UPDATE audit_event SET data = ? WHERE seq = 1", ("[" * 100_000 + "]" * 100_000,))
    run = sample_cli("audit", "verify")
    assert run.code == 1 and "event #1" in run.stdout and "Traceback" not in run.stderr
    assert sample_cli("audit", "log").code == 0
