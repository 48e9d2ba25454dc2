"""Chinese full-text search over every domain, one index for all.

Chinese has no spaces, so text is indexed as overlapping CJK bigrams (教育养老 → 教育 育养
养老) plus lowercased Latin words and numbers, and a query is segmented the same way and
matched as a phrase of consecutive bigrams: every two-character word is found, and the hit
counts equal a LIKE scan's for whole words (MEASUREMENTS.md; jieba segmentation lost
recall). SQLite keeps the segmented text in an FTS5 table (``search_fts``, created by the
migration); PostgreSQL in a ``tsvector`` column with a GIN index. A one-character term
falls back to a LIKE over the stored text.

Domains register their searchable models with :func:`register_kind`; the index rows are
written in the same transaction as the record (before commit), and every query is
filtered by the kind's own visibility rule, so nothing a user may not see is found or
counted. ``flask --app deliberate reindex`` rebuilds everything.

Two ways to run a query, with the same result. A user who may see most records (the
secretariat) reads the index's matches newest first and checks each one's visibility until
a page is full. A user who sees few (a unit's staff, a member) would check visibility on
nearly every match of a common word, so the query starts from the records the user may be
shown, which each kind lists through its own indexes (``Kind.candidate_ids``), and checks
the match and the visibility rule on those only.
"""

from __future__ import annotations

import html
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Index,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    cast,
    column,
    delete,
    event,
    false,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY, TSVECTOR
from sqlalchemy.orm import Mapped, Session, mapped_column

from deliberate.core.pagination import Page, page_within
from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
COUNT_CAP = 1000
RANK_POOL = 200
SNIPPET_CHARS = 120
# PostgreSQL: every index row's tsvector also names the buckets of ids it lies in, 2**10,
# 2**13 and 2**16 ids wide (lexemes "#10:<id >> 10>", …), so that the GIN index alone finds
# the matches among the newest rows, a window of ids being a few buckets (_read_windows).
BUCKET_BITS = (10, 13, 16)
BUCKET_IDS = 1 << BUCKET_BITS[0]
TOAST_TUPLE_TARGET = 8160  # bytes: PostgreSQL's largest, a page less its header
WINDOWS = 5  # the last window reads all that is left

_CJK = (r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        r"\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f")
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_CJK_RE = re.compile(rf"[{_CJK}]")


class SearchDocument(db.Model):
    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_documents_kind_session", "kind", "session_id"),
        # A short pending list: every search reads all of it (migration b4e7d2a9c611).
        Index("ix_search_documents_tsv", "tsv", postgresql_using="gin",
              postgresql_with={"gin_pending_list_limit": 128}),
        # PostgreSQL moves a row's tsvector to TOAST once the row passes 2 kB (a proposal's
        # is about 2.7 kB: pglz cannot shrink its positions), and a phrase query rechecks
        # each match's positions: two TOAST chunks and an index probe a row, 8,100 buffers
        # for the 917 rows of a 4-character word's first window at 150,000 proposals. Kept
        # in the row up to a page, a 4-character search took 8–10 ms instead of 16–19
        # (migration f7a2c4e9b318).
        {"postgresql_with": {"toast_tuple_target": TOAST_TUPLE_TARGET}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Facets the search page filters on; units as " 3 12 " so one LIKE finds a unit.
    session_id: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(30), default="")
    category: Mapped[str] = mapped_column(String(30), default="")
    units: Mapped[str] = mapped_column(String(500), default="")
    # PostgreSQL's index; on SQLite the FTS5 table search_fts holds it instead.
    tsv: Mapped[str | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)


# -- segmentation ---------------------------------------------------------------------

def _normalize(value: str) -> str:
    value = value or ""
    # The quick check first: most text is already NFKC, and normalizing it anyway was a
    # tenth of a search's time (forty highlighted fields a page).
    if not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return value.lower()


def tokens(value: str) -> list[str]:
    """Index tokens: CJK bigrams (a lone character stays itself) and Latin words."""
    out: list[str] = []
    for run in _TOKEN_RE.findall(_normalize(value)):
        if _CJK_RE.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def segment(value: str) -> str:
    return " ".join(tokens(value))


