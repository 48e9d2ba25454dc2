"""``backup`` and ``restore`` (issue 8, point 6): round trips on the backend under test
that compare every table row by row, refusals that change nothing, and a backup taken
while another thread writes."""

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from deliberate import create_app
from deliberate.auth.models import User
from deliberate.core import backup as backup_module
from deliberate.core.backup import BackupError, backup, code_heads, restore
from deliberate.core.events import Event, record_event
from deliberate.core.files import StoredFile, store_file
from deliberate.core.notify import Notification, notify
from deliberate.extensions import db
from tests.conftest import (
    TEST_PASSWORD,
    _config,
    blank_database,
    scratch_database,
)

ON_POSTGRES = os.environ.get("DELIBERATE_TEST_DATABASE") == "postgres"
FOUNDATION = "14dcdf40b0f8"
# Raw SQL: it must also work on the foundation schema, older than today's models.
INSERT_USER = text(
    "INSERT INTO users (username, display_name, name_pinyin, name_initials, role, title, "
    "email, phone, locale, is_active, must_change_password, session_token, created_at) "
    "VALUES (:u, :u, '', '', 'member', '', '', '', 'zh', true, false, 't', "
    "CURRENT_TIMESTAMP)")


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every table the database has, from its own catalogue (so a new table, a column the
    models do not map, the schema version and SQLite's full-text index are all compared),
    each row with all its columns, in a stable order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            existing = set(inspect(conn).get_table_names())
            quote = conn.dialect.identifier_preparer.quote
            rows = {}
            for name in sorted(existing):
                # Names from the database's own catalogue, quoted by the dialect.
                got = conn.execute(text(f"SELECT * FROM {quote(name)}"))  # noqa: S608
                rows[name] = sorted((tuple(r) for r in got), key=repr)
            rows["(tables)"] = sorted(existing)
    finally:
        engine.dispose()
    return rows


def app_for(url: str, instance: Path):
    return create_app(_config(url, instance))


def invoke(url: str, instance: Path, *args: str):
    target = app_for(url, instance)
    with target.app_context():
        result = target.test_cli_runner().invoke(args=list(args))
        db.session.remove()
        db.engine.dispose()
    return result


def seed_everything() -> dict[str, int]:
    from deliberate.demo.seed import seed

    with force_locale("zh"):
        seed()
    users = db.session.scalars(select(User).order_by(User.id).limit(3)).all()
    payload = bytes(range(256)) * 40 + "签名回复".encode()
    stored = store_file(payload, "答复函.pdf", "application/pdf", created_by_id=users[0].id)
    store_file(b"", "empty.txt", "text/plain")
    for user in users:
        record_event("user", user.id, "backup_test", user, data={"file": stored.id, "n": "一"})
        notify(user, "备份测试", body="正文 **markdown**", url="/inbox")
    db.session.commit()
    counts = {name: db.session.scalar(select(func.count()).select_from(model))
              for name, model in (("users", User), ("events", Event),
                                  ("notifications", Notification),
                                  ("stored_files", StoredFile))}
    assert all(counts.values())
    return counts


@pytest.fixture
def seeded(app, database_url):
    seed_everything()
    db.session.remove()
    return database_url


def _assert_same(source: dict, restored: dict):
    assert restored["(tables)"] == source["(tables)"]
    for name in source:
        assert restored[name] == source[name], name


@pytest.mark.parametrize("migrated", [False, True], ids=["blank", "migrated-empty"])
def test_round_trip_compares_every_table(seeded, tmp_path, tmp_path_factory, migrated):
    file = tmp_path / "deliberate.backup"
    made = invoke(seeded, tmp_path / "i1", "backup", str(file))
    assert made.exit_code == 0, made.output
    assert "backup written to" in made.output
    assert os.stat(file).st_mode & 0o777 == 0o600
    source = table_rows(seeded)
    assert len(source["users"]) > 30 and source["stored_files"] and source["events"]
    # Every table of the models is among those compared (and so is any table added later).
    assert {t.name for t in db.metadata.sorted_tables} <= set(source["(tables)"])
    assert source["search_documents"] and ("search_fts" not in source or source["search_fts"])

    target_cm = scratch_database(tmp_path_factory, "restore") if migrated else \
        blank_database(tmp_path_factory, "restore")
    with target_cm as target:
        done = invoke(target, tmp_path / "i2", "restore", str(file))
        assert done.exit_code == 0, done.output
        assert "restored" in done.output and "init-db" not in done.output
        restored = table_rows(target)
        _assert_same(source, restored)
        blob = next(r for r in restored["stored_files"] if r[1] == "答复函.pdf")
        assert bytes(blob[5]).endswith("签名回复".encode())

        # The restored instance works: sign-in, and new rows get fresh ids.
        app = app_for(target, tmp_path / "i3")
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == "admin"))
            user.set_password(TEST_PASSWORD)
            store_file(b"after", "after.txt", "text/plain")
            record_event("user", user.id, "after_restore", user)
            db.session.commit()
            client = app.test_client()
            response = client.post("/login", data={"username": "admin",
                                                   "password": TEST_PASSWORD})
            assert response.status_code == 302
            assert client.get("/inbox").status_code == 200
            db.session.remove()
            db.engine.dispose()


