"""proposals schema

Revision ID: 51b4bc4311c5
Revises: 14dcdf40b0f8
Create Date: 2026-11-27 03:40:45.510200

"""
from alembic import op
import sqlalchemy as sa

import deliberate.core.types


# revision identifiers, used by Alembic.
revision = '51b4bc4311c5'
down_revision = '14dcdf40b0f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_counters',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.CheckConstraint('last_number >= 0', name=op.f('ck_proposal_counters_not_negative')),
    sa.ForeignKeyConstraint(['session_id'], ['plenary_sessions.id'], name=op.f('fk_proposal_counters_session_id_plenary_sessions')),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_proposal_counters'))
    )

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.Enum('economy', 'politics', 'culture', 'society', 'ecology', 'other', name='proposal_category', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('analysis', sa.Text(), nullable=False),
    sa.Column('suggestions', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.Column('proposer_type', sa.Enum('member', 'joint', 'collective', name='proposer_type', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('proposer_id', sa.Integer(), nullable=True),
    sa.Column('collective_name', sa.String(length=100), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('is_plenary', sa.Boolean(), nullable=False),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.Column('supervising_leader_id', sa.Integer(), nullable=True),
    sa.Column('may_publish', sa.Boolean(), nullable=False),
    sa.Column('no_publish_reason', sa.String(length=300), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'withdrawn', 'registered', 'not_registered', 'converted', 'merged', 'assigned', 'replied', 'rehandling', 'closed', name='proposal_state', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('decline_ground', sa.String(length=40), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('converted_unit_id', sa.Integer(), nullable=True),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('feedback_due_on', sa.Date(), nullable=True),
    sa.Column('is_replied_late', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.Column('registered_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.Column('closed_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.Column('updated_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(proposer_type = 'collective' AND collective_name <> '') OR (proposer_type <> 'collective' AND proposer_id IS NOT NULL)", name=op.f('ck_proposals_has_proposer')),
    sa.CheckConstraint("(state = 'converted') = (converted_unit_id IS NOT NULL)", name=op.f('ck_proposals_converted_has_unit')),
    sa.CheckConstraint("(state = 'merged') = (merged_into_id IS NOT NULL)", name=op.f('ck_proposals_merged_has_target')),
    sa.CheckConstraint("(state = 'not_registered') = (decline_ground IS NOT NULL)", name=op.f('ck_proposals_declined_has_ground')),
    sa.CheckConstraint("(state IN ('registered', 'assigned', 'replied', 'rehandling', 'closed') AND number IS NOT NULL AND number > 0) OR (state IN ('draft', 'submitted', 'withdrawn', 'not_registered', 'converted', 'merged') AND number IS NULL)", name=op.f('ck_proposals_number_iff_registered')),
    sa.CheckConstraint("may_publish OR no_publish_reason <> ''", name=op.f('ck_proposals_unpublished_has_reason')),
    sa.CheckConstraint('NOT is_key OR supervising_leader_id IS NOT NULL', name=op.f('ck_proposals_key_has_leader')),
    sa.CheckConstraint('round IN (1, 2)', name=op.f('ck_proposals_round_one_or_two')),
    sa.ForeignKeyConstraint(['converted_unit_id'], ['units.id'], name=op.f('fk_proposals_converted_unit_id_units')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposals_created_by_id_users')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['proposals.id'], name=op.f('fk_proposals_merged_into_id_proposals')),
    sa.ForeignKeyConstraint(['proposer_id'], ['users.id'], name=op.f('fk_proposals_proposer_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['plenary_sessions.id'], name=op.f('fk_proposals_session_id_plenary_sessions')),
    sa.ForeignKeyConstraint(['supervising_leader_id'], ['users.id'], name=op.f('fk_proposals_supervising_leader_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('session_id', 'number', name=op.f('uq_proposals_session_id_number'))
    )

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_converted_unit_id'), ['converted_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_is_key'), ['is_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_proposer_id'), ['proposer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_proposer_type'), ['proposer_type'], unique=False)
        batch_op.create_index('ix_proposals_session_state', ['session_id', 'state'], unique=False)
        batch_op.create_index('ix_proposals_state_due', ['state', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_supervising_leader_id'), ['supervising_leader_id'], unique=False)

    op.create_table('proposal_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'co', 'separate', name='assignment_role', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('dispute_until', sa.Date(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.Column('ended_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint('is_active OR ended_at IS NOT NULL', name=op.f('ck_proposal_assignments_ended_has_time')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_proposal_assignments_assigned_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_assignments_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_assignments_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_assignments'))
    )

    with op.batch_alter_table('proposal_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_assignments_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_assignments_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index('ix_proposal_assignments_unit_active', ['unit_id', 'is_active'], unique=False)

    op.create_table('proposal_consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('form', sa.Enum('in_person', 'phone', 'symposium', 'visit', 'written', name='consultation_form', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_consultations_created_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_consultations_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_consultations_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_consultations'))
    )

    with op.batch_alter_table('proposal_consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_consultations_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_cosigners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('invited', 'confirmed', 'declined', name='cosigner_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('invited_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.Column('responded_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint("(status = 'invited') = (responded_at IS NULL)", name=op.f('ck_proposal_cosigners_responded_iff_answered')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_cosigners_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_cosigners_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_cosigners')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_proposal_cosigners_proposal_id_user_id'))
    )

    with op.batch_alter_table('proposal_cosigners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_cosigners_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_cosigners_user_id'), ['user_id'], unique=False)

    op.create_table('proposal_feedbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('contact_made', sa.Enum('visited', 'phone', 'none', name='feedback_contact', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('attitude', sa.Enum('satisfied', 'understanding', 'dissatisfied', name='feedback_attitude', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('relevance', sa.Enum('relevant', 'partly', 'not_relevant', name='feedback_relevance', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('verdict', sa.Enum('satisfied', 'basically', 'dissatisfied', name='feedback_verdict', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_feedbacks_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_feedbacks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_feedbacks')),
    sa.UniqueConstraint('proposal_id', 'round', name=op.f('uq_proposal_feedbacks_proposal_id_round'))
    )

    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_feedbacks_verdict'), ['verdict'], unique=False)

    op.create_table('proposal_suggested_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_suggested_units_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_suggested_units_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_suggested_units')),
    sa.UniqueConstraint('proposal_id', 'unit_id', name=op.f('uq_proposal_suggested_units_proposal_id_unit_id'))
    )

    with op.batch_alter_table('proposal_suggested_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_suggested_units_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_supervision_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum('symposium', 'site_visit', 'research', 'visit', name='supervision_form', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_supervision_records_created_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_supervision_records_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_supervision_records'))
    )

    with op.batch_alter_table('proposal_supervision_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_supervision_records_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_co_opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['proposal_assignments.id'], name=op.f('fk_proposal_co_opinions_assignment_id_proposal_assignments')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_co_opinions_created_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_co_opinions_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_co_opinions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_co_opinions'))
    )

    with op.batch_alter_table('proposal_co_opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_co_opinions_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'granted', 'refused', name='dispute_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name=op.f('ck_proposal_disputes_decided_iff_not_pending')),
    sa.ForeignKeyConstraint(['assignment_id'], ['proposal_assignments.id'], name=op.f('fk_proposal_disputes_assignment_id_proposal_assignments')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_disputes_created_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_proposal_disputes_decided_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_disputes_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_disputes_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_disputes'))
    )

    with op.batch_alter_table('proposal_disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_disputes_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index('ix_proposal_disputes_status', ['status'], unique=False)

    op.create_table('proposal_extension_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('requested_until', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'granted', 'refused', name='extension_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('granted_until', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', deliberate.core.types.UTCDateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name=op.f('ck_proposal_extension_requests_decided_iff_not_pending')),
    sa.ForeignKeyConstraint(['assignment_id'], ['proposal_assignments.id'], name=op.f('fk_proposal_extension_requests_assignment_id_proposal_assignments')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_extension_requests_created_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_proposal_extension_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_extension_requests_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_extension_requests_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_extension_requests'))
    )

    with op.batch_alter_table('proposal_extension_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_extension_requests_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index('ix_proposal_extension_requests_status', ['status'], unique=False)

    op.create_table('proposal_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('doc_number', sa.String(length=64), nullable=False),
    sa.Column('result_class', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('signatory', sa.String(length=64), nullable=False),
    sa.Column('contact_person', sa.String(length=64), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('may_publish', sa.Boolean(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('is_late', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['proposal_assignments.id'], name=op.f('fk_proposal_replies_assignment_id_proposal_assignments')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_replies_created_by_id_users')),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_proposal_replies_file_id_stored_files')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_replies_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_proposal_replies_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_replies')),
    sa.UniqueConstraint('assignment_id', 'round', name=op.f('uq_proposal_replies_assignment_id_round'))
    )

    with op.batch_alter_table('proposal_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_replies_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_replies_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_replies_unit_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_replies_proposal_id'))

    op.drop_table('proposal_replies')

    with op.batch_alter_table('proposal_extension_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_extension_requests_status')
        batch_op.drop_index(batch_op.f('ix_proposal_extension_requests_proposal_id'))

    op.drop_table('proposal_extension_requests')

    with op.batch_alter_table('proposal_disputes', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_disputes_status')
        batch_op.drop_index(batch_op.f('ix_proposal_disputes_proposal_id'))

    op.drop_table('proposal_disputes')

    with op.batch_alter_table('proposal_co_opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_co_opinions_proposal_id'))

    op.drop_table('proposal_co_opinions')

    with op.batch_alter_table('proposal_supervision_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_supervision_records_proposal_id'))

    op.drop_table('proposal_supervision_records')

    with op.batch_alter_table('proposal_suggested_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_suggested_units_proposal_id'))

    op.drop_table('proposal_suggested_units')

    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_feedbacks_verdict'))

    op.drop_table('proposal_feedbacks')

    with op.batch_alter_table('proposal_cosigners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_cosigners_user_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_cosigners_proposal_id'))

    op.drop_table('proposal_cosigners')

    with op.batch_alter_table('proposal_consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_consultations_proposal_id'))

    op.drop_table('proposal_consultations')

    with op.batch_alter_table('proposal_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_assignments_unit_active')
        batch_op.drop_index(batch_op.f('ix_proposal_assignments_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_assignments_due_on'))

    op.drop_table('proposal_assignments')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_supervising_leader_id'))
        batch_op.drop_index('ix_proposals_state_due')
        batch_op.drop_index('ix_proposals_session_state')
        batch_op.drop_index(batch_op.f('ix_proposals_proposer_type'))
        batch_op.drop_index(batch_op.f('ix_proposals_proposer_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_is_key'))
        batch_op.drop_index(batch_op.f('ix_proposals_converted_unit_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_category'))

    op.drop_table('proposals')

    op.drop_table('proposal_counters')
