"""minutes: 期号 (issue number within the series), given at first issue

Revision ID: c0a51e7a7108
Revises: 7e1c2a0b9d11
Create Date: 2026-11-27 07:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0a51e7a7108'
down_revision = '7e1c2a0b9d11'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation_minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issue_number', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('consultation_minutes', schema=None) as batch_op:
        batch_op.drop_column('issue_number')
