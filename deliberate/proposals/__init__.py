"""Proposals (提案) from filing to the proposer's verdict (DOMAIN.md)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import Role
from deliberate.core.web import register_nav, register_panel

bp = Blueprint("proposals", __name__)
URL_PREFIX = "/proposals"

register_nav(_l("My proposals"), "proposals.my_proposals", (Role.member,), order=20)
register_nav(_l("Proposals"), "proposals.list_proposals",
             (Role.secretariat, Role.leader, Role.admin), order=20)
register_nav(_l("Review queue"), "proposals.review_queue", (Role.secretariat,), order=21)
register_nav(_l("Deadlines"), "proposals.deadline_board", (Role.secretariat,), order=22)
register_nav(_l("Key proposals"), "proposals.key_proposals", (Role.secretariat, Role.leader),
             order=23)
register_nav(_l("Assigned proposals"), "proposals.unit_inbox", (Role.unit_staff,), order=20)


def _panel(user: object) -> dict:
    from deliberate.proposals.panels import panel_context

    return panel_context(user)


register_panel("proposals/_panel.html",
               (Role.member, Role.secretariat, Role.unit_staff, Role.leader), _panel, order=20)



def _add_commands(state: object) -> None:
    from deliberate.proposals.reminders import remind_command

    # A top-level command (INTERFACES.md: flask --app deliberate remind).
    state.app.cli.add_command(remind_command)


bp.record_once(_add_commands)

from deliberate.proposals import documents, views  # noqa: E402,F401
