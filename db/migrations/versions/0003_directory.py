"""Directory of help services (HSDS 3.0 tables), anonymous referrals and outreach tallies.

Revision ID: 0003_directory
Revises: 0002_audit_and_language
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_directory"
down_revision = "0002_audit_and_language"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('organization',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('name', _str(length=300), nullable=False),
    sa.Column('alternate_name', _str(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('email', _str(length=300), nullable=True),
    sa.Column('website', _str(length=500), nullable=True),
    sa.Column('parent_organization_id', _str(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('taxonomy',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('name', _str(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('uri', _str(length=500), nullable=True),
    sa.Column('version', _str(length=50), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('taxonomy_term',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('code', _str(length=100), nullable=True),
    sa.Column('name', _str(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('parent_id', _str(length=64), nullable=True),
    sa.Column('taxonomy', _str(length=300), nullable=True),
    sa.Column('language', _str(length=10), nullable=True),
    sa.Column('taxonomy_id', _str(length=64), nullable=True),
    sa.Column('term_uri', _str(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('attribute',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('link_id', _str(length=64), nullable=False),
    sa.Column('taxonomy_term_id', _str(length=64), nullable=False),
    sa.Column('link_type', _str(length=50), nullable=True),
    sa.Column('link_entity', _str(length=50), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['taxonomy_term.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_attribute_link_id'), 'attribute', ['link_id'], unique=False)
    op.create_table('location',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('organization_id', _str(length=64), nullable=True),
    sa.Column('location_type', _str(length=30), nullable=True),
    sa.Column('name', _str(length=300), nullable=True),
    sa.Column('alternate_name', _str(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('transportation', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('service',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('organization_id', _str(length=64), nullable=False),
    sa.Column('name', _str(length=300), nullable=False),
    sa.Column('alternate_name', _str(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', _str(length=500), nullable=True),
    sa.Column('email', _str(length=300), nullable=True),
    sa.Column('status', _str(length=30), nullable=False),
    sa.Column('interpretation_services', sa.Text(), nullable=True),
    sa.Column('application_process', sa.Text(), nullable=True),
    sa.Column('fees_description', sa.Text(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('minimum_age', sa.Integer(), nullable=True),
    sa.Column('maximum_age', sa.Integer(), nullable=True),
    sa.Column('assured_date', sa.Date(), nullable=True),
    sa.Column('assurer_email', _str(length=300), nullable=True),
    sa.Column('alert', sa.Text(), nullable=True),
    sa.Column('last_modified', _utc(), nullable=True),
    sa.Column('source', _str(length=20), nullable=False),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['verified_by_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_service_organization_id'), 'service', ['organization_id'], unique=False)
    op.create_index(op.f('ix_service_status'), 'service', ['status'], unique=False)
    op.create_table('address',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('location_id', _str(length=64), nullable=False),
    sa.Column('attention', _str(length=300), nullable=True),
    sa.Column('address_1', _str(length=300), nullable=False),
    sa.Column('address_2', _str(length=300), nullable=True),
    sa.Column('city', _str(length=200), nullable=False),
    sa.Column('region', _str(length=200), nullable=True),
    sa.Column('state_province', _str(length=200), nullable=True),
    sa.Column('postal_code', _str(length=20), nullable=True),
    sa.Column('country', _str(length=2), nullable=True),
    sa.Column('address_type', _str(length=20), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_address_location_id'), 'address', ['location_id'], unique=False)
    op.create_table('contact',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('organization_id', _str(length=64), nullable=True),
    sa.Column('service_id', _str(length=64), nullable=True),
    sa.Column('service_at_location_id', _str(length=64), nullable=True),
    sa.Column('location_id', _str(length=64), nullable=True),
    sa.Column('name', _str(length=300), nullable=True),
    sa.Column('title', _str(length=300), nullable=True),
    sa.Column('department', _str(length=300), nullable=True),
    sa.Column('email', _str(length=300), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_contact_service_id'), 'contact', ['service_id'], unique=False)
    op.create_table('cost_option',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('service_id', _str(length=64), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('option', sa.Text(), nullable=True),
    sa.Column('currency', _str(length=3), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('amount_description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_cost_option_service_id'), 'cost_option', ['service_id'], unique=False)
    op.create_table('language',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('service_id', _str(length=64), nullable=True),
    sa.Column('location_id', _str(length=64), nullable=True),
    sa.Column('phone_id', _str(length=64), nullable=True),
    sa.Column('name', _str(length=100), nullable=True),
    sa.Column('code', _str(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_language_service_id'), 'language', ['service_id'], unique=False)
    op.create_table('required_document',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('service_id', _str(length=64), nullable=True),
    sa.Column('document', sa.Text(), nullable=True),
    sa.Column('uri', _str(length=500), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_required_document_service_id'), 'required_document', ['service_id'], unique=False)
    op.create_table('schedule',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('service_id', _str(length=64), nullable=True),
    sa.Column('location_id', _str(length=64), nullable=True),
    sa.Column('service_at_location_id', _str(length=64), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('dtstart', sa.Date(), nullable=True),
    sa.Column('timezone', _str(length=20), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('wkst', _str(length=2), nullable=True),
    sa.Column('freq', _str(length=10), nullable=True),
    sa.Column('interval', sa.Integer(), nullable=True),
    sa.Column('byday', _str(length=100), nullable=True),
    sa.Column('byweekno', _str(length=100), nullable=True),
    sa.Column('bymonthday', _str(length=100), nullable=True),
    sa.Column('byyearday', _str(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('opens_at', sa.Time(), nullable=True),
    sa.Column('closes_at', sa.Time(), nullable=True),
    sa.Column('schedule_link', _str(length=500), nullable=True),
    sa.Column('attending_type', _str(length=100), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('closed_on_holidays', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_schedule_service_id'), 'schedule', ['service_id'], unique=False)
    op.create_table('service_at_location',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('service_id', _str(length=64), nullable=False),
    sa.Column('location_id', _str(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_service_at_location_location_id'), 'service_at_location', ['location_id'], unique=False)
    op.create_index(op.f('ix_service_at_location_service_id'), 'service_at_location', ['service_id'], unique=False)
    op.create_table('outreach_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('kind', _str(length=20), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_outreach_contact_at'), 'outreach_contact', ['at'], unique=False)
    op.create_index(op.f('ix_outreach_contact_branch_id'), 'outreach_contact', ['branch_id'], unique=False)
    op.create_table('phone',
    sa.Column('id', _str(length=64), nullable=False),
    sa.Column('location_id', _str(length=64), nullable=True),
    sa.Column('service_id', _str(length=64), nullable=True),
    sa.Column('organization_id', _str(length=64), nullable=True),
    sa.Column('contact_id', _str(length=64), nullable=True),
    sa.Column('service_at_location_id', _str(length=64), nullable=True),
    sa.Column('number', _str(length=100), nullable=False),
    sa.Column('extension', _str(length=20), nullable=True),
    sa.Column('type', _str(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_phone_service_id'), 'phone', ['service_id'], unique=False)
    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', _utc(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('service_id', _str(length=64), nullable=True),
    sa.Column('service_name', _str(length=300), nullable=False),
    sa.Column('need', _str(length=50), nullable=True),
    sa.Column('method', _str(length=20), nullable=False),
    sa.Column('language', _str(length=20), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_referral_at'), 'referral', ['at'], unique=False)
    op.create_index(op.f('ix_referral_branch_id'), 'referral', ['branch_id'], unique=False)
    op.create_index(op.f('ix_referral_need'), 'referral', ['need'], unique=False)
    op.create_index(op.f('ix_referral_service_id'), 'referral', ['service_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_referral_service_id'), table_name='referral')
    op.drop_index(op.f('ix_referral_need'), table_name='referral')
    op.drop_index(op.f('ix_referral_branch_id'), table_name='referral')
    op.drop_index(op.f('ix_referral_at'), table_name='referral')
    op.drop_table('referral')
    op.drop_index(op.f('ix_phone_service_id'), table_name='phone')
    op.drop_table('phone')
    op.drop_index(op.f('ix_outreach_contact_branch_id'), table_name='outreach_contact')
    op.drop_index(op.f('ix_outreach_contact_at'), table_name='outreach_contact')
    op.drop_table('outreach_contact')
    op.drop_index(op.f('ix_service_at_location_service_id'), table_name='service_at_location')
    op.drop_index(op.f('ix_service_at_location_location_id'), table_name='service_at_location')
    op.drop_table('service_at_location')
    op.drop_index(op.f('ix_schedule_service_id'), table_name='schedule')
    op.drop_table('schedule')
    op.drop_index(op.f('ix_required_document_service_id'), table_name='required_document')
    op.drop_table('required_document')
    op.drop_index(op.f('ix_language_service_id'), table_name='language')
    op.drop_table('language')
    op.drop_index(op.f('ix_cost_option_service_id'), table_name='cost_option')
    op.drop_table('cost_option')
    op.drop_index(op.f('ix_contact_service_id'), table_name='contact')
    op.drop_table('contact')
    op.drop_index(op.f('ix_address_location_id'), table_name='address')
    op.drop_table('address')
    op.drop_index(op.f('ix_service_status'), table_name='service')
    op.drop_index(op.f('ix_service_organization_id'), table_name='service')
    op.drop_table('service')
    op.drop_table('location')
    op.drop_index(op.f('ix_attribute_link_id'), table_name='attribute')
    op.drop_table('attribute')
    op.drop_table('taxonomy_term')
    op.drop_table('taxonomy')
    op.drop_table('organization')
