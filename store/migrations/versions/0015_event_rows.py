"""Which rows each audit event changed or referred to, as an index: a row's history without a log scan.

``audit_event_row`` (entity, entity_id, seq, changed) holds a line per row an event changed and
per row those refer to by foreign key (``store.audit.event_rows``). Events are appended with
their lines from now on; the lines of events already recorded are written here, in batches.

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
    connection = op.get_bind()
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
            except ValueError:
                data = {}  # `audit verify` names such an event; it has no lines
            rows += event_rows(ev.seq, ev.entity, ev.entity_id, data)
        if rows:
            connection.execute(lines.insert(), rows)
        after = batch[-1].seq


def downgrade() -> None:
    op.drop_table("audit_event_row")
