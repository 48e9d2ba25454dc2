"""Recent re-authentication ("sudo mode") for sensitive actions.

A stolen or forgotten-open session must not be enough to create accounts, change roles,
reset passwords, deactivate or restore records, import rosters or mint API tokens. These
views are wrapped in ``reauth_required``: they run only when the signed-in person typed
their password within ``REAUTH_WINDOW_SECONDS`` (at sign-in, at a password change, or on
the confirm page). Otherwise nothing runs: the person is sent to the confirm page and back.

The moment is kept in the signed session cookie (``auth_at``); a copied old cookie only
carries an older moment, and sign-out or a password change rotates the session anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from deliberate.core.urls import safe_next

F = TypeVar("F", bound=Callable[..., Any])

SESSION_KEY = "auth_at"


def mark_authenticated() -> None:
    """The password was just checked: start a new window."""
    session[SESSION_KEY] = int(time.time())


def recently_authenticated() -> bool:
    stamp = session.get(SESSION_KEY)
    if not isinstance(stamp, int):
        return False
    age = time.time() - stamp
    return 0 <= age <= current_app.config["REAUTH_WINDOW_SECONDS"]


def _return_to() -> str:
    """Where to come back after confirming: the page itself for a GET; for a refused POST,
    the page the form was on (the POST is not replayed, it must be sent again)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = request.referrer or ""
    root = request.host_url.rstrip("/")
    if referrer.startswith(root + "/"):
        referrer = referrer[len(root):]
    return safe_next(referrer) or url_for("dashboard.index")


def refusal() -> Response | None:
    """None when the password was typed recently; otherwise the redirect to the confirm
    page, to be returned instead of acting."""
    if recently_authenticated():
        return None
    if request.method != "GET":
        flash(_("Nothing was changed: confirm your password, then repeat the action."),
              "warning")
    return redirect(url_for("auth.confirm_password", next=_return_to()))


def reauth_required(view: F) -> F:
    """Every method of the view needs a recent password (form pages too, so nobody fills
    in a form only to be stopped when sending it)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return refusal() or view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
