"""How a reader's search reads its matches: on PostgreSQL window by window, through buckets of
ids named in every tsvector, and for every reader by dropping the few records the user may
not see (Kind.hidden_ids) instead of checking each match. Whatever the path, the hits, the
counts and the order are those of one ordered read checked against each record's can_view."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text

from deliberate import create_app
from deliberate.core import search as engine
from deliberate.core.search import SearchDocument
from deliberate.extensions import db
from tests.search.test_restricted_search import (
    QUERIES,
    _brute_force,
    _found,
    _small_world,
)
from tests.statements import recorded_statements

READERS = ("secretariat", "leader", "admin")


def _reindex(people: dict) -> dict:
    """engine.reindex() with the people loaded again (it empties the session)."""
    ids = {name: (type(user), user.id) for name, user in people.items()}
    engine.reindex()
    db.session.commit()
    return {name: db.session.get(model, id_) for name, (model, id_) in ids.items()}


def _window_parameters():  # noqa: ANN202
    """The bucket tsqueries of the windows read inside the block, in order (they are
    parameters of one prepared statement)."""
    return recorded_statements(lambda statement: "search_window" in statement,
                               take=lambda _statement, parameters: parameters["search_window"])


def _ids_in(window: str) -> list[int]:
    """The ids a window's bucket tsquery covers."""
    ids: set[int] = set()
    for bits, n in ((int(b), int(n)) for b, n in re.findall(r"'#(\d+):(\d+)'", window)):
        ids |= set(range(n << bits, (n + 1) << bits))
    return sorted(ids)


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def test_rows_plainly_visible_are_visible(world, factory):
    """Kind.plainly_visible never shows a record its rule hides: every index row it
    passes is visible_ids' (and so can_view's). The readers' rules pass every row but the
    drafts; the restricted users have none (they start from their own records)."""
    people = _small_world(world, factory)
    names = {}
    for name, user in people.items():
        for kind in engine.kinds():
            plain = kind.plainly_visible(user) if kind.plainly_visible else None
            visible = kind.visible_ids(user)
            if plain is None or visible is None:
                continue
            names.setdefault(name, set()).add(kind.name)
            passed = set(db.session.scalars(select(SearchDocument.object_id).where(
                SearchDocument.kind == kind.name, plain)))
            assert passed <= set(db.session.scalars(visible)), (name, kind.name)
            drafts = set(db.session.scalars(select(SearchDocument.object_id).where(
                SearchDocument.kind == kind.name, SearchDocument.state == "draft")))
            every = set(db.session.scalars(select(kind.model.id)))
            assert passed | drafts == every, (name, kind.name)
    assert set(names) == set(READERS)
    assert "reply" in names["secretariat"] and "reply" not in names["leader"]
    # The data set is a real test: there are others' drafts that the rule then hides.
    secretariat = people["secretariat"]
    drafts = set(db.session.scalars(select(SearchDocument.object_id).where(
        SearchDocument.kind == "proposal", SearchDocument.state == "draft")))
    assert drafts - set(db.session.scalars(
        engine.get_kind("proposal").visible_ids(secretariat)))


def test_readers_look_up_only_the_drafts(world, factory):
    """The visibility rule runs only for the rows that are not plainly visible: a
    search of a word in drafts and other records looks the drafts up alone."""
    people = _small_world(world, factory)
    clause = engine.visibility_clause(people["secretariat"], [k.name for k in engine.kinds()])
    sql = str(clause.compile(db.engine, compile_kwargs={"literal_binds": True}))
    # Proposals, replies, speeches: the drafts only; topics, meetings, minutes: none.
    assert sql.count("search_documents.state != 'draft' OR (EXISTS") == 3, sql
    assert sql.count("EXISTS") - sql.count("EXISTS (SELECT *") == 3, sql
    # A leader's replies go through the rule (unpublished replies may be many).
    clause = engine.visibility_clause(people["leader"], [k.name for k in engine.kinds()])
    sql = str(clause.compile(db.engine, compile_kwargs={"literal_binds": True}))
    assert sql.count("EXISTS") - sql.count("OR (EXISTS") >= 1, sql


def test_every_index_row_names_its_buckets(world, factory):
    """Written with the record, by reindex and by the bulk loader (seed-scale's test checks
    its rows): PostgreSQL only (SQLite's FTS5 reads matches newest first by itself)."""
    if not _postgres():
        pytest.skip("PostgreSQL's index only")
    _small_world(world, factory)

    def check() -> int:
        rows = db.session.execute(select(SearchDocument.id, SearchDocument.tsv)).all()
        for doc_id, tsv in rows:
            lexemes = set(re.findall(r"'(#[^']+)'", tsv))
            assert lexemes == set(engine.bucket_lexemes(doc_id)), (doc_id, tsv)
        return len(rows)

    assert check() > 20
    engine.reindex()
    db.session.commit()
    assert check() > 20
    assert engine.bucket_lexemes(5000) == ["#10:4", "#13:0", "#16:0"]


