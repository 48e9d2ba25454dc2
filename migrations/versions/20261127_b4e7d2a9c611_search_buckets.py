"""search index buckets (PostgreSQL): every tsvector also names the buckets of ids its row
lies in ("#10:<id >> 10>", "#13:…", "#16:…"), so the GIN index alone picks out the newest
matches (core.search._read_windows); and the GIN index keeps a short pending list (each
search reads all of it)

Revision ID: b4e7d2a9c611
Revises: 8d0c5e1a7f3b
Create Date: 2026-11-27 14:40:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b4e7d2a9c611'
down_revision = '8d0c5e1a7f3b'
branch_labels = None
depends_on = None

# core.search.BUCKET_BITS when this migration was written: the lexemes written here must be
# the ones the code looks for, and a later change of sizes would rewrite them again.
BUCKET_BITS = (10, 13, 16)
# kB. New GIN entries wait in a pending list that every search reads through; the default
# 4 MB list held ~290 pages after a bulk load (1.3 ms a search). 128 kB keeps it to 16.
PENDING_LIST_KB = 128


def _lexemes() -> str:
    return "ARRAY[" + ", ".join(f"'#{bits}:' || (id >> {bits})" for bits in BUCKET_BITS) + "]"


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f"ALTER INDEX ix_search_documents_tsv SET (gin_pending_list_limit = "
               f"{PENDING_LIST_KB})")
    op.execute(f"UPDATE search_documents SET tsv = coalesce(tsv, ''::tsvector) || "
               f"array_to_tsvector({_lexemes()})")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f"UPDATE search_documents SET tsv = ts_delete(tsv, {_lexemes()})")
    op.execute("ALTER INDEX ix_search_documents_tsv RESET (gin_pending_list_limit)")
