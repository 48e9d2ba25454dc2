"""Security tests: the proposal tests' body of users and units, and (per module) one app
with a whole body built once: a proposal in every state, consultation records in theirs,
a signed-in client and an API token per role (tests/security/matrix_world.py)."""

from __future__ import annotations

import gc
import warnings

import pytest

from deliberate import create_app
from deliberate.auth.operations import issue_token
from deliberate.extensions import db
from tests.conftest import TEST_PASSWORD, FreshGlobalsClient, _config, _empty_tables
from tests.factories import Factory
from tests.proposals.conftest import World, world  # noqa: F401  (a fixture, used by name)
from tests.security.matrix_world import build, users_by_role


@pytest.fixture
def collect_upload_files():
    """Werkzeug spools a large upload to a temporary file; when the body is refused (413)
    or left unread, nothing closes it before the garbage collector does, and its
    ResourceWarning would land on whichever test runs next. Collect it here, quietly."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def signed_in(app, user):
    c = app.test_client()
    r = c.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert r.status_code == 302, r.get_data(as_text=True)[:300]
    return c


@pytest.fixture(scope="module")
def module_app(database_url, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("security")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DELIBERATE_INSTANCE_PATH", str(tmp / "instance"))
        # Hundreds of API requests a token: the rate limit has its own tests.
        application = create_app({**_config(database_url, tmp), "API_RATE_LIMIT": "0"})
        application.test_client_class = FreshGlobalsClient
        with application.app_context():
            yield application
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="module")
def module_world(module_app):
    f = Factory(password=TEST_PASSWORD)
    session = f.session()
    lead, co, third = f.unit("生态环境局"), f.unit("财政局"), f.unit("住房和城乡建设局")
    w = World(session=session, member=f.user("member"), other_member=f.user("member"),
              cosigner=f.user("member"), secretariat=f.user("secretariat"),
              leader=f.user("leader"), lead_unit=lead, co_unit=co, third_unit=third,
              lead_staff=f.user("unit_staff", unit=lead), co_staff=f.user("unit_staff", unit=co),
              third_staff=f.user("unit_staff", unit=third), admin=f.user("admin"))
    db.session.commit()
    m = build(w)
    users = users_by_role(w)
    clients = {"anonymous": module_app.test_client()}
    tokens = {"anonymous": None}
    for role, user in users.items():
        clients[role] = signed_in(module_app, user)
        tokens[role] = issue_token(user, "matrix")[1]
    db.session.commit()
    return m, users, clients, tokens
