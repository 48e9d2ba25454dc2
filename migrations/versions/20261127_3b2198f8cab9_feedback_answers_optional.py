"""proposals: the richer feedback answers (contact made, attitude, relevance) are optional
beside the verdict (API clients may send the verdict and comment alone)

Revision ID: 3b2198f8cab9
Revises: c0a51e7a7108
Create Date: 2026-11-27 07:04:40.269012

"""
import sqlalchemy as sa
from alembic import op

revision = '3b2198f8cab9'
down_revision = 'c0a51e7a7108'
branch_labels = None
depends_on = None

COLUMNS = ('contact_made', 'attitude', 'relevance')


def _alter(nullable: bool) -> None:
    with op.batch_alter_table('proposal_feedbacks', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.alter_column(name, existing_type=sa.VARCHAR(length=30),
                                  nullable=nullable)


def upgrade():
    _alter(True)


def downgrade():
    _alter(False)
