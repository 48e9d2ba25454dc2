"""The proposals' official documents: the proposal as filed, the reply letter, the ledger
(of a session and of the filtered working list), a session's replies as one ZIP; who may
download them, and the buttons on the pages."""

from __future__ import annotations

import io
import socket
import time
import zipfile
from datetime import date, timedelta

import pdfplumber
import pytest

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Reply
from tests.pdfcheck import font_report, pages_lines, upright_text
from tests.proposals.conftest import BODY, PDF, REPLY, make_draft, to_state

RARE_NAMES = ("赵婳", "丁喆", "王旻", "李堃")  # 9, 2, 4 and 7 strokes in the surname


def pdf_of(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    data = response.get_data()
    assert data.startswith(b"%PDF")
    return data


def _check_fonts(data: bytes, chars: str) -> None:
    report = font_report(data)
    assert report and all(embedded for _name, embedded in report), report
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        found = {c["text"]: c["fontname"] for page in pdf.pages for c in page.chars}
    for ch in chars:
        # Present, and drawn from a CJK font (a missing glyph falls back to tofu).
        assert ch in found and "CJK" in found[ch], (ch, found.get(ch))


@pytest.fixture
def signed(world, factory):
    """A registered proposal with four confirmed co-signers of rare names, one still
    invited and one who declined; a long body so it runs over three pages."""
    people = [factory.user("member", display_name=n) for n in RARE_NAMES]
    invited = factory.user("member", display_name="马未复")
    declined = factory.user("member", display_name="方不签")
    db.session.commit()
    long_text = "\n\n".join(["汉阳区生态保护与城市更新协调推进，需要统筹规划、分步实施。" * 6] * 12)
    p = ops.create_proposal(world.member, world.session,
                            {**BODY, "situation": long_text, "analysis": long_text},
                            unit_ids=[world.lead_unit.id, world.co_unit.id])
    ops.invite_cosigners(p, world.member, [*people, invited, declined])
    for person in people:
        ops.confirm_cosign(p, person)
    ops.decline_cosign(p, declined)
    ops.submit_proposal(p, world.member)
    ops.register_proposal(p, world.secretariat)
    db.session.commit()
    return p


# -- the proposal as filed -------------------------------------------------------------------
def test_proposal_pdf_content_order_fonts_and_layout(world, auth, signed):
    client = auth.client_for(world.member)
    data = pdf_of(client, f"/documents/proposal/{signed.id}.pdf")
    text = upright_text(data)
    for expected in (BODY["title"], "第0001号", world.session.name, "生态文明建设", "大会提案",
                     "一、情况", "二、分析", "三、具体建议", "建立生态补偿机制",
                     "建议承办单位生态环境局、财政局", "提交日期"):
        assert expected in text, expected
    # The first proposer first, then the confirmed co-signers by surname strokes.
    assert "张雅文、丁喆、王旻、李堃、赵婳" in text
    assert "马未复" not in text and "方不签" not in text
    _check_fonts(data, "堃喆婳旻" + BODY["title"])
    pages = pages_lines(data)
    assert len(pages) >= 3
    for n, (width, height, lines) in enumerate(pages, start=1):
        assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
        footer = lines[-1]
        assert footer.text.replace(" ", "") == f"—{n}—"
        assert footer.top > 250
        if n % 2:   # odd: right, one character in from the text block's right edge
            assert abs(footer.x1 - (210 - 26 - 4.94)) < 1.5
        else:       # even: left, one character in
            assert abs(footer.x0 - (26 + 4.94)) < 1.5
        text_lines = [ln for ln in lines[:-1] if ln.size > 15]
        # The first line of text starts 37 mm from the top; on odd pages the text block
        # starts 28 mm from the left (wrapped lines of a paragraph start there).
        assert abs(lines[0].top - 37) <= 1, (n, lines[0])
        left = min(ln.x0 for ln in text_lines)
        assert abs(left - (28 if n % 2 else 26)) <= 1, (n, left)


def test_collective_proposal_prints_the_collective_name(world, auth):
    p = ops.create_proposal(world.secretariat, world.session, dict(BODY),
                            collective_name="民盟汉阳区委员会")
    db.session.commit()
    text = upright_text(pdf_of(auth.client_for(world.secretariat),
                               f"/documents/proposal/{p.id}.pdf"))
    assert "民盟汉阳区委员会" in text and "（未编号）" in text and "平时提案" not in text


def test_a_draft_prints_unnumbered_for_its_proposer(world, auth):
    p = to_state(world, "draft")
    text = upright_text(pdf_of(auth.client_for(world.member), f"/documents/proposal/{p.id}.pdf"))
    assert "（未编号）" in text and BODY["title"] in text
    assert "王芳" not in text  # invited, not confirmed


@pytest.mark.parametrize("who, status", [
    ("other_member", 403), ("secretariat", 403), ("lead_unit", 403),  # a draft is private
])
def test_another_members_draft_is_refused(world, auth, who, status):
    p = to_state(world, "draft")
    client = auth.client_for(world.users()[who])
    assert client.get(f"/documents/proposal/{p.id}.pdf").status_code == status
    assert client.get(f"/documents/proposal/{p.id}/preview").status_code == status


def test_unit_not_assigned_is_refused_and_assigned_ones_may(world, auth):
    p = to_state(world, "assigned")
    assert auth.client_for(world.third_staff).get(
        f"/documents/proposal/{p.id}.pdf").status_code == 403
    pdf_of(auth.client_for(world.co_staff), f"/documents/proposal/{p.id}.pdf")


def test_missing_proposal_is_404(world, auth):
    client = auth.client_for(world.secretariat)
    assert client.get("/documents/proposal/999999.pdf").status_code == 404
    assert client.get("/documents/reply/999999.pdf").status_code == 404


def test_hostile_markdown_gives_a_correct_pdf_without_fetching(world, auth, monkeypatch):
    hostile = ("<script>alert(1)</script><b onclick='x'>粗</b> <iframe src='http://evil.test'>"
               "</iframe>\n\n![外部图片](http://evil.test/x.png) ![本地](file:///etc/passwd)\n\n"
               + "a" * 10_000 + "\n\n" + "<div>" * 300 + "深" + "</div>" * 300)
    p = make_draft(world, situation=hostile)

    attempts: list = []

    def no_network(_sock, address, *_args):
        # WeasyPrint swallows a failed fetch, so record the attempt rather than only fail.
        attempts.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    start = time.perf_counter()
    data = pdf_of(auth.client_for(world.member), f"/documents/proposal/{p.id}.pdf")
    assert time.perf_counter() - start < 30
    text = upright_text(data)
    assert "alert" not in text and "粗" in text and "深" in text
    assert text.count("a") >= 10_000
    assert attempts == []
    for _w, _h, lines in pages_lines(data):
        assert all(ln.x1 <= 210 - 26 + 1 for ln in lines)


# -- the reply letter ------------------------------------------------------------------------
def test_reply_letter_content_and_layout(world, auth):
    p = to_state(world, "replied")
    reply = p.replies[0]
    data = pdf_of(auth.client_for(world.member), f"/documents/reply/{reply.id}.pdf")
    text = upright_text(data)
    for expected in ("关于加强六盘山地区生态保护的第0001号提案的答复", REPLY["doc_number"],
                     "签发人：王局长", "张雅文、王芳委员：", REPLY["body"], "生态环境局",
                     "联系人：李科长", "0954-1234567"):
        assert expected in text, expected
    _check_fonts(data, "关于加强六盘山地区生态保护")
    (width, height, lines), = pages_lines(data)
    assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
    # The result class at the top right, one character in, on the first line (37 mm).
    mark = lines[0]
    assert mark.text == "A" and abs(mark.top - 37) <= 1.5
    assert abs(mark.x1 - (210 - 26 - 5.57)) < 1.5
    assert lines[-1].text.replace(" ", "") == "—1—"


def test_reply_heading_on_the_page_wraps_the_subject_once(world, auth):
    p = to_state(world, "replied")
    page = auth.client_for(world.member).get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "关于加强六盘山地区生态保护的第0001号提案的答复" in page
    assert "关于“关于" not in page


@pytest.mark.parametrize(("title", "subject"), [
    ("关于加强六盘山地区生态保护的建议", "加强六盘山地区生态保护"),
    ("关于推进社区养老的提案", "推进社区养老"),
    ("优化营商环境", "优化营商环境"),
])
def test_subject_drops_the_titles_own_wrapper(title, subject):
    from deliberate.proposals.models import Proposal
    assert Proposal(title=title).subject == subject


def test_unpublished_reply_reaches_only_secretariat_proposers_and_unit(world, auth):
    p = to_state(world, "assigned")
    ops.reply_proposal(p, world.lead_staff, {**REPLY, "may_publish": False}, PDF, "r.pdf")
    db.session.commit()
    url = f"/documents/reply/{p.replies[0].id}.pdf"
    for who in ("secretariat", "proposer", "cosigner", "lead_unit"):
        pdf_of(auth.client_for(world.users()[who]), url)
    for who in ("leader", "admin", "co_unit", "other_unit", "other_member"):
        assert auth.client_for(world.users()[who]).get(url).status_code == 403, who
    text = upright_text(pdf_of(auth.client_for(world.member), url))
    assert "此件不公开" in text


def test_published_reply_reaches_whoever_sees_the_proposal(world, auth):
    p = to_state(world, "replied")
    url = f"/documents/reply/{p.replies[0].id}.pdf"
    for who in ("leader", "co_unit"):
        pdf_of(auth.client_for(world.users()[who]), url)
    assert auth.client_for(world.third_staff).get(url).status_code == 403


def test_a_reply_not_posted_is_a_clear_409(world, auth):
    p = to_state(world, "replied")
    reply = p.replies[0]
    reply.body = ""
    db.session.commit()
    response = auth.client_for(world.secretariat).get(f"/documents/reply/{reply.id}.pdf")
    assert response.status_code == 409
    assert "尚未" in response.get_data(as_text=True)


# -- buttons on the proposal page ------------------------------------------------------------
def test_detail_page_offers_the_documents_to_those_who_may_see_them(world, auth):
    p = to_state(world, "assigned")
    ops.reply_proposal(p, world.lead_staff, {**REPLY, "may_publish": False}, PDF, "r.pdf")
    db.session.commit()
    reply = p.replies[0]
    letter = f"/documents/reply/{reply.id}.pdf"
    for who in ("proposer", "secretariat", "lead_unit"):
        html = auth.client_for(world.users()[who]).get(f"/proposals/{p.id}").get_data(
            as_text=True)
        assert f"/documents/proposal/{p.id}.pdf" in html and 'data-testid="proposal-pdf"' in html
        assert letter in html and 'data-testid="reply-letter"' in html
        assert f"/proposals/replies/{reply.id}/file" in html
    for who in ("co_unit", "leader"):  # may see the proposal, not this unpublished reply
        html = auth.client_for(world.users()[who]).get(f"/proposals/{p.id}").get_data(
            as_text=True)
        assert f"/documents/proposal/{p.id}.pdf" in html
        assert letter not in html
    assert auth.client_for(world.third_staff).get(f"/proposals/{p.id}").status_code == 404


# -- the ledger ------------------------------------------------------------------------------
def _many_assigned(world, n: int) -> list:
    out = []
    for i in range(n):
        p = make_draft(world, title=f"关于第{i + 1}项民生实事的建议")
        ops.submit_proposal(p, world.member)
        ops.register_proposal(p, world.secretariat)
        ops.assign_proposal(p, world.secretariat, [(world.lead_unit.id, "lead"),
                                                   (world.co_unit.id, "co")],
                            date.today() + timedelta(days=90))
        out.append(p)
    db.session.commit()
    return out


def test_session_ledger_is_landscape_with_header_on_every_page(world, auth):
    _many_assigned(world, 30)
    replied = to_state(world, "closed")
    data = pdf_of(auth.client_for(world.secretariat),
                  f"/documents/ledger/{world.session.id}.pdf")
    pages = pages_lines(data)
    assert len(pages) >= 2
    for width, height, lines in pages:
        assert abs(width - 297) < 0.5 and abs(height - 210) < 0.5
        assert any(ln.text.replace(" ", "").startswith("提案号案由提案人承办单位") for ln in lines)
    text = upright_text(data)
    assert f"{world.session.name}提案台账" in text and "共31件" in text
    assert "关于第30项民生实事的建议" in text and "生态环境局（主办）" in text
    assert f"{replied.number:04d}" in text and "满意" in text
    _check_fonts(data, "提案台账")


@pytest.mark.parametrize("who", ["member", "unit_staff"])
def test_ledger_is_for_readers_only(world, auth, who):
    client, _user = auth.as_role(who)
    assert client.get(f"/documents/ledger/{world.session.id}.pdf").status_code == 403
    assert client.get("/proposals/ledger.pdf").status_code == 403


def test_working_list_ledger_carries_the_filters(world, auth):
    _many_assigned(world, 2)
    to_state(world, "submitted")
    client = auth.client_for(world.secretariat)
    html = client.get("/proposals/?state=assigned&page=1").get_data(as_text=True)
    assert 'data-testid="ledger-pdf"' in html
    assert "/proposals/ledger.pdf?state=assigned" in html and "page=1" not in html.split(
        "ledger.pdf")[1].split('"')[0]
    text = upright_text(pdf_of(client, "/proposals/ledger.pdf?state=assigned"))
    assert "共2件" in text and "已交办" in text and "已提交" not in text
    text = upright_text(pdf_of(client, f"/proposals/ledger.pdf?session={world.session.id}"))
    assert f"{world.session.name}提案台账" in text and "共3件" in text
    # Nonsense filters are ignored, never a 500.
    pdf_of(client, "/proposals/ledger.pdf?state=nope&session=x&unit=-1")
    assert "共0件" not in upright_text(pdf_of(client, "/proposals/ledger.pdf?leader=1"))


def test_leader_sees_the_ledger_button(world, auth):
    html = auth.client_for(world.leader).get("/proposals/").get_data(as_text=True)
    assert 'data-testid="ledger-pdf"' in html


# -- a session's replies as one ZIP ----------------------------------------------------------
def test_session_replies_batch_web_and_cli(world, auth, runner, tmp_path):
    first = to_state(world, "replied")
    second = to_state(world, "closed")
    client = auth.client_for(world.secretariat)
    response = client.get(f"/documents/batches/session-replies.zip?session={world.session.id}")
    assert response.status_code == 200 and response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert names == [f"答复-{first.number_label}-生态环境局.pdf",
                     f"答复-{second.number_label}-生态环境局.pdf"]
    assert "第0001号提案的答复" in upright_text(archive.read(names[0]))
    assert client.get("/documents/batches/session-replies.zip?session=999").status_code == 422
    out = tmp_path / "replies.zip"
    result = runner.invoke(args=["export-batch", "session-replies", "--session",
                                 str(world.session.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output and len(zipfile.ZipFile(out).namelist()) == 2
    html = client.get("/documents/batches/").get_data(as_text=True)
    assert world.session.name in html


def test_render_command_for_the_proposal_kinds(world, runner, tmp_path):
    p = to_state(world, "replied")
    for args in (["proposal", str(p.id)], ["reply", str(p.replies[0].id)],
                 ["ledger", str(world.session.id)]):
        out = tmp_path / f"{args[0]}.pdf"
        result = runner.invoke(args=["render", *args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF")


def test_reply_row_without_body_is_skipped_by_the_batch(world, auth):
    p = to_state(world, "replied")
    db.session.get(Reply, p.replies[0].id).signatory = " "
    db.session.commit()
    response = auth.client_for(world.secretariat).get(
        f"/documents/batches/session-replies.zip?session={world.session.id}")
    assert zipfile.ZipFile(io.BytesIO(response.get_data())).namelist() == []


def test_demo_replies_have_letters_to_download(app, runner, tmp_path):
    from deliberate.demo.seed import seed_directory
    from deliberate.documents.operations import document_pdf
    from deliberate.documents.registry import get_kind
    from deliberate.proposals.demo import seed_demo

    seed_directory()
    seed_demo()
    db.session.commit()
    replies = list(db.session.scalars(db.select(Reply).order_by(Reply.id)))
    assert len(replies) >= 3
    kind = get_kind("reply")
    data, _issued = document_pdf(kind, kind.load(replies[0].id))
    assert "提案的答复" in upright_text(data)
    session_id = replies[0].proposal.session_id
    out = tmp_path / "replies.zip"
    result = runner.invoke(args=["export-batch", "session-replies", "--session",
                                 str(session_id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = sum(1 for r in replies if r.proposal.session_id == session_id)
    assert len(zipfile.ZipFile(out).namelist()) == expected
