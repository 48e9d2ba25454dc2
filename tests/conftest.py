"""Test fixtures in flaskr's shape: app, client, runner, a login helper per role, factories.

The schema is built once per run through the real migrations (on SQLite, or on PostgreSQL
when DELIBERATE_TEST_DATABASE=postgres); every test then starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import flask_babel
import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, text

from deliberate import create_app
from deliberate.extensions import db
from tests.factories import Factory

TEST_PASSWORD = "secret-pass-1"


def _postgres_server_url() -> str:
    url = os.environ.get("DELIBERATE_TEST_POSTGRES_URL", "")
    if not url:
        pytest.exit("DELIBERATE_TEST_DATABASE=postgres needs DELIBERATE_TEST_POSTGRES_URL", 2)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextmanager
def scratch_database(tmp_path_factory: pytest.TempPathFactory, label: str) -> Iterator[str]:
    """A new, migrated database on the backend under test; dropped afterwards."""
    if os.environ.get("DELIBERATE_TEST_DATABASE") == "postgres":
        server = _postgres_server_url()
        base = urlsplit(server).path.lstrip("/") or "deliberate_test"
        name = f"{base}_{label}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = _with_database(server, name)
        try:
            _migrate(url, tmp_path_factory)
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        path = tmp_path_factory.mktemp("db") / f"{label}.sqlite3"
        url = f"sqlite:///{path}"
        _migrate(url, tmp_path_factory)
        yield url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    with scratch_database(tmp_path_factory, worker_id) as url:
        yield url


def _migrate(url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from flask_migrate import upgrade

    app = create_app(_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


def _config(url: str, instance: object) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "localhost",
    }


@pytest.fixture
def app_config(database_url: str, tmp_path) -> dict:
    """Override in a test module to change the configuration."""
    return _config(database_url, tmp_path)


class FreshGlobalsClient(FlaskClient):
    """Tests keep one app context (and so one database session) open around their
    requests; each request still starts with empty ``g`` and locale caches, as it would in
    production, so the signed-in user and language are never carried between requests."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
            flask_babel.refresh()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config: dict, tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DELIBERATE_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(app_config)
    application.test_client_class = FreshGlobalsClient
    with application.app_context():
        yield application
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        # Only tables the migrations created (a model without its migration yet is skipped).
        existing = set(inspect(conn).get_table_names())
        tables = [t for t in db.metadata.sorted_tables if t.name in existing]
        if conn.dialect.name == "postgresql":
            # DELETE on the few tables a test filled is much faster than TRUNCATE, which
            # rewrites every table's files (about a second a test here).
            for table in reversed(tables):
                conn.execute(table.delete())
        else:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in reversed(tables):
                conn.execute(table.delete())
            if "search_fts" in existing:
                # The FTS5 index has no model (the search migration makes it).
                conn.exec_driver_sql("DELETE FROM search_fts")
            conn.exec_driver_sql(
                "DELETE FROM sqlite_sequence WHERE 1" if _has_sequence(conn) else "SELECT 1")


def _has_sequence(conn) -> bool:
    return bool(conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'").first())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factory(app) -> Factory:
    return Factory(password=TEST_PASSWORD)


class AuthActions:
    def __init__(self, app, factory: Factory) -> None:
        self._app = app
        self._factory = factory

    def login(self, client, username: str, password: str = TEST_PASSWORD):
        return client.post("/login", data={"username": username, "password": password})

    def client_for(self, user):
        """A fresh test client signed in as ``user``."""
        c = self._app.test_client()
        response = self.login(c, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return c

    def as_role(self, role: str, **kwargs):
        user = self._factory.user(role=role, **kwargs)
        db.session.commit()
        return self.client_for(user), user


@pytest.fixture
def auth(app, factory) -> AuthActions:
    return AuthActions(app, factory)
