"""A request body over MAX_CONTENT_LENGTH is refused with a localized 413 page, before
any view sees it (issue 8, point 2)."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.usefixtures("collect_upload_files")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAX_CONTENT_LENGTH": 64 * 1024}


@pytest.mark.parametrize("url,anonymous", [("/login", True), ("/proposals/preview", False),
                                           ("/directory/import", False)])
def test_request_body_over_the_cap_is_413_in_chinese(auth, client, url, anonymous):
    c = client if anonymous else auth.as_role("secretariat")[0]
    r = c.post(url, data={"file": (io.BytesIO(b"x" * 100 * 1024), "big.xlsx"),
                          "title": "x"}, content_type="multipart/form-data")
    assert r.status_code == 413
    page = r.get_data(as_text=True)
    assert "<html" in page and "超过了允许的大小" in page
    r = c.post(url, data={"title": "y" * 100 * 1024})
    assert r.status_code == 413
