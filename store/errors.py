"""The store's error family: every driver failure is turned into one of these, in one place.

``store.database`` translates what the database driver raises (SQLite's result codes,
PostgreSQL's SQLSTATE classes) into the class that says what went wrong for the user, so that
callers catch one family and users read one line that names the problem.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every failure raised by the store layer."""


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached: a bad path or URL, a server down, a newer schema."""


class StoreBusy(StoreUnavailable):
    """Another writer held the store's lock for longer than the busy timeout; trying again may work."""


class StoreCorrupt(StoreUnavailable):
    """The file is damaged or is not a workbench store at all."""


class StoreReadOnly(StoreError):
    """The store can be read but not written (file permissions, a read-only mount or transaction)."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full: the change was not written."""


class MigrationFailed(StoreError):
    """Bringing the schema up to date failed; the store was left at its previous revision."""


class ClockBackwards(StoreError):
    """An event would be dated before the one it follows: the clock (or ``SOURCE_DATE_EPOCH``) went back."""
