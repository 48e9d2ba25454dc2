"""Issue 8, point 7: two app servers on different ports, one PostgreSQL database and one
secret key behave as one: a sign-in on one is valid on the other (and a sign-out on one
ends it on both), files uploaded through one are served by the other, and registration
numbers stay unique and gapless while both register at once. On SQLite: skipped (several
machines need a database server)."""

import hashlib
import re
import secrets
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import bindparam, create_engine, select, text

from tests.conftest import scratch_database
from tests.reliability.client import Browser, TransportError, csrf, signed_pdf, version
from tests.reliability.conftest import FAST_HASH, ON_POSTGRES
from tests.reliability.invariants import violations
from tests.reliability.server import Server, World, app_for, engine_url, seed_world
from tests.reliability.traffic import Load, numbers

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="several servers share PostgreSQL")
RACED = 8


def submitted_proposals(url, instance, world, n):
    """n submitted proposals, made in-process through the operations (quicker than forms)."""
    from deliberate.auth.models import User
    from deliberate.directory.models import PlenarySession
    from deliberate.extensions import db
    from deliberate.proposals import operations as ops

    app = app_for(url, instance)
    with app.app_context():
        session = db.session.get(PlenarySession, world.session_id)
        users = db.session.scalars(select(User).where(User.username.in_(world.members))).all()
        ids = []
        for i in range(n):
            p = ops.create_proposal(users[i % len(users)], session, {
                "title": f"两台服务器同时立案 {i}", "category": "economy", "situation": "情况",
                "analysis": "分析", "suggestions": "建议", "contact": "", "is_plenary": False,
                "may_publish": True, "no_publish_reason": ""})
            ops.submit_proposal(p, users[i % len(users)])
            ids.append(p.id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


@dataclass
class Pair:
    a: Server
    b: Server
    url: str
    world: World
    workdir: Path


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """One database, two servers booted side by side, shared by this module's tests."""
    workdir = tmp_path_factory.mktemp("servers")
    key = secrets.token_hex(32)
    with scratch_database(tmp_path_factory, "servers") as url:
        world = seed_world(url, workdir / "seed", password_hash=FAST_HASH)
        # Separate instance folders: the key they share is the configured one, not a file.
        a = Server(url, workdir, workers=2, secret_key=key, name="a")
        b = Server(url, workdir, workers=2, secret_key=key, name="b")
        try:
            a.launch()
            b.launch()
            a.ready()
            b.ready()
            yield Pair(a, b, url, world, workdir)
        finally:
            a.stop()
            b.stop()


def test_sign_in_and_out_on_one_server_holds_on_the_other(pair):
    a, b, world = pair.a, pair.b, pair.world
    on_a = Browser(a.base)
    on_a.login(world.members[0])
    on_b = Browser(b.base)
    on_b.cookies = dict(on_a.cookies)
    assert on_b.get("mine", "/proposals/mine").status == 200
    # Signing out through B rotates the account's session token: A refuses the cookie too.
    page = on_b.get("mine", "/proposals/mine")
    assert on_b.post("logout", "/logout", [("csrf_token", csrf(page))]).status == 302
    stale = Browser(a.base)
    stale.cookies = dict(on_a.cookies)
    refused = stale.get("mine", "/proposals/mine")
    assert refused.status == 302 and refused.location == "/login", refused.status


def test_files_saved_through_one_server_are_served_by_the_other(pair):
    a, b, world = pair.a, pair.b, pair.world
    member_a, member_b = Browser(a.base), Browser(b.base)
    member_a.login(world.members[0])
    member_b.cookies = dict(member_a.cookies)
    page = member_a.get("new-form", "/proposals/new")
    r = member_a.post("create", "/proposals/new", [
        ("csrf_token", csrf(page)), ("title", "附件跨服务器"), ("category", "culture"),
        ("situation", "情况"), ("analysis", "分析"), ("suggestions", "建议"),
        ("may_publish", "y")])
    assert r.status == 302, r.text[:300]
    pid = int(r.location.rsplit("/", 1)[1])
    data = signed_pdf("attachment through A")
    page = member_a.get("detail", f"/proposals/{pid}")
    r = member_a.post("attach", f"/proposals/{pid}/attachments",
                      [("attach-csrf_token", csrf(page))],
                      files=[("attach-file", "survey.pdf", data)])
    assert r.status == 302, r.text[:300]
    link = re.search(rf'href="(/proposals/{pid}/attachments/\d+)"',
                     member_b.get("detail", f"/proposals/{pid}").text).group(1)
    served = member_b.get("download", link)
    assert served.status == 200 and served.body == data

    # The signed reply PDF: submitted, registered, assigned, replied through A, read on B.
    page = member_a.get("detail", f"/proposals/{pid}")
    assert member_a.post("submit", f"/proposals/{pid}/submit",
                         [("csrf_token", csrf(page)), ("version", version(page))]).status == 302
    sec_a = Browser(a.base)
    sec_a.login(world.secretariat[0])
    page = sec_a.get("detail", f"/proposals/{pid}")
    assert sec_a.post("register", f"/proposals/{pid}/register",
                      [("csrf_token", csrf(page)), ("version", version(page))]).status == 302
    unit, staff = next(iter(world.units.items()))
    page = sec_a.get("detail", f"/proposals/{pid}")
    r = sec_a.post("assign", f"/proposals/{pid}/assign", [
        ("assign-csrf_token", csrf(page)), ("assign-version", version(page, "assign-version")),
        ("assign-lead_units", str(unit)), ("assign-due_on", Load(a.base, world).due_on)])
    assert r.status == 302, r.text[:300]
    unit_a = Browser(a.base)
    unit_a.login(staff)
    page = unit_a.get("detail", f"/proposals/{pid}")
    letter = signed_pdf("reply through A")
    r = unit_a.post("reply", f"/proposals/{pid}/reply", [
        ("reply-csrf_token", csrf(page)), ("reply-doc_number", "跨服〔2026〕1号"),
        ("reply-result_class", "B"), ("reply-body", "答复正文"), ("reply-signatory", "局长"),
        ("reply-contact_person", "联系人"), ("reply-contact_phone", "123"),
        ("reply-may_publish", "y")], files=[("reply-file", "reply.pdf", letter)])
    assert r.status == 302, r.text[:300]
    unit_b = Browser(b.base)
    unit_b.cookies = dict(unit_a.cookies)
    link = re.search(r'href="(/proposals/replies/\d+/file)"',
                     member_b.get("detail", f"/proposals/{pid}").text).group(1)
    for reader in (member_b, unit_b):
        served = reader.get("download", link)
        assert served.status == 200
        assert hashlib.sha256(served.body).hexdigest() == hashlib.sha256(letter).hexdigest()


def test_registering_through_both_servers_at_once_numbers_each_once(pair):
    a, b, world = pair.a, pair.b, pair.world
    ids = submitted_proposals(pair.url, pair.workdir / "seed", world, RACED)
    outcomes: dict[int, Counter] = {pid: Counter() for pid in ids}
    errors: list[str] = []
    lock = threading.Lock()

    def register_all(base, username, order):
        try:
            clerk = Browser(base)
            clerk.login(username)
            for pid in order:
                page = clerk.get("detail", f"/proposals/{pid}")
                r = clerk.post("register", f"/proposals/{pid}/register",
                               [("csrf_token", csrf(page)), ("version", version(page))])
                with lock:
                    outcomes[pid][r.status] += 1
        except (TransportError, AssertionError) as e:
            errors.append(f"{username} on {base}: {e}")

    # Two clerks per server, two going forwards and two backwards: every proposal is
    # registered by up to four at once, through both servers.
    clerks = [(a.base, world.secretariat[0], ids), (b.base, world.secretariat[1], ids),
              (a.base, world.secretariat[1], ids[::-1]), (b.base, world.secretariat[0], ids[::-1])]
    threads = [threading.Thread(target=register_all, args=c) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a clerk never finished"
    assert not errors, errors
    for pid, seen in outcomes.items():
        # Exactly one registration succeeded; the others were told it is not possible now.
        assert seen[302] == 1 and set(seen) <= {302, 409}, (pid, dict(seen))
    got = numbers(pair.url)[world.session_id]
    assert got == list(range(1, len(got) + 1)) and len(got) >= RACED, got
    engine = create_engine(engine_url(pair.url))
    try:
        with engine.connect() as conn:
            assert not violations(conn)
            raced = conn.execute(text("SELECT COUNT(DISTINCT number) FROM proposals "
                                      "WHERE number IS NOT NULL AND id IN :ids")
                                 .bindparams(bindparam("ids", expanding=True)),
                                 {"ids": ids}).scalar_one()
    finally:
        engine.dispose()
    assert raced == RACED
