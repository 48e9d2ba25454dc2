"""Each role's landing page; domains add panels through core.web.register_panel."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from deliberate.core.notify import Notification
from deliberate.core.permissions import Role
from deliberate.core.web import panels_for, register_nav, register_panel
from deliberate.extensions import db

bp = Blueprint("dashboard", __name__)

DASHBOARDS = {
    Role.admin: ("admin", _l("Administration")),
    Role.secretariat: ("secretariat", _l("Secretariat workbench")),
    Role.leader: ("leader", _l("Leader's overview")),
    Role.member: ("member", _l("Member's desk")),
    Role.unit_staff: ("unit", _l("Handling unit desk")),
}
SLUG_ROLE = {slug: role for role, (slug, _label) in DASHBOARDS.items()}

register_nav(_l("Home"), "dashboard.index", tuple(Role), order=0)


@bp.get("/")
def index() -> Response:
    slug, _label = DASHBOARDS[current_user.role]
    return redirect(url_for("dashboard.show", slug=slug))


@bp.get("/desk/<slug>")
def show(slug: str) -> str:
    role = SLUG_ROLE.get(slug)
    if role is None:
        abort(404)
    if current_user.role != role:
        abort(403)
    return render_template("dashboard/home.html", title=DASHBOARDS[role][1],
                           panels=panels_for(current_user))


def _recent_notifications(user: Any) -> dict[str, Any]:  # noqa: ANN401
    stmt = (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.id.desc()).limit(5))
    return {"notifications": list(db.session.scalars(stmt))}


def _directory_counts(_user: Any) -> dict[str, Any]:  # noqa: ANN401
    from deliberate.auth.models import User
    from deliberate.directory.models import PlenarySession, Unit

    counts = dict(db.session.execute(
        select(User.role, func.count(User.id)).where(User.is_active.is_(True))
        .group_by(User.role)).all())
    units = db.session.scalar(select(func.count(Unit.id)).where(Unit.is_active.is_(True)))
    current = db.session.scalar(select(PlenarySession).where(
        PlenarySession.is_current.is_(True)))
    return {"role_counts": counts, "unit_count": units or 0, "current_session": current}


def _my_profile(user: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"me": user}


register_panel("dashboard/_profile.html", tuple(Role), _my_profile, order=5)
register_panel("dashboard/_directory.html", (Role.secretariat, Role.admin, Role.leader),
               _directory_counts, order=10)
register_panel("dashboard/_notifications.html", tuple(Role), _recent_notifications, order=90)
