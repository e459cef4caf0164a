"""An index on ``claim_relation.status``: the decided relations, read without scanning the suggestions.

Grading reads the confirmed and resolved relations (``workbench.corroboration``); a store of a
million claims holds millions of suggestions and few decisions, and an export grading every
claim read the whole table once per 50,000 claims.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claim_relation_status", "claim_relation", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_relation_status", table_name="claim_relation")
