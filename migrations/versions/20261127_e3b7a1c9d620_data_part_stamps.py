"""data part stamps: a random stamp per part of the data (a session's proposals), moved by
every transaction that writes it, so the statistics keep each session's figures until
that session changes (core/stamps.py, reports/summary.py; issue 7: the statistics page at
150,000 proposals)

Revision ID: e3b7a1c9d620
Revises: d9a4c2b7e815
Create Date: 2026-11-27 21:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3b7a1c9d620'
down_revision = 'd9a4c2b7e815'
branch_labels = None
depends_on = None


def upgrade():
    # No row is inserted: the first write of a part creates its row, so a new database
    # stays empty (restore only goes into an empty database).
    op.create_table(
        'data_part_stamps',
        sa.Column('part', sa.String(length=64), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('part', name=op.f('pk_data_part_stamps')),
    )


def downgrade():
    op.drop_table('data_part_stamps')
