"""Incident entries (types, zones, revisions, follow-up notes), drafts and access-ban cases.

Revision ID: 0005_incidents
Revises: 0004_handover
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0005_incidents'
down_revision = '0004_handover'
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('incident_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', _str(length=30), nullable=False),
    sa.Column('key', _str(length=1), nullable=False),
    sa.Column('label_sv', _str(length=60), nullable=False),
    sa.Column('label_en', _str(length=60), nullable=False),
    sa.Column('category', _str(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('form', _str(length=40), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', _utc(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_id', 'form')
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_staff_id'), ['staff_id'], unique=False)

    op.create_table('ban_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', _utc(), nullable=False),
    sa.Column('updated_at', _utc(), nullable=False),
    sa.Column('status', _str(length=12), nullable=False),
    sa.Column('area', _str(length=300), nullable=False),
    sa.Column('responsible_name', _str(length=200), nullable=False),
    sa.Column('responsible_contact', _str(length=200), nullable=False),
    sa.Column('recognition', _str(length=200), nullable=False),
    sa.Column('risk_assessment', sa.Text(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('identity_deleted_at', _utc(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ban_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ban_case_branch_id'), ['branch_id'], unique=False)

    op.create_table('zone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('code', _str(length=30), nullable=False),
    sa.Column('key', _str(length=1), nullable=False),
    sa.Column('label_sv', _str(length=60), nullable=False),
    sa.Column('label_en', _str(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('branch_id', 'code')
    )
    with op.batch_alter_table('zone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zone_branch_id'), ['branch_id'], unique=False)

    op.create_table('ban_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('reference', _str(length=60), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ban_case.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ban_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ban_decision_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ban_decision_ends_on'), ['ends_on'], unique=False)

    op.create_table('ban_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('full_name', _str(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('established_how', _str(length=300), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ban_case.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', _utc(), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('hour', sa.SmallInteger(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('severity', sa.SmallInteger(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('actions', _str(length=300), nullable=False),
    sa.Column('police_report', _str(length=30), nullable=True),
    sa.Column('staff_affected', sa.Boolean(), nullable=False),
    sa.Column('kia_case', _str(length=40), nullable=True),
    sa.Column('kia_status', _str(length=20), nullable=True),
    sa.Column('follow_up_by', _str(length=20), nullable=True),
    sa.Column('status', _str(length=12), nullable=False),
    sa.Column('closed_at', _utc(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('news_at', _utc(), nullable=True),
    sa.Column('reporter_seen_at', _utc(), nullable=True),
    sa.Column('created_at', _utc(), nullable=False),
    sa.Column('updated_at', _utc(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['closed_by_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], ),
    sa.ForeignKeyConstraint(['reporter_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['type_id'], ['incident_type.id'], ),
    sa.ForeignKeyConstraint(['zone_id'], ['zone.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index('ix_incident_branch_occurred', ['branch_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_incident_branch_type_occurred', ['branch_id', 'type_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_incident_occurred_type_zone', ['occurred_at', 'type_id', 'zone_id'], unique=False)
        batch_op.create_index('ix_incident_reporter_occurred', ['reporter_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_incident_status_occurred', ['branch_id', 'status', 'occurred_at'], unique=False)
        batch_op.create_index('ix_incident_zone_type_occurred', ['zone_id', 'type_id', 'occurred_at'], unique=False)

    op.create_table('incident_tally',
    sa.Column('dimension', sa.SmallInteger(), nullable=False),
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('dimension', 'key', 'local_day', 'branch_id'),
    sqlite_with_rowid=False
    )
    op.create_table('ban_case_incident',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ban_case.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('case_id', 'incident_id')
    )
    op.create_table('incident_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.Column('kind', _str(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_note_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['edited_by_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'revision')
    )
    with op.batch_alter_table('incident_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_revision_incident_id'), ['incident_id'], unique=False)
    op.create_table('handover_note_incident',
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.ForeignKeyConstraint(['note_id'], ['handover_note.id'], ),
    sa.PrimaryKeyConstraint('note_id', 'incident_id')
    )
    with op.batch_alter_table('handover_note_incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handover_note_incident_incident_id'), ['incident_id'], unique=False)
    op.create_table('setting',
    sa.Column('key', _str(length=60), nullable=False),
    sa.Column('value', _str(length=200), nullable=False),
    sa.Column('updated_at', _utc(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('desk_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('level', _str(length=12), nullable=False),
    sa.Column('raised_at', _utc(), nullable=False),
    sa.Column('cancelled_at', _utc(), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['zone_id'], ['zone.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('desk_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_alert_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_alert_raised_at'), ['raised_at'], unique=False)

    op.create_table('desk_alert_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('at', _utc(), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['desk_alert.id'], ),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('alert_id', 'staff_id')
    )
    with op.batch_alter_table('desk_alert_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_alert_answer_alert_id'), ['alert_id'], unique=False)
    op.create_table('routine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', _str(length=30), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title_sv', _str(length=100), nullable=False),
    sa.Column('title_en', _str(length=100), nullable=False),
    sa.Column('body_sv', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('incident_type', _str(length=30), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', _utc(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('routine_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('title_sv', _str(length=100), nullable=False),
    sa.Column('title_en', _str(length=100), nullable=False),
    sa.Column('body_sv', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('at', _utc(), nullable=False),
    sa.ForeignKeyConstraint(['edited_by_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['routine_id'], ['routine.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('routine_id', 'revision')
    )
    with op.batch_alter_table('routine_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routine_revision_routine_id'), ['routine_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('routine_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routine_revision_routine_id'))

    op.drop_table('routine_revision')
    op.drop_table('routine')
    with op.batch_alter_table('desk_alert_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_alert_answer_alert_id'))

    op.drop_table('desk_alert_answer')
    with op.batch_alter_table('desk_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_alert_raised_at'))
        batch_op.drop_index(batch_op.f('ix_desk_alert_branch_id'))

    op.drop_table('desk_alert')
    op.drop_table('setting')
    with op.batch_alter_table('handover_note_incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handover_note_incident_incident_id'))

    op.drop_table('handover_note_incident')
    with op.batch_alter_table('incident_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_revision_incident_id'))

    op.drop_table('incident_revision')
    with op.batch_alter_table('incident_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_note_incident_id'))

    op.drop_table('incident_note')
    op.drop_table('ban_case_incident')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_zone_type_occurred')
        batch_op.drop_index('ix_incident_status_occurred')
        batch_op.drop_index('ix_incident_reporter_occurred')
        batch_op.drop_index('ix_incident_occurred_type_zone')
        batch_op.drop_index('ix_incident_branch_type_occurred')
        batch_op.drop_index('ix_incident_branch_occurred')

    op.drop_table('incident_tally')
    op.drop_table('incident')
    op.drop_table('ban_identity')
    with op.batch_alter_table('ban_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ban_decision_ends_on'))
        batch_op.drop_index(batch_op.f('ix_ban_decision_case_id'))

    op.drop_table('ban_decision')
    with op.batch_alter_table('zone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zone_branch_id'))

    op.drop_table('zone')
    with op.batch_alter_table('ban_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ban_case_branch_id'))

    op.drop_table('ban_case')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_staff_id'))

    op.drop_table('draft')
    op.drop_table('incident_type')
