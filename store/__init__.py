"""The workbench's storage layer: tables, engine, migrations and the audit chain.

Knows nothing of the workbench above it; everything here works headless. ``Store`` and
``open_store`` are loaded on first use: the error classes and the vocabulary
(``store.vocabulary``) are wanted by code that never opens a store, such as the command line's
help, and should not cost SQLAlchemy's import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from store.errors import (
    ClockBackwards,
    MigrationFailed,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)

if TYPE_CHECKING:
    from store.database import Store, open_store

__all__ = [
    "ClockBackwards",
    "MigrationFailed",
    "Store",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreReadOnly",
    "StoreUnavailable",
    "open_store",
]


def __getattr__(name: str) -> Any:
    if name in {"Store", "open_store"}:
        from store import database

        return getattr(database, name)
    raise AttributeError(f"module 'store' has no attribute {name!r}")
