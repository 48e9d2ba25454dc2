"""Routes of consultation work, one module per part; navigation and dashboard panels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from deliberate.consultation import (  # noqa: F401  (registers the routes and documents)
    documents,
    meeting_views,
    minutes_views,
    plan_views,
    result_views,
    speech_views,
    topic_views,
    visit_views,
)
from deliberate.consultation.panels import register_panels
from deliberate.core.permissions import Role
from deliberate.core.web import register_nav, register_nav_group

register_nav_group("consultation", _l("Consultation"))
register_nav(_l("Topics"), "consultation.list_topics", tuple(Role), order=40)
register_nav(_l("Annual plan"), "consultation.list_plans", tuple(Role), order=41)
register_nav(_l("Research visits"), "consultation.list_visits",
             (Role.secretariat, Role.admin, Role.leader, Role.member), order=41)
register_nav(_l("Consultation meetings"), "consultation.list_meetings",
             (Role.secretariat, Role.admin, Role.leader, Role.member), order=42)
register_nav(_l("Speeches"), "consultation.list_speeches",
             (Role.secretariat, Role.leader, Role.member), order=43)
register_nav(_l("Results"), "consultation.results",
             (Role.secretariat, Role.admin, Role.leader), order=44)
register_panels()
