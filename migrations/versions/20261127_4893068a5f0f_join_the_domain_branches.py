"""join the domain branches

Revision ID: 4893068a5f0f
Revises: 5ea2c4000001, 83c4310ba332, ad88a185c8c5, c0a51e7a7107, f0de32e4a85c
Create Date: 2026-11-27 05:04:27.226941

"""
from alembic import op
import sqlalchemy as sa

import deliberate.core.types


# revision identifiers, used by Alembic.
revision = '4893068a5f0f'
down_revision = ('5ea2c4000001', '83c4310ba332', 'ad88a185c8c5', 'c0a51e7a7107', 'f0de32e4a85c')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
