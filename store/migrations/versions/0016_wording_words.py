"""The words each claim is blocked by for wording comparison, stored beside its facts.

``claim_fact.words`` holds the informative words of the claim's normalised text
(``workbench.matching.normalize.block_tokens``), so that a run after a few new claims finds
the wording partners of a claim without figures without normalising every claim of the store
again. Derived like the facts: rows without it are worked out again by the next run.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim_fact") as batch:
        batch.add_column(sa.Column("words", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim_fact") as batch:
        batch.drop_column("words")
