"""SQLite settings that let several workers share one file."""

import threading

import pytest
from sqlalchemy import text

from deliberate import create_app
from deliberate.extensions import db


def _sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings")


def test_wal_foreign_keys_and_busy_timeout(app):
    _sqlite_only(app)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_are_enforced(app):
    from sqlalchemy.exc import IntegrityError

    from deliberate.core.notify import Notification

    db.session.add(Notification(user_id=987654, subject="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_read_then_write_transactions_do_not_fail_under_concurrency(app, app_config, factory):
    """Several connections each read then write at once: with BEGIN IMMEDIATE none fails
    with "database is locked" (plain BEGIN loses most of them, MEASUREMENTS.md)."""
    _sqlite_only(app)
    uid = factory.user("member").id
    # Outside a request every transaction begins IMMEDIATE: end ours before the threads run.
    db.session.commit()
    errors, done = [], []
    worker_app = create_app(app_config)

    def work():
        try:
            with worker_app.app_context():
                for _ in range(25):
                    count = db.session.execute(
                        text("SELECT count(*) FROM notifications")).scalar()
                    db.session.execute(text(
                        "INSERT INTO notifications (user_id, kind, subject, body, url, created_at)"
                        " VALUES (:u, 'info', :s, '', '', CURRENT_TIMESTAMP)"),
                        {"u": uid, "s": f"n{count}"})
                    db.session.commit()
                    done.append(1)
                db.session.remove()
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with worker_app.app_context():
        db.engine.dispose()
    assert errors == [] and len(done) == 150
    assert db.session.execute(text("SELECT count(*) FROM notifications")).scalar() == 150


def test_unexpected_error_shows_chinese_500_page_and_rolls_back(app_config, tmp_path,
                                                                monkeypatch):
    monkeypatch.setenv("DELIBERATE_INSTANCE_PATH", str(tmp_path))
    application = create_app({**app_config, "TESTING": False})

    @application.get("/boom")
    def boom():
        raise RuntimeError("boom")

    client = application.test_client()
    with application.app_context():
        from tests.factories import Factory

        user = Factory("secret-pass-1").user("member")
        db.session.commit()
        client.post("/login", data={"username": user.username, "password": "secret-pass-1"})
        response = client.get("/boom")
        assert response.status_code == 500
        assert "系统出错" in response.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
