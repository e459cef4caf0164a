"""Opening a store: engine, schema migrations applied on open, and transaction scopes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from store import engine as engine_settings
from store.audit import PG_WRITE_LOCK
from store.engine import WRITE_LOCK, create_engine, to_url
from store.errors import (
    MigrationFailed,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)
from store.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from store.signing import Signer


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
        cause = _classify(e, engine.url.render_as_string(hide_password=True), engine)
        if type(cause) is not StoreError:
            raise cause from e  # busy, damaged, read-only, full: say that, not "migration failed"
        raise MigrationFailed(f"migrating the store to {HEAD} failed: {cause}") from e
    return True


class Store:
    """An open store: one engine, and the only two ways to work on it.

    ``read()`` for queries, ``write()`` for one atomic unit of change; both yield a Core
    ``Connection`` in one transaction, and both turn every failure of the database or its
    driver into the store's error family (``store.errors``), so no caller sees a driver error.
    On SQLite a write starts with ``BEGIN IMMEDIATE``, so the audit chain head it reads cannot
    move under it; on PostgreSQL an advisory transaction lock does the same.
    """

    def __init__(self, engine: Engine, *, label: str, signer: Signer | None = None, role: str | None = None) -> None:
        self.engine = engine
        #: How the store is named in messages, exports and reports (path or password-free URL).
        self.label = label
        #: Signs each event written by its actor (``store.signing``); ``None``: events go unsigned.
        self.signer = signer
        #: On a team store (``store.team``), the database role this session acts as, and the only
        #: reviewer it may act as; ``None`` elsewhere.
        self.role = role

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in one read transaction (one snapshot of the store), rolled back at the end."""
        with _failures(self.engine, self.label), self.engine.connect() as connection:
            transaction = connection.begin()
            try:
                yield connection
            finally:
                if transaction.is_active:
                    transaction.rollback()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction holding the write lock: commits on success, rolls back on any error."""
        with (
            _failures(self.engine, self.label),
            self.engine.connect().execution_options(**{WRITE_LOCK: True}) as connection,
            connection.begin(),
        ):
            if connection.dialect.name == "postgresql":
                # No BEGIN IMMEDIATE there: one transaction-scoped lock serialises writers instead,
                # waited for as long as SQLite waits for its lock, then refused as busy (55P03).
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(engine_settings.BUSY_TIMEOUT_MS)}")
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
            connection.info["signer"] = self.signer
            try:
                yield connection
            finally:
                connection.info.pop("signer", None)  # the connection goes back to the pool

    def close(self) -> None:
        """Release every connection (the file can then be moved or deleted)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


#: SQLite's primary result codes (``sqlite3.Error.sqlite_errorcode & 0xFF``) by what they mean.
_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_READONLY = {8}
_SQLITE_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SQLITE_FULL = {13}
_SQLITE_CANTOPEN = {14}
_SQLITE_IOERR = {10}


def _classify(error: BaseException, label: str, engine: Engine | None = None) -> StoreError:
    """The store error that says what ``error`` (a driver or SQLAlchemy error) means for the user.

    SQLite says what happened in its result code; PostgreSQL in its SQLSTATE, except when no
    connection could be made at all (then the driver's ``OperationalError`` has none).
    """
    original = getattr(error, "orig", None) or error
    message = " ".join(str(original).split()) or type(original).__name__
    code = getattr(original, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    sqlstate = str(getattr(original, "sqlstate", "") or "")
    lowered = message.lower()
    if primary in _SQLITE_BUSY or sqlstate in {"55P03", "40P01", "40001"} or "database is locked" in lowered:
        return StoreBusy(f"the store is busy (another writer holds its lock); try again: {message}")
    if primary in _SQLITE_CORRUPT or sqlstate.startswith("XX"):
        return StoreCorrupt(f"the store {label} is damaged or not a workbench store: {message}")
    if primary in _SQLITE_READONLY or sqlstate == "25006":
        return StoreReadOnly(f"the store {label} is read-only: {message}")
    if primary in _SQLITE_FULL or sqlstate == "53100":
        return StoreFull(f"the disk holding the store {label} is full; nothing was written: {message}")
    if isinstance(error, PoolTimeout):
        return StoreBusy(f"the store is busy (no free connection); try again: {message}")
    driver = getattr(getattr(engine, "dialect", None), "loaded_dbapi", None)
    operational = (OperationalError, getattr(driver, "OperationalError", OperationalError))
    # a connection that could not be made at all carries neither a result code nor a SQLSTATE
    unreachable = (
        code is None and not sqlstate and (isinstance(original, operational) or isinstance(error, operational))
    )
    # 08: no connection; 57P01–57P05: the server shut down, crashed or restarted under the connection
    gone = sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03", "57P05"}
    if primary in _SQLITE_CANTOPEN or gone or unreachable:
        return StoreUnavailable(f"cannot reach the store {label}: {message}")
    if primary in _SQLITE_IOERR:
        return StoreUnavailable(f"cannot read or write the store {label}: {message}")
    return StoreError(f"database error: {message}")


@contextmanager
def _failures(engine: Engine, label: str) -> Iterator[None]:
    """Turn whatever the database or its driver raises into the store's error family.

    Driver errors arrive wrapped by SQLAlchemy (``DBAPIError``) or, from a connection's set-up
    hooks, as the driver's own ``Error``; a pool that cannot hand out a connection raises
    ``TimeoutError``. Store errors pass through; anything else is a bug and stays itself.
    """
    dbapi = engine.dialect.loaded_dbapi
    driver_error: type[BaseException] = getattr(dbapi, "Error", DBAPIError)
    try:
        yield
    except StoreError:
        raise
    except (DBAPIError, PoolTimeout, driver_error) as e:
        raise _classify(e, label, engine) from e


def open_store(target: str | Path, *, signer: Signer | None = None) -> Store:
    """Open (creating if needed) the store at a path or URL and migrate it to the current schema.

    Raises:
        StoreUnavailable: the target cannot be opened as a store.
        MigrationFailed: the schema could not be brought up to date.
    """
    url = to_url(target)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        # a URI filename (`sqlite:///file:PATH?mode=ro&uri=true`) names its file after `file:`
        parent = Path(url.removeprefix("sqlite:///").split("?", 1)[0].removeprefix("file:")).parent
        if not parent.is_dir():
            raise StoreUnavailable(f"cannot open the store: folder {parent} does not exist")
    engine = create_engine(url)
    label = str(target) if "://" not in str(target) else engine.url.render_as_string(hide_password=True)
    try:
        with _failures(engine, label):
            migrate(engine)
            role = _team_role(engine)
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, label=label, signer=signer, role=role)


def _team_role(engine: Engine) -> str | None:
    """The session's role on a team store (``store.team``), or ``None``."""
    if engine.dialect.name != "postgresql":
        return None
    from store.team import is_team, session_role

    with engine.connect() as connection:
        return session_role(connection) if is_team(connection) else None
