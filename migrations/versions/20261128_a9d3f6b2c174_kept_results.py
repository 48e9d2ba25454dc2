"""kept results: a result kept for every worker and server under the key it was computed
at (core/stamps.py keep/kept), first each session's statistics, so that a restarted or
added worker reads a term's figures instead of counting them (reports/summary.py; issue 7:
the statistics page at 150,000 proposals)

Revision ID: a9d3f6b2c174
Revises: f7a2c4e9b318
Create Date: 2026-11-28 01:00:00

"""
from alembic import op
import sqlalchemy as sa

from deliberate.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'a9d3f6b2c174'
down_revision = 'f7a2c4e9b318'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'kept_results',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('key', sa.String(length=500), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_kept_results')),
    )


def downgrade():
    op.drop_table('kept_results')
