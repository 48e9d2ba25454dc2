"""The page cache (core/pagecache.py) on the pages that use it: the working list and the
deadlines board. A kept page costs one statement; any write anywhere makes it stale; it is
never served to anyone but the session it was rendered for."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import select, text

from deliberate.core import pagecache
from deliberate.core.pagecache import DataVersion
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Proposal
from tests.proposals.conftest import to_state
from tests.statements import recorded_statements

LIST = "/proposals/"


@contextmanager
def version_reads(monkeypatch):
    """The kept-page layer's one read of the counter (a raw DBAPI cursor, unseen by the
    statement listener above)."""
    reads = []
    real = pagecache.KeptPages._version

    def counted(self):
        reads.append(1)
        return real(self)

    monkeypatch.setattr(pagecache.KeptPages, "_version", counted)
    yield reads


def version() -> int:
    db.session.rollback()  # a fresh read, not this session's snapshot
    return db.session.scalar(select(DataVersion.n).where(DataVersion.id == 1)) or 0


def warm(client, url: str = LIST) -> bytes:
    """The first visit gives the session its CSRF token; the second is rendered and kept."""
    client.get(url)
    r = client.get(url)
    assert r.status_code == 200
    return r.data


def test_a_kept_page_costs_one_statement_and_is_the_same_page(auth, world, monkeypatch):
    to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    page = warm(c)
    with recorded_statements() as seen, version_reads(monkeypatch) as reads:
        r = c.get(LIST)
    assert r.status_code == 200
    assert r.data == page
    assert seen == [] and len(reads) == 1  # the data version, nothing else (not even the user)
    # The security headers are still those of any signed-in page.
    assert r.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in r.headers


def test_the_counter_is_read_outside_a_transaction(app, monkeypatch):
    """PostgreSQL: the kept-page layer reads the counter in a statement of its own (no
    BEGIN before it, no ROLLBACK after), and the connection goes back to the pool
    transactional and idle."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's transactions")
    db.session.rollback()
    # In a transaction of its own, a statement starts when its transaction does.
    monkeypatch.setattr(pagecache, "_READ",
                        "SELECT CASE WHEN now() = statement_timestamp() THEN 1 ELSE 0 END")
    layer = pagecache.KeptPages(None, None, db.engine)
    assert layer._version() == 1
    connections = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
    try:
        assert connections
        for connection in connections:
            assert connection.driver_connection.autocommit is False
            assert connection.driver_connection.info.transaction_status == 0  # idle
    finally:
        for connection in connections:
            connection.close()


def test_any_write_makes_the_kept_page_stale(auth, world):
    c = auth.client_for(world.secretariat)
    warm(c)
    p = to_state(world, "registered")
    body = c.get(LIST).get_data(as_text=True)
    assert p.title in body
    assert p.number_label in body


def test_an_operation_by_another_user_is_seen(auth, world):
    p = to_state(world, "submitted")
    c = auth.client_for(world.secretariat)
    before = warm(c, f"{LIST}?state=registered").decode()
    assert p.title not in before
    ops.register_proposal(p, world.secretariat)
    db.session.commit()
    after = c.get(f"{LIST}?state=registered").get_data(as_text=True)
    assert p.title in after


def test_raw_sql_writes_through_the_session_count(auth, world):
    p = to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    warm(c)
    db.session.execute(text("UPDATE proposals SET title = :t WHERE id = :id"),
                       {"t": "关于改写标题的建议", "id": p.id})
    db.session.commit()
    assert "关于改写标题的建议" in c.get(LIST).get_data(as_text=True)


def test_reads_and_rollbacks_do_not_move_the_version(app, world):
    to_state(world, "submitted")
    start = version()
    db.session.scalars(select(Proposal)).all()
    db.session.commit()
    assert version() == start
    db.session.execute(text("UPDATE proposals SET title = 'x'"))
    db.session.rollback()
    assert version() == start
    db.session.execute(text("UPDATE proposals SET title = title"))
    db.session.commit()
    assert version() == start + 1


def test_a_savepoint_rolled_back_keeps_the_writes_before_it_counted(app, world):
    p = to_state(world, "submitted")
    start = version()
    p.title = "关于保存点之前的建议"
    db.session.flush()
    with pytest.raises(RuntimeError), db.session.begin_nested():
        db.session.execute(text("UPDATE proposals SET title = 'y'"))
        raise RuntimeError
    db.session.commit()
    assert version() == start + 1


def test_pages_are_never_shared_between_users_or_languages(auth, world, factory):
    to_state(world, "registered")
    other = factory.user("secretariat", display_name="秘书处王")
    db.session.commit()
    a, b = auth.client_for(world.secretariat), auth.client_for(other)
    page_a = warm(a).decode()
    page_b = warm(b).decode()
    assert "秘书处刘" in page_a and "秘书处王" not in page_a
    assert "秘书处王" in page_b and "秘书处刘" not in page_b
    a.post("/language", data={"lang": "en"})
    english = a.get(LIST).get_data(as_text=True)
    assert "Proposals" in english and english != page_a


