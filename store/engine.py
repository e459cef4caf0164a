"""Engine factory: a file path or SQLAlchemy URL in, a configured engine out."""

from __future__ import annotations

import sqlite3
import time
from itertools import count
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from store.errors import StoreUnavailable

#: Milliseconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_MS = 10_000

#: Execution option that makes a SQLite transaction start with ``BEGIN IMMEDIATE``.
WRITE_LOCK = "workbench_write_lock"


def to_url(target: str | Path) -> str:
    """Turn a path or URL into a SQLAlchemy URL string.

    Anything containing ``://`` is taken as a URL (``sqlite:///x.db``,
    ``postgresql://host/db``); anything else is a path to a SQLite file.
    """
    text = str(target)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def create_engine(target: str | Path, **kwargs: Any) -> Engine:
    """Create an engine for a store, with SQLite configured for safe concurrent use.

    SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout and
    ``synchronous=FULL`` (a committed audit event survives power loss). Transactions are
    begun explicitly so that write transactions can take the write lock up front with
    ``BEGIN IMMEDIATE``: reading the audit chain head and appending to it must not race.

    Raises:
        StoreUnavailable: the URL cannot be parsed or names an unknown driver.
    """
    url_text = to_url(target)
    try:
        url = make_url(url_text)
    except ArgumentError as e:
        raise StoreUnavailable(f"not a database path or URL: {target}") from e
    is_sqlite = url.get_backend_name() == "sqlite"
    if is_sqlite and url.database in (None, "", ":memory:"):
        # One shared connection, or every new connection would see a new empty database.
        kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    try:
        engine = sa_create_engine(url, **kwargs)
    except Exception as e:  # unknown dialect, missing driver
        raise StoreUnavailable(f"cannot use {url.render_as_string(hide_password=True)}: {e}") from e
    if is_sqlite:
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """Install the pragmas and explicit BEGIN handling on every pooled connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(WRITE_LOCK):
            _begin_immediate(connection.connection.dbapi_connection)
        else:
            connection.exec_driver_sql("BEGIN")


#: Seconds a waiting writer lets pass between attempts at the write lock: SQLite's own busy
#: handler's steps, but never more than 25 ms. SQLite backs off to 100 ms, so the writer that has
#: waited longest looks least often and writers arriving later take the lock first (twenty
#: analysts writing at once waited up to 1.3 s at the 95th percentile, 9.7 s at worst). Trying
#: every 2 ms was fair, but twenty waiters trying that often took the processor from readers.
RETRY_SECONDS = (0.001, 0.002, 0.005, 0.010, 0.015, 0.020, 0.025)


def _begin_immediate(dbapi_connection: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting for another writer's lock by trying again on ``RETRY_SECONDS``.

    Gives up after ``BUSY_TIMEOUT_MS``, as SQLite would, with SQLite's own "database is locked"
    error; ``busy_timeout`` is set back for the rest of the transaction either way.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        for attempt in count():
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if (getattr(e, "sqlite_errorcode", 0) & 0xFF) != _SQLITE_BUSY or time.monotonic() >= deadline:
                    raise
            time.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


_SQLITE_BUSY = 5
