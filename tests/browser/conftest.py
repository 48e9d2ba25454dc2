"""Browser journeys: Playwright driving Debian's /usr/bin/chromium (never a downloaded
browser) against the real app served on a loopback port with the demo body loaded.

Any JavaScript console error or uncaught page error fails the test."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from deliberate import create_app
from deliberate.extensions import db
from tests.conftest import scratch_database

CHROMIUM = os.environ.get("DELIBERATE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = os.environ.get("DELIBERATE_BROWSER_ARTIFACTS", "")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    from deliberate.demo.seed import seed

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the test set-up installs Debian's chromium")
    with scratch_database(tmp_path_factory, "browser") as url:
        instance = tmp_path_factory.mktemp("browser-instance")
        os.environ["DELIBERATE_INSTANCE_PATH"] = str(instance)
        app = create_app({
            "DATABASE_URL": url,
            "SECRET_KEY": "browser-secret",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        })
        with app.app_context():
            seed()
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()
            os.environ.pop("DELIBERATE_INSTANCE_PATH", None)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server, locale="zh-CN",
                                  viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    errors: list[str] = []

    def on_console(msg):
        if msg.type != "error":
            return
        # A 4xx page itself (wrong password 401, a refused action 409) is logged by
        # Chromium as a failed load of the document; its sub-resources still count.
        if msg.text.startswith("Failed to load resource") and \
                msg.location.get("url", "").split("?")[0] == pg.url.split("?")[0]:
            return
        errors.append(f"{msg.text} at {msg.location.get('url')}")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    if ARTIFACTS:
        os.makedirs(ARTIFACTS, exist_ok=True)
        pg.screenshot(path=os.path.join(ARTIFACTS, f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def login(page, username: str, password: str = "demo1234") -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit], input[type=submit]")
