"""proposals: an index of each session's proposal ids, so the statistics find a scope's
lowest and highest proposal id with one probe per session (reports.definitions.
within_scope_ids) instead of reading every id of the scope (issue 7: the statistics page
at 150,000 proposals on PostgreSQL)

Revision ID: d9a4c2b7e815
Revises: c5f18e3a7d42
Create Date: 2026-11-27 17:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd9a4c2b7e815'
down_revision = 'c5f18e3a7d42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_proposals_session_ids', 'proposals', ['session_id', 'id'])


def downgrade():
    op.drop_index('ix_proposals_session_ids', table_name='proposals')
