"""The body's directory: terms and sessions, sectors, committees, members, units, leaders."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import DIRECTORY_KEEPERS
from deliberate.core.web import register_nav

bp = Blueprint("directory", __name__)
URL_PREFIX = "/directory"

register_nav(_l("Directory"), "directory.index", DIRECTORY_KEEPERS, order=80)

from deliberate.directory import views  # noqa: E402,F401
