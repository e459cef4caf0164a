"""Contradiction aspect and resolution winner on claim relations; relation ids never reused.

Withdrawn suggestions are deleted, and SQLite would hand a deleted highest id to the next row:
the table is rebuilt with AUTOINCREMENT so that an id, once shown to a reviewer or written in
the audit log, always means the same pair.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"  # other databases never reuse ids
    with op.batch_alter_table(
        "claim_relation",
        schema=None,
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch_op:
        batch_op.add_column(sa.Column("aspect", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("winner", sa.String(), nullable=True))
        batch_op.create_check_constraint(
            "ck_claim_relation_aspect", "aspect IS NULL OR aspect IN ('quantity', 'date', 'entity', 'other')"
        )
        batch_op.create_check_constraint(
            "ck_claim_relation_winner", "winner IS NULL OR winner IN ('a', 'b', 'neither')"
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_relation", schema=None) as batch_op:
        batch_op.drop_constraint("ck_claim_relation_winner", type_="check")
        batch_op.drop_constraint("ck_claim_relation_aspect", type_="check")
        batch_op.drop_column("winner")
        batch_op.drop_column("aspect")
