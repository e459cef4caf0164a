"""Sentence embeddings of claims, evidence quotes and passages; the language of each source.

``embedding`` holds one vector per (kind, item): ``kind`` is ``claim``, ``evidence`` or
``passage``, ``item_id`` the row it describes, ``model`` the model that made it (a change of
model embeds again), ``digest`` a hash of the text embedded (a changed text is embedded again)
and ``vector`` the unit vector as little-endian float16. ``source_language`` holds the language
detected in each source's text. Both are derived data, never audited, rebuilt at will.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "embedding",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("kind IN ('claim', 'evidence', 'passage')", name="ck_embedding_kind"),
        sa.PrimaryKeyConstraint("kind", "item_id"),
    )
    op.create_index("ix_embedding_digest", "embedding", ["digest"])
    op.create_table(
        "source_language",
        sa.Column("source_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.create_index("ix_source_language_language", "source_language", ["language"])


def downgrade() -> None:
    op.drop_index("ix_source_language_language", table_name="source_language")
    op.drop_table("source_language")
    op.drop_index("ix_embedding_digest", table_name="embedding")
    op.drop_table("embedding")