@dataclass(frozen=True)
class Term:
    """One whitespace-separated piece of a query."""

    raw: str
    phrase: tuple[str, ...]  # bigram/word tokens matched consecutively

    @property
    def is_short(self) -> bool:
        """A single CJK character: no bigram to look up, so a LIKE scan finds it."""
        return len(self.phrase) == 1 and len(self.phrase[0]) == 1 and bool(
            _CJK_RE.match(self.phrase[0]))


def parse_query(q: str) -> list[Term]:
    """Split a user query into terms; syntax characters (" * - NEAR ' % _) are just text."""
    q = _normalize(q)[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    for piece in q.split():
        runs = _TOKEN_RE.findall(piece)
        if not runs:
            continue
        # Each run becomes its own term so "养老-服务" means both words.
        for run in runs:
            terms.append(Term(run, tuple(tokens(run))))
        if len(terms) >= MAX_TERMS:
            break
    return terms[:MAX_TERMS]


# -- registry ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Doc:
    title: str
    body: str
    session_id: int | None = None
    state: str = ""
    category: str = ""
    units: Iterable[int] = ()


@dataclass
class Kind:
    name: str
    label: Any
    model: type
    document: Callable[[Any], Doc | None]
    visible_ids: Callable[[Any], Select | None]
    url: Callable[[int], str]
    # Changes to these models re-index the owning record (e.g. a reply re-indexes nothing
    # itself but belongs to its own kind; a co-signer change touches no text).
    owner_of: dict[type, Callable[[Any], int | None]] = field(default_factory=dict)
    order: int = 100
    # A superset of visible_ids(user) that indexes list cheaply, for a user who sees few of
    # these records, or None (not given, or returned) when the user may see too many to list.
    # Search starts from it and still applies visible_ids, so a superset is enough.
    candidate_ids: Callable[[Any], Select | CompoundSelect | None] | None = None
    # For a user who sees nearly all of these records: a condition on the index row alone
    # (its state is the record's) under which the user may see the record, or None. Search
    # then looks up visible_ids only for the rows it leaves out (others' drafts).
    plainly_visible: Callable[[Any], ColumnElement[bool] | None] | None = None


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.order)


def get_kind(name: str) -> Kind | None:
    return _KINDS.get(name)


# -- writing the index ------------------------------------------------------------------

def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _units_text(units: Iterable[int]) -> str:
    ids = sorted({int(u) for u in units})
    return f" {' '.join(map(str, ids))} " if ids else ""


def upsert(kind: str, object_id: int, doc: Doc | None) -> None:
    """Write (or remove, when ``doc`` is None) one record's index entry, in the current
    transaction."""
    conn = db.session.connection()
    existing = conn.execute(select(SearchDocument.id).where(
        SearchDocument.kind == kind, SearchDocument.object_id == object_id)).scalar()
    if doc is None:
        if existing is not None:
            _fts_delete(conn, existing)
            conn.execute(delete(SearchDocument).where(SearchDocument.id == existing))
        return
    values = {
        "title": doc.title or "", "body": doc.body or "", "session_id": doc.session_id,
        "state": doc.state or "", "category": doc.category or "",
        "units": _units_text(doc.units), "updated_at": utcnow(),
    }
    segmented = f"{segment(doc.title)} {segment(doc.body)}".strip()
    postgres = conn.dialect.name == "postgresql"
    if postgres and existing is None:
        # The bucket lexeme needs the row's id before the row is written.
        existing = conn.execute(select(func.nextval(func.pg_get_serial_sequence(
            "search_documents", "id")))).scalar()
        conn.execute(insert(SearchDocument).values(
            id=existing, kind=kind, object_id=object_id,
            tsv=_tsvector(segmented, bucket_lexemes(existing)), **values))
        return
    if postgres:
        values["tsv"] = _tsvector(segmented, bucket_lexemes(existing))
    if existing is None:
        existing = conn.execute(insert(SearchDocument).values(
            kind=kind, object_id=object_id, **values).returning(SearchDocument.id)).scalar()
    else:
        conn.execute(update(SearchDocument).where(SearchDocument.id == existing)
                     .values(**values))
        _fts_delete(conn, existing)
    if not postgres:
        conn.execute(text("INSERT INTO search_fts(rowid, terms) VALUES (:id, :c)"),
                     {"id": existing, "c": segmented})


