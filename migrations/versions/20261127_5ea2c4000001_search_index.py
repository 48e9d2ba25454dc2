"""search index: search_documents on both backends; FTS5 table on SQLite, tsvector + GIN on
PostgreSQL

Revision ID: 5ea2c4000001
Revises: 14dcdf40b0f8
Create Date: 2026-11-27 04:10:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import deliberate.core.types

revision = '5ea2c4000001'
down_revision = '14dcdf40b0f8'
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        'search_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('state', sa.String(length=30), nullable=False),
        sa.Column('category', sa.String(length=30), nullable=False),
        sa.Column('units', sa.String(length=500), nullable=False),
        sa.Column('tsv', postgresql.TSVECTOR() if postgres else sa.Text(), nullable=True),
        sa.Column('updated_at', deliberate.core.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
        sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_documents_kind_object_id')),
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_kind_session', ['kind', 'session_id'],
                              unique=False)
        batch_op.create_index('ix_search_documents_tsv', ['tsv'], unique=False,
                              postgresql_using='gin')
    if not postgres:
        # Segmented text (CJK bigrams and words) separated by spaces; unicode61 splits on
        # them. Rowid = search_documents.id.
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, tokenize='unicode61')")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_tsv', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_kind_session')
    op.drop_table('search_documents')