@pytest.mark.parametrize("bits", [(0, 1, 3), (2, 3, 6)])
def test_windows_read_what_one_ordered_read_finds(world, factory, monkeypatch, bits):
    """Tiny buckets make the small world span many windows: each page, count and flag of
    the windowed read equal the ordered read's (and the records' can_view), with counts
    capped or not."""
    if not _postgres():
        pytest.skip("PostgreSQL reads windows; SQLite's FTS5 gives matches newest first")
    people = _small_world(world, factory)
    monkeypatch.setattr(engine, "BUCKET_BITS", bits)
    monkeypatch.setattr(engine, "BUCKET_IDS", 1 << bits[0])
    people = _reindex(people)
    for cap in (1000, 4):
        monkeypatch.setattr(engine, "COUNT_CAP", cap)
        monkeypatch.setattr(engine, "RANK_POOL", min(cap, 3))
        for name in READERS:
            user = people[name]
            for q in QUERIES:
                windowed = [(r.total, r.capped, [(h.kind.name, h.object_id) for h in r.items])
                            for r in (engine.search(user, q, page=p, per_page=2)
                                      for p in (1, 2, 3))]
                with monkeypatch.context() as m:
                    m.setattr(engine, "_read_windows",
                              lambda _terms, *args: engine._read_once(*args))
                    ordered = [(r.total, r.capped,
                                [(h.kind.name, h.object_id) for h in r.items])
                               for r in (engine.search(user, q, page=p, per_page=2)
                                         for p in (1, 2, 3))]
                assert windowed == ordered, (bits, cap, name, q)
                if cap == 1000:
                    hits, total = _found(user, q)
                    assert hits == _brute_force(user, q), (bits, name, q)


def _one_id_buckets(world, factory, monkeypatch, cap: int) -> dict:  # noqa: ANN001
    """The small world on PostgreSQL, indexed with buckets of 1, 4 and 16 ids, counting up
    to ``cap``."""
    if not _postgres():
        pytest.skip("PostgreSQL reads windows")
    people = _small_world(world, factory)
    monkeypatch.setattr(engine, "BUCKET_BITS", (0, 2, 4))
    monkeypatch.setattr(engine, "BUCKET_IDS", 1)
    monkeypatch.setattr(engine, "COUNT_CAP", cap)
    return _reindex(people)


def test_windows_go_back_from_the_newest_id_without_gaps(world, factory, monkeypatch):
    """The windows start at the newest id's bucket and go back, each right below the last,
    at most engine.WINDOWS of them; they stop once enough rows are found, and a word found
    nowhere reads every bucket down to the first. (Each window is the widest buckets that
    fit: test_windows_read_what_one_ordered_read_finds checks they find the same rows.)"""
    # As before any ANALYZE: the first window is two buckets (test_first_window_…).
    monkeypatch.setattr(engine, "_lexeme_shares", lambda: ({}, 0.0))
    people = _one_id_buckets(world, factory, monkeypatch, cap=2)
    top = db.session.scalar(select(func.max(SearchDocument.id)))

    def windows(q: str) -> list[list[int]]:
        with _window_parameters() as windows_read:
            result = engine.search(people["secretariat"], q, per_page=1)
        return [_ids_in(window) for window in windows_read], result

    for q in ("建议", "生态", "六盘山", "纪要", "没有这个词"):
        read, result = windows(q)
        assert 1 <= len(read) <= engine.WINDOWS, q
        assert read[0][-1] == top and read[0] == list(range(read[0][0], top + 1)), q
        for newer, older in zip(read, read[1:], strict=False):
            assert older == list(range(older[0], newer[0])), q
        if not result.capped:  # not enough found: everything was read
            assert read[-1][0] == 0, q
    assert len(windows("建议")[0]) < len(windows("没有这个词")[0])


def test_first_window_is_sized_from_the_words_statistics(world, factory, monkeypatch):
    """After ANALYZE, the first window spans enough buckets for the rows wanted at the
    rarest bigram's share of the index (pg_stats), so a common word is read in one
    window; a word the statistics do not list counts as rarer than any they do."""
    people = _one_id_buckets(world, factory, monkeypatch, cap=4)
    terms = engine.parse_query
    with monkeypatch.context() as m:  # before any ANALYZE: no statistics, two buckets
        m.setattr(engine, "_lexeme_shares", lambda: ({}, 0.0))
        assert engine._first_window(terms("建议"), 100) == 2
    db.session.execute(text("ANALYZE search_documents"))
    engine._SHARES.clear()
    shares, floor = engine._lexeme_shares()
    assert 0 < floor <= shares["建议"] <= 1
    rows = db.session.scalar(select(func.count()).select_from(SearchDocument))
    holding = db.session.scalar(select(func.count()).select_from(SearchDocument).where(
        engine._match_clause(terms("建议"), "postgresql")))
    assert shares["建议"] == pytest.approx(holding / rows, abs=0.02)
    want = int(100 * 5 / (4 * shares["建议"])) + 1
    assert engine._first_window(terms("建议"), 100) == want
    # A phrase is no commoner than its rarest bigram; an unlisted one is at the floor.
    assert engine._first_window(terms("生态补偿 建议"), 100) >= want
    assert engine._first_window(terms("没有这个词"), 100) == int(100 * 5 / (4 * floor)) + 1
    # Kept, not read again, for SHARES_SECONDS.
    with recorded_statements(lambda statement: "pg_stats" in statement) as read:
        engine._lexeme_shares()
    assert read == []
    need = engine.COUNT_CAP + 1
    top = db.session.scalar(select(func.max(SearchDocument.id)))
    with _window_parameters() as windows_read:
        engine.search(people["secretariat"], "建议", per_page=1)
    first = int(need * 5 / (4 * shares["建议"])) + 1
    assert _ids_in(windows_read[0]) == list(range(top - first + 1, top + 1))