def bulk_index(entries: Iterable[tuple[str, int, Doc]]) -> int:
    """Add many new records' entries at once (executemany), in the current transaction:
    for bulk loads (``seed-scale``) where upsert's three statements a record are too slow.
    The records must not be indexed yet. Returns the number of entries written."""
    conn = db.session.connection()
    postgres = conn.dialect.name == "postgresql"
    next_id = (conn.execute(select(func.max(SearchDocument.id))).scalar() or 0) + 1
    now = utcnow()
    rows, fts = [], []
    for kind, object_id, doc in entries:
        segmented = f"{segment(doc.title)} {segment(doc.body)}".strip()
        rows.append({
            "id": next_id, "kind": kind, "object_id": object_id, "title": doc.title or "",
            "body": doc.body or "", "session_id": doc.session_id, "state": doc.state or "",
            "category": doc.category or "", "units": _units_text(doc.units),
            "updated_at": now, "segmented": segmented, "buckets": bucket_lexemes(next_id),
        })
        fts.append({"id": next_id, "c": segmented})
        next_id += 1
    if not rows:
        return 0
    table = SearchDocument.__table__
    if postgres:
        stmt = insert(table).values(tsv=_tsvector(bindparam("segmented"),
                                                  bindparam("buckets")))
        conn.execute(stmt, rows)
        # Explicit ids leave the sequence behind: move it past them.
        conn.execute(text("SELECT setval(pg_get_serial_sequence('search_documents', 'id'), "
                          "(SELECT max(id) FROM search_documents))"))
    else:
        for row in rows:
            del row["segmented"], row["buckets"]
        conn.execute(insert(table), rows)
        conn.execute(text("INSERT INTO search_fts(rowid, terms) VALUES (:id, :c)"), fts)
    return len(rows)


def _fts_delete(conn: Any, doc_id: int) -> None:  # noqa: ANN401
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": doc_id})


def bucket_lexemes(doc_id: int) -> list[str]:
    """The lexemes naming the buckets ``doc_id`` lies in. "#" never occurs in a segmented
    text or a parsed query, so no search term can match them."""
    return [f"#{bits}:{doc_id >> bits}" for bits in BUCKET_BITS]


def _tsvector(segmented: Any, buckets: Any) -> ColumnElement[Any]:  # noqa: ANN401
    # array_to_tsvector keeps the lexemes as given: to_tsvector's parser would drop the "#".
    return func.to_tsvector(literal_column("'simple'"), segmented).op(
        "||", return_type=TSVECTOR)(func.array_to_tsvector(cast(buckets, ARRAY(Text))))


def _pending(session: Session) -> dict[tuple[str, int], bool]:
    return session.info.setdefault("search_pending", {})


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx: Any) -> None:  # noqa: ANN401
    if not _KINDS:
        return
    pending = _pending(session)
    for obj in list(session.new) + list(session.dirty):
        for kind in _KINDS.values():
            if isinstance(obj, kind.model):
                pending[(kind.name, obj.id)] = True
            for model, owner in kind.owner_of.items():
                if isinstance(obj, model):
                    owner_id = owner(obj)
                    if owner_id is not None:
                        pending[(kind.name, owner_id)] = True
    for obj in session.deleted:
        for kind in _KINDS.values():
            if isinstance(obj, kind.model):
                pending[(kind.name, obj.id)] = False


