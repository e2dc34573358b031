"""Shift handover: notes, revisions, acknowledgements, follow-ups; change events for live
updates between desks.

Revision ID: 0004_handover
Revises: 0003_directory
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_handover"
down_revision = "0003_directory"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('change_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('topic', _str(length=30), nullable=False),
    sa.Column('ref', _str(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_change_event_at'), 'change_event', ['at'], unique=False)
    op.create_index(op.f('ix_change_event_branch_id'), 'change_event', ['branch_id'], unique=False)
    op.create_table('handover_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('category', _str(length=20), nullable=False),
    sa.Column('priority', _str(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('expires_at', _utc(), nullable=True),
    sa.Column('created_at', _utc(), nullable=False),
    sa.Column('updated_at', _utc(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_handover_note_branch_id'), 'handover_note', ['branch_id'], unique=False)
    op.create_index(op.f('ix_handover_note_created_at'), 'handover_note', ['created_at'], unique=False)
    op.create_index(op.f('ix_handover_note_expires_at'), 'handover_note', ['expires_at'], unique=False)
    op.create_index(op.f('ix_handover_note_priority'), 'handover_note', ['priority'], unique=False)
    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('owner_staff_id', sa.Integer(), nullable=True),
    sa.Column('owner_role', _str(length=20), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('created_at', _utc(), nullable=False),
    sa.Column('done_at', _utc(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('done_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['note_id'], ['handover_note.id'], ),
    sa.ForeignKeyConstraint(['owner_staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('note_id')
    )
    op.create_index(op.f('ix_follow_up_created_at'), 'follow_up', ['created_at'], unique=False)
    op.create_index(op.f('ix_follow_up_done_at'), 'follow_up', ['done_at'], unique=False)
    op.create_index(op.f('ix_follow_up_owner_staff_id'), 'follow_up', ['owner_staff_id'], unique=False)
    op.create_table('handover_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['handover_note.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('note_id', 'staff_id', 'revision')
    )
    op.create_index(op.f('ix_handover_ack_note_id'), 'handover_ack', ['note_id'], unique=False)
    op.create_index(op.f('ix_handover_ack_staff_id'), 'handover_ack', ['staff_id'], unique=False)
    op.create_table('handover_note_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('category', _str(length=20), nullable=False),
    sa.Column('priority', _str(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.ForeignKeyConstraint(['edited_by_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['note_id'], ['handover_note.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('note_id', 'revision')
    )
    op.create_index(op.f('ix_handover_note_revision_note_id'), 'handover_note_revision', ['note_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_handover_note_revision_note_id'), table_name='handover_note_revision')
    op.drop_table('handover_note_revision')
    op.drop_index(op.f('ix_handover_ack_staff_id'), table_name='handover_ack')
    op.drop_index(op.f('ix_handover_ack_note_id'), table_name='handover_ack')
    op.drop_table('handover_ack')
    op.drop_index(op.f('ix_follow_up_owner_staff_id'), table_name='follow_up')
    op.drop_index(op.f('ix_follow_up_done_at'), table_name='follow_up')
    op.drop_index(op.f('ix_follow_up_created_at'), table_name='follow_up')
    op.drop_table('follow_up')
    op.drop_index(op.f('ix_handover_note_priority'), table_name='handover_note')
    op.drop_index(op.f('ix_handover_note_expires_at'), table_name='handover_note')
    op.drop_index(op.f('ix_handover_note_created_at'), table_name='handover_note')
    op.drop_index(op.f('ix_handover_note_branch_id'), table_name='handover_note')
    op.drop_table('handover_note')
    op.drop_index(op.f('ix_change_event_branch_id'), table_name='change_event')
    op.drop_index(op.f('ix_change_event_at'), table_name='change_event')
    op.drop_table('change_event')
