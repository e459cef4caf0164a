"""Re-anchoring and parsed claim values.

Evidence can be orphaned (no offsets), records how it was anchored and which link on an
earlier revision it was carried from; claims carry the quantity, date and items parsed from
them. No existing row is backfilled: audited rows keep exactly the state their events recorded
(the audit digest ignores null fields, so columns added as NULL leave history valid).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quantity", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("date", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("items", sa.Text(), nullable=True))

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anchor_method", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("derived_from", sa.Integer(), nullable=True))
        batch_op.alter_column("start", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column("end", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f("ix_evidence_derived_from"), ["derived_from"], unique=False)
        batch_op.create_foreign_key("fk_evidence_derived_from", "evidence", ["derived_from"], ["id"])
        batch_op.create_check_constraint(
            "ck_evidence_orphaned_has_no_span",
            "(anchor_status = 'orphaned') = (start IS NULL) AND (start IS NULL) = (\"end\" IS NULL)",
        )


def downgrade() -> None:
    orphaned = op.get_bind().exec_driver_sql("SELECT count(*) FROM evidence WHERE start IS NULL").scalar()
    if orphaned:
        raise RuntimeError(f"cannot downgrade: {orphaned} orphaned evidence links have no offsets in schema 0001")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint("ck_evidence_orphaned_has_no_span", type_="check")
        batch_op.drop_constraint("fk_evidence_derived_from", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_evidence_derived_from"))
        batch_op.alter_column("end", existing_type=sa.INTEGER(), nullable=False)
        batch_op.alter_column("start", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("derived_from")
        batch_op.drop_column("anchor_method")

    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("items")
        batch_op.drop_column("date")
        batch_op.drop_column("quantity")
