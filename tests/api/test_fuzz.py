"""Property-based run of schemathesis against /api/v1/openapi.json on a seeded app (units,
proposals in several states, topics, meetings): no 500, and every response (status,
headers, body) conforms to the document. Bounded and derandomized so it takes seconds and
fails the same way twice."""

import os
from datetime import timedelta

import flask_babel
import pytest
import schemathesis
from flask import g
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from deliberate.api.openapi import build_document
from deliberate.auth.operations import issue_token
from deliberate.consultation.models import MeetingState, TopicState
from deliberate.extensions import db
from tests.consultation.conftest import make  # noqa: F401  (fixture)
from tests.proposals.conftest import to_state, world  # noqa: F401  (fixture)

# Examples per operation and generation mode; CI may raise it (DELIBERATE_FUZZ_EXAMPLES).
EXAMPLES = int(os.environ.get("DELIBERATE_FUZZ_EXAMPLES", "6"))


@pytest.fixture
def app_config(app_config):
    # The run sends hundreds of requests with one token; the limit has its own tests.
    return {**app_config, "API_RATE_LIMIT": 0}


@pytest.fixture
def seeded(app, factory, world, make):  # noqa: F811
    for n in range(1, 30):
        unit = factory.unit(f"承办单位{n:02d}", short_name=f"单位{n}", sort_order=n % 7)
        unit.is_active = n % 5 != 0
    for state in ("draft", "submitted", "registered", "assigned", "replied", "rehandling",
                  "closed"):
        to_state(world, state)
    topic = make.topic(TopicState.accepted)
    make.topic(TopicState.suggested)
    make.meeting(MeetingState.held, start_in=-timedelta(days=2), topic=topic)
    make.meeting(MeetingState.draft)
    headers = {}
    for name, user in (("unit", world.lead_staff), ("secretariat", world.secretariat),
                       ("member", world.member)):
        _token, plain = issue_token(user, "fuzz")
        headers[name] = {"Authorization": f"Bearer {plain}"}
    db.session.commit()
    return headers


def _operations() -> set[str]:
    return {f"{method.upper()} {path}" for path, ops in build_document()["paths"].items()
            for method in ops if path != "/openapi.json"}


@pytest.mark.long
def test_api_conforms_to_its_document(app, seeded):
    def wsgi(environ, start_response):
        # Each request starts with empty ``g`` as in production (the test keeps one app
        # context open around all of them).
        g.__dict__.clear()
        flask_babel.refresh()
        return app.wsgi_app(environ, start_response)

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi)
    who = st.sampled_from(sorted(seeded))
    seen = set()

    def run(operation):
        # Valid requests must answer as documented. A body valid by the schema can still
        # be refused with a documented 422 by rules no schema states (a PDF by its bytes,
        # a unit id that exists, a date after today), so acceptance is not required of
        # writes.
        excluded = [positive_data_acceptance] if operation.method.upper() == "POST" else []

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE), who=who)
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def valid(case, who):
            seen.add(case.operation.label)
            case.call_and_validate(headers=seeded[who], excluded_checks=excluded)

        # Requests that break the document (bad parameter values, bodies of the wrong
        # shape) must be refused with a documented 4xx, never a 500. The token is added to
        # every request, so schemathesis's "was the missing Authorization rejected"
        # judgement does not apply here; 401 without a token has its own tests.
        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), who=who)
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def invalid(case, who):
            seen.add(case.operation.label)
            case.call_and_validate(headers=seeded[who],
                                   excluded_checks=[negative_data_rejection])

        valid()
        invalid()

    for result in schema.get_all_operations():
        run(result.ok())
    # Every operation but the document itself, which schemathesis leaves out of a run it
    # loaded from that very address.
    assert seen == _operations()
