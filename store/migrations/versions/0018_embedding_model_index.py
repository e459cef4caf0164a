"""An index on ``embedding (model, kind)``: what waits to be embedded, counted from the index alone.

Commands that use the semantic tier say how many claims, quotes and sentences have no vector of
the installed model. Counted by an anti-join, that read every row of three tables (a second at a
million claims, on every ``suggest``); counted as rows on file less vectors of the model, it reads
three counts and this index.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_embedding_model_kind", "embedding", ["model", "kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_embedding_model_kind", table_name="embedding")
