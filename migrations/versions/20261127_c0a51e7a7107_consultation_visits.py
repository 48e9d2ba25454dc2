"""consultation research visits: visits, their group and the sites visited

Revision ID: c0a51e7a7107
Revises: c0a51e7a7106
Create Date: 2026-11-27 04:15:00

"""
from alembic import op
import sqlalchemy as sa

import deliberate.core.types


# revision identifiers, used by Alembic.
revision = 'c0a51e7a7107'
down_revision = 'c0a51e7a7106'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('research', 'inspection', name='visit_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('planned', 'completed', 'cancelled', name='visit_state', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_consultation_visits_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultation_visits_created_by_id_users')),
    sa.ForeignKeyConstraint(['leader_id'], ['users.id'], name=op.f('fk_consultation_visits_leader_id_users')),
    sa.ForeignKeyConstraint(['topic_id'], ['consultation_topics.id'], name=op.f('fk_consultation_visits_topic_id_consultation_topics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_visits'))
    )
    with op.batch_alter_table('consultation_visits', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_visits_starts', ['starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_visits_topic_id'), ['topic_id'], unique=False)

    op.create_table('consultation_visit_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('member', 'staff', 'expert', name='participant_role', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('requested', 'invited', 'confirmed', 'excused', name='participant_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("status <> 'excused' OR reason <> ''", name=op.f('ck_consultation_visit_participants_excuse_has_reason')),
    sa.CheckConstraint("user_id IS NOT NULL OR name <> ''", name=op.f('ck_consultation_visit_participants_participant_named')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_visit_participants_user_id_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['consultation_visits.id'], name=op.f('fk_consultation_visit_participants_visit_id_consultation_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_visit_participants')),
    sa.UniqueConstraint('visit_id', 'user_id', name=op.f('uq_consultation_visit_participants_visit_id_user_id'))
    )
    with op.batch_alter_table('consultation_visit_participants', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_visit_participants_user', ['user_id'], unique=False)

    op.create_table('consultation_visit_sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('met', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['consultation_visits.id'], name=op.f('fk_consultation_visit_sites_visit_id_consultation_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_visit_sites'))
    )
    with op.batch_alter_table('consultation_visit_sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_visit_sites_visit_id'), ['visit_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # Indexes go with their tables.
    op.drop_table('consultation_visit_sites')
    op.drop_table('consultation_visit_participants')
    op.drop_table('consultation_visits')
