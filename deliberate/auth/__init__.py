"""Accounts, sign-in, password change."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

bp = Blueprint("auth", __name__)


def setup_login(app: Flask, login_manager: LoginManager) -> None:
    from deliberate.auth.models import User
    from deliberate.extensions import db

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(value: str) -> User | None:
        user_id, _sep, token = value.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active or user.session_token != token:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized() -> object:
        flash(str(login_manager.login_message), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


from deliberate.auth import token_views, views  # noqa: E402,F401
