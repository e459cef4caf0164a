"""Alembic environment: runs on the connection the store hands over, or on ``sqlalchemy.url``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import store.models
from store.engine import create_engine

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    """Migrate on the caller's connection (the normal path), else on the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "workbench.db")
    with engine.begin() as fresh:
        _migrate(fresh)
    engine.dispose()


def _migrate(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things, so later migrations copy-and-swap tables.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        # the full-text tables are made in each dialect's own terms (migration 0004), not from the models
        include_name=lambda name, kind, _parent: kind != "table" or not store.models.is_full_text(name),
    )
    with context.begin_transaction():
        context.run_migrations()


run()
