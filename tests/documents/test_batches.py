"""The batch registry ("all X of Y as one ZIP"): web download streamed for the roles it
names, parameters checked, records the user may not see left out; the export-batch CLI."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.documents.batches import (
    BatchParam,
    BatchParamError,
    all_batches,
    get_batch,
    register_batch,
    unregister_batch,
)
from deliberate.extensions import db


def _role_choices() -> list[tuple[str, str]]:
    return [(r.value, r.value) for r in Role]


def _cards(role: str, limit: int | None = None):
    stmt = select(User).where(User.role == role).order_by(User.id)
    users = list(db.session.scalars(stmt))
    return users[:limit] if limit else users


@pytest.fixture
def card_batch(card_kind):
    batch = register_batch(
        "test-cards", "名片", kind="test_card",
        params=[BatchParam("role", "角色", str, choices=_role_choices),
                BatchParam("limit", "数量", int, required=False)],
        select=_cards,
        filename=lambda role, limit: f"名片-{role}.zip",
    )
    yield batch
    unregister_batch("test-cards")


def test_registry(card_batch):
    assert get_batch("test-cards") is card_batch and card_batch in all_batches()
    assert card_batch.parse({"role": "member", "limit": "2"}) == {"role": "member", "limit": 2}
    assert card_batch.parse({"role": "member"}) == {"role": "member", "limit": None}
    for bad in ({}, {"role": "king"}, {"role": "member", "limit": "x"},
                {"role": "member" * 50}):
        with pytest.raises(BatchParamError):
            card_batch.parse(bad)
    with pytest.raises(ValueError):
        register_batch("../x", "", kind="test_card", select=list)
    with pytest.raises(ValueError):
        register_batch("ok", "", kind="test_card", select=list,
                       params=[BatchParam("output", "")])


def test_secretariat_downloads_a_streamed_zip(card_batch, auth, factory):
    client, _me = auth.as_role("secretariat")
    a, b = factory.user(role="member", display_name="王喆"), factory.user(role="member")
    factory.user(role="member", is_active=False)  # its card is unavailable: left out
    db.session.commit()
    response = client.get("/documents/batches/test-cards.zip?role=member")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.is_streamed
    assert "filename*=UTF-8''%E5%90%8D%E7%89%87-member.zip" in \
        response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert sorted(archive.namelist()) == sorted([f"名片-{a.id}.pdf", f"名片-{b.id}.pdf"])
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())


def test_records_the_user_may_not_see_are_left_out(card_kind, auth, factory):
    # A batch open to members: each member gets only their own card.
    register_batch("test-mine", "mine", kind="test_card",
                   params=[BatchParam("role", "角色", str)], select=_cards,
                   roles=(Role.member,))
    try:
        client, me = auth.as_role("member")
        factory.user(role="member")
        db.session.commit()
        response = client.get("/documents/batches/test-mine.zip?role=member")
        names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
        assert names == [f"名片-{me.id}.pdf"]
    finally:
        unregister_batch("test-mine")


@pytest.mark.parametrize("role", ["member", "unit_staff", "leader", "admin"])
def test_other_roles_are_refused(card_batch, auth, role):
    client, _user = auth.as_role(role)
    assert client.get("/documents/batches/test-cards.zip?role=member").status_code == 403
    assert client.get("/documents/batches/").status_code == 403


@pytest.mark.parametrize("query", ["", "?role=", "?role=king", "?role=member&limit=two",
                                   "?role=" + "x" * 300])
def test_bad_parameters_are_422_with_a_message(card_batch, auth, query):
    client, _user = auth.as_role("secretariat")
    response = client.get(f"/documents/batches/test-cards.zip{query}")
    assert response.status_code == 422
    assert "角色" in response.get_data(as_text=True) or "数量" in response.get_data(as_text=True)


def test_unknown_batch_is_404(card_batch, auth):
    client, _user = auth.as_role("secretariat")
    assert client.get("/documents/batches/nothing.zip").status_code == 404


def test_batch_page_lists_the_forms(card_batch, auth):
    client, _user = auth.as_role("secretariat")
    html = client.get("/documents/batches/").get_data(as_text=True)
    assert 'data-testid="batch-test-cards"' in html and 'name="limit"' in html
    assert "/documents/batches/test-cards.zip" in html


def test_cli_lists_and_exports_with_progress(card_batch, runner, factory, tmp_path):
    factory.user(role="member")
    factory.user(role="member")
    db.session.commit()
    listed = runner.invoke(args=["export-batch", "--help"])
    assert listed.exit_code == 0 and "test-cards" in listed.output
    out = tmp_path / "cards.zip"
    result = runner.invoke(args=["export-batch", "test-cards", "--role", "member",
                                 "--limit", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.output
    assert len(zipfile.ZipFile(out).namelist()) == 1


@pytest.mark.parametrize("args, message", [
    (["--role", "king"], "Invalid value for --role"),
    (["--role", "member", "--limit", "x"], "Invalid value for --limit"),
    ([], "Missing option"),
])
def test_cli_bad_parameters(card_batch, runner, tmp_path, args, message):
    out = tmp_path / "cards.zip"
    result = runner.invoke(args=["export-batch", "test-cards", *args, "-o", str(out)])
    assert result.exit_code != 0 and message in result.output
    assert not out.exists()


def test_cli_wants_a_zip(card_batch, runner, tmp_path):
    result = runner.invoke(args=["export-batch", "test-cards", "--role", "member",
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and ".zip" in result.output
