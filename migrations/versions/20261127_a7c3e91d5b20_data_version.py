"""data version: one counter row moved by every transaction that writes, so rendered
pages can be kept until the data under them changes (core/pagecache.py)

Revision ID: a7c3e91d5b20
Revises: 2f36a55f8b04
Create Date: 2026-11-27 11:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91d5b20'
down_revision = '2f36a55f8b04'
branch_labels = None
depends_on = None


def upgrade():
    # No row is inserted: the first write creates it, so a new database stays empty
    # (restore only goes into an empty database).
    op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )


def downgrade():
    op.drop_table('data_version')