def test_restore_refuses_a_database_with_users(seeded, tmp_path, tmp_path_factory):
    file = tmp_path / "b.backup"
    assert invoke(seeded, tmp_path / "i1", "backup", str(file)).exit_code == 0
    with scratch_database(tmp_path_factory, "busy") as target:
        engine = create_engine(target)
        with engine.begin() as conn:
            conn.execute(INSERT_USER, {"u": "someone"})
        engine.dispose()
        before = table_rows(target)
        refused = invoke(target, tmp_path / "i2", "restore", str(file))
        assert refused.exit_code != 0
        assert "empty database" in refused.output and "users" in refused.output
        assert "nothing was changed" in refused.output
        assert table_rows(target) == before


def test_restore_refuses_rows_in_any_application_table(seeded, tmp_path, tmp_path_factory):
    file = tmp_path / "b.backup"
    assert invoke(seeded, tmp_path / "i1", "backup", str(file)).exit_code == 0
    with scratch_database(tmp_path_factory, "unitonly") as target:
        engine = create_engine(target)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO units (name, short_name, contact_person, phone, "
                              "is_active, sort_order, created_at) "
                              "VALUES ('某单位', '', '', '', true, 0, CURRENT_TIMESTAMP)"))
        engine.dispose()
        before = table_rows(target)
        refused = invoke(target, tmp_path / "i2", "restore", str(file))
        assert refused.exit_code != 0 and "units" in refused.output
        assert table_rows(target) == before


def test_restore_refuses_a_file_that_is_no_backup(app, database_url, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"this is not a database at all" * 10)
    result = invoke(database_url, tmp_path / "i", "restore", str(junk))
    assert result.exit_code != 0
    assert "neither a SQLite database nor a pg_dump" in result.output


def test_restore_refuses_the_other_backends_file(app, database_url, tmp_path):
    other = tmp_path / "other.backup"
    if ON_POSTGRES:
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE x (y)")
        conn.close()
        expected = "is a sqlite backup but the database is postgresql"
    else:
        other.write_bytes(b"PGDMP" + b"\0" * 100)
        expected = "is a postgresql backup but the database is sqlite"
    result = invoke(database_url, tmp_path / "i", "restore", str(other))
    assert result.exit_code != 0 and expected in result.output


@pytest.mark.skipif(ON_POSTGRES, reason="a damaged SQLite file")
def test_restore_refuses_a_damaged_sqlite_file(app, database_url, tmp_path):
    file = tmp_path / "b.sqlite3"
    assert invoke(database_url, tmp_path / "i", "backup", str(file)).exit_code == 0
    data = bytearray(file.read_bytes())
    data[4096 + 200: 4096 * 3] = b"\xff" * (4096 * 2 - 200)
    file.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged|not a readable"):
        restore(file, make_url(f"sqlite:///{tmp_path / 'new.sqlite3'}"))
    assert not (tmp_path / "new.sqlite3").exists()


