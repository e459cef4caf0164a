"""A failing store is one line and exit status 1 from every command, and a notice on every screen.

The failures are real: a file damaged after the command opened it, a lock held past the busy
timeout, a read-only file, a full database, a PostgreSQL server that is not there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

import workbench.access
from store import Store, StoreBusy, StoreCorrupt, StoreFull, StoreReadOnly, StoreUnavailable, open_store
from tests.cli_commands import every_command
from tests.conftest import AFP, Cli
from workbench.access import reading, writing
from workbench.claims import EvidenceSpec, NewClaim, create_claim, create_claims
from workbench.cli.app import Exit
from workbench.errors import StoreFailure
from workbench.spans import Quote

#: Commands that never open the store the command line names: nothing of theirs can fail with it.
NO_STORE = {("bundle", "verify"), ("demo",), ("keys",)}
#: Commands for PostgreSQL stores only: on SQLite they answer from the kind of store, reading nothing
#: (tests/test_postgres.py and tests/test_signing.py cover them).
POSTGRES_ONLY = {("team", "init"), ("team", "list")}


def damage(path: Path) -> None:
    """Overwrite the file's header, as a disk fault or a stray write would: SQLite no longer knows it."""
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with path.open("r+b") as f:
        f.write(b"\x00garbage, not a database header\x00" * 3)


@pytest.fixture
def reviewed_cli(sample_cli: Cli) -> Cli:
    """The samples with two claims, matched: a claim, evidence and a relation for every command to name."""
    sample_cli.ok("claim", "add", "Russia delivered two helicopters to Mali", "--source", "2", "--quote",
                  "two helicopters", "--occurrence", "1")  # fmt: skip
    sample_cli.ok("claim", "add", "Russia delivered four helicopters to Mali", "--source", "2", "--quote",
                  "at least four helicopters")  # fmt: skip
    sample_cli.ok("contradiction", "add", "1", "2")
    return sample_cli


