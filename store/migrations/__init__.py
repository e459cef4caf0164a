"""Alembic migrations, applied by ``store.database.migrate`` whenever a store is opened."""

#: The newest revision in ``versions/``. Kept here so that opening an up-to-date store needs no
#: Alembic import (about 150 ms); ``tests/test_migrations.py`` checks it against the scripts.
HEAD = "0019"
