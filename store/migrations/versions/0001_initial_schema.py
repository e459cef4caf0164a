"""Initial schema: outlets, sources, claims, evidence, relations and the audit chain.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: Defence in depth: the audit log is append-only and a stored text never changes. Anyone
#: with write access to the file can drop these triggers; `workbench audit verify` still
#: catches what they then change.
_SQLITE_GUARDS = (
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER source_text_immutable BEFORE UPDATE OF text, content_sha256 ON source
       BEGIN SELECT RAISE(ABORT, 'source text is immutable'); END""",
)
_POSTGRES_GUARDS = (
    """CREATE FUNCTION workbench_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% cannot be changed', TG_TABLE_NAME; END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
       FOR EACH ROW EXECUTE FUNCTION workbench_forbid_change()""",
    """CREATE TRIGGER source_text_immutable BEFORE UPDATE OF text, content_sha256 ON source
       FOR EACH ROW EXECUTE FUNCTION workbench_forbid_change()""",
)


def _create_guards() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_GUARDS, "postgresql": _POSTGRES_GUARDS}.get(dialect, ()):
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("hash"),
        sa.UniqueConstraint("prev_hash"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"], unique=False)
        batch_op.create_index("ix_audit_event_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'in_review', 'verified', 'disputed', 'rejected')",
            name="ck_claim_status",
        ),
        sa.CheckConstraint("credibility BETWEEN 1 AND 6", name="ck_claim_credibility"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_status"), ["status"], unique=False)

    op.create_table(
        "outlet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("domain", sa.String(), nullable=True),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "reliability IN ('A', 'B', 'C', 'D', 'E', 'F')",
            name="ck_outlet_reliability",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
    )
    with op.batch_alter_table("outlet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outlet_domain"), ["domain"], unique=False)

    op.create_table(
        "claim_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a", sa.Integer(), nullable=False),
        sa.Column("b", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('duplicate', 'contradiction', 'refines')",
            name="ck_claim_relation_kind",
        ),
        sa.CheckConstraint(
            "status IN ('suggested', 'confirmed', 'dismissed', 'resolved')",
            name="ck_claim_relation_status",
        ),
        sa.CheckConstraint("a < b", name="ck_claim_relation_order"),
        sa.ForeignKeyConstraint(
            ["a"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["b"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("a", "b", "kind", name="uq_claim_relation"),
    )
    with op.batch_alter_table("claim_relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_relation_a"), ["a"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_relation_b"), ["b"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("title_key", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("published_at", sa.String(), nullable=True),
        sa.Column("retrieved_at", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=True),
        sa.Column("raw_sha256", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("revision_of", sa.Integer(), nullable=True),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(), nullable=False),
        sa.CheckConstraint("length >= 0", name="ck_source_length"),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlet.id"],
        ),
        sa.ForeignKeyConstraint(
            ["revision_of"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_content_sha256"), ["content_sha256"], unique=False)
        batch_op.create_index("ix_source_identity_title", ["outlet_id", "title_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_outlet_id"), ["outlet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_revision_of"), ["revision_of"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_url"), ["url"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(), nullable=False),
        sa.Column("suffix", sa.String(), nullable=False),
        sa.Column("stance", sa.String(), nullable=False),
        sa.Column("anchor_status", sa.String(), nullable=False),
        sa.Column("anchor_score", sa.Float(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "anchor_status IN ('anchored', 'reanchored', 'orphaned')",
            name="ck_evidence_anchor_status",
        ),
        sa.CheckConstraint("stance IN ('supports', 'refutes', 'mentions')", name="ck_evidence_stance"),
        sa.CheckConstraint('start >= 0 AND "end" > start', name="ck_evidence_span"),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "source_id", "start", "end", name="uq_evidence_span"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_source_id"), ["source_id"], unique=False)

    op.create_table(
        "source_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a", sa.Integer(), nullable=False),
        sa.Column("b", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint("kind IN ('syndicated', 'revision')", name="ck_source_relation_kind"),
        sa.ForeignKeyConstraint(
            ["a"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["b"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("a", "b", "kind", name="uq_source_relation"),
    )
    with op.batch_alter_table("source_relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_relation_a"), ["a"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_relation_b"), ["b"], unique=False)

    _create_guards()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in (
            "audit_event_no_update",
            "audit_event_no_delete",
            "source_text_immutable",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS source_text_immutable ON source")
        op.execute("DROP FUNCTION IF EXISTS workbench_forbid_change()")
    with op.batch_alter_table("source_relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_relation_b"))
        batch_op.drop_index(batch_op.f("ix_source_relation_a"))

    op.drop_table("source_relation")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_source_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_claim_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_url"))
        batch_op.drop_index(batch_op.f("ix_source_revision_of"))
        batch_op.drop_index(batch_op.f("ix_source_outlet_id"))
        batch_op.drop_index("ix_source_identity_title")
        batch_op.drop_index(batch_op.f("ix_source_content_sha256"))

    op.drop_table("source")
    with op.batch_alter_table("claim_relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_relation_b"))
        batch_op.drop_index(batch_op.f("ix_claim_relation_a"))

    op.drop_table("claim_relation")
    with op.batch_alter_table("outlet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outlet_domain"))

    op.drop_table("outlet")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_status"))

    op.drop_table("claim")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_entity")
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))

    op.drop_table("audit_event")
