"""Which rows each audit event changed or referred to, and which rows changed since when.

``audit_event_row`` (entity, entity_id, seq, changed) holds a line per row an event changed and
per row those refer to by foreign key (``store.audit.event_rows``): a row's history without a
scan of the log. Events are appended with their lines from now on; the lines of events already
recorded are written here, in batches.

``row_change`` (seq, entity, entity_id) is written by triggers on every audited table: each row
inserted, updated or deleted, by the workbench or anyone else, with the chain's head at the
time, so that a check from a verified checkpoint re-reads every row changed since.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000
#: The audited tables as of this revision, by entity (``store.models.AUDITED``).
_AUDITED = {
    "outlet": "outlet", "outlet_alias": "outlet_alias", "source": "source", "claim": "claim",
    "evidence": "evidence", "claim_relation": "claim_relation", "source_relation": "source_relation",
    "story_assignment": "story_assignment", "case": "case_file", "case_source": "case_source",
    "case_claim": "case_claim", "claim_tag": "claim_tag", "setting": "setting", "reviewer_key": "reviewer_key",
}  # fmt: skip
_HEAD = "(SELECT coalesce(max(seq), 0) FROM audit_event)"
#: ``store.audit.PG_WRITE_LOCK`` as of this revision.
PG_WRITE_LOCK = 0x6175646974
#: The log's index and the change journal are appended to, never changed (as the log itself).
_APPEND_ONLY = {
    "sqlite": [
        f"CREATE TRIGGER {name}_no_{op} BEFORE {op.upper()} ON {name} "
        f"BEGIN SELECT RAISE(ABORT, '{name} is append-only'); END"
        for name in ("audit_event_row", "row_change")
        for op in ("update", "delete")
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION workbench_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
        *(
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION workbench_append_only()"
            for name in ("audit_event_row", "row_change")
        ),
    ],
}
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION workbench_row_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- the write lock first: the head read below cannot move on before this change commits
    PERFORM pg_advisory_xact_lock({PG_WRITE_LOCK});
    IF TG_OP = 'DELETE' THEN
        INSERT INTO row_change (seq, entity, entity_id) SELECT {_HEAD}, TG_ARGV[0], id FROM gone
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO row_change (seq, entity, entity_id) SELECT {_HEAD}, TG_ARGV[0], id FROM added
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$
"""


def _row_triggers(dialect: str) -> list[str]:
    """The statements that make every audited table note its changed rows in ``row_change``."""
    if dialect != "sqlite":
        statements = [_PG_FUNCTION]
        for entity, name in _AUDITED.items():
            for op_name, table_ref in (("INSERT", "NEW TABLE AS added"), ("UPDATE", "NEW TABLE AS added"),
                                       ("DELETE", "OLD TABLE AS gone")):  # fmt: skip
                statements.append(
                    f'CREATE TRIGGER row_change_{name}_{op_name.lower()} AFTER {op_name} ON "{name}" '
                    f"REFERENCING {table_ref} FOR EACH STATEMENT EXECUTE FUNCTION workbench_row_changed('{entity}')"
                )
        return statements
    statements = []
    for entity, name in _AUDITED.items():
        for op_name, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f'CREATE TRIGGER row_change_{name}_{op_name.lower()} AFTER {op_name} ON "{name}" BEGIN '
                f"INSERT OR IGNORE INTO row_change (seq, entity, entity_id) VALUES ({_HEAD}, '{entity}', {row}.id); END"
            )
    return statements


def upgrade() -> None:
    from store.audit import event_rows

    lines = op.create_table(
        "audit_event_row",
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", "seq"),
    )
    assert lines is not None
    op.create_index("ix_audit_event_row_seq", "audit_event_row", ["seq"])
    op.create_table(
        "row_change",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("seq", "entity", "entity_id"),
    )
    connection = op.get_bind()
    for statement in _row_triggers(connection.dialect.name):
        op.execute(statement)
    events = sa.table("audit_event", sa.column("seq"), sa.column("entity"), sa.column("entity_id"), sa.column("data"))
    after = 0
    while True:
        batch = connection.execute(
            sa.select(events).where(events.c.seq > after).order_by(events.c.seq).limit(_BATCH)
        ).all()
        if not batch:
            break
        rows = []
        for ev in batch:
            try:
                data = json.loads(ev.data)
            except (ValueError, RecursionError):
                data = {}  # `audit verify` names such an event; it has no lines
            rows += event_rows(ev.seq, ev.entity, ev.entity_id, data)
        if rows:
            connection.execute(lines.insert(), rows)
        after = batch[-1].seq
    for statement in _APPEND_ONLY["sqlite" if connection.dialect.name == "sqlite" else "postgresql"]:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in _AUDITED.values():
        for op_name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS row_change_{name}_{op_name}" + ("" if sqlite else f' ON "{name}"'))
    for name in ("audit_event_row", "row_change"):
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {name}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_append_only ON {name}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS workbench_row_changed()")
        op.execute("DROP FUNCTION IF EXISTS workbench_append_only()")
    op.drop_table("row_change")
    op.drop_table("audit_event_row")
