"""The review desk: retracted evidence, merged and assigned claims, sign-off, cases, tags, settings.

Evidence gains who retracted it, when and why (a retracted link stays on file and no longer
counts as evidence). Claims gain their last editor, the reviewer they are assigned to, who
approved them as verified and when, and the claim they were merged into. New audited tables:
``case_file`` with ``case_source`` and ``case_claim`` (named collections of sources and
claims), ``claim_tag`` and ``setting`` (store-wide settings such as ``four_eyes``), whose ids are
never given again once an undo removed a row (AUTOINCREMENT on SQLite). Every new column is NULL
on existing rows, so history recorded before still verifies.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("retracted_by", "retracted_at", "retraction_note"):
        op.add_column("evidence", sa.Column(column, sa.String(), nullable=True))
    for column in ("edited_by", "assigned_to", "approved_by", "approved_at"):
        op.add_column("claim", sa.Column(column, sa.String(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in place; rebuilding `claim` instead would drop
        # a table other tables refer to, which the store's foreign keys refuse
        op.execute("ALTER TABLE claim ADD COLUMN merged_into INTEGER REFERENCES claim (id)")
    else:
        op.add_column("claim", sa.Column("merged_into", sa.Integer(), sa.ForeignKey("claim.id"), nullable=True))
    op.create_index("ix_claim_assigned_to", "claim", ["assigned_to"])
    op.create_index("ix_claim_merged_into", "claim", ["merged_into"])
    op.create_table(
        "case_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
        sqlite_autoincrement=True,
    )
    for member, target in (("source", "source"), ("claim", "claim")):
        op.create_table(
            f"case_{member}",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("case_id", sa.Integer(), nullable=False),
            sa.Column(f"{member}_id", sa.Integer(), nullable=False),
            sa.Column("added_by", sa.String(), nullable=False),
            sa.Column("added_at", sa.String(), nullable=False),
            sa.ForeignKeyConstraint(["case_id"], ["case_file.id"]),
            sa.ForeignKeyConstraint([f"{member}_id"], [f"{target}.id"]),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("case_id", f"{member}_id", name=f"uq_case_{member}"),
            sqlite_autoincrement=True,
        )
        op.create_index(f"ix_case_{member}_case_id", f"case_{member}", ["case_id"])
        op.create_index(f"ix_case_{member}_{member}_id", f"case_{member}", [f"{member}_id"])
    op.create_table(
        "claim_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(), nullable=False),
        sa.Column("tag_key", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "tag_key", name="uq_claim_tag"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_claim_tag_claim_id", "claim_tag", ["claim_id"])
    op.create_index("ix_claim_tag_tag_key", "claim_tag", ["tag_key"])
    op.create_table(
        "setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("set_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("setting")
    op.drop_index("ix_claim_tag_tag_key", table_name="claim_tag")
    op.drop_index("ix_claim_tag_claim_id", table_name="claim_tag")
    op.drop_table("claim_tag")
    for member in ("claim", "source"):
        op.drop_index(f"ix_case_{member}_{member}_id", table_name=f"case_{member}")
        op.drop_index(f"ix_case_{member}_case_id", table_name=f"case_{member}")
        op.drop_table(f"case_{member}")
    op.drop_table("case_file")
    op.drop_index("ix_claim_merged_into", table_name="claim")
    op.drop_index("ix_claim_assigned_to", table_name="claim")
    # SQLite (3.35+) drops a plain column in place; the reference goes with merged_into
    for column in ("merged_into", "approved_at", "approved_by", "assigned_to", "edited_by"):
        op.drop_column("claim", column)
    for column in ("retraction_note", "retracted_at", "retracted_by"):
        op.drop_column("evidence", column)