def _set_revisions(url: str, revisions: list[str]) -> list[str]:
    engine = create_engine(url)
    with engine.begin() as conn:
        old = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        conn.execute(text("DELETE FROM alembic_version"))
        for r in revisions:
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:r)"),
                         {"r": r})
    engine.dispose()
    return old


def test_restore_refuses_a_backup_from_newer_code(app, database_url, tmp_path,
                                                  tmp_path_factory):
    file = tmp_path / "b.backup"
    original = _set_revisions(database_url, ["ffffffffffff"])
    try:
        assert invoke(database_url, tmp_path / "i1", "backup", str(file)).exit_code == 0
    finally:
        _set_revisions(database_url, original)
    with blank_database(tmp_path_factory, "newer") as target:
        result = invoke(target, tmp_path / "i2", "restore", str(file))
        assert result.exit_code != 0
        assert "ffffffffffff" in result.output and "newer" in result.output
        engine = create_engine(target)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
        engine.dispose()


def test_older_backup_is_restored_and_init_db_upgrades_it(tmp_path, tmp_path_factory):
    from flask_migrate import upgrade

    file = tmp_path / "old.backup"
    with blank_database(tmp_path_factory, "old") as old, \
            blank_database(tmp_path_factory, "fresh") as fresh:
        app = app_for(old, tmp_path / "i1")
        with app.app_context():
            upgrade(revision=FOUNDATION)
            db.session.execute(INSERT_USER, {"u": "veteran"})
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        assert invoke(old, tmp_path / "i1", "backup", str(file)).exit_code == 0
        done = invoke(fresh, tmp_path / "i2", "restore", str(file))
        assert done.exit_code == 0, done.output
        assert "init-db" in done.output
        upgraded = invoke(fresh, tmp_path / "i2", "init-db")
        assert upgraded.exit_code == 0, upgraded.output
        rows = table_rows(fresh)
        assert {r[0] for r in rows["alembic_version"]} == code_heads()
        assert [r[1] for r in rows["users"]] == ["veteran"]


def test_backup_will_not_overwrite_without_force(app, database_url, tmp_path):
    file = tmp_path / "b.backup"
    file.write_bytes(b"keep me")
    refused = invoke(database_url, tmp_path / "i", "backup", str(file))
    assert refused.exit_code != 0 and "--force" in refused.output
    assert file.read_bytes() == b"keep me"
    forced = invoke(database_url, tmp_path / "i", "backup", "--force", str(file))
    assert forced.exit_code == 0, forced.output
    assert file.read_bytes() != b"keep me"
    assert not (tmp_path / "b.backup.partial").exists()


