"""Audit events, and a preferred UI language per staff member.

Revision ID: 0002_audit_and_language
Revises: 0001_core
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_audit_and_language"
down_revision = "0001_core"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("lang", _str(length=5), nullable=True))
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("action", _str(length=50), nullable=False),
        sa.Column("subject", _str(length=100), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"], unique=False)
    op.create_index(op.f("ix_audit_event_staff_id"), "audit_event", ["staff_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_event_staff_id"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_at"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_action"), table_name="audit_event")
    op.drop_table("audit_event")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("lang")
