"""The workbench's storage layer: tables, engine, migrations and the audit chain.

Knows nothing of the workbench above it; everything here works headless.
"""

from store.database import Store, open_store
from store.errors import MigrationFailed, StoreError, StoreUnavailable

__all__ = ["MigrationFailed", "Store", "StoreError", "StoreUnavailable", "open_store"]