def test_missing_pg_dump_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    url = make_url("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        backup(tmp_path / "x.backup", url)
    with pytest.raises(BackupError, match="pg_restore was not found on PATH"):
        backup_module.restore_postgresql(create_engine(url), tmp_path / "x.backup")
    assert not (tmp_path / "x.backup").exists()


def test_old_pg_dump_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(backup_module, "_pg_tool", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup_module, "_tool_major", lambda tool: 13)
    monkeypatch.setattr(backup_module, "_server_major", lambda engine: 16)
    url = make_url("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(BackupError, match="pg_dump is version 13 but the server runs "
                                          "PostgreSQL 16"):
        backup(tmp_path / "x.backup", url)
    assert not (tmp_path / "x.backup").exists()


def test_connection_parameters_keep_the_password_off_the_command_line():
    url = make_url("postgresql+psycopg://ann:s3cr%40t@db.example:6543/deliberate"
                   "?sslmode=require&application_name=deliberate")
    dbname, env = backup_module._libpq(url)
    assert dbname == "postgresql://ann@db.example:6543/deliberate"
    assert env["PGPASSWORD"] == "s3cr@t"
    assert env["PGSSLMODE"] == "require" and env["PGAPPNAME"] == "deliberate"


@pytest.mark.skipif(not ON_POSTGRES, reason="the server's real pg_dump")
def test_pg_dump_on_path_is_recent_enough(app):
    tool = backup_module._pg_tool("pg_dump")
    assert backup_module._tool_major(tool) >= backup_module._server_major(db.engine)


class PairWriter:
    """Adds two notifications per transaction until stopped: a consistent copy always holds
    an even number of them."""

    def __init__(self, url: str, user_id: int) -> None:
        self.url, self.user_id = url, user_id
        self.stop = threading.Event()
        self.commits = 0
        self.thread = threading.Thread(target=self.run)

    def run(self):
        args = {} if ON_POSTGRES else {"connect_args": {"timeout": 15}}
        engine = create_engine(self.url, **args)
        try:
            while not self.stop.is_set():
                with engine.begin() as conn:
                    for _ in range(2):
                        conn.execute(text(
                            "INSERT INTO notifications (user_id, kind, subject, body, url, "
                            "created_at) VALUES (:u, 'info', 'x', :b, '', CURRENT_TIMESTAMP)"),
                            {"u": self.user_id, "b": "y" * 2000})
                self.commits += 1
        finally:
            engine.dispose()

    def __enter__(self):
        self.thread.start()
        while self.commits < 3 and self.thread.is_alive():
            time.sleep(0.01)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def _writer_user() -> int:
    from tests.factories import Factory

    user_id = Factory(TEST_PASSWORD).user("member").id
    db.session.commit()
    # The app's session would begin IMMEDIATE (a write lock on SQLite) on its next query.
    db.session.remove()
    return user_id


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's online backup under concurrent writes")
def test_backup_while_another_thread_writes(app, database_url, tmp_path):
    with PairWriter(database_url, _writer_user()) as writer:
        counts = []
        for i in range(8):
            time.sleep(0.02)
            file = tmp_path / f"hot{i}.sqlite3"
            backup(file, make_url(database_url))
            with sqlite3.connect(file) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
                counts.append(conn.execute("SELECT count(*) FROM notifications").fetchone()[0])
            conn.close()
    assert all(c % 2 == 0 for c in counts), counts
    # The copies were taken at different moments of the writing.
    assert counts == sorted(counts) and counts[0] > 0 and len(set(counts)) > 1
    assert writer.commits * 2 >= counts[-1]


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump under concurrent writes")
def test_pg_dump_while_another_thread_writes(app, database_url, tmp_path, tmp_path_factory):
    file = tmp_path / "hot.backup"
    with PairWriter(database_url, _writer_user()) as writer:
        backup(file, make_url(database_url))
        time.sleep(0.05)
    with blank_database(tmp_path_factory, "hot") as target:
        restore(file, make_url(target))
        engine = create_engine(target)
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM notifications")).scalar_one()
        engine.dispose()
    assert count > 0 and count % 2 == 0
    assert writer.commits * 2 > count


def test_revision_check():
    heads = code_heads()
    assert backup_module.check_revisions(set(heads)) is False
    assert backup_module.check_revisions({FOUNDATION}) is True
    with pytest.raises(BackupError, match="no schema revision"):
        backup_module.check_revisions(set())
    with pytest.raises(BackupError, match="unknown to this version"):
        backup_module.check_revisions({FOUNDATION[:4]})
    with pytest.raises(BackupError, match="unknown to this version"):
        backup_module.check_revisions({*heads, "0123456789ab"})


def test_backup_of_a_database_without_schema_is_refused(app, tmp_path, tmp_path_factory):
    with blank_database(tmp_path_factory, "noschema") as blank:
        if not ON_POSTGRES:
            sqlite3.connect(make_url(blank).database).close()
        result = invoke(blank, tmp_path / "i", "backup", str(tmp_path / "x.backup"))
        assert result.exit_code != 0 and "run init-db first" in result.output
        assert not (tmp_path / "x.backup").exists()
        assert not (tmp_path / "x.backup.partial").exists()


def test_unreachable_server_is_explained(tmp_path, monkeypatch):
    monkeypatch.setattr(backup_module, "_pg_tool", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup_module, "_tool_major", lambda tool: 99)
    url = make_url("postgresql+psycopg://nobody:pw@127.0.0.1:1/none?connect_timeout=3")
    with pytest.raises(BackupError, match="could not be used") as info:
        backup(tmp_path / "x.backup", url)
    assert "pw" not in str(info.value).replace("***", "")
    assert not (tmp_path / "x.backup").exists()
