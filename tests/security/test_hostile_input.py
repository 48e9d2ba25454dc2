"""Hostile text (issue 8, point 2): every payload of tests/security/payloads.py written into
every text field that is shown (proposals, replies, verdicts, topics, meetings, agendas,
invitations, speeches, responses, minutes, plans, visits, results, directory names,
notifications, the audit log's notes) and then every page of the app opened by several
roles: nothing executable reaches a page (tests/security/htmlcheck.py), a PDF (no script,
launch or javascript: link) or an .xlsx export (no formula: formula-like text is marked as
text). Forms take the payloads too (through the real proposal form) without a 500."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import String, Text, select

from deliberate.core.markdown import render_markdown
from deliberate.core.pdf import official_body
from deliberate.core.xlsx import FORMULA_STARTS
from deliberate.extensions import db
from tests.security import payloads
from tests.security.htmlcheck import executable
from tests.security.matrix_table import TABLE
from tests.security.matrix_world import STATES

# Columns that hold codes, keys or secrets rather than text someone typed.
NOT_TEXT = frozenset({
    "kind", "sha256", "token_hash", "prefix", "content_type", "state", "category", "units",
    "object_type", "action", "from_state", "to_state", "via", "result_class",
    "decline_ground", "checkin_code", "username", "name_pinyin", "name_initials",
    "password_hash", "locale", "session_token", "gender", "url", "address", "email",
    "filename"})
# Tables that are not shown as text: files, tokens, the search index (rebuilt below), the
# reminder log, sign-in attempts, issued documents' bookkeeping.
NOT_SHOWN = frozenset({"stored_files", "api_tokens", "search_documents", "proposal_reminders",
                       "login_attempts", "issued_documents", "consultation_calendar_tokens",
                       # immutable: hostile notes are added as new events instead
                       "events"})
ROLES = ("secretariat", "member", "leader", "lead_unit")
STARTS_WITH_FORMULA = frozenset({"title", "display_name", "name", "venue", "doc_number",
                                 "short_name", "work_unit", "collective_name"})
# Text that must start with a formula in some cells, so every export meets one.
FIRST = payloads.FORMULAS + payloads.XSS


def _poison() -> Counter:
    """Every text column of every shown row gets payloads (as many as fit), each field a
    different run of them; unique names stay unique with a numbered suffix."""
    fields: Counter = Counter()
    n = 0
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        if table is None or table.name in NOT_SHOWN:
            continue
        columns = [c for c in mapper.columns if isinstance(c.type, String | Text)
                   and not getattr(c.type, "enums", None) and c.key not in NOT_TEXT
                   and not c.primary_key and not c.foreign_keys]
        if not columns:
            continue
        for row in db.session.scalars(select(mapper.class_)):
            for column in columns:
                n += 1
                suffix = f" {n}"
                length = getattr(column.type, "length", None)
                # Names and titles (what exports list) start with a formula.
                start = n % len(payloads.FORMULAS) if column.key in STARTS_WITH_FORMULA else n
                value = payloads.fill(length - len(suffix) if length else None, start,
                                      first=FIRST) + suffix
                setattr(row, column.key, value)
                fields[f"{mapper.class_.__name__}.{column.key}"] += 1
    db.session.commit()
    return fields


def _hostile_events(m, actor) -> int:
    """A note on every record's timeline (reasons, decisions: text users type)."""
    from deliberate.core.events import record_event

    n = 0
    for kind, objects in m.objects.items():
        if kind in ("token", "victim"):
            continue
        for obj in objects.values():
            n += 1
            record_event(kind, obj.id, "update", actor,
                         note=payloads.fill(None, n, first=payloads.XSS))
    db.session.commit()
    return n


@pytest.fixture(scope="module")
def poisoned(module_app, module_world):
    fields = _poison()
    fields["Event.note"] = _hostile_events(module_world[0], module_world[1]["secretariat"])
    from deliberate.core import search

    search.reindex()
    db.session.commit()
    # Reindexing empties the session's identity map (expunge_all): attach the records the
    # URLs are built from again.
    import dataclasses

    m, users = module_world[0], module_world[1]
    for obj in [*(o for objects in m.objects.values() for o in objects.values()),
                *(getattr(m.w, f.name) for f in dataclasses.fields(m.w)), *users.values()]:
        if obj not in db.session:
            db.session.add(obj)
    return (*module_world, fields)


def test_the_checker_sees_raw_payloads():
    # The checker would catch these payloads had they not been escaped or sanitized.
    html_like = [p for p in payloads.XSS if p.lstrip("\"'").startswith(("<", "\"", "'"))
                 and "<" in p]
    missed = [p for p in html_like if not executable(p)]
    # <javascript:…> is an unknown tag in HTML (only a Markdown autolink makes it a link,
    # and then the checker sees the link).
    assert missed == [f"<javascript:alert('{payloads.MARK}52')>"], missed
    assert len(payloads.ALL) >= 60


@pytest.mark.parametrize("payload", payloads.ALL)
def test_markdown_and_print_bodies_are_inert(app, payload):
    for html in (str(render_markdown(payload)), str(official_body(payload)),
                 str(render_markdown("\n\n".join(payloads.ALL)))):
        assert not executable(html), (payload, html[:300])


def _html_rows():
    for rule, row in sorted(TABLE.items()):
        if row.get is None or row.api or rule.startswith(("/static", "/bootstrap")):
            continue
        yield rule, row


