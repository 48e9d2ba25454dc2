"""Test fixtures in flaskr's shape: app, client, runner, a login helper per role, factories.

The schema is built once per test process through the real migrations (on SQLite, or on
PostgreSQL when DELIBERATE_TEST_DATABASE=postgres) and copied for every database a test
needs; every test then starts from empty tables.
"""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules with a long test (or browser journeys, which share one live server) first,
    each kept whole and in order. pytest-xdist hands tests out in this order; started
    last, one such test keeps its worker busy while the other has nothing left to run."""
    def long(item: pytest.Item) -> bool:
        return bool(item.get_closest_marker("long") or item.get_closest_marker("browser")
                    or "tests/browser/" in item.nodeid)

    first = {item.module for item in items if long(item)}
    items[:] = [i for i in items if i.module in first] + \
        [i for i in items if i.module not in first]


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


# The migrated schema, built once per test process and copied for each scratch database
# (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite: a file copy): running the migrations
# costs seconds, a copy a fraction of that. The copy is the migrated database itself.
_TEMPLATES: dict[str, str] = {}


def _postgres_template(server: str, admin, tmp_path_factory: pytest.TempPathFactory) -> str:
    if "postgres" not in _TEMPLATES:
        base = urlsplit(server).path.lstrip("/") or "deliberate_test"
        name = f"{base}_template_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        _TEMPLATES["postgres"] = name
        _migrate(_with_database(server, name), tmp_path_factory)
    return _TEMPLATES["postgres"]


def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "sqlite" not in _TEMPLATES:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        _migrate(f"sqlite:///{path}", tmp_path_factory)
        # Everything into the main file, so that the file alone is the database.
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATES["sqlite"] = str(path)
    return Path(_TEMPLATES["sqlite"])


def drop_templates() -> None:
    name = _TEMPLATES.pop("postgres", None)
    if name:
        admin = create_engine(_postgres_server_url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pytest_sessionfinish(session: pytest.Session) -> None:
    drop_templates()


@contextmanager
def scratch_database(tmp_path_factory: pytest.TempPathFactory, label: str) -> Iterator[str]:
    """A new, migrated database on the backend under test; dropped afterwards."""
    if os.environ.get("DELIBERATE_TEST_DATABASE") == "postgres":
        server = _postgres_server_url()
        base = urlsplit(server).path.lstrip("/") or "deliberate_test"
        name = f"{base}_{label}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        template = _postgres_template(server, admin, tmp_path_factory)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        url = _with_database(server, name)
        try:
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        path = tmp_path_factory.mktemp("db") / f"{label}.sqlite3"
        shutil.copyfile(_sqlite_template(tmp_path_factory), path)
        yield f"sqlite:///{path}"


@contextmanager
def blank_database(tmp_path_factory: pytest.TempPathFactory, label: str) -> Iterator[str]:
    """A database with no tables at all on the backend under test (a new instance before
    init-db, or a migration test's starting point); dropped afterwards."""
    if os.environ.get("DELIBERATE_TEST_DATABASE") == "postgres":
        server = _postgres_server_url()
        name = f"deliberate_blank_{label}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield _with_database(server, name)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('blank') / f'{label}.sqlite3'}"


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


# One app per worker and configuration, handed to test after test: building one compiles
# every URL rule (about 0.15 s, over a thousand times a run). A test that changes the app
# itself (its configuration, rules, hooks, template loader, ...) gets it discarded at its
# end, so the next test builds a new one, exactly as if each test had its own.
_APPS: dict[str, object] = {}
_APPS_KEPT = 8


def _app_key(app_config: dict) -> str | None:
    # The environment is read at creation too (DELIBERATE_* variables), except the
    # instance folder, which each test gets its own of (set below).
    env = sorted((k, v) for k, v in os.environ.items()
                 if k.startswith("DELIBERATE_") and k != "DELIBERATE_INSTANCE_PATH")
    key = repr((sorted(app_config.items()), env))
    return None if " at 0x" in key else key


def _app_state(application) -> tuple:
    """What a test could change on the app that a fresh app would not have."""
    jinja = application.jinja_env
    return (
        copy.deepcopy(dict(application.config)),
        sorted(str(r) + repr(sorted(r.methods or ())) for r in application.url_map.iter_rules()),
        dict(application.view_functions), dict(application.blueprints),
        {k: list(v) for k, v in application.before_request_funcs.items()},
        {k: list(v) for k, v in application.after_request_funcs.items()},
        {k: list(v) for k, v in application.teardown_request_funcs.items()},
        {k: list(v) for k, v in application.url_value_preprocessors.items()},
        {k: list(v) for k, v in application.url_default_functions.items()},
        {k: list(v) for k, v in application.template_context_processors.items()},
        # Flask's lookups add empty entries to these nested defaultdicts; only handlers count.
        {(bp, code, exc): handler
         for bp, by_code in application.error_handler_spec.items()
         for code, handlers in by_code.items() for exc, handler in handlers.items()},
        application.wsgi_app,
        dict(application.extensions), application.test_client_class,
        application.session_interface, application.json,
        jinja.loader, dict(jinja.globals), dict(jinja.filters), dict(jinja.tests),
    )


@pytest.fixture
def app(app_config: dict, tmp_path, monkeypatch: pytest.MonkeyPatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("DELIBERATE_INSTANCE_PATH", str(instance))
    key = _app_key(app_config)
    application = _APPS.pop(key, None) if key else None
    if application is None:
        application = create_app(app_config)
        application.test_client_class = FreshGlobalsClient
    else:
        instance.mkdir(parents=True, exist_ok=True)
        application.instance_path = str(instance)
        application.config["INSTANCE_PATH"] = str(instance)
        # A kept page belongs to the previous test's rows (the tables are emptied, so the
        # data version starts again and could match).
        for name in ("page_cache", "statistics_sessions"):
            cache = application.extensions.get(name)
            if cache is not None:
                cache.clear()
        # Flask refuses new rules after the first request; a fresh app has had none. A
        # test that adds one changes the app and so gets it discarded below.
        application._got_first_request = False
    before = _app_state(application)
    with application.app_context():
        yield application
        db.session.remove()
        _empty_tables()
        db.engine.dispose()
    if key and _app_state(application) == before:
        _APPS[key] = application
        while len(_APPS) > _APPS_KEPT:  # the least recently used goes
            del _APPS[next(iter(_APPS))]


_TABLES: dict[str, tuple[list, bool]] = {}


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        # Only tables the migrations created (a model without its migration yet is skipped);
        # looked up once per database, as the schema does not change under a run.
        url = conn.engine.url.render_as_string(hide_password=False)
        if url not in _TABLES:
            existing = set(inspect(conn).get_table_names())
            _TABLES[url] = ([t for t in db.metadata.sorted_tables if t.name in existing],
                            "search_fts" in existing)
        tables, fts = _TABLES[url]
        if conn.dialect.name == "postgresql":
            # DELETE on the few tables a test filled is much faster than TRUNCATE, which
            # rewrites every table's files (about a second a test here).
            for table in reversed(tables):
                conn.execute(table.delete())
        else:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in reversed(tables):
                conn.execute(table.delete())
            if fts:
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
