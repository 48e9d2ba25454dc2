"""deliberate: consultation and proposal work of a CPPCC-style consultative body."""

from __future__ import annotations

import importlib
import importlib.util
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from deliberate.extensions import babel, bootstrap, csrf, db, login_manager, migrate

# Each is a package with an optional ``bp`` blueprint (and ``URL_PREFIX``), ``models``,
# ``translations``; later issues add their package and it is picked up here.
DOMAINS = (
    "auth", "dashboard", "directory", "proposals", "consultation", "documents",
    "reports", "search", "api",
)
PACKAGE_DIR = Path(__file__).resolve().parent
# Migrations sit beside the package (the app runs from its checkout, as the README says).
MIGRATIONS_DIR = PACKAGE_DIR.parent / "migrations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then instance/config.py, then DELIBERATE_* env."""
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(os.environ.get("DELIBERATE_INSTANCE_PATH", app.instance_path))
    app.instance_path = str(instance)
    instance.mkdir(parents=True, exist_ok=True)

    app.config.from_object("deliberate.config")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("DELIBERATE")
    else:
        app.config.from_prefixed_env("DELIBERATE")
        app.config.update(test_config)

    _configure_database_url(app, instance)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)

    from deliberate.core import i18n, sqlite

    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=i18n.translation_directories())
    sqlite.configure_engines(app)

    from deliberate import models

    models.load_all()
    from deliberate.auth import setup_login

    setup_login(app, login_manager)

    from deliberate.core import pagecache, security, stamps, web

    web.init_app(app)
    pagecache.init_app(app)
    stamps.init_app(app)
    security.init_app(app)
    from deliberate.core.views import bp as core_bp

    app.register_blueprint(core_bp)
    for module in domain_modules():
        bp = getattr(module, "bp", None)
        if bp is not None:
            app.register_blueprint(bp, url_prefix=getattr(module, "URL_PREFIX", None))

    if app.config.get("PROXY_FIX_X_FOR"):
        # Behind a reverse proxy: trust its X-Forwarded-* headers (sign-in throttling needs
        # the client's address, cookies need the scheme).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]),
                                x_proto=1, x_host=1)

    from deliberate.cli import register_commands

    register_commands(app)
    return app


def domain_modules() -> list:
    """The domain packages present, in a fixed order (one package per domain, DESIGN.md)."""
    found = []
    for name in DOMAINS:
        if importlib.util.find_spec(f"deliberate.{name}") is not None:
            found.append(importlib.import_module(f"deliberate.{name}"))
    return found


def _configure_database_url(app: Flask, instance: Path) -> None:
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = f"sqlite:///{instance / 'deliberate.sqlite3'}"
    # psycopg 3 is the driver we ship; accept the plain URLs people copy from elsewhere.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    app.config["SQLALCHEMY_DATABASE_URI"] = url


def _instance_secret_key(instance: Path) -> str:
    """Generate the key once per instance so sessions survive restarts and workers agree.

    gunicorn's workers start together: the key is written whole to a file of the worker's
    own, then linked into place, which fails if another worker got there first, so no
    worker ever reads a half-written (empty) key and all of them read the same one."""
    path = instance / "secret_key"
    if not path.exists():
        own = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:
            os.link(own, path)
        except FileExistsError:
            pass
        finally:
            own.unlink()
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and start again")
    return key