def test_a_page_with_a_flashed_message_is_neither_served_nor_kept(auth, world):
    p = to_state(world, "submitted")
    c = auth.client_for(world.secretariat)
    warm(c)
    with c.session_transaction() as s:
        s["_flashes"] = [("info", "提示：一条消息")]
    assert "提示：一条消息" in c.get(LIST).get_data(as_text=True)
    # Shown once, then gone: the page kept earlier (without it) serves again.
    assert "提示：一条消息" not in c.get(LIST).get_data(as_text=True)
    assert p.title in c.get(LIST).get_data(as_text=True)


def test_signing_out_or_deactivation_is_not_bypassed(auth, world, factory):
    to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    warm(c)
    with c.session_transaction() as s:
        copied = dict(s)
    c.post("/logout")
    # The copied cookie of the ended session: sign-in page, not the kept list.
    with c.session_transaction() as s:
        s.update(copied)
    r = c.get(LIST)
    assert r.status_code == 302 and "/login" in r.headers["Location"]

    d = auth.client_for(world.secretariat)
    warm(d)
    world.secretariat.role = "member"
    db.session.commit()
    assert d.get(LIST).status_code == 403


def test_the_day_is_part_of_the_key(auth, world, monkeypatch):
    from datetime import timedelta

    from deliberate.proposals import workflow

    p = to_state(world, "assigned")
    c = auth.client_for(world.secretariat)
    body = warm(c).decode()
    real = workflow.today()
    monkeypatch.setattr(workflow, "today", lambda: real + timedelta(days=400))
    later = c.get(LIST).get_data(as_text=True)
    assert later != body
    assert p.title in later


def test_entries_expire(auth, world, monkeypatch):
    to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    warm(c)
    cache = pagecache.page_cache()
    assert len(cache) == 1
    clock = [pagecache.time.monotonic()]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    clock[0] += cache.max_age + 1
    with recorded_statements() as seen:
        c.get(LIST)
    assert len(seen) > 1  # rendered again


def test_the_cache_keeps_at_most_its_number_of_entries():
    cache = pagecache.PageCache(max_entries=2, max_age=60)

    def page(body):
        return pagecache.KeptPage(1, None, None, "200 OK", [], body)

    cache.put("a", page(b"1"))
    cache.put("b", page(b"2"))
    assert cache.get("a").body == b"1"  # "a" is now the most recent
    cache.put("c", page(b"3"))
    assert cache.get("b") is None
    assert cache.get("a") and cache.get("c")


def test_the_cache_can_be_turned_off(app_config):
    from deliberate import create_app

    app = create_app({**app_config, "PAGE_CACHE_SECONDS": 0})
    assert "page_cache" not in app.extensions
    assert not isinstance(app.wsgi_app, pagecache.KeptPages)


def test_the_deadlines_board_is_kept_and_refreshed(auth, world):
    p = to_state(world, "assigned")
    c = auth.client_for(world.secretariat)
    warm(c, "/proposals/deadlines")
    with recorded_statements() as seen:
        c.get("/proposals/deadlines")
    assert seen == []
    p.due_on = p.due_on.replace(year=p.due_on.year - 1)
    db.session.commit()
    with recorded_statements() as seen:
        c.get("/proposals/deadlines")
    assert len(seen) > 1


def test_a_page_rendered_to_be_kept_stays_within_six_statements(auth, world):
    to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    c.get(LIST)  # the session's form token
    with recorded_statements() as seen:
        c.get(LIST)
    assert len(seen) <= 6, seen  # the data version first, then the page's usual five
    assert "data_version" in seen[0]


def test_another_session_of_the_same_user_gets_its_own_page(auth, world):
    to_state(world, "registered")
    first, second = auth.client_for(world.secretariat), auth.client_for(world.secretariat)
    warm(first)
    second.get(LIST)
    with recorded_statements() as seen:
        assert second.get(LIST).status_code == 200
    assert len(seen) > 1  # rendered for this session, not taken from the other's


def test_only_gets_are_answered_from_the_cache(auth, world):
    to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    warm(c)
    assert c.post(LIST).status_code == 405


def test_the_statistics_page_is_kept_until_a_write(auth, world):
    p = to_state(world, "registered")
    c = auth.client_for(world.secretariat)
    warm(c, "/reports/")
    with recorded_statements() as seen:
        c.get("/reports/")
    assert seen == []
    p.title = "关于统计页刷新的建议"
    db.session.commit()
    with recorded_statements() as seen:
        assert c.get("/reports/").status_code == 200
    assert len(seen) > 1
