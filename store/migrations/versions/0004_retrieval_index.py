"""The retrieval index: every title and sentence of every source, and every claim, in full-text search.

Creates the passage tables and the database's own full-text tables: SQLite FTS5 (``porter``
stemming over ``unicode61`` with diacritics removed) or PostgreSQL ``tsvector`` columns with GIN
indexes. The index is derived data; the store cannot fill it (splitting sentences is the
workbench's business), so the workbench indexes every source and claim the first time it opens
the store after this migration (``workbench.search.index.catch_up``), with a progress bar.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tokenizer of every FTS5 table: Porter stems over Unicode words, diacritics removed.
TOKENIZE = "porter unicode61 remove_diacritics 2"

_SQLITE = (
    # contentless: the words of a passage are in its source's text, which never changes; prefix
    # indexes of 3 and 4 letters: "heli*" reads one list instead of merging every word so begun
    f"CREATE VIRTUAL TABLE passage_fts USING fts5(body, content='', prefix='3 4', tokenize='{TOKENIZE}')",
    f"CREATE VIRTUAL TABLE claim_fts USING fts5(text, context, tokenize='{TOKENIZE}')",
)
_POSTGRES = (
    "CREATE TABLE passage_tsv (passage_id integer PRIMARY KEY REFERENCES passage (id), tsv tsvector NOT NULL)",
    "CREATE INDEX ix_passage_tsv ON passage_tsv USING gin (tsv)",
    "CREATE TABLE claim_tsv (claim_id integer PRIMARY KEY REFERENCES claim (id), tsv tsvector NOT NULL)",
    "CREATE INDEX ix_claim_tsv ON claim_tsv USING gin (tsv)",
)


def upgrade() -> None:
    op.create_table(
        "passage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.CheckConstraint("field IN ('title', 'text')", name="ck_passage_field"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_passage_source_id"), "passage", ["source_id"], unique=False)
    op.create_table(
        "indexed_source",
        sa.Column("source_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("source_id"),
    )
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE claim_fts")
        op.execute("DROP TABLE passage_fts")
    else:
        op.execute("DROP TABLE claim_tsv")
        op.execute("DROP TABLE passage_tsv")
    op.drop_table("indexed_source")
    op.drop_index(op.f("ix_passage_source_id"), table_name="passage")
    op.drop_table("passage")
