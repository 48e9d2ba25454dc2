import re

import pytest

from deliberate.extensions import db
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_login_without_csrf_token_is_refused(client, factory):
    user = factory.user("member")
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/inbox").status_code == 302


def test_login_with_csrf_token(client, factory):
    user = factory.user("member")
    db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_logout_without_token_is_refused_with_chinese_message(auth, factory):
    user = factory.user("member")
    db.session.commit()
    client = auth._app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": user.username, "password": TEST_PASSWORD,
                                "csrf_token": token})
    response = client.post("/logout")
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    assert client.get("/inbox").status_code == 200
