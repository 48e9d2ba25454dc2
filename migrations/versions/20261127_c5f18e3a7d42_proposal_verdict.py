"""proposals: the proposer's latest verdict kept on the proposal, filled in from the
feedback, and counted from the statistics index ix_proposals_figures (issue 7: the
statistics joined every feedback for it); the feedback verdicts index that join read goes

Revision ID: c5f18e3a7d42
Revises: b4e7d2a9c611
Create Date: 2026-11-27 14:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5f18e3a7d42'
down_revision = 'b4e7d2a9c611'
branch_labels = None
depends_on = None

FIGURES = ['session_id', 'state', 'round', 'is_replied_late', 'due_on', 'category',
           'proposer_type', 'proposer_id']

# Written out rather than through batch_alter_table: SQLite would copy the whole table to
# add (or drop) a column with a table CHECK, which its foreign keys refuse once proposals
# are referenced; a column CHECK is added and dropped in place on both databases.
ADD_COLUMN = """
ALTER TABLE proposals ADD COLUMN verdict VARCHAR(30)
    CONSTRAINT ck_proposals_proposal_verdict
    CHECK (verdict IN ('satisfied', 'basically', 'dissatisfied'))
"""

# The verdict of each proposal's highest round; proposals without feedback keep NULL.
BACKFILL = """
UPDATE proposals SET verdict = (
    SELECT f.verdict FROM proposal_feedbacks f
    WHERE f.proposal_id = proposals.id ORDER BY f.round DESC LIMIT 1)
WHERE id IN (SELECT proposal_id FROM proposal_feedbacks)
"""


def upgrade():
    # The index is rebuilt with the column anyway: dropping it first spares the backfill
    # its upkeep.
    op.drop_index('ix_proposals_figures', table_name='proposals')
    op.execute(ADD_COLUMN)
    op.execute(BACKFILL)
    op.create_index('ix_proposals_figures', 'proposals', [*FIGURES, 'verdict'],
                    postgresql_include=['id'])
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_feedbacks_verdicts')


def downgrade():
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_feedbacks_verdicts',
                              ['proposal_id', 'round', 'verdict'], unique=False)
    op.drop_index('ix_proposals_figures', table_name='proposals')
    op.execute('ALTER TABLE proposals DROP COLUMN verdict')
    op.create_index('ix_proposals_figures', 'proposals', FIGURES, postgresql_include=['id'])
