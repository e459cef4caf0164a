"""Schema migrations: applied on open, idempotent on re-open, matching the models, guarding the log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store import Store, StoreUnavailable, open_store
from store.database import head_revision, migrate, schema_revision, scripts
from store.models import SQLModel, is_full_text


def test_empty_file_is_migrated_to_head_on_open(db_path: Path) -> None:
    with open_store(db_path) as store, store.engine.connect() as connection:
        assert schema_revision(connection) == head_revision()
    tables = {r[0] for r in sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"outlet", "source", "claim", "evidence", "claim_relation", "source_relation", "audit_event"} <= tables


def test_head_constant_is_the_newest_script() -> None:
    assert scripts().get_current_head() == head_revision()


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        models_only = lambda name, kind, _parent: kind != "table" or not is_full_text(name)  # noqa: E731
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": models_only})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_reopening_runs_no_migration_and_keeps_data(sample_store: Store, db_path: Path) -> None:
    sample_store.close()
    with open_store(db_path) as again:
        assert migrate(again.engine) is False
        with again.read() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM source").scalar() == 2


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
    with open_store(f"sqlite:///{db_path}") as store, store.read() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM audit_event").scalar() == 0


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


def test_history_written_before_a_migration_still_verifies_after_it(db_path: Path) -> None:
    """A store at schema 0001, with a claim and its event as 0001 recorded them, migrates and verifies."""
    from alembic import command
    from sqlalchemy import text

    from store import audit
    from store.audit import Change, EventDraft
    from store.database import _config
    from store.engine import WRITE_LOCK, create_engine
    from workbench.integrity import verify_store

    engine = create_engine(db_path)
    with engine.connect().execution_options(**{WRITE_LOCK: True}) as connection, connection.begin():
        command.upgrade(_config(connection), "0001")
        state = {
            "id": 1,
            "text": "At least five T-72B3 tanks",
            "status": "draft",
            "credibility": 6,
            "created_by": "ana",
            "created_at": "2025-01-01T00:00:00.000000Z",
            "updated_at": "2025-01-01T00:00:00.000000Z",
            "version": 1,
        }
        connection.execute(
            text(
                "INSERT INTO claim (id, text, status, credibility, created_by, created_at, updated_at, version) "
                "VALUES (:id, :text, :status, :credibility, :created_by, :created_at, :updated_at, :version)"
            ),
            state,
        )
        audit.append(
            connection, [EventDraft(actor="ana", action="claim.create", change=Change("claim", 1, None, state))]
        )
    engine.dispose()

    with open_store(db_path) as store:  # migrates 0001 -> head
        with store.engine.connect() as connection:
            assert schema_revision(connection) == head_revision()
        assert verify_store(store=store).ok
        with store.write() as connection:
            connection.execute(text("UPDATE claim SET quantity = '{\"value\": 6}' WHERE id = 1"))
        assert verify_store(store=store).first_problem == "claim 1: quantity not as recorded in event #1"


def test_a_store_with_claims_and_evidence_migrates_to_the_review_desk(db_path: Path) -> None:
    """0013 adds columns to `claim` and `evidence`, which other tables refer to: nothing may be rebuilt or lost."""
    from alembic import command
    from sqlalchemy import text

    from store.database import _config
    from store.engine import WRITE_LOCK, create_engine

    engine = create_engine(db_path)
    with engine.connect().execution_options(**{WRITE_LOCK: True}) as connection, connection.begin():
        command.upgrade(_config(connection), "0012")
        connection.execute(text(
            "INSERT INTO source (id, retrieved_at, format, content_sha256, length, imported_by, text) "
            "VALUES (1, '2025-01-01T00:00:00Z', 'txt', 'x', 11, 'ana', 'Five tanks.')"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO claim (id, text, status, credibility, created_by, created_at, updated_at, version) "
            "VALUES (1, 'Five tanks', 'in_review', 6, 'ana', '2025-01-01', '2025-01-01', 1)"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO evidence (claim_id, source_id, start, \"end\", exact, prefix, suffix, stance, anchor_status,"
            " created_by, created_at) VALUES (1, 1, 0, 10, 'Five tanks', '', '.', 'supports', 'anchored', 'ana', 'x')"
        ))  # fmt: skip
    engine.dispose()
    with open_store(db_path) as store, store.engine.connect() as connection:
        assert schema_revision(connection) == head_revision()
        assert connection.execute(text("SELECT id, merged_into, assigned_to FROM claim")).all() == [(1, None, None)]
        assert connection.execute(text("SELECT claim_id, retracted_at FROM evidence")).all() == [(1, None)]
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
