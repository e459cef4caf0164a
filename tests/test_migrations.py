"""Schema migrations: applied on open, idempotent on re-open, matching the models, guarding the log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store import Store, StoreUnavailable, open_store
from store.database import head_revision, migrate, schema_revision, scripts
from store.models import SQLModel


def test_empty_file_is_migrated_to_head_on_open(db_path: Path) -> None:
    with open_store(db_path) as store, store.engine.connect() as connection:
        assert schema_revision(connection) == head_revision()
    tables = {r[0] for r in sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"outlet", "source", "claim", "evidence", "claim_relation", "source_relation", "audit_event"} <= tables


def test_head_constant_is_the_newest_script() -> None:
    assert scripts().get_current_head() == head_revision()


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_reopening_runs_no_migration_and_keeps_data(sample_store: Store, db_path: Path) -> None:
    sample_store.close()
    with open_store(db_path) as again:
        assert migrate(again.engine) is False
        with again.read() as session:
            assert session.connection().exec_driver_sql("SELECT count(*) FROM source").scalar() == 2


def test_sqlite_pragmas_are_set(store: Store) -> None:
    with store.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA busy_timeout").scalar() >= 1000


def test_store_from_a_newer_version_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreUnavailable, match="newer"):
        open_store(db_path)


def test_url_and_path_open_the_same_store(db_path: Path) -> None:
    open_store(db_path).close()
    with open_store(f"sqlite:///{db_path}") as store, store.read() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM audit_event").scalar() == 0


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="does not exist"):
        open_store(tmp_path / "nowhere" / "w.db")


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreUnavailable):
        open_store(bogus)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'mallory'",
        "DELETE FROM audit_event",
        "UPDATE source SET text = 'rewritten'",
    ],
)
def test_triggers_refuse_casual_edits_to_the_log_and_texts(sample_store: Store, db_path: Path, statement: str) -> None:
    with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute(statement)
