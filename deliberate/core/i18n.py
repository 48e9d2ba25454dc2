"""Language selection and the message catalogues.

Message ids are English; Simplified Chinese is the default locale and has a full catalogue.
Each domain package keeps its own catalogue in ``<package>/translations`` (Flask-Babel merges
every directory), so a feature's strings live beside its code.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def translation_directories() -> str:
    dirs = sorted(str(p) for p in PACKAGE_DIR.glob("*/translations") if p.is_dir())
    return ";".join(dirs) or str(PACKAGE_DIR / "translations")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # CLI and background work: the body's default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # A request that names its language itself (the API's Accept-Language) comes first.
    if g.get("request_locale") in languages:
        return g.request_locale
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    # First visit: Chinese unless the browser asks for English only.
    best = request.accept_languages.best_match(list(languages))
    return best if best == "en" and "zh" not in str(request.accept_languages) else "zh"
