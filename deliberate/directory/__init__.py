"""The body's directory: terms and sessions, sectors, committees, members, units, leaders,
and the installation's working-day corrections."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import DIRECTORY_KEEPERS
from deliberate.core.web import register_nav, register_panel

bp = Blueprint("directory", __name__)
URL_PREFIX = "/directory"

register_nav(_l("Directory"), "directory.index", DIRECTORY_KEEPERS, order=80)


def _calendar_panel(user: object) -> dict:
    from deliberate.directory.calendar import panel_context

    return panel_context(user)


# A warning on the keepers' desks when deadlines will soon run into a year the holiday
# library does not know yet.
register_panel("directory/_panel_calendar.html", DIRECTORY_KEEPERS, _calendar_panel, order=5)


def _add_commands(state: object) -> None:
    from deliberate.directory.calendar import calendar_command

    # A top-level command: flask --app deliberate calendar set|unset|list|import.
    state.app.cli.add_command(calendar_command)


bp.record_once(_add_commands)

from deliberate.directory import views  # noqa: E402,F401
