"""Consultation (协商) from topic to result: topics, meetings, speeches, calendars."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consultation", __name__)
URL_PREFIX = "/consultation"

from deliberate.consultation import views  # noqa: E402,F401
