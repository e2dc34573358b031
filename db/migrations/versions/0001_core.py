"""Core: library, branches, desks, staff and shift definitions.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "library",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _str(length=200), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initials", _str(length=6), nullable=False),
        sa.Column("name", _str(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("pin_hash", _str(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("initials"),
    )
    op.create_table(
        "branch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("name", _str(length=200), nullable=False),
        sa.ForeignKeyConstraint(["library_id"], ["library.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("library_id", "name"),
    )
    op.create_index(op.f("ix_branch_library_id"), "branch", ["library_id"], unique=False)
    op.create_table(
        "desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("name", _str(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("branch_id", "name"),
    )
    op.create_index(op.f("ix_desk_branch_id"), "desk", ["branch_id"], unique=False)
    op.create_table(
        "shift_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("name", _str(length=50), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("branch_id", "name"),
    )
    op.create_index(
        op.f("ix_shift_definition_branch_id"), "shift_definition", ["branch_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_shift_definition_branch_id"), table_name="shift_definition")
    op.drop_table("shift_definition")
    op.drop_index(op.f("ix_desk_branch_id"), table_name="desk")
    op.drop_table("desk")
    op.drop_index(op.f("ix_branch_library_id"), table_name="branch")
    op.drop_table("branch")
    op.drop_table("staff")
    op.drop_table("library")
