"""The keys each claim's facts are filed under for matching, and whether the claim is furniture.

``claim_fact.fact_keys`` holds the claim's candidate keys (``workbench.facts.pairs``) as packed
integers, so that a run after a few new claims finds their partners without working out the
keys of every claim again; ``claim_fact.furniture`` says whether the claim's text is page
furniture by its form. Both are derived like the facts and rebuilt when the rules change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim_fact") as batch:
        batch.add_column(sa.Column("fact_keys", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("furniture", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim_fact") as batch:
        batch.drop_column("furniture")
        batch.drop_column("fact_keys")
