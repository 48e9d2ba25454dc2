"""Reports (统计与台账): the secretariat's statistics with charts, the proposal ledger
(提案台账) and the meeting lists as .xlsx."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import Role
from deliberate.core.web import register_nav

bp = Blueprint("reports", __name__)
URL_PREFIX = "/reports"

# Everything here is read-only. The statistics are aggregates over every proposal, so
# whoever reads every proposal (the secretariat, the leaders who supervise, the
# administrator) may see them; members and units see only their own cases and get none.
READERS = (Role.secretariat, Role.leader, Role.admin)

register_nav(_l("Statistics"), "reports.statistics", READERS, order=60)

from deliberate.reports import summary, views  # noqa: E402,F401


@bp.record_once
def _keep_session_figures(state: object) -> None:
    summary.init_app(state.app)  # type: ignore[attr-defined]
