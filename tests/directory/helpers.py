"""Helpers for directory tests: workbooks built in memory."""

from __future__ import annotations

import io

from openpyxl import Workbook


def xlsx(rows: list[list[object]], *, title: str = "名册") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


MEMBER_HEADERS = ["姓名", "用户名", "性别", "界别", "专委会", "工作单位及职务", "手机", "邮箱"]
UNIT_HEADERS = ["单位名称", "简称", "联系人", "联系电话"]