@pytest.fixture
def damaged_after_opening(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """Every command opens the store as usual, then finds it damaged the moment it reads."""
    opened = workbench.access.open_store

    def open_then_damage(target: str | Path, **options: object) -> Store:
        store = opened(target, **options)  # type: ignore[arg-type]
        store.close()  # the last connection checkpoints the journal into the file
        damage(db_path)
        return store

    monkeypatch.setattr(workbench.access, "open_store", open_then_damage)


def arguments(tmp_path: Path) -> dict[tuple[str, ...], list[str]]:
    """Arguments that would make each command do its work on the reviewed store."""
    claims_csv = tmp_path / "claims.csv"
    claims_csv.write_text("text,source,quote\nTwo helicopters,2,two helicopters\n", encoding="utf-8")
    return {
        ("anchors",): ["1"],
        ("audit", "log"): [],
        ("audit", "verify"): [],
        ("candidates",): ["1"],
        ("claim", "add"): ["Five tanks", "--source", "1", "--quote", "at least five T-72B3"],
        ("claim", "import"): [str(claims_csv)],
        ("claim", "link"): ["1", "--source", "2", "--quote", "two helicopters", "--occurrence", "2"],
        ("claim", "set"): ["1", "--credibility", "2"],
        ("claim", "sources"): ["1"],
        ("claims",): [],
        ("contradiction", "add"): ["1", "2"],
        ("contradiction", "dismiss"): ["1"],
        ("contradiction", "resolve"): ["1", "--note", "settled"],
        ("contradictions",): [],
        ("embed",): [],
        ("export",): ["--status", "all"],
        ("import",): [str(AFP)],
        ("index", "rebuild"): [],
        ("index", "status"): [],
        ("init",): [],
        ("match",): [],
        ("match", "decide"): ["1", "2", "distinct"],
        ("match", "list"): [],
        ("outlet", "grade"): ["AFP", "B"],
        ("claim", "edit"): ["1", "--text", "Russia delivered two helicopters to Mali in August"],
        ("outlet", "alias"): ["AFP", "Agence France-Presse"],
        ("outlet", "merge"): ["AFP", "Reuters"],
        ("outlets",): [],
        ("reanchor",): ["1", "2", "--force"],
        ("search",): ["helicopters"],
        ("report", "audit"): [],
        ("report", "claim"): ["1"],
        ("review",): [],
        ("show", "claim"): ["1"],
        ("show", "source"): ["1"],
        ("sources",): [],
        ("stories",): [],
        ("story", "merge"): ["1", "2"],
        ("story", "move"): ["1", "--to", "2"],
        ("story", "split"): ["1"],
        ("suggest",): ["1"],
        ("syndication",): [],
        ("claim", "unlink"): ["1", "--note", "wrong span"],
        ("claim", "move"): ["1", "2"],
        ("claim", "merge"): ["2", "1"],
        ("claim", "assign"): ["1", "bob"],
        ("claim", "tag"): ["1", "casualties"],
        ("claim", "untag"): ["1", "casualties"],
        ("undo",): [],
        ("note",): ["claim", "1", "checked"],
        ("case", "add"): ["Mali"],
        ("case", "put"): ["Mali", "--claim", "1"],
        ("case", "drop"): ["Mali", "--claim", "1"],
        ("cases",): [],
        ("config",): ["four_eyes", "on"],
        ("key", "init"): [],
        ("key", "list"): [],
        ("audit", "anchor"): ["-o", str(tmp_path / "head.anchor.json")],
    }


def test_every_command_is_covered(tmp_path: Path) -> None:
    """A new command must say how it reaches the store (or that it never does)."""
    assert set(every_command()) == set(arguments(tmp_path)) | NO_STORE | POSTGRES_ONLY


@pytest.mark.parametrize("command", sorted(set(every_command()) - NO_STORE - POSTGRES_ONLY), ids=" ".join)
def test_a_store_damaged_mid_run_is_one_line_and_exit_1(
    command: tuple[str, ...], reviewed_cli: Cli, damaged_after_opening: None, tmp_path: Path
) -> None:
    run = reviewed_cli(*command, *arguments(tmp_path)[command])
    assert run.code == Exit.refused, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the store "), run.stderr
    assert "damaged or not a workbench store" in lines[0] and "Traceback" not in run.stderr


def test_a_damaged_file_is_refused_when_opened(reviewed_cli: Cli, db_path: Path) -> None:
    damage(db_path)
    with pytest.raises(StoreCorrupt, match="not a database"):
        open_store(db_path)
    run = reviewed_cli("sources")
    assert run.code == Exit.refused and run.stderr.count("\n") == 1 and "damaged" in run.stderr


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait a tenth of a second for the lock, not ten: the test is about what happens after."""
    import store.engine

    monkeypatch.setattr(store.engine, "BUSY_TIMEOUT_MS", 100)


def locked(db_path: Path) -> Iterator[sqlite3.Connection]:
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_lock_held_past_the_busy_timeout_is_busy_and_changes_nothing(
    reviewed_cli: Cli, db_path: Path, short_busy_timeout: None
) -> None:
    for _holder in locked(db_path):
        run = reviewed_cli("claim", "set", "1", "--credibility", "2")
        assert run.code == Exit.refused and run.stderr.startswith("error: the store is busy")
        assert run.stderr.count("\n") == 1
        with open_store(db_path) as store, pytest.raises(StoreFailure, match="busy"), writing(store, "ana"):
            pass
    assert "credibility 6" in reviewed_cli.ok("show", "claim", "1")


def test_a_read_only_store_reads_but_refuses_changes(reviewed_cli: Cli, db_path: Path) -> None:
    url = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    read_only = Cli(url)
    assert "T-72B3" in read_only.ok("show", "source", "1")
    run = read_only("claim", "set", "1", "--credibility", "2")
    assert run.code == Exit.refused and run.stderr.startswith("error: the store ") and "read-only" in run.stderr
    assert run.stderr.count("\n") == 1
    assert "credibility 6" in reviewed_cli.ok("show", "claim", "1")
    with open_store(url) as store:
        with reading(store) as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM claim").scalar() == 2
        with pytest.raises(StoreFailure, match="read-only") as raised:
            create_claim(store=store, actor="ana", text="x", evidence=[EvidenceSpec(2, Quote("Bamako"))])
        assert isinstance(raised.value.__cause__, StoreReadOnly)


def full_after(store: Store, pages: int) -> None:
    """Cap the database at ``pages`` more pages than it has: what a full disk does to a write."""

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        count = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {count + pages}")

    store.engine.dispose()


def test_a_full_database_refuses_the_write_whole(sample_store: Store, db_path: Path) -> None:
    full_after(sample_store, 0)
    many = [NewClaim(f"claim {n}: " + "delivered " * 150, [EvidenceSpec(2, Quote("Bamako"))]) for n in range(300)]
    with pytest.raises(StoreFailure, match="full") as raised:
        create_claims(store=sample_store, actor="ana", claims=many)
    assert isinstance(raised.value.__cause__, StoreFull)
    with reading(sample_store) as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM claim").scalar() == 0


def test_a_postgresql_server_that_is_not_there_is_one_line(cli: Cli) -> None:
    pytest.importorskip("psycopg")
    for command in (["sources"], ["init"], ["claim", "add", "x", "--source", "1", "--span", "0:1"]):
        run = Cli("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")(*command)
        assert run.code == Exit.refused, run.stderr
        assert run.stderr.startswith("error: cannot reach the store ") and run.stderr.count("\n") == 1
    with pytest.raises(StoreUnavailable):
        open_store("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_busy_is_told_apart_from_damage(store: Store, db_path: Path, short_busy_timeout: None) -> None:
    """The class says what to do: wait and try again (busy), or restore a copy (damaged)."""
    assert issubclass(StoreBusy, StoreUnavailable) and not issubclass(StoreBusy, StoreCorrupt)
    reopened: Callable[[], Store] = lambda: open_store(db_path)  # noqa: E731
    for _holder in locked(db_path):
        with reopened() as again, pytest.raises(StoreFailure) as raised, writing(again, "ana"):
            pass
        assert isinstance(raised.value.__cause__, StoreBusy)


@pytest.mark.parametrize("mode", ["C", "Q", "M", "O", "A", "R"])
def test_every_screen_reports_a_damaged_store_as_a_notice(sample_store: Store, db_path: Path, mode: str) -> None:
    """Opened on a good store that is then damaged: each screen says so, and the workbench keeps running."""
    from textual.pilot import Pilot

    from tests.tui_helpers import drive, make_app, settle

    app = make_app(sample_store)

    async def scenario(pilot: Pilot[None]) -> None:
        sample_store.close()
        damage(db_path)
        await pilot.press("C" if mode == "R" else "R")  # leave the screen first, so that coming back reloads it
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.press(mode)
        await settle(app, pilot)
        failures = [n for n in app._notifications if n.title == "Store failure"]
        assert failures, [(n.title, n.message) for n in app._notifications]
        assert all("damaged or not a workbench store" in n.message for n in failures)
        assert not [n for n in app._notifications if n.title == "Internal error"]
        assert app.is_running

    drive(app, scenario)
