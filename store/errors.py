"""The store's error family: driver errors are wrapped here so callers catch one type."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every failure raised by the store layer."""


class StoreUnavailable(StoreError):
    """The store cannot be opened: a bad path or URL, a locked or corrupt file, a newer schema."""


class MigrationFailed(StoreError):
    """Bringing the schema up to date failed; the store was left at its previous revision."""
