"""proposals: the 优秀 (excellent) mark chosen at year end; when the current round of
handling began (re-handling restarts the extension cap)

Revision ID: 7e1c2a0b9d11
Revises: 4893068a5f0f
Create Date: 2026-11-27 05:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '7e1c2a0b9d11'
down_revision = '4893068a5f0f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_excellent', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index(batch_op.f('ix_proposals_is_excellent'), ['is_excellent'],
                              unique=False)
        batch_op.add_column(sa.Column('handling_started_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('handling_started_on')
        batch_op.drop_index(batch_op.f('ix_proposals_is_excellent'))
        batch_op.drop_column('is_excellent')