@event.listens_for(Session, "before_commit")
def _apply(session: Session) -> None:
    # The index is written inside the record's own transaction: both commit or neither.
    # before_commit runs ahead of commit's own flush, so flush first to see the changes.
    if not _KINDS:
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    if not session.info.get("search_pending"):
        return
    pending = session.info.pop("search_pending", {})
    with session.no_autoflush:
        for (kind_name, object_id), alive in pending.items():
            kind = _KINDS.get(kind_name)
            if kind is None:
                continue
            obj = session.get(kind.model, object_id) if alive else None
            upsert(kind_name, object_id, kind.document(obj) if obj is not None else None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("search_pending", None)


def reindex(progress: Callable[[int], None] | None = None, batch: int = 500) -> int:
    """Rebuild the whole index from the records; returns the number of documents."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM search_fts"))
    conn.execute(delete(SearchDocument))
    count = 0
    for kind in kinds():
        for obj in _iter_all(kind.model, batch):
            doc = kind.document(obj)
            if doc is not None:
                upsert(kind.name, obj.id, doc)
                count += 1
            if progress:
                progress(1)
        db.session.expunge_all()
    return count


def _iter_all(model: type, batch: int) -> Iterator[Any]:  # noqa: ANN401
    last = 0
    while True:
        rows = list(db.session.scalars(select(model).where(model.id > last)
                                       .order_by(model.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def total_records() -> int:
    return sum(db.session.scalar(select(func.count()).select_from(k.model)) or 0
               for k in kinds())


# -- querying ---------------------------------------------------------------------------

@dataclass
class Hit:
    kind: Kind
    object_id: int
    title: str
    title_html: Markup
    snippet: Markup
    state: str
    url: str


@dataclass
class Results(Page):
    """A page of hits (core.pagination.Page, so the pagination macro renders it)."""

    capped: bool = False
    terms: list[Term] = field(default_factory=list)


@dataclass
class Filters:
    kind: str = ""
    session_id: int | None = None
    state: str = ""
    category: str = ""
    unit_id: int | None = None


def _fts_match(terms: list[Term]) -> str:
    # FTS5: each term a quoted phrase ("a" "b" inside quotes are adjacent tokens); quotes
    # inside a token cannot occur (tokens are letters and digits only).
    return " AND ".join('"' + " ".join(t.phrase) + '"' for t in terms if not t.is_short)


def _match_clause(terms: list[Term], dialect: str,
                  prepared: bool = False) -> ColumnElement[bool] | None:
    """The index condition on search_documents (None when every term is one character)."""
    long_terms = [t for t in terms if not t.is_short]
    if not long_terms:
        return None
    if dialect == "postgresql":
        # The words are written into the statement (literal_execute), not sent as
        # parameters: psycopg prepares a statement run five times on a connection, and
        # PostgreSQL then plans it once for any word (a generic plan), blind to how common
        # the word is: 120 ms for 养老 and over a second for 建议 where each word's own plan
        # takes 25 ms. A phrase is CJK characters, Latin letters and digits only.
        clauses = [SearchDocument.tsv.op("@@")(func.phraseto_tsquery(
            literal_column("'simple'"),
            bindparam(None, " ".join(t.phrase), type_=String, literal_execute=not prepared)))
            for t in long_terms]
        return and_(*clauses)
    ids = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m").bindparams(
        m=_fts_match(terms))
    return SearchDocument.id.in_(ids.columns(literal_column("rowid")))


def _like_clause(terms: list[Term]) -> ColumnElement[bool] | None:
    short = [t for t in terms if t.is_short]
    if not short:
        return None
    return and_(*[
        or_(SearchDocument.title.contains(t.raw, autoescape=True),
            SearchDocument.body.contains(t.raw, autoescape=True))
        for t in short
    ])


def _visible_ids(user: Any, kind_names: list[str]) -> dict[str, Select]:  # noqa: ANN401
    """Each kind's visible_ids(user), for the kinds of which the user may see anything."""
    out = {}
    for name in kind_names:
        kind = _KINDS.get(name)
        visible = kind.visible_ids(user) if kind else None
        if visible is not None:
            out[name] = visible
    return out


def visibility_clause(user: Any, kind_names: list[str],  # noqa: ANN401
                      visible: dict[str, Select] | None = None) -> ColumnElement[bool]:
    """What ``user`` may see, as a condition on each search_documents row: a correlated
    EXISTS per kind, so its cost follows the rows matched, not the size of the tables (an
    IN list of every visible id costs a scan of them all), skipped for the rows whose own
    columns show them visible (Kind.plainly_visible). ``visible``: _visible_ids' answer
    when the caller has it (building the rules costs milliseconds)."""
    if visible is None:
        visible = _visible_ids(user, kind_names)
    parts = []
    postgres = _dialect() == "postgresql"
    for name, ids in visible.items():
        kind = _KINDS[name]
        plain = kind.plainly_visible(user) if kind.plainly_visible else None
        id_column = ids.selected_columns[0]
        ids = ids.where(id_column == SearchDocument.object_id)
        if postgres:
            # OFFSET 0 keeps PostgreSQL from turning the EXISTS into a "hashed SubPlan",
            # which builds the set of every visible record (a scan of all proposals and
            # replies for the secretariat) before the first match is read.
            ids = ids.offset(0)
        # The row's own state first: the record is looked up only when it does not do
        # (a lookup per match was two thirds of a common word's search).
        parts.append(and_(SearchDocument.kind == name,
                          ids.exists() if plain is None else or_(plain, ids.exists())))
    return or_(*parts) if parts else false()


def candidate_documents(user: Any, kind_names: list[str],  # noqa: ANN401
                        visible: dict[str, Select] | None = None) -> CompoundSelect | None:
    """The ids of the index rows of every record ``user`` may be shown (a superset: the
    visibility rule still applies), when every kind can list them (Kind.candidate_ids);
    None when one cannot (the user sees too many) or nothing is visible at all."""
    if visible is None:
        visible = _visible_ids(user, kind_names)
    parts = []
    # Kinds of which nothing is visible are left out, as visibility_clause leaves them.
    for name in visible:
        kind = _KINDS[name]
        ids = kind.candidate_ids(user) if kind.candidate_ids else None
        if ids is None:
            return None
        parts.append(select(SearchDocument.id).where(SearchDocument.kind == name,
                                                     SearchDocument.object_id.in_(ids)))
    return union_all(*parts) if parts else None


# Each user's visibility clause and starting set, built once per process: building them
# is a third of a search's own time (the statements' text and parameters come out the
# same each time). Kinds' rules read only the user's attributes in _user_key.
RULES_KEPT = 256
_RULES: OrderedDict[tuple, tuple[ColumnElement[bool], CompoundSelect | None] | None] = \
    OrderedDict()
_RULES_LOCK = threading.Lock()


def _user_key(user: Any) -> tuple:  # noqa: ANN401
    return (getattr(user, "id", None), str(getattr(user, "role", "")),
            getattr(user, "unit_id", None), bool(getattr(user, "is_active", False)),
            bool(getattr(user, "is_authenticated", False)))


def _rules(user: Any, names: list[str]) \
        -> tuple[ColumnElement[bool], CompoundSelect | None] | None:  # noqa: ANN401
    """``user``'s visibility clause and candidate documents for the kinds ``names``; None
    when nothing of them is visible."""
    key = (_user_key(user), tuple(names), _dialect())
    with _RULES_LOCK:
        if key in _RULES:
            _RULES.move_to_end(key)
            return _RULES[key]
    visible = _visible_ids(user, names)
    rules = (visibility_clause(user, names, visible),
             candidate_documents(user, names, visible)) if visible else None
    with _RULES_LOCK:
        _RULES[key] = rules
        while len(_RULES) > RULES_KEPT:
            _RULES.popitem(last=False)
    return rules


def _matches(terms: list[Term], dialect: str, conditions: list[Any],
             candidates: CompoundSelect | None = None, prepared: bool = False) -> Select:
    """The ids of the visible matches, newest first. Without ``candidates`` they are read in
    that order from the index, so that a LIMIT stops early however common the word; with
    them, only the candidates are looked at."""
    long_terms = [t for t in terms if not t.is_short]
    like = _like_clause(terms)
    if like is not None:
        conditions = [*conditions, like]
    if long_terms and dialect != "postgresql":
        fts = table("search_fts", column("rowid"))
        if candidates is not None:
            # "+ 0" keeps FTS5 reading its matches in rowid order, each checked against
            # the candidates (an in-memory index built once): a bare "rowid IN" makes SQLite
            # look each candidate up in FTS5 instead, about 20 µs each for a common word.
            conditions = [(fts.c.rowid + 0).in_(candidates), *conditions]
        return (select(SearchDocument.id)
                .select_from(fts.join(SearchDocument, SearchDocument.id == fts.c.rowid))
                .where(text("search_fts MATCH :m").bindparams(m=_fts_match(terms)),
                       *conditions)
                .order_by(fts.c.rowid.desc()))
    if candidates is not None:
        conditions = [SearchDocument.id.in_(candidates), *conditions]
    match = _match_clause(terms, dialect, prepared)
    if match is not None:
        conditions = [*conditions, match]
    return select(SearchDocument.id).where(*conditions).order_by(SearchDocument.id.desc())


def matching_ids(kind: str, q: str) -> Select:
    """The ids of ``kind``'s records whose indexed text matches ``q`` (the same matching as
    :func:`search`), as a subquery for a caller that applies its own visibility and
    filters, such as the API's lists. A query without searchable terms matches nothing."""
    terms = parse_query(q)
    conditions: list[ColumnElement[bool]] = [SearchDocument.kind == kind]
    if not terms:
        conditions.append(false())
    for clause in (_match_clause(terms, _dialect()), _like_clause(terms)):
        if clause is not None:
            conditions.append(clause)
    return select(SearchDocument.object_id).where(*conditions)


def _ranked(pool: list[Any]) -> list[int]:
    """The ranking pool's ids, those whose title holds the first term first, each group
    newest first."""
    return [row[0] for row in sorted(pool, key=lambda row: not row[1])]


def _page_of(rows: list[Any], page: int, per_page: int) -> tuple[int, bool, int, list[int]]:
    """The answer from the newest matches up to the cap (COUNT_CAP + per_page of them, newest
    first): their number is the count ("N+" past COUNT_CAP), the newest RANK_POOL of them
    are ranked, and every page the count allows lies among them (the last one full)."""
    total = min(len(rows), COUNT_CAP)
    page, offset = page_within(total, page, per_page)
    ranked = _ranked(rows[:RANK_POOL]) + [row[0] for row in rows[RANK_POOL:]]
    return total, len(rows) > COUNT_CAP, page, ranked[offset:offset + per_page]


def _read_once(matches: Select, flag: ColumnElement[bool], page: int,
               per_page: int) -> tuple[int, bool, int, list[int]]:
    """One statement reads the newest matches up to the cap. For FTS5, which gives its
    matches newest first, and for a starting set, where the matches are few: both stop
    early."""
    rows = db.session.execute(matches.add_columns(flag).limit(COUNT_CAP + per_page)).all()
    return _page_of(rows, page, per_page)


def _in_buckets(low: int, high: int) -> str:
    """The index rows whose ids lie in the smallest buckets ``low`` to ``high``, as a
    tsquery the GIN index answers together with the words (a range of ids would be
    answered by the primary key instead, row by row). The range is covered by the widest
    buckets that fit in it, so a long window is still a few lexemes."""
    lexemes, n = [], low
    while n <= high:
        for bits in reversed(BUCKET_BITS):
            span = 1 << (bits - BUCKET_BITS[0])
            if n % span == 0 and n + span - 1 <= high:
                lexemes.append(f"'#{bits}:{n // span}'")
                n += span
                break
    return " | ".join(lexemes)


# The share of index rows holding each of the commonest lexemes, from PostgreSQL's own
# statistics (refreshed by ANALYZE), kept per database for SHARES_SECONDS: only a hint for
# the first window's size, so a stale one costs a window more, never a wrong answer.
SHARES_SECONDS = 600.0
_SHARES: dict[str, tuple[float, dict[str, float], float]] = {}


def _lexeme_shares() -> tuple[dict[str, float], float]:
    """The commonest lexemes' shares of the index rows (pg_stats.most_common_elems) and the
    smallest share listed, which every unlisted lexeme is below; ({}, 0.0) before the first
    ANALYZE."""
    key = db.engine.url.render_as_string(hide_password=True)
    now = time.monotonic()
    kept = _SHARES.get(key)
    if kept and now - kept[0] < SHARES_SECONDS:
        return kept[1], kept[2]
    row = db.session.execute(text(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
        " WHERE schemaname = current_schema() AND tablename = 'search_documents'"
        " AND attname = 'tsv'")).first()
    shares: dict[str, float] = {}
    floor = 0.0
    if row and row[0] and row[1]:
        # The frequencies are followed by their minimum and maximum (and for arrays the
        # share of nulls): zip stops at the lexemes' end.
        shares = dict(zip(row[0], row[1], strict=False))
        floor = min(shares.values())
    _SHARES[key] = (now, shares, floor)
    return shares, floor


def _first_window(terms: list[Term], need: int) -> int:
    """How many of the smallest buckets the first window spans: enough, with a quarter to
    spare, for ``need`` rows at the rarest lexeme's share of the index (a phrase is no
    commoner than its rarest bigram; a lexeme the statistics do not list is rarer than the
    least common they do). Filters and visibility can make matches rarer still; the next
    windows then follow the share seen."""
    shares, floor = _lexeme_shares()
    if not floor:
        return 2
    share = min(shares.get(lexeme, floor) for t in terms if not t.is_short
                for lexeme in t.phrase)
    return max(2, int(need * 5 / (4 * share * BUCKET_IDS)) + 1)


def _read_windows(terms: list[Term], matches: Select, flag: ColumnElement[bool], page: int,
                  per_page: int) -> tuple[int, bool, int, list[int]]:
    """The same answer as _read_once, for PostgreSQL reading the index first. Its GIN index
    gives matches in no order, and reading them newest first along the primary key checks
    the words row by row: about 4,000 rows (each tsvector read from TOAST) to find the
    newest 200 of the 12,000 rows holding 养老 at 150,000 proposals. So the matches are read
    window by window, newest first, each window a few buckets of ids that the GIN index
    picks out with the words (``_in_buckets``): the first window is sized from how common
    the words are (``_first_window``), and each next one from the share of matching rows
    seen so far, so a common word stops after one window and a rarer or filtered one after
    two or three; while nothing matches, each window is eight times the last. The last
    window is all that is left.

    The statement is the same for every word and window (they are parameters), so psycopg
    prepares it and PostgreSQL plans it once a connection: its plan is always the GIN
    index's, and planning the visibility rule's subqueries cost as much as running them."""
    need = COUNT_CAP + per_page
    # Core statements and rows, not the ORM's: a thousand ids a search, and the ORM's
    # wrapping cost more than reading them.
    connection = db.session.connection()
    top = connection.scalar(select(func.max(SearchDocument.id))) or 0
    unread = top // BUCKET_IDS + 1  # the smallest buckets below this one are still unread
    window = _first_window(terms, need)
    rows: list[Any] = []
    statement = (matches.where(SearchDocument.tsv.op("@@")(
        cast(bindparam("search_window", type_=String), TSQUERY)))
        .add_columns(flag).limit(bindparam("search_wanted", type_=Integer)))
    for attempt in range(WINDOWS):
        low = 0 if attempt == WINDOWS - 1 else max(0, unread - window)
        rows += connection.execute(statement, {
            "search_window": _in_buckets(low, unread - 1),
            "search_wanted": need - len(rows)}).all()
        unread = low
        if len(rows) >= need or not unread:
            break
        if rows:
            # A quarter more rows than the share of matches seen so far needs.
            seen = top - unread * BUCKET_IDS + 1
            window = (need - len(rows)) * seen * 5 // (4 * len(rows) * BUCKET_IDS) + 1
        else:
            window *= 8
    return _page_of(rows, page, per_page)


def search(user: Any, q: str, filters: Filters | None = None, *, page: int = 1,  # noqa: ANN401
           per_page: int = 20) -> Results:
    """A page of what ``user`` may see matching ``q``. Every term must match. Counting
    stops at COUNT_CAP ("more than …"); the newest RANK_POOL matches are ranked (title
    matches of the first term first, then the newest) and later pages continue newest first,
    so a very common word costs a bounded amount of work (MEASUREMENTS.md)."""
    filters = filters or Filters()
    terms = parse_query(q)
    per_page = max(1, min(per_page, 100))
    if not terms:
        return Results(items=[], page=1, per_page=per_page, total=0, terms=terms)
    dialect = _dialect()
    names = [filters.kind] if filters.kind in _KINDS else list(_KINDS)
    rules = _rules(user, names)
    if rules is None:  # a signed-out or deactivated account
        return Results(items=[], page=1, per_page=per_page, total=0, terms=terms)
    clause, candidates = rules
    conditions: list[Any] = [clause]
    if filters.session_id:
        conditions.append(SearchDocument.session_id == filters.session_id)
    if filters.state:
        conditions.append(SearchDocument.state == filters.state)
    if filters.category:
        conditions.append(SearchDocument.category == filters.category)
    if filters.unit_id:
        conditions.append(SearchDocument.units.contains(f" {filters.unit_id} "))
    windowed = (dialect == "postgresql" and candidates is None
                and any(not t.is_short for t in terms))
    matches = _matches(terms, dialect, conditions, candidates, prepared=windowed)
    flag = SearchDocument.title.contains(terms[0].raw, autoescape=True)
    if windowed:
        total, capped, page, ids = _read_windows(terms, matches, flag, page, per_page)
    else:
        total, capped, page, ids = _read_once(matches, flag, page, per_page)
    docs = {d.id: d for d in db.session.connection().execute(
        select(SearchDocument.id, SearchDocument.kind, SearchDocument.object_id,
               SearchDocument.title, SearchDocument.body, SearchDocument.state)
        .where(SearchDocument.id.in_(ids)))} if ids else {}
    items = [
        Hit(kind=_KINDS[r.kind], object_id=r.object_id, title=r.title,
            title_html=highlight(r.title, terms, width=None),
            snippet=highlight(r.body or r.title, terms), state=r.state,
            url=_KINDS[r.kind].url(r.object_id))
        for r in (docs[i] for i in ids if i in docs)
    ]
    return Results(items=items, page=page, per_page=per_page, total=total, capped=capped,
                   terms=terms)


def _spans(excerpt: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the needles (normalized, longest first) occur in ``excerpt``: in the text as
    written, ignoring case, or when none does so, in its normalized form (ＡＩ for ai),
    mapped back character by character."""
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    spans = [m.span() for m in pattern.finditer(excerpt)]
    if spans or not pattern.search(_normalize(excerpt)):
        return spans
    origin: list[int] = []  # the excerpt's index of each normalized character
    parts = []
    for i, char in enumerate(excerpt):
        part = _normalize(char)
        parts.append(part)
        origin.extend([i] * len(part))
    return [(origin[m.start()], origin[m.end() - 1] + 1)
            for m in pattern.finditer("".join(parts)) if m.end() > m.start()]


def highlight(value: str, terms: list[Term], width: int | None = SNIPPET_CHARS) -> Markup:
    """A short excerpt around the first match (the whole text when ``width`` is None) with
    every term marked; HTML-escaped."""
    value = re.sub(r"\s+", " ", value or "")
    if width is None:
        width = len(value) + 1
    needles = sorted({t.raw for t in terms if t.raw}, key=len, reverse=True)
    start = 0
    if width <= len(value):
        # The text as written first: normalizing it (NFKC) is needed only when a needle is
        # not found so, and Chinese text is seldom NFKC already (full-width punctuation).
        for lowered in (value.lower(), _normalize(value)):
            positions = [p for p in (lowered.find(n) for n in needles) if p >= 0]
            if positions:
                start = max(0, min(positions) - width // 3)
                break
    excerpt = value[start:start + width]
    if not needles:
        return escape(excerpt)
    # Plain strings escaped with html.escape and one Markup at the end: building a Markup
    # per piece cost several milliseconds a results page.
    out, last = ["…" if start > 0 else ""], 0
    for begin, end in _spans(excerpt, needles):
        out.append(html.escape(excerpt[last:begin]))
        out.append(f"<mark>{html.escape(excerpt[begin:end])}</mark>")
        last = end
    out.append(html.escape(excerpt[last:]))
    out.append("…" if start + width < len(value) else "")
    return Markup("".join(out))  # noqa: S704  (every piece escaped above)
