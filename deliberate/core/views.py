"""Routes every role shares: liveness, the notifications inbox, the language switch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request
from flask import session as http_session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select, text
from werkzeug.wrappers import Response

from deliberate.core.notify import Notification, mark_read
from deliberate.core.pagination import paginate
from deliberate.core.permissions import public
from deliberate.core.urls import safe_next
from deliberate.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/healthz")
@public
def healthz() -> Any:  # noqa: ANN401
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001  (any database failure means "not healthy")
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/inbox")
def inbox() -> str:
    stmt = (
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc())
    )
    page = paginate(stmt, per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("core/inbox.html", page=page)


@bp.post("/inbox/read")
def read_notifications() -> Response:
    raw = request.form.getlist("id")
    ids = [int(v) for v in raw if v.isdigit()] if raw else None
    mark_read(current_user, ids)
    db.session.commit()
    return redirect(safe_next(request.form.get("next")) or "/inbox")


@bp.get("/inbox/<int:notification_id>")
def open_notification(notification_id: int) -> Response:
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        from flask import abort

        abort(404)
    mark_read(current_user, [note.id])
    db.session.commit()
    return redirect(safe_next(note.url) or "/inbox")


@bp.post("/language")
@public
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        flash(_("Unknown language."), "danger")
    else:
        http_session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or "/")
