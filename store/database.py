"""Opening a store: engine, schema migrations applied on open, and transaction scopes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session

from store.audit import PG_WRITE_LOCK
from store.engine import WRITE_LOCK, create_engine, to_url
from store.errors import MigrationFailed, StoreError, StoreUnavailable
from store.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory


@cache
def scripts() -> ScriptDirectory:
    """The migration scripts shipped in this package (parsed once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "store:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def schema_revision(connection: Connection) -> str | None:
    """The store's current schema revision, ``None`` for an empty database."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head_revision() -> str:
    """The newest schema revision this version of the code knows."""
    return HEAD


def _known(revision: str) -> bool:
    from alembic.script.revision import ResolutionError
    from alembic.util import CommandError

    try:
        return scripts().get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False


def migrate(engine: Engine) -> bool:
    """Bring the schema up to date in one transaction. Returns whether anything ran.

    Alembic is only imported when there is something to do: opening an up-to-date store costs
    one query.

    Raises:
        StoreUnavailable: the store was written by a newer version of the workbench.
        MigrationFailed: a migration failed; nothing was changed.
    """
    with engine.connect() as probe:
        current = schema_revision(probe)
    if current == HEAD:
        return False
    if current is not None and not _known(current):
        raise StoreUnavailable(f"store schema {current} is newer than this workbench ({HEAD}); upgrade it")
    from alembic import command

    try:
        with engine.connect().execution_options(**{WRITE_LOCK: True}) as connection, connection.begin():
            command.upgrade(_config(connection), "head")
    except SQLAlchemyError as e:
        raise MigrationFailed(f"migrating the store to {HEAD} failed: {e}") from e
    return True


class Store:
    """An open store: one engine, and the only two ways to get a session on it.

    ``read()`` for queries; ``write()`` for one atomic unit of change. On SQLite a write
    starts with ``BEGIN IMMEDIATE``, so the audit chain head it reads cannot move under it.
    """

    def __init__(self, engine: Engine, *, label: str) -> None:
        self.engine = engine
        #: How the store is named in messages, exports and reports (path or password-free URL).
        self.label = label

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; anything left uncommitted is rolled back."""
        with _wrapped(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock: commits on success, rolls back on any error."""
        with _wrapped(), Session(self.engine, expire_on_commit=False) as session:
            connection = session.connection(execution_options={WRITE_LOCK: True})
            if connection.dialect.name == "postgresql":
                # No BEGIN IMMEDIATE there: one transaction-scoped lock serialises writers instead.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        """Release every connection (the file can then be moved or deleted)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@contextmanager
def _wrapped() -> Iterator[None]:
    """Turn driver errors into the store's error family; let everything else through."""
    try:
        yield
    except DBAPIError as e:
        message = str(e.orig) if e.orig is not None else str(e)
        if "locked" in message or "busy" in message:
            raise StoreUnavailable(f"the store is busy (another writer holds the lock): {message}") from e
        if "not a database" in message or "unable to open" in message:
            raise StoreUnavailable(f"cannot open the store: {message}") from e
        raise StoreError(f"database error: {message}") from e


def open_store(target: str | Path) -> Store:
    """Open (creating if needed) the store at a path or URL and migrate it to the current schema.

    Raises:
        StoreUnavailable: the target cannot be opened as a store.
        MigrationFailed: the schema could not be brought up to date.
    """
    url = to_url(target)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        parent = Path(url.removeprefix("sqlite:///")).parent
        if not parent.is_dir():
            raise StoreUnavailable(f"cannot open the store: folder {parent} does not exist")
    engine = create_engine(url)
    label = str(target) if "://" not in str(target) else engine.url.render_as_string(hide_password=True)
    try:
        with _wrapped():
            migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, label=label)
