"""The bytes each import was given, and the extractor that made the text from them.

``original`` holds each distinct file or fetched page once, by SHA-256; ``source_original`` ties a
source to its original and records the extractor and version. Sources imported before this
revision have no original kept (their ``raw_sha256`` still names the file they came from). Both
tables are write-once: triggers refuse to change or delete an original, as for source texts.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_GUARDS = (
    """CREATE TRIGGER original_no_update BEFORE UPDATE ON original
       BEGIN SELECT RAISE(ABORT, 'original is immutable'); END""",
    """CREATE TRIGGER original_no_delete BEFORE DELETE ON original
       BEGIN SELECT RAISE(ABORT, 'original is immutable'); END""",
    """CREATE TRIGGER source_original_no_update BEFORE UPDATE ON source_original
       BEGIN SELECT RAISE(ABORT, 'source_original is write-once'); END""",
    """CREATE TRIGGER source_original_no_delete BEFORE DELETE ON source_original
       BEGIN SELECT RAISE(ABORT, 'source_original is write-once'); END""",
)
#: ``workbench_forbid_change`` is revision 0001's.
_POSTGRES_GUARDS = (
    """CREATE TRIGGER original_immutable BEFORE UPDATE OR DELETE ON original
       FOR EACH ROW EXECUTE FUNCTION workbench_forbid_change()""",
    """CREATE TRIGGER source_original_immutable BEFORE UPDATE OR DELETE ON source_original
       FOR EACH ROW EXECUTE FUNCTION workbench_forbid_change()""",
)


def upgrade() -> None:
    op.create_table(
        "original",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "source_original",
        sa.Column("source_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["original.sha256"]),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.create_index("ix_source_original_sha256", "source_original", ["sha256"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_GUARDS, "postgresql": _POSTGRES_GUARDS}.get(dialect, ()):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("original_no_update", "original_no_delete", "source_original_no_update",
                     "source_original_no_delete"):  # fmt: skip
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS original_immutable ON original")
        op.execute("DROP TRIGGER IF EXISTS source_original_immutable ON source_original")
    op.drop_index("ix_source_original_sha256", table_name="source_original")
    op.drop_table("source_original")
    op.drop_table("original")
