"""consultation results follow-up: adoption, leaders' instructions, follow-up entries

Revision ID: c0a51e7a7106
Revises: c0a51e7a7105
Create Date: 2026-11-27 04:10:00

"""
from alembic import op
import sqlalchemy as sa

import deliberate.core.types


# revision identifiers, used by Alembic.
revision = 'c0a51e7a7106'
down_revision = 'c0a51e7a7105'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('entry_on', sa.Date(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('closes', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consultation_follow_ups_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['result_id'], ['consultation_results.id'], name=op.f('fk_consultation_follow_ups_result_id_consultation_results')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_follow_ups'))
    )
    with op.batch_alter_table('consultation_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_follow_ups_result_id'), ['result_id'], unique=False)

    op.create_table('consultation_instructions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('leader', sa.String(length=100), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', deliberate.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consultation_instructions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['result_id'], ['consultation_results.id'], name=op.f('fk_consultation_instructions_result_id_consultation_results')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_instructions'))
    )
    with op.batch_alter_table('consultation_instructions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_instructions_result_id'), ['result_id'], unique=False)

    with op.batch_alter_table('consultation_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adoption', sa.Enum('pending', 'adopted', 'partly', 'not_adopted', name='adoption', native_enum=False, create_constraint=True, length=30), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('adoption_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('follow_up_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', deliberate.core.types.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_consultation_results_closed_at'), ['closed_at'], unique=False)
        batch_op.create_check_constraint('closed_after_adoption', "closed_at IS NULL OR adoption <> 'pending'")

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('consultation_results', schema=None) as batch_op:
        batch_op.drop_constraint('closed_after_adoption', type_='check')
        batch_op.drop_constraint('adoption', type_='check')
        batch_op.drop_index(batch_op.f('ix_consultation_results_closed_at'))
        batch_op.drop_column('closed_at')
        batch_op.drop_column('follow_up_due')
        batch_op.drop_column('adoption_note')
        batch_op.drop_column('adoption')
    op.drop_table('consultation_instructions')
    op.drop_table('consultation_follow_ups')
