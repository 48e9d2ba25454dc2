"""statistics covering indexes: the statistics page reads proposals, replies and
assignments from indexes alone (issue 7: the page at 150,000 proposals)

Revision ID: 2f36a55f8b04
Revises: 3b2198f8cab9
Create Date: 2026-11-27 08:34:51.792360

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2f36a55f8b04'
down_revision = '3b2198f8cab9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_assignments_rows', ['proposal_id', 'is_active', 'unit_id', 'role', 'due_on'], unique=False)

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_figures', ['session_id', 'state', 'round', 'is_replied_late', 'due_on', 'category', 'proposer_type', 'proposer_id'], unique=False)

    with op.batch_alter_table('proposal_replies', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_replies_assignment_late', ['assignment_id', 'round', 'is_late'], unique=False)
        batch_op.create_index('ix_proposal_replies_counted', ['proposal_id', 'unit_id', 'round', 'result_class'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_replies', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_replies_counted')
        batch_op.drop_index('ix_proposal_replies_assignment_late')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_figures')

    with op.batch_alter_table('proposal_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_assignments_rows')
