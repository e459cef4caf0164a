"""Hostile input: damaged stores, zip bombs and floods of problems end in clear lines, quickly."""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from pathlib import Path

from tests.conftest import Cli
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
    run = sample_cli("audit", "verify")
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
