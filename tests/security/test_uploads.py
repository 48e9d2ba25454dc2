"""Hostile uploads (issue 8, point 2): every place that accepts a file refuses one whose
bytes are not what its name says, an empty one, an oversized one, and (where archives are
read: the roster's .xlsx) a zip bomb, without a 500 and without storing anything. Request
bodies over MAX_CONTENT_LENGTH: test_request_size.py."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from sqlalchemy import func, select

from deliberate.auth.models import User
from deliberate.core.files import StoredFile, content_matches
from deliberate.extensions import db
from deliberate.proposals.models import ProposalAttachment, Reply
from tests.directory.helpers import MEMBER_HEADERS, xlsx
from tests.proposals.conftest import PDF, REPLY, to_state

pytestmark = pytest.mark.usefixtures("collect_upload_files")

HTML = b"<!doctype html><script>alert(1)</script>"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# -- proposal attachments ------------------------------------------------------------------
def _attach(client, pid, data: bytes, name: str):
    return client.post(f"/proposals/{pid}/attachments",
                       data={"attach-file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize("data,name", [
    (HTML, "report.pdf"),             # a web page named as a PDF
    (PDF, "photo.png"),               # a PDF named as an image
    (b"MZ\x90\x00" + b"\x00" * 60, "数据.docx"),  # a program named as a Word file
    (PNG, "table.xlsx"),
    (b"\x00\x01binary\x00", "notes.txt"),
    (HTML, "photo.jpg"),
])
def test_attachment_whose_bytes_are_not_its_kind_is_refused(auth, world, data, name):
    p = to_state(world, "draft")
    r = _attach(auth.client_for(world.member), p.id, data, name)
    assert r.status_code == 422
    assert "文件内容与其扩展名不符" in r.get_data(as_text=True)
    assert _count(ProposalAttachment) == 0 and _count(StoredFile) == 0


@pytest.mark.parametrize("data,name", [
    (PDF, "报告.pdf"), (PNG, "照片.PNG"), (b"\xff\xd8\xff\xe0JFIF", "a.jpeg"),
    (xlsx([["a"]]), "表.xlsx"), ("一,二\n".encode("gb18030"), "数据.csv"),
])
def test_attachment_of_its_kind_is_kept(auth, world, data, name):
    p = to_state(world, "draft")
    assert _attach(auth.client_for(world.member), p.id, data, name).status_code == 302
    assert _count(ProposalAttachment) == 1


def test_attachment_empty_oversized_and_unknown_kind(auth, world, app):
    p = to_state(world, "draft")
    member = auth.client_for(world.member)
    assert _attach(member, p.id, b"", "empty.pdf").status_code == 422
    assert _attach(member, p.id, HTML, "page.html").status_code == 422
    app.config["PROPOSAL_ATTACHMENT_MAX_BYTES"] = 64
    assert _attach(member, p.id, PDF + b"0" * 64, "big.pdf").status_code == 422
    assert _count(ProposalAttachment) == 0


def test_content_signatures():
    assert content_matches("PDF", PDF) and not content_matches("pdf", HTML)
    assert content_matches("unknown-kind", b"anything")
    assert not content_matches("csv", b"a,b\x00")


# -- the unit's signed reply -----------------------------------------------------------------
def _reply(client, pid, data: bytes, name: str):
    form = {f"reply-{k}": v for k, v in REPLY.items() if k != "may_publish"}
    form["reply-file"] = (io.BytesIO(data), name)
    return client.post(f"/proposals/{pid}/reply", data=form,
                       content_type="multipart/form-data")


@pytest.mark.parametrize("data,name", [(HTML, "reply.pdf"), (PNG, "reply.pdf"),
                                       (b"", "reply.pdf"), (b"%PDF", "")])
def test_reply_that_is_not_a_pdf_is_refused(auth, world, data, name):
    p = to_state(world, "assigned")
    r = _reply(auth.client_for(world.lead_staff), p.id, data, name)
    assert r.status_code == 422, r.status_code
    assert _count(Reply) == 0


def test_reply_pdf_with_another_name_is_served_as_a_pdf(auth, world):
    """What counts is the bytes: a real PDF named reply.doc is accepted, and is always
    served under the app's own name and type, never the uploaded name."""
    p = to_state(world, "assigned")
    assert _reply(auth.client_for(world.lead_staff), p.id, PDF, "回复.doc").status_code == 302
    reply = db.session.scalar(select(Reply))
    r = auth.client_for(world.member).get(f"/proposals/replies/{reply.id}/file")
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"].endswith('.pdf"')
    assert ".doc" not in r.headers["Content-Disposition"]


