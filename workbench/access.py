"""The core's one way into the store: scopes that read or write and speak the workbench's errors.

Every core function reads through ``reading`` (or ``fetch``, for one query) and changes the
store through ``writing``. Both yield a Core ``Connection`` in one transaction and turn any
failure of the store (``store.StoreError``: damaged file, lock held past the busy timeout,
read-only file, full disk, server down) into ``StoreFailure``, so that an interface catching
``WorkbenchError`` reports every one of them as one line. ``writing`` also checks who is acting
before it takes the write lock: every change is attributed to someone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, NamedTuple, ParamSpec, TypeVar

from sqlalchemy import Connection

from store import Store, StoreError
from workbench.checks import check_actor
from workbench.errors import InvalidInput, StoreFailure

if TYPE_CHECKING:
    from store.signing import Signer

P = ParamSpec("P")
T = TypeVar("T")


class Write(NamedTuple):
    """A write transaction: its connection, and the reviewer it is recorded for (checked, stripped)."""

    connection: Connection
    actor: str


@contextmanager
def store_failures() -> Iterator[None]:
    """Re-raise the store's errors as ``StoreFailure`` (one line, exit status 1)."""
    try:
        yield
    except StoreError as e:
        raise StoreFailure(str(e)) from e


@contextmanager
def reading(store: Store) -> Iterator[Connection]:
    """One read transaction: every query in it sees the same state of the store."""
    with store_failures(), store.read() as connection:
        yield connection


@contextmanager
def writing(store: Store, actor: str) -> Iterator[Write]:
    """One write transaction holding the write lock: committed whole on success, rolled back on any error.

    Raises:
        InvalidInput: no reviewer named (before anything is locked), another reviewer than the
            session's role on a team store (``store.team``), or a reviewer who signs whose
            private key is not on this machine (their events would go unsigned).
    """
    checked = acting(store, actor)
    with store_failures(), store.write() as connection:
        if store.signer is not None:
            _can_sign(connection, store.signer, checked)
        yield Write(connection, checked)


def acting(store: Store, actor: str) -> str:
    """``actor``, checked and stripped, if they may write to ``store`` (on a team store, only as its role).

    Raises:
        InvalidInput: no reviewer named, or another reviewer than the session's role on a team store.
    """
    checked = check_actor(actor)
    if store.role is not None and checked != store.role:
        raise InvalidInput(
            f"on this team store you act as your database role {store.role}; "
            f"you may not act as {checked} (log in as that role instead)"
        )
    return checked


def _can_sign(connection: Connection, signer: Signer, actor: str) -> None:
    """Refuse to write as a reviewer with a key on record when this machine cannot sign for them."""
    from sqlalchemy import desc, select  # deferred like the rest of the store's machinery

    from workbench.sql import REVIEWER_KEY

    newest = select(REVIEWER_KEY.c.fingerprint).where(REVIEWER_KEY.c.reviewer == actor)
    on_record = connection.execute(newest.order_by(desc(REVIEWER_KEY.c.id))).scalar()
    if on_record is not None and signer(actor, "00" * 32) is None:
        raise InvalidInput(
            f"{actor} signs with key {on_record}, whose private key is not on this machine "
            "(WORKBENCH_SIGNING_KEYS): nothing is written unsigned in their name"
        )


@contextmanager
def maintaining(store: Store) -> Iterator[Connection]:
    """One write transaction for derived data (the retrieval index): the write lock, no reviewer, no event.

    Only what can be rebuilt from audited rows is written this way; every change a reviewer
    makes goes through ``writing``.
    """
    with store_failures(), store.write() as connection:
        yield connection


def fetch(store: Store, query: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run one read-layer query (``workbench.read``) in its own read transaction."""
    with reading(store) as connection:
        return query(connection, *args, **kwargs)


def open_store(target: str | Path, *, progress: Callable[[int, int], None] | None = None) -> Store:
    """Open (creating and migrating if needed) the store at a path or URL, its retrieval index complete.

    The index is derived data: whatever it lacks (a store made before it existed, sources indexed
    by older rules) is indexed here, ``progress(done, total)`` told as it goes.

    Raises:
        StoreFailure: it cannot be opened, reached or brought up to date.
    """
    from store import open_store as open_
    from workbench.keyring import default_signer  # the cryptography library loads with the first signature
    from workbench.search.index import catch_up  # deferred: it needs the sentence splitter only to index

    with store_failures():
        store = open_(target, signer=default_signer())
    try:
        catch_up(store=store, progress=progress)
    except BaseException:
        store.close()
        raise
    return store
