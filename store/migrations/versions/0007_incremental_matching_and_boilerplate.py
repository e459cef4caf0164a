"""What the last match run saw of each claim, and the lines it found to be boilerplate.

``claim_fact.matched`` holds a fingerprint of what a claim's suggestions were judged on (its
version, its sources and stories, the run's settings): a run judges again only the pairs of
claims whose fingerprint changed. ``boilerplate_line`` keeps the keys of the recurring lines the
last run left out, so that the reader can show them as furniture without reading the store.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim_fact") as batch:
        batch.add_column(sa.Column("matched", sa.String(), nullable=True))
    op.create_table("boilerplate_line", sa.Column("key", sa.String(), nullable=False), sa.PrimaryKeyConstraint("key"))


def downgrade() -> None:
    op.drop_table("boilerplate_line")
    with op.batch_alter_table("claim_fact") as batch:
        batch.drop_column("matched")