@pytest.mark.long
def test_every_page_shows_hostile_text_inert(poisoned):
    m, _users, clients, _tokens, fields = poisoned
    assert len(fields) >= 60, sorted(fields)
    problems: list[str] = []
    pages = marked = 0
    for rule, row in _html_rows():
        for state in STATES[row.kind] if row.kind else ("-",):
            obj = m.objects[row.kind][state] if row.kind else None
            for role in ROLES:
                response = clients[role].get(row.url(m, obj))
                kind = response.headers.get("Content-Type", "")
                if "html" in kind:
                    page = response.get_data(as_text=True)
                    pages += 1
                    marked += payloads.MARK in page
                    problems += [f"{rule} [{state}, {role}]: {p}" for p in executable(page)]
                response.close()
                db.session.rollback()
    print(f"\nhostile text: {len(payloads.ALL)} payloads in {sum(fields.values())} fields "
          f"({len(fields)} columns); {pages} pages checked, {marked} showing the payloads; "
          f"{len(problems)} executable")
    assert marked >= 100, marked
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("payload", payloads.XSS[:12] + payloads.XSS[44:])
def test_reflected_parameters_are_inert(poisoned, payload):
    _m, _users, clients, _tokens, _fields = poisoned
    c = clients["secretariat"]
    for url in ("/search/", "/proposals/", "/directory/members", "/consultation/topics",
                "/reports/"):
        for name in ("q", "state", "category", "session", "page"):
            r = c.get(url, query_string={name: payload})
            assert r.status_code < 500, (url, name)
            assert not executable(r.get_data(as_text=True)), (url, name, payload)
    r = c.post("/proposals/preview", data={"text": payload})
    assert not executable(r.get_json()["html"])


def test_payloads_go_through_the_proposal_form(poisoned):
    """The real form takes every payload in every text field: a draft or a 422, no 500,
    and the draft's page is inert."""
    _m, _users, clients, _tokens, _fields = poisoned
    c = clients["member"]
    for n, payload in enumerate(payloads.ALL):
        data = {"title": payload[:200], "category": "other", "situation": payload,
                "analysis": payload, "suggestions": payload, "contact": payload[:100]}
        r = c.post("/proposals/new", data=data)
        assert r.status_code in (302, 422), (n, r.status_code)
        page = c.get(r.headers["Location"]) if r.status_code == 302 else r
        assert not executable(page.get_data(as_text=True)), payload


def _pdf_problems(data: bytes) -> tuple[list[str], str]:
    reader = PdfReader(io.BytesIO(data))
    problems = []
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA", "/AcroForm"):
        if key in root:
            problems.append(f"catalog {key}")
    if "/JavaScript" in (root.get("/Names") or {}):
        problems.append("named JavaScript")
    text = []
    for page in reader.pages:
        text.append(page.extract_text() or "")
        if "/AA" in page:
            problems.append("page /AA")
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is None:
                continue
            kind = action.get("/S")
            if kind in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR"):
                problems.append(f"link action {kind}")
            if kind == "/URI" and not str(action.get("/URI", "")).lower().startswith(
                    ("http://", "https://", "mailto:")):
                problems.append(f"link to {str(action.get('/URI'))[:60]}")
    return problems, "\n".join(text)


def test_pdfs_carry_no_active_content(poisoned):
    from deliberate.documents.registry import all_kinds

    m, _users, clients, _tokens, _fields = poisoned
    c = clients["secretariat"]
    candidates = {obj.id for objects in m.objects.values() for obj in objects.values()}
    replies = [r.id for p in m.objects["proposal"].values() for r in p.replies]
    checked = []
    for kind in all_kinds():
        for object_id in sorted(candidates | set(replies)):
            r = c.get(f"/documents/{kind.name}/{object_id}.pdf")
            if r.status_code != 200:
                continue
            problems, text = _pdf_problems(r.data)
            assert not problems, (kind.name, problems)
            checked.append((kind.name, payloads.MARK in text.replace("\n", "")))
            break
    print(f"\nPDFs checked: {checked}")
    assert len(checked) >= 4, checked
    assert any(marked for _k, marked in checked)


def _xlsx_problems(data: bytes) -> tuple[list[str], int]:
    book = load_workbook(io.BytesIO(data))
    problems, formula_like = [], 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{sheet.title}!{cell.coordinate} is a formula")
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    formula_like += 1
                    if not cell.quotePrefix:
                        problems.append(f"{sheet.title}!{cell.coordinate} {value[:30]!r}")
    return problems, formula_like


def test_xlsx_exports_never_hold_a_formula(poisoned):
    """Every .xlsx route of the app (found in the matrix's table, so a new export is
    checked too), with the hostile records in it."""
    from deliberate.reports.ledger import COLUMNS

    m, _users, clients, _tokens, _fields = poisoned
    c = clients["secretariat"]
    urls = []
    for rule, row in sorted(TABLE.items()):
        if ".xlsx" not in rule or row.get is None:
            continue
        states = STATES[row.kind] if row.kind else ("-",)
        state = "held" if "held" in states else states[-1]
        url = row.url(m, m.objects[row.kind][state] if row.kind else None)
        if rule == "/reports/ledger.xlsx":
            url = "/reports/ledger.xlsx?" + "&".join(f"col={col.key}" for col in COLUMNS)
        urls.append(url)
        if rule.startswith("/directory/import/template/"):
            urls.append(url.replace("members.xlsx", "units.xlsx"))
    assert len(urls) >= 6, urls
    seen = 0
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url
        problems, formula_like = _xlsx_problems(r.data)
        assert not problems, (url, problems[:10])
        seen += formula_like
    print(f"\n.xlsx exports: {len(urls)} checked, {seen} formula-like cells kept as text")
    assert seen >= 10
