"""Registry, downloads, previews, issuing (issued means fixed) and the render command."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from deliberate.core.events import events_for
from deliberate.core.workflow import ActionNotAllowed
from deliberate.documents.models import IssuedDocument
from deliberate.documents.operations import (
    document_pdf,
    issue_document,
    issued_document,
    render_document,
)
from deliberate.documents.registry import (
    DocumentKind,
    DocumentUnavailable,
    all_kinds,
    get_kind,
    register_kind,
)
from deliberate.extensions import db
from tests.pdfcheck import all_text, upright_text


def test_kind_names_are_identifiers(card_kind):
    assert get_kind("test_card") is card_kind and card_kind in all_kinds()
    with pytest.raises(ValueError):
        register_kind(DocumentKind(name="../x", label="", template="", load=lambda i: None,
                                   context=dict, filename=str))


# -- downloads ---------------------------------------------------------------------------
def test_owner_downloads_a_watermarked_draft(card_kind, auth):
    client, user = auth.as_role("member", display_name="张堃")
    response = client.get(f"/documents/test_card/{user.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"%PDF")
    assert "张堃名片" in upright_text(data)
    assert "征求意见稿" in all_text(data).replace(" ", "")


@pytest.mark.parametrize("role, allowed", [
    ("member", False), ("unit_staff", False), ("leader", False),
    ("secretariat", True), ("admin", True),
])
def test_download_permission_by_role(card_kind, auth, factory, role, allowed):
    owner = factory.user(role="member")
    db.session.commit()
    client, _viewer = auth.as_role(role)
    for url in (f"/documents/test_card/{owner.id}.pdf",
                f"/documents/test_card/{owner.id}/preview"):
        assert client.get(url).status_code == (200 if allowed else 403)


def test_download_requires_sign_in(card_kind, client, factory):
    owner = factory.user()
    db.session.commit()
    response = client.get(f"/documents/test_card/{owner.id}.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_kind_or_record_is_404(card_kind, auth):
    client, user = auth.as_role("secretariat")
    assert client.get(f"/documents/nothing/{user.id}.pdf").status_code == 404
    assert client.get("/documents/test_card/999999.pdf").status_code == 404
    assert client.get("/documents/test_card/abc.pdf").status_code == 404
    assert client.get("/documents/nothing/1/preview").status_code == 404


def test_unavailable_document_is_a_clear_409(card_kind, auth, factory):
    client, _user = auth.as_role("secretariat")
    gone = factory.user(is_active=False)
    db.session.commit()
    response = client.get(f"/documents/test_card/{gone.id}.pdf")
    assert response.status_code == 409
    assert "该账号已停用" in response.get_data(as_text=True)


def test_preview_is_html_from_the_same_template(card_kind, auth):
    client, user = auth.as_role("member", display_name="王喆")
    response = client.get(f"/documents/test_card/{user.id}/preview")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "王喆名片" in page and "/static/css/pdf/gbt9704.css" in page
    assert "征求意见稿" in page
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_markdown_body_is_sanitised_in_preview(card_kind, auth, factory):
    client, _user = auth.as_role("secretariat")
    owner = factory.user(title='<script>alert(1)</script><img src="http://127.0.0.1:1/x">')
    db.session.commit()
    page = client.get(f"/documents/test_card/{owner.id}/preview").get_data(as_text=True)
    assert "<script>alert" not in page
    assert client.get(f"/documents/test_card/{owner.id}.pdf").status_code == 200


# -- issued means fixed ------------------------------------------------------------------
def test_issue_stores_exact_bytes_and_logs_their_hash(card_kind, factory, auth):
    secretariat = factory.user(role="secretariat")
    owner = factory.user(display_name="李婳")
    doc = issue_document("test_card", owner, secretariat)
    db.session.commit()
    data = doc.file.data
    assert data.startswith(b"%PDF")
    assert doc.sha256 == hashlib.sha256(data).hexdigest() == doc.file.sha256
    assert doc.issued_by_id == secretariat.id and doc.kind == "test_card"
    assert "征求意见稿" not in all_text(data)
    (event,) = [e for e in events_for("user", owner.id) if e.action == "issue_document"]
    assert event.data["sha256"] == doc.sha256 and event.actor_id == secretariat.id
    assert event.action_label == "文件已印发"

    # Later changes to the record do not change what was issued.
    owner.display_name = "李婳婳"
    db.session.commit()
    client = auth.client_for(owner)
    response = client.get(f"/documents/test_card/{owner.id}.pdf")
    assert response.status_code == 200
    assert response.get_data() == data
    assert response.headers["ETag"].strip('"') == doc.sha256
    again = client.get(f"/documents/test_card/{owner.id}.pdf",
                       headers={"If-None-Match": f'"{doc.sha256}"'})
    assert again.status_code == 304
    # The preview of an issued document carries no draft watermark either.
    assert "征求意见稿" not in client.get(f"/documents/test_card/{owner.id}/preview").get_data(
        as_text=True)


def test_issuing_twice_is_refused(card_kind, factory):
    secretariat = factory.user(role="secretariat")
    owner = factory.user()
    issue_document(card_kind, owner, secretariat)
    with pytest.raises(ActionNotAllowed):
        issue_document(card_kind, owner, secretariat)
    assert db.session.query(IssuedDocument).count() == 1


def test_unavailable_document_is_not_issued(card_kind, factory):
    secretariat = factory.user(role="secretariat")
    gone = factory.user(is_active=False)
    with pytest.raises(DocumentUnavailable):
        issue_document(card_kind, gone, secretariat)
    assert issued_document(card_kind, gone.id) is None


def test_kinds_that_are_not_issued_render_without_watermark(app, card_kind, factory):
    plain = register_kind(DocumentKind(
        name="test_plain", label="plain", template=card_kind.template, load=card_kind.load,
        context=card_kind.context, filename=card_kind.filename, issuable=False))
    try:
        owner = factory.user()
        data, issued = document_pdf(plain, owner)
        assert issued is None and "征求意见稿" not in all_text(data)
        with pytest.raises(ActionNotAllowed):
            issue_document(plain, owner, owner)
    finally:
        from deliberate.documents.registry import unregister_kind

        unregister_kind("test_plain")


def test_render_document_draft_flag(card_kind, factory):
    owner = factory.user()
    assert "征求意见稿" in all_text(render_document(card_kind, owner, draft=True)).replace(" ", "")
    assert "征求意见稿" not in all_text(render_document(card_kind, owner, draft=False))


# -- batch export ------------------------------------------------------------------------
def test_export_zip_of_visible_documents(card_kind, auth, factory):
    client, _user = auth.as_role("secretariat")
    a, b = factory.user(), factory.user()
    db.session.commit()
    response = client.get(f"/documents/test_card/export.zip?ids={a.id},{b.id}&id={a.id}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert sorted(archive.namelist()) == sorted([f"名片-{a.id}.pdf", f"名片-{b.id}.pdf"])
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())


def test_export_refuses_records_the_user_may_not_see(card_kind, auth, factory):
    client, me = auth.as_role("member")
    other = factory.user()
    db.session.commit()
    assert client.get(f"/documents/test_card/export.zip?ids={me.id},{other.id}").status_code \
        == 403
    assert client.get(f"/documents/test_card/export.zip?ids={me.id}").status_code == 200


@pytest.mark.parametrize("query", ["", "?ids=", "?ids=abc", "?ids=1;2", "?ids=-1",
                                   "?ids=" + ",".join(str(i) for i in range(1, 1003))])
def test_export_bad_input_is_400(card_kind, auth, query):
    client, _user = auth.as_role("secretariat")
    assert client.get(f"/documents/test_card/export.zip{query}").status_code == 400


def test_export_unknown_record_or_kind_is_404(card_kind, auth):
    client, user = auth.as_role("secretariat")
    assert client.get("/documents/test_card/export.zip?ids=999999").status_code == 404
    assert client.get(f"/documents/nothing/export.zip?ids={user.id}").status_code == 404


# -- command line ------------------------------------------------------------------------
def test_render_command_writes_a_pdf(card_kind, runner, factory, tmp_path):
    owner = factory.user(display_name="陈旻")
    db.session.commit()
    out = tmp_path / "card.pdf"
    result = runner.invoke(args=["render", "test_card", str(owner.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "陈旻名片" in upright_text(out.read_bytes())
    html = tmp_path / "card.html"
    result = runner.invoke(args=["render", "test_card", str(owner.id), "-o", str(html),
                                 "--html"])
    assert result.exit_code == 0 and "陈旻名片" in html.read_text(encoding="utf-8")


def test_render_command_serves_issued_bytes(card_kind, runner, factory, tmp_path):
    secretariat = factory.user(role="secretariat")
    owner = factory.user()
    doc = issue_document(card_kind, owner, secretariat)
    db.session.commit()
    out = tmp_path / "card.pdf"
    assert runner.invoke(args=["render", "test_card", str(owner.id), "-o", str(out)]).exit_code \
        == 0
    assert out.read_bytes() == doc.file.data


def test_render_command_zip_with_progress_and_skips(card_kind, runner, factory, tmp_path):
    a, b = factory.user(), factory.user()
    gone = factory.user(is_active=False)
    db.session.commit()
    out = tmp_path / "cards.zip"
    result = runner.invoke(args=["render", "test_card", str(a.id), str(b.id), str(gone.id),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(zipfile.ZipFile(out).namelist()) == 2
    assert f"skipped test_card {gone.id}" in result.output


@pytest.mark.parametrize("args, message", [
    (["nothing", "1"], "no document kind"),
    (["test_card", "999999"], "no test_card with id 999999"),
    (["test_card", "1", "2"], "several documents go into a .zip"),
])
def test_render_command_errors(card_kind, runner, factory, tmp_path, args, message):
    factory.user()
    db.session.commit()
    result = runner.invoke(args=["render", *args, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and message in result.output


def test_render_command_unavailable_document(card_kind, runner, factory, tmp_path):
    gone = factory.user(is_active=False)
    db.session.commit()
    result = runner.invoke(args=["render", "test_card", str(gone.id), "-o",
                                 str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "该账号已停用" in result.output


def test_document_buttons_macro(card_kind, app):
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string(
            '{% from "documents/_buttons.html" import document_buttons %}'
            '{{ document_buttons("test_card", 7) }}')
    assert 'href="/documents/test_card/7.pdf"' in html
    assert 'href="/documents/test_card/7/preview"' in html
    assert "下载PDF" in html and "打印预览" in html
