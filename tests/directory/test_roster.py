"""Importing members and handling units from .xlsx rosters."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from deliberate.auth.models import User
from deliberate.core.events import events_for
from deliberate.core.files import StoredFile
from deliberate.core.permissions import Role
from deliberate.directory import operations
from deliberate.directory.models import Unit
from deliberate.directory.roster import RosterError
from deliberate.extensions import db
from tests.directory.helpers import MEMBER_HEADERS, UNIT_HEADERS, xlsx


@pytest.fixture
def keeper(auth):
    return auth.as_role("secretariat")


@pytest.fixture
def body(factory):
    sectors = {name: factory.sector(name) for name in ("经济界", "教育界", "农业和农村界")}
    committees = {name: factory.committee(name) for name in ("提案委员会", "经济委员会")}
    db.session.commit()
    return sectors, committees


def _members() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.member))


def _upload(client, data: bytes, kind: str = "members", filename: str = "名册.xlsx"):
    return client.post("/directory/import", data={
        "kind": kind, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")


GOOD_MEMBERS = [
    MEMBER_HEADERS,
    ["张雅文", "zhangyw", "女", "教育界", "提案委员会", "实验中学校长", 13800138000,
     "zyw@example.cn"],
    ["李建国", "lijg", "男", "经济界", "", "某集团董事长", "0571-88001234", ""],
    [None, None, None, None, None, None, None, None],  # blank rows are skipped
    ["王芳", "wangfang", "", "农业和农村界", "经济委员会", "", "", ""],
]


def test_good_member_roster_imports_every_row(body, factory):
    actor = factory.user("secretariat")
    count = operations.import_roster("members", xlsx(GOOD_MEMBERS), actor)
    db.session.commit()
    assert count == 3 and _members() == 3
    zhang = db.session.scalar(select(User).where(User.username == "zhangyw"))
    sectors, committees = body
    assert zhang.profile.sector_id == sectors["教育界"].id
    assert zhang.profile.committee_id == committees["提案委员会"].id
    assert zhang.phone == "13800138000" and zhang.email == "zyw@example.cn"
    assert zhang.profile.gender == "女" and zhang.profile.work_unit == "实验中学校长"
    assert zhang.password_hash is None and zhang.name_initials == "zyw"
    assert events_for("user", zhang.id)[0].action == "import"
    assert events_for("user", zhang.id)[0].actor_id == actor.id
    li = db.session.scalar(select(User).where(User.username == "lijg"))
    assert li.profile.committee_id is None


def test_upload_preview_confirm(keeper, body, auth):
    client, user = keeper
    response = _upload(client, xlsx(GOOD_MEMBERS))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "张雅文" in page and "王芳" in page and _members() == 0
    confirm = re.search(r'action="(/directory/import/(\d+)/confirm)"', page)
    stored = db.session.get(StoredFile, int(confirm.group(2)))
    assert stored.created_by_id == user.id
    # Someone else cannot confirm this upload.
    other, _ = auth.as_role("admin")
    assert other.post(confirm.group(1), data={"kind": "members"}).status_code == 404
    assert client.post(confirm.group(1), data={"kind": "bogus"}).status_code == 400
    assert _members() == 0
    done = client.post(confirm.group(1), data={"kind": "members"})
    assert done.status_code == 302 and _members() == 3
    listing = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "已导入3名委员" in listing and "重置密码" in listing
    # Confirming again imports nothing: every username is now taken.
    again = client.post(confirm.group(1), data={"kind": "members"})
    assert again.status_code == 422 and _members() == 3
    assert "已被使用" in again.get_data(as_text=True)


def test_bad_rows_import_nothing_and_are_reported(keeper, body, factory):
    client, _user = keeper
    factory.user("member", username="taken")
    db.session.commit()
    before = _members()
    rows = [
        MEMBER_HEADERS,
        ["张雅文", "zhangyw", "女", "教育界", "", "", "", ""],
        ["李四", "lisi", "男", "教育届", "", "", "", ""],                # unknown sector
        ["王五", "zhangyw", "", "经济界", "", "", "", ""],               # duplicate in file
        ["赵六", "taken", "", "经济界", "", "", "", ""],                 # taken in database
        ["", "nobody", "", "", "", "", "", ""],                          # required missing
        ["长" * 70, "longname", "", "经济界", "", "x" * 201, "", ""],    # too long
        ["孙七", "sunqi", "未知", "经济界", "秘书处", "", "电话", "not-mail"],
    ]
    response = _upload(client, xlsx(rows))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "第3行「界别」：未知界别“教育届”" in text
    assert "第4行「用户名」" in text and "与第2行重复" in text
    assert "第5行「用户名」：用户名“taken”已被使用" in text
    assert "第6行「姓名」：此项为必填项" in text and "第6行「界别」" in text
    assert "第7行「姓名」：最多64个字符（现有70个）" in text
    assert "第7行「工作单位及职务」" in text
    assert "第8行「性别」" in text and "第8行「专委会」：未知专委会“秘书处”" in text
    assert "第8行「手机」" in text and "第8行「邮箱」" in text
    assert "未导入任何数据" in text
    assert _members() == before
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


def test_import_operation_refuses_bad_roster_whole(body, factory):
    actor = factory.user("secretariat")
    rows = [MEMBER_HEADERS, *GOOD_MEMBERS[1:], ["错", "bad", "", "无此界别", "", "", "", ""]]
    with pytest.raises(operations.RosterRejected) as caught:
        operations.import_roster("members", xlsx(rows), actor)
    db.session.rollback()
    assert _members() == 0
    issues = [str(i) for i in caught.value.result.errors]
    assert issues == ["第6行「界别」：未知界别“无此界别”。"]


def test_inactive_sector_is_refused(body, factory):
    sectors, _ = body
    sectors["经济界"].is_active = False
    db.session.commit()
    result = operations.preview_roster("members", xlsx([MEMBER_HEADERS[:4],
                                                        ["甲", "jia", "", "经济界"]]))
    assert [str(i) for i in result.errors] == ["第2行「界别」：界别“经济界”已停用。"]


def test_headers_in_any_order_and_extra_columns(body):
    rows = [["备注", "界别", " 姓名 ", "用户名*"], ["随便", "经济界", "甲乙", "jiayi"]]
    result = operations.preview_roster("members", xlsx(rows))
    assert not result.has_errors and result.ignored_headers == ["备注"]
    assert result.rows[0].values["display_name"] == "甲乙"


@pytest.mark.parametrize("data,filename,message", [
    (b"name,username\n", "roster.xlsx", "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "roster.xlsx", ".xls"),
    (b"whatever", "roster.csv", "只能导入"),
    (b"whatever", "roster.xls", "只能导入"),
    (b"", "roster.xlsx", "不是 Excel 工作簿"),
])
def test_not_an_xlsx(keeper, body, data, filename, message):
    client, _user = keeper
    response = _upload(client, data, filename=filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _members() == 0


def test_zip_that_is_not_a_workbook(keeper, body):
    client, _user = keeper
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    response = _upload(client, out.getvalue())
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in response.get_data(as_text=True)


def test_empty_workbook_and_missing_headers(keeper, body):
    client, _user = keeper
    empty = _upload(client, xlsx([]))
    assert empty.status_code == 400 and "工作簿是空的" in empty.get_data(as_text=True)
    header_only = _upload(client, xlsx([MEMBER_HEADERS]))
    assert header_only.status_code == 400
    assert "只有表头" in header_only.get_data(as_text=True)
    missing = _upload(client, xlsx([["姓名", "性别"], ["甲", "男"]]))
    assert missing.status_code == 400
    assert "缺少：用户名、界别" in missing.get_data(as_text=True)
    no_file = client.post("/directory/import", data={"kind": "members"},
                          content_type="multipart/form-data")
    assert no_file.status_code == 400
    wrong_kind = _upload(client, xlsx(GOOD_MEMBERS), kind="proposals")
    assert wrong_kind.status_code == 400
    assert _members() == 0


def test_size_and_row_limits(body, factory, monkeypatch):
    from deliberate.directory import roster

    rows = [MEMBER_HEADERS] + [[f"甲{i}", f"user{i}", "", "经济界"] for i in range(30)]
    monkeypatch.setattr(roster, "MAX_ROWS", 20)
    with pytest.raises(RosterError, match="超过20行"):
        operations.preview_roster("members", xlsx(rows))
    monkeypatch.setattr(roster, "MAX_BYTES", 100)
    with pytest.raises(RosterError, match="文件超过"):
        operations.preview_roster("members", xlsx(rows))


def test_unit_roster(keeper, factory):
    client, _user = keeper
    factory.unit("发展和改革委员会")
    db.session.commit()
    bad = _upload(client, xlsx([UNIT_HEADERS, ["发展和改革委员会", "发改委", "", ""],
                                ["生态环境局", "", "", "abc"]]), kind="units")
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "第2行「单位名称」：已存在名为“发展和改革委员会”的承办单位" in text
    assert "第3行「联系电话」" in text
    rows = [UNIT_HEADERS, ["生态环境局", "环境局", "李明", "0571-88001234"],
            ["住房和城乡建设局", "住建局", "", ""]]
    good = _upload(client, xlsx(rows), kind="units")
    assert good.status_code == 200
    action = re.search(r'action="(/directory/import/\d+/confirm)"', good.get_data(as_text=True))
    done = client.post(action.group(1), data={"kind": "units"})
    assert done.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.name == "生态环境局"))
    assert unit.short_name == "环境局" and unit.contact_person == "李明"
    assert events_for("unit", unit.id)[0].action == "import"
    assert db.session.scalar(select(func.count(Unit.id))) == 3


@pytest.mark.parametrize("kind,headers", [("members", MEMBER_HEADERS), ("units", UNIT_HEADERS)])
def test_blank_templates(keeper, kind, headers):
    client, _user = keeper
    response = client.get(f"/directory/import/template/{kind}.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[1]] == headers
    # The blank template is a valid roster shape: only the data rows are missing.
    with pytest.raises(RosterError, match="只有表头"):
        operations.preview_roster(kind, response.data)


def test_import_page_renders(keeper):
    client, _user = keeper
    page = client.get("/directory/import")
    assert page.status_code == 200
    assert "委员名册空白模板" in page.get_data(as_text=True)