# -- the roster import: an .xlsx is a zip ----------------------------------------------------
def _upload(client, data: bytes, name: str = "名册.xlsx"):
    return client.post("/directory/import", data={"kind": "members",
                                                  "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _bomb(unpacked_mb: int) -> bytes:
    """A real workbook whose one cell holds ``unpacked_mb`` MB of text: a few hundred KB
    on the wire (deflate packs repeated bytes ~1000:1)."""
    base = zipfile.ZipFile(io.BytesIO(xlsx([MEMBER_HEADERS, ["张", "zz", "", "教育界"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            data = base.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                cut = data.index(b"<t>") + 3
                with z.open(info.filename, "w", force_zip64=True) as f:
                    f.write(data[:cut])
                    for _ in range(unpacked_mb):
                        f.write(b"A" * (1024 * 1024))
                    f.write(data[cut:])
            else:
                z.writestr(info, data)
    return out.getvalue()


def _lying(data: bytes) -> bytes:
    """The same archive with every size in its central directory claiming 100 bytes: what
    zipfile inflates is bounded by these, so the lie only yields a broken archive."""
    buf = bytearray(data)
    at = 0
    while (at := buf.find(b"PK\x01\x02", at)) != -1:
        compressed, = struct.unpack_from("<I", buf, at + 20)
        if compressed != 0xFFFFFFFF:
            struct.pack_into("<I", buf, at + 24, 100)
        at += 4
    return bytes(buf)


@pytest.fixture
def keeper(auth, factory):
    factory.sector("教育界")
    db.session.commit()
    return auth.as_role("secretariat")[0]


def test_zip_bomb_roster_is_refused_quickly(keeper):
    bomb = _bomb(120)
    assert len(bomb) < 1024 * 1024  # well under the 5 MB upload limit
    started = time.perf_counter()
    r = _upload(keeper, bomb)
    elapsed = time.perf_counter() - started
    assert r.status_code == 400 and "解压后超过" in r.get_data(as_text=True)
    assert elapsed < 5, elapsed  # refused from the archive's directory, nothing inflated
    assert _count(StoredFile) == 0


def test_archive_lying_about_its_sizes_is_not_a_workbook(keeper):
    r = _upload(keeper, _lying(_bomb(60)))
    assert r.status_code == 400 and "不是 Excel 工作簿" in r.get_data(as_text=True)
    assert _count(User) == 1


@pytest.mark.parametrize("data,name,text", [
    (HTML, "名册.xlsx", "xlsx"),           # a web page named .xlsx
    (PDF, "名册.xlsx", "xlsx"),            # a PDF named .xlsx
    (b"PK\x03\x04 broken", "名册.xlsx", "xlsx"),  # a zip signature and nothing else
    (b"", "名册.xlsx", ""),                # empty
    (xlsx([MEMBER_HEADERS]), "名册.csv", "xlsx"),  # a workbook under another name
])
def test_roster_that_is_not_a_workbook_is_refused(keeper, data, name, text):
    r = _upload(keeper, data, name)
    assert r.status_code == 400, r.status_code
    assert text in r.get_data(as_text=True)
    assert _count(StoredFile) == 0


def test_oversized_roster_is_refused(keeper):
    big = b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024 + 10)
    r = _upload(keeper, big)
    assert r.status_code == 400 and "MB" in r.get_data(as_text=True)
