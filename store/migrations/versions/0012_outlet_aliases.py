"""Other names and domains of an outlet, and the agency a source's text credits.

``outlet_alias`` (audited) holds names ("AP") and domains (``chinadaily.com.cn``) that file under
an outlet. ``source_credit`` (derived, rebuilt at will) holds the news agency a source's text
credits as its author (a dateline "(AFP) -", a byline "Xinhua"), or none, so that corroboration
counts the agency once, not each outlet that printed its copy; the workbench reads it for every
source already stored when it next opens the store.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outlet_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("alias_key", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint("kind IN ('name', 'domain')", name="ck_outlet_alias_kind"),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "alias_key", name="uq_outlet_alias"),
    )
    op.create_index("ix_outlet_alias_outlet_id", "outlet_alias", ["outlet_id"])
    op.create_table(
        "source_credit",
        sa.Column("source_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("agency", sa.String(), nullable=True),
        sa.Column("evidence", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.create_index("ix_source_credit_agency", "source_credit", ["agency"])


def downgrade() -> None:
    op.drop_index("ix_source_credit_agency", table_name="source_credit")
    op.drop_table("source_credit")
    op.drop_index("ix_outlet_alias_outlet_id", table_name="outlet_alias")
    op.drop_table("outlet_alias")