@contextmanager
def _app_on_a_blank_database(tmp_path_factory, tmp_path, label: str):
    """An app on a new database without tables (migration tests), its connections closed
    before the database is dropped."""
    from tests.conftest import _config, blank_database

    with blank_database(tmp_path_factory, label) as url:
        app = create_app(_config(url, tmp_path))
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def test_migration_names_the_buckets_of_existing_rows(tmp_path_factory, tmp_path):
    """b4e7d2a9c611 rewrites the tsvectors already there, and its downgrade removes the
    lexemes again."""
    if os.environ.get("DELIBERATE_TEST_DATABASE") != "postgres":
        pytest.skip("PostgreSQL's index only")
    from flask_migrate import downgrade, upgrade

    with _app_on_a_blank_database(tmp_path_factory, tmp_path, "buckets"):
        upgrade(revision="8d0c5e1a7f3b")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO search_documents (id, kind, object_id, title, body, "
                "state, category, units, tsv, updated_at) VALUES (3000, 'proposal', 1, "
                "'养老', '', '', '', '', to_tsvector('simple', '养老'), now())"))
        upgrade(revision="b4e7d2a9c611")
        with db.engine.connect() as conn:
            tsv = conn.scalar(text("SELECT tsv::text FROM search_documents"))
            limit = conn.scalar(text(
                "SELECT reloptions::text FROM pg_class "
                "WHERE relname = 'ix_search_documents_tsv'"))
        assert tsv == "'#10:2' '#13:0' '#16:0' '养老':1", tsv
        assert "gin_pending_list_limit=128" in limit
        downgrade(revision="8d0c5e1a7f3b")
        with db.engine.connect() as conn:
            assert conn.scalar(text("SELECT tsv::text FROM search_documents")) == "'养老':1"


def _toasted_values() -> int:
    """How many values of search_documents live in its TOAST table."""
    toast = db.session.scalar(text(
        "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'search_documents'"))
    return db.session.scalar(text(f"SELECT count(DISTINCT chunk_id) FROM {toast}"))  # noqa: S608  (a relation name from pg_class)


def test_migration_keeps_tsvectors_in_their_rows(tmp_path_factory, tmp_path):
    """f7a2c4e9b318 sets toast_tuple_target and writes the tsvectors already in TOAST back
    into their rows; a long document written afterwards stays in its row too."""
    if os.environ.get("DELIBERATE_TEST_DATABASE") != "postgres":
        pytest.skip("PostgreSQL's storage only")
    from flask_migrate import downgrade, upgrade

    # About 2.8 kB of tsvector (pglz cannot shrink it below TOAST's 2 kB threshold).
    long_text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(200))
    insert = text(
        "INSERT INTO search_documents (id, kind, object_id, title, body, state, category, "
        "units, tsv, updated_at) VALUES (:id, 'proposal', :id, '', :body, '', '', '', "
        "to_tsvector('simple', :segmented), now())")
    with _app_on_a_blank_database(tmp_path_factory, tmp_path, "inline"):
        upgrade(revision="e3b7a1c9d620")
        db.session.execute(insert, {"id": 1, "body": long_text,
                                    "segmented": engine.segment(long_text)})
        db.session.commit()
        assert _toasted_values() == 1  # the old setting: out of the row
        db.session.commit()
        upgrade(revision="f7a2c4e9b318")
        assert _toasted_values() == 0
        assert "toast_tuple_target=8160" in db.session.scalar(text(
            "SELECT reloptions::text FROM pg_class WHERE relname = 'search_documents'"))
        db.session.execute(insert, {"id": 2, "body": long_text,
                                    "segmented": engine.segment(long_text)})
        db.session.commit()
        assert _toasted_values() == 0
        assert db.session.scalar(text(
            "SELECT count(*) FROM search_documents WHERE tsv @@ "
            "phraseto_tsquery('simple', :q)"), {"q": engine.segment(long_text[10:14])}) == 2
        db.session.commit()
        downgrade(revision="e3b7a1c9d620")
        assert db.session.scalar(text(
            "SELECT reloptions FROM pg_class WHERE relname = 'search_documents'")) is None
        db.session.commit()
