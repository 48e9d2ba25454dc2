from __future__ import annotations

import jinja2
import pytest

from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.documents.registry import DocumentKind, register_kind, unregister_kind
from deliberate.extensions import db

CARD_TEMPLATE = (
    '{% extends "pdf/_base.html" %}{% block content %}'
    '<h1 class="doc-title">{{ title }}</h1><div class="body">{{ official_body(body) }}</div>'
    '{% endblock %}')


def _can_view(user: User, viewer) -> bool:
    return bool(viewer.is_authenticated
                and (viewer.id == user.id or viewer.role in (Role.secretariat, Role.admin)))


@pytest.fixture
def card_kind(app):
    """A document kind that exists only in tests: a card for a user account."""
    app.jinja_env.loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({"pdf/test_card.html": CARD_TEMPLATE}), app.jinja_env.loader])
    kind = register_kind(DocumentKind(
        name="test_card",
        label="card",
        template="pdf/test_card.html",
        load=lambda object_id: db.session.get(User, object_id),
        context=lambda u: {"title": f"{u.display_name}名片", "body": u.title or "政协委员"},
        filename=lambda u: f"名片-{u.id}.pdf",
        can_view=_can_view,
        unavailable=lambda u: None if u.is_active else "该账号已停用，不能生成名片。",
        object_type="user",
    ))
    yield kind
    unregister_kind("test_card")
