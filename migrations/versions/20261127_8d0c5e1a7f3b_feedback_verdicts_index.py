"""feedback verdicts index: the statistics page reads each proposal's verdicts from an
index alone (issue 7: "all sessions" at 150,000 proposals)

Revision ID: 8d0c5e1a7f3b
Revises: 2f36a55f8b04
Create Date: 2026-11-27 11:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8d0c5e1a7f3b'
down_revision = '2f36a55f8b04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_feedbacks_verdicts',
                              ['proposal_id', 'round', 'verdict'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_feedbacks_verdicts')
