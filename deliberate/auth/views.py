from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask import session as http_session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from deliberate.auth import bp
from deliberate.auth.forms import LoginForm, PasswordChangeForm, PasswordConfirmForm
from deliberate.auth.models import User
from deliberate.auth.reauth import mark_authenticated
from deliberate.auth.throttle import record_attempt, seconds_until_allowed
from deliberate.core.events import record_event
from deliberate.core.permissions import public
from deliberate.core.types import utcnow
from deliberate.core.urls import safe_next
from deliberate.extensions import db


def _client_address() -> str:
    # Behind a proxy, PROXY_FIX_X_FOR makes remote_addr the client's (see create_app).
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> Any:  # noqa: ANN401
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = 200
    if form.validate_on_submit():
        username = form.username.data.strip()
        address = _client_address()
        wait = seconds_until_allowed(username, address)
        if wait:
            _flash_throttled(wait)
            status = 429
        else:
            user = db.session.scalar(
                select(User).where(func.lower(User.username) == username.lower())
            )
            if user is not None and user.check_password(form.password.data):
                if not user.is_active:
                    record_attempt(username, address, False)
                    db.session.commit()
                    flash(_("This account has been deactivated. Please contact the "
                            "secretariat."), "danger")
                    status = 403
                else:
                    record_attempt(username, address, True)
                    user.last_login_at = utcnow()
                    lang = http_session.get("lang")
                    # A fresh session at sign-in: nothing from before survives (fixation).
                    http_session.clear()
                    if lang:
                        http_session["lang"] = lang
                    login_user(user)
                    mark_authenticated()
                    record_event("user", user.id, "login", user)
                    db.session.commit()
                    return redirect(safe_next(form.next.data) or url_for("dashboard.index"))
            else:
                record_attempt(username, address, False)
                db.session.commit()
                flash(_("Wrong username or password."), "danger")
                status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    # Rotating the token makes a copied cookie useless after sign-out.
    current_user.rotate_session()
    db.session.commit()
    logout_user()
    http_session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> Any:  # noqa: ANN401
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
            status = 400
        else:
            current_user.set_password(form.new_password.data)
            current_user.must_change_password = False
            current_user.rotate_session()
            record_event("user", current_user.id, "change_password", current_user)
            user = current_user._get_current_object()
            db.session.commit()
            # The rotated token would end this session too: sign in again with the new one.
            login_user(user)
            mark_authenticated()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("dashboard.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password.html", form=form), status


def _flash_throttled(wait: int) -> None:
    """The refusal while sign-in attempts are throttled (login and password re-check)."""
    flash(_("Too many failed sign-in attempts. Please try again in %(n)d minutes.",
            n=max(1, -(-wait // 60))), "danger")


@bp.route("/account/confirm", methods=["GET", "POST"])
def confirm_password() -> Any:  # noqa: ANN401
    """Type the password again before a sensitive action (see auth/reauth.py)."""
    form = PasswordConfirmForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = 200
    if form.validate_on_submit():
        # Guessing here counts against the same limits as at sign-in: a borrowed session
        # must not become a password oracle.
        username, address = current_user.username, _client_address()
        wait = seconds_until_allowed(username, address)
        if wait:
            _flash_throttled(wait)
            status = 429
        elif current_user.check_password(form.password.data):
            record_attempt(username, address, True)
            mark_authenticated()
            record_event("user", current_user.id, "confirm_password", current_user)
            db.session.commit()
            return redirect(safe_next(form.next.data) or url_for("dashboard.index"))
        else:
            record_attempt(username, address, False)
            db.session.commit()
            form.password.errors.append(_("The password is wrong."))
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/confirm.html", form=form), status
