"""The permission matrix (issue 8, point 1): every URL rule of the app × every role × every
state of the record it concerns, each cell checked against tests/security/matrix_table.py.

The body is built once for the module; GET cells only read. POST cells are sent with an
empty body (CSRF is off in tests); one that changes its record is followed by a rebuild of
that record, so every cell sees the state the table names.
"""

from __future__ import annotations

import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from deliberate.extensions import db
from tests.security.conftest import signed_in
from tests.security.matrix_table import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    LOGIN,
    METHOD,
    NOT_FOUND,
    OK,
    PASS,
    PASS_OR_CONFLICT,
    REDIRECT,
    TABLE,
    UNAUTH,
)
from tests.security.matrix_world import ROLES, STATES

STATUS_CLASS = {400: INVALID, 422: INVALID, 401: UNAUTH, 403: FORBIDDEN, 404: NOT_FOUND,
                405: METHOD, 409: CONFLICT}


def classify(response) -> str:
    code = response.status_code
    if 300 <= code < 400:
        return LOGIN if urlsplit(response.headers.get("Location", "")).path == "/login" \
            else REDIRECT
    if 200 <= code < 300:
        return OK
    return STATUS_CLASS.get(code, f"HTTP {code}")


def matches(expected: str, got: str) -> bool:
    if expected == PASS:
        return got in (OK, REDIRECT, INVALID)
    if expected == PASS_OR_CONFLICT:
        return got in (OK, REDIRECT, INVALID, CONFLICT)
    return expected == got


@pytest.fixture(scope="module")
def matrix(module_app, module_world):
    # Who gets a PDF is the question here, not its layout (tests/documents check that):
    # WeasyPrint's seconds per document are skipped.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("deliberate.core.pdf.html_to_pdf", lambda html: b"%PDF-1.7 matrix stub")
        yield module_world


@pytest.fixture(scope="module")
def matrix_app(module_app):
    return module_app


def _rules(app) -> dict[str, set[str]]:
    """Each URL pattern with its methods (one pattern may be two endpoints, GET and POST)."""
    out: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        out.setdefault(rule.rule, set()).update(set(rule.methods) - {"HEAD", "OPTIONS"})
    return out


def _header_problems(response) -> list[str]:
    """Issue 8, point 3, on every response of the matrix: a CSP whose scripts are never
    inline, no MIME sniffing, no framing by other sites."""
    headers = response.headers
    problems = []
    policy = dict((part.strip().split(" ", 1) + [""])[:2]
                  for part in headers.get("Content-Security-Policy", "").split(";")
                  if part.strip())
    scripts = policy.get("script-src", policy.get("default-src"))
    if scripts is None or "'unsafe-inline'" in scripts or "*" in scripts.split():
        problems.append(f"script policy {scripts!r}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    framing = policy.get("frame-ancestors", "")
    if headers.get("X-Frame-Options") not in ("DENY", "SAMEORIGIN") \
            and framing not in ("'none'", "'self'"):
        problems.append("framable")
    if not headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    return problems


def test_every_rule_is_in_the_table(matrix_app):
    rules = _rules(matrix_app)
    missing = sorted(set(rules) - set(TABLE))
    stale = sorted(set(TABLE) - set(rules))
    assert not missing, f"routes without a row in tests/security/matrix_table.py: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"
    wrong = {rule: methods for rule, methods in rules.items()
             if methods != {m for m, e in (("GET", TABLE[rule].get),
                                           ("POST", TABLE[rule].post)) if e}}
    assert not wrong, f"the table's methods differ from the app's: {wrong}"


def _send(client, method: str, url: str, token: str | None = None, api: bool = False):
    headers = {}
    if api and token:
        headers["Authorization"] = f"Bearer {token}"
    if method == "GET":
        return client.get(url, headers=headers)
    if api:
        return client.post(url, json={}, headers=headers)
    return client.post(url, data={}, headers=headers)


@pytest.mark.long
def test_permission_matrix(matrix_app, matrix, capsys):
    m, users, clients, tokens = matrix
    api_client = matrix_app.test_client()
    unexpected: list[str] = []
    cells = Counter()
    seen_states = Counter()
    timing: Counter = Counter()
    header_problems: set[str] = set()
    for rule in sorted(TABLE):
        row = TABLE[rule]
        states = STATES[row.kind] if row.kind else ("-",)
        for method, expect in (("GET", row.get), ("POST", row.post)):
            if expect is None:
                continue
            for state in states:
                seen_states[(rule, state)] += 1
                for role in ROLES:
                    obj = m.objects[row.kind][state] if row.kind else None
                    url = row.url(m, obj)
                    client = api_client if row.api else clients[role]
                    started = time.perf_counter()
                    response = _send(client, method, url, tokens[role], row.api)
                    got = classify(response)
                    header_problems.update(f"{rule}: {p}" for p in _header_problems(response))
                    response.close()
                    timing[rule] += time.perf_counter() - started
                    if row.fresh_client and role != "anonymous":
                        clients[role] = signed_in(matrix_app, users[role])
                    want = expect(state, role)
                    if row.api and want == LOGIN:
                        want = UNAUTH  # no token: 401, never a sign-in page
                    cells[method] += 1
                    if not matches(want, got):
                        unexpected.append(f"{method} {url} [{rule}] state={state} "
                                          f"role={role}: expected {want}, got {got} "
                                          f"({response.status_code})")
                    if method == "POST" and row.kind and response.status_code < 400:
                        started = time.perf_counter()
                        m.rebuild(row.kind, state)
                        timing["rebuild " + row.kind] += time.perf_counter() - started
                    db.session.rollback()
    # Methods a rule does not take answer 405, whoever asks.
    for rule, methods in _rules(matrix_app).items():
        row = TABLE.get(rule)
        if row is None:
            continue  # test_every_rule_is_in_the_table names it
        for method in {"GET", "POST"} - methods:
            obj = m.objects[row.kind][STATES[row.kind][0]] if row.kind else None
            for role in ("anonymous", "secretariat"):
                response = _send(clients[role], method, row.url(m, obj))
                response.close()
                cells["405"] += 1
                if classify(response) != METHOD:
                    unexpected.append(f"{method} {rule} role={role}: expected method, got "
                                      f"{response.status_code}")
    total = sum(cells.values())
    with capsys.disabled():
        print(f"\npermission matrix: {len(TABLE)} rules, {len(ROLES)} roles, "
              f"{len(seen_states)} rule×state pairs; {total} cells "
              f"({cells['GET']} GET, {cells['POST']} POST, {cells['405']} method checks); "
              f"{len(unexpected)} unexpected")
        for name, seconds in timing.most_common(12):
            print(f"  {seconds:6.2f} s  {name}")
    assert not unexpected, "\n".join(unexpected)
    assert not header_problems, "\n".join(sorted(header_problems))
