"""Alembic migrations, applied by ``store.database.migrate`` whenever a store is opened."""
