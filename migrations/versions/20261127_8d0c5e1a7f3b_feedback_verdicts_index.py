"""statistics indexes, continued: each proposal's verdicts read from an index alone, and
on PostgreSQL the proposals' figures index carries their ids (index-only scans) (issue 7:
"all sessions" at 150,000 proposals)

Revision ID: 8d0c5e1a7f3b
Revises: a7c3e91d5b20
Create Date: 2026-11-27 11:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8d0c5e1a7f3b'
down_revision = 'a7c3e91d5b20'
branch_labels = None
depends_on = None

FIGURES = ['session_id', 'state', 'round', 'is_replied_late', 'due_on', 'category',
           'proposer_type', 'proposer_id']


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_feedbacks_verdicts',
                              ['proposal_id', 'round', 'verdict'], unique=False)
    if _postgresql():
        # SQLite's indexes hold the rowid already.
        op.drop_index('ix_proposals_figures', table_name='proposals')
        op.create_index('ix_proposals_figures', 'proposals', FIGURES,
                        postgresql_include=['id'])


def downgrade():
    if _postgresql():
        op.drop_index('ix_proposals_figures', table_name='proposals')
        op.create_index('ix_proposals_figures', 'proposals', FIGURES)
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_feedbacks_verdicts')
