"""Signed events: each reviewer's public key on record, and every event's Ed25519 signature.

``reviewer_key`` (audited) holds a reviewer's public signing key; the event that registers it is
signed by the key itself, or, when it replaces an earlier key, by that one. ``audit_event``
gains ``signature``: the actor's signature of the event's hash, outside the hash (the chain's
hashes of events recorded before stay as they were; such events read as unsigned).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("signature", sa.String(), nullable=True))
    op.create_table(
        "reviewer_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_reviewer_key_reviewer", "reviewer_key", ["reviewer"])


def downgrade() -> None:
    op.drop_index("ix_reviewer_key_reviewer", table_name="reviewer_key")
    op.drop_table("reviewer_key")
    op.drop_column("audit_event", "signature")
