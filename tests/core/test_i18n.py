"""Chinese is the default language and its catalogue is complete."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_has_a_chinese_translation():
    assert _i18n_script().missing() == []


def test_a_message_means_one_thing_in_every_catalogue():
    assert _i18n_script().conflicts() == {}


def test_error_pages_are_chinese(auth):
    client, _user = auth.as_role("member")
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "页面不存在" in page.get_data(as_text=True)
    page = client.get("/desk/admin")
    assert page.status_code == 403 and "无权访问" in page.get_data(as_text=True)
    page = client.post("/healthz")
    assert page.status_code == 405 and "不支持该请求方式" in page.get_data(as_text=True)
