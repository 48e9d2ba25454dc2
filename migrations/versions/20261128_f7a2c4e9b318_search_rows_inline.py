"""search index rows inline (PostgreSQL): a row's tsvector stays in the row up to a page
(toast_tuple_target) instead of moving to TOAST past 2 kB, so a phrase query's recheck of
each match reads its positions from the row it has already read (core.search,
SearchDocument; issue 7: 4-character searches at 150,000 proposals 16–19 ms → 8–10 ms)

Revision ID: f7a2c4e9b318
Revises: e3b7a1c9d620
Create Date: 2026-11-28 00:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f7a2c4e9b318'
down_revision = 'e3b7a1c9d620'
branch_labels = None
depends_on = None

# core.search.TOAST_TUPLE_TARGET when this migration was written.
TOAST_TUPLE_TARGET = 8160


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f"ALTER TABLE search_documents SET (toast_tuple_target = {TOAST_TUPLE_TARGET})")
    # The setting applies to values written from now on: each tsvector is written again
    # (concatenating nothing makes a new value, which the row now keeps). The old row
    # versions are reclaimed by (auto)vacuum.
    op.execute("UPDATE search_documents SET tsv = tsv || ''::tsvector WHERE tsv IS NOT NULL")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("ALTER TABLE search_documents RESET (toast_tuple_target)")
