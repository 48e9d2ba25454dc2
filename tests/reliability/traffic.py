"""Traffic and its books (issue 8, points 4 and 5): ``run_load`` drives members creating
and submitting proposals, the secretariat registering and assigning them and units replying
with a signed PDF, in threads for a bounded time, everyone reading lists in between;
``Ledger`` keeps every write the server acknowledged (a redirect after the POST), and
``check_ledger`` proves each of them is in the database exactly once, the registration
numbers gapless and every invariant of tests/reliability/invariants.py kept.
"""

from __future__ import annotations

import hashlib
import itertools
import queue
import re
import threading
import time
import traceback
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.reliability.client import (
    Browser,
    Response,
    Stats,
    TransportError,
    csrf,
    flashes,
    signed_pdf,
    version,
)
from tests.reliability.invariants import describe, violations
from tests.reliability.server import World, engine_url

# -- what was acknowledged -----------------------------------------------------------------

@dataclass
class Ledger:
    """Every write the server acknowledged, and every surprise."""

    run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    created: dict[int, str] = field(default_factory=dict)  # proposal id -> title
    submitted: set[int] = field(default_factory=set)
    registered: set[int] = field(default_factory=set)
    assigned: dict[int, int] = field(default_factory=dict)  # proposal id -> unit id
    replied: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (doc no, sha)
    attached: dict[int, str] = field(default_factory=dict)  # proposal id -> sha256
    unexpected: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _seq: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def next_label(self) -> str:
        with self._lock:
            return f"{self.run}-{next(self._seq)}"

    def note(self, what: str) -> None:
        with self._lock:
            self.unexpected.append(what)

    def snapshot(self) -> Ledger:
        """A copy to check while the traffic goes on (copying a dict or set is atomic)."""
        return Ledger(run=self.run, created=dict(self.created), submitted=set(self.submitted),
                      registered=set(self.registered), assigned=dict(self.assigned),
                      replied=dict(self.replied), attached=dict(self.attached))

    @property
    def writes(self) -> int:
        return (len(self.created) + len(self.submitted) + len(self.registered)
                + len(self.assigned) + len(self.replied) + len(self.attached))


def proposal_id(location: str) -> int | None:
    found = re.fullmatch(r"/proposals/(\d+)", location)
    return int(found.group(1)) if found else None


# -- the actors -------------------------------------------------------------------------------

@dataclass
class Load:
    base: str | list[str]
    world: World
    stats: Stats = field(default_factory=Stats)
    ledger: Ledger = field(default_factory=Ledger)
    stop: threading.Event = field(default_factory=threading.Event)
    submitted: queue.Queue = field(default_factory=queue.Queue)
    assigned: dict[int, queue.Queue] = field(default_factory=dict)
    # On a crash test the server goes away on purpose: keep trying instead of failing.
    expect_outages: bool = False
    due_on: str = field(default_factory=lambda: (date.today() + timedelta(days=90)).isoformat())

    def __post_init__(self) -> None:
        self.assigned = {unit: queue.Queue() for unit in self.world.units}
        self._bases = itertools.cycle([self.base] if isinstance(self.base, str) else self.base)
        self._units = itertools.cycle(sorted(self.world.units))
        self._lock = threading.Lock()

    def next_base(self) -> str:
        with self._lock:
            return next(self._bases)

    def next_unit(self) -> int:
        with self._lock:
            return next(self._units)

    def acknowledged(self, r: Response, what: str) -> bool:
        if r.status in (301, 302, 303):
            return True
        self.ledger.note(f"{what}: {r.status} {flashes(r)}")
        return False


def member(load: Load, b: Browser, username: str) -> None:
    label = load.ledger.next_label()
    title = f"负载测试提案 {label}"
    page = b.get("new-form", "/proposals/new")
    r = b.post("create", "/proposals/new", [
        ("csrf_token", csrf(page)), ("title", title), ("category", "society"),
        ("situation", f"{username} 的情况说明 {label}"), ("analysis", "原因分析。"),
        ("suggestions", "1. 具体建议。\n2. 第二条建议。"), ("contact", "13800000000"),
        ("may_publish", "y"), ("no_publish_reason", ""), ("collective_name", "")])
    pid = proposal_id(r.location) if load.acknowledged(r, f"create by {username}") else None
    if pid is None:
        return
    load.ledger.created[pid] = title
    page = b.get("detail", f"/proposals/{pid}")
    if pid % 2 == 0:
        # Every other draft gets an attachment (a survey as PDF) before it is submitted.
        data = signed_pdf(f"survey {label}")
        r = b.post("attach", f"/proposals/{pid}/attachments",
                   [("attach-csrf_token", csrf(page))], files=[("attach-file", "survey.pdf", data)])
        if load.acknowledged(r, f"attachment to {pid}"):
            load.ledger.attached[pid] = hashlib.sha256(data).hexdigest()
        page = b.get("detail", f"/proposals/{pid}")
    r = b.post("submit", f"/proposals/{pid}/submit",
               [("csrf_token", csrf(page)), ("version", version(page))])
    if load.acknowledged(r, f"submit of {pid}"):
        load.ledger.submitted.add(pid)
        load.submitted.put(pid)
    b.get("mine", "/proposals/mine")


def secretariat(load: Load, b: Browser, _username: str) -> None:
    b.get("review", "/proposals/review")
    try:
        pid = load.submitted.get(timeout=0.2)
    except queue.Empty:
        b.get("list", "/proposals/")
        return
    page = b.get("detail", f"/proposals/{pid}")
    r = b.post("register", f"/proposals/{pid}/register",
               [("csrf_token", csrf(page)), ("version", version(page))])
    if not load.acknowledged(r, f"register of {pid}"):
        return
    load.ledger.registered.add(pid)
    unit = load.next_unit()
    page = b.get("detail", f"/proposals/{pid}")
    r = b.post("assign", f"/proposals/{pid}/assign", [
        ("assign-csrf_token", csrf(page)), ("assign-version", version(page, "assign-version")),
        ("assign-lead_units", str(unit)), ("assign-due_on", load.due_on),
        ("assign-note", "")])
    if load.acknowledged(r, f"assign of {pid}"):
        load.ledger.assigned[pid] = unit
        load.assigned[unit].put(pid)
    if pid % 5 == 0:
        b.get("list", "/proposals/")


def unit_staff(load: Load, b: Browser, username: str) -> None:
    unit = next(u for u, name in load.world.units.items() if name == username)
    b.get("inbox", "/proposals/inbox")
    try:
        pid = load.assigned[unit].get(timeout=0.2)
    except queue.Empty:
        home = b.get("home", "/")
        if home.status == 302:
            b.get("dashboard", home.location)
        return
    page = b.get("detail", f"/proposals/{pid}")
    doc = f"负载复〔{load.ledger.next_label()}〕号"
    pdf = signed_pdf(doc.encode("unicode_escape").decode())
    r = b.post("reply", f"/proposals/{pid}/reply", [
        ("reply-csrf_token", csrf(page)), ("reply-doc_number", doc),
        ("reply-result_class", "A"), ("reply-body", "经研究，答复如下：已纳入年度计划。"),
        ("reply-signatory", "王局长"), ("reply-contact_person", "李科长"),
        ("reply-contact_phone", "0571-88888888"), ("reply-may_publish", "y")],
        files=[("reply-file", "reply.pdf", pdf)])
    if load.acknowledged(r, f"reply to {pid}"):
        load.ledger.replied[pid] = (doc, hashlib.sha256(pdf).hexdigest())


ACTORS = {"member": member, "secretariat": secretariat, "unit": unit_staff}


def _actor(load: Load, role: str, username: str) -> None:
    """One person's loop until the load stops; any surprise is written down, never raised
    (a thread's exception would be lost)."""
    step = ACTORS[role]
    b = Browser(load.next_base(), load.stats)
    signed_in = False
    while not load.stop.is_set():
        try:
            if not signed_in:
                b.login(username, load.world.password)
                signed_in = True
            step(load, b, username)
        except TransportError as e:
            if not load.expect_outages:
                load.ledger.note(f"{role} {username}: {e}")
            load.stop.wait(0.1)
        except Exception:  # noqa: BLE001 - reported with the ledger, the run goes on
            load.ledger.crashes.append(f"{role} {username}:\n{traceback.format_exc()}")
            load.stop.wait(0.5)


def start_load(load: Load) -> list[threading.Thread]:
    people = ([("member", u) for u in load.world.members]
              + [("secretariat", u) for u in load.world.secretariat]
              + [("unit", u) for u in load.world.units.values()])
    threads = [threading.Thread(target=_actor, args=(load, role, user), daemon=True,
                                name=f"load-{user}") for role, user in people]
    load.stats.started = time.monotonic()
    for t in threads:
        t.start()
    return threads


def finish_load(load: Load, threads: list[threading.Thread], timeout: float = 90.0) -> None:
    load.stop.set()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic()))
    load.stats.finished = time.monotonic()
    stuck = [t.name for t in threads if t.is_alive()]
    if stuck:
        load.ledger.crashes.append(f"threads still running after the stop: {stuck}")


def run_load(load: Load, seconds: float, warmup: float = 0.0, *,
             until: Callable[[Ledger], bool] | None = None, grace: float = 0.0) -> Load:
    """``warmup`` seconds first (workers load templates and catalogues on their first
    requests) whose timings are dropped; its writes are checked like the others. With
    ``until``, go on for at most ``grace`` more seconds until it holds (a slow machine
    still gets every kind of write into a short run)."""
    threads = start_load(load)
    if warmup:
        load.stop.wait(warmup)
        load.stats.reset()
    load.stop.wait(seconds)
    deadline = time.monotonic() + grace
    while until is not None and not until(load.ledger) and time.monotonic() < deadline:
        load.stop.wait(0.2)
    finish_load(load, threads)
    return load


def every_kind_written(ledger: Ledger) -> bool:
    return bool(ledger.created and ledger.attached and ledger.submitted and ledger.registered
                and ledger.assigned and ledger.replied)


# -- the books against the database ---------------------------------------------------------

def check_ledger(url: str, ledger: Ledger, *, complete: bool = True) -> list[str]:
    """What was lost or written twice; empty when every acknowledged write is in the
    database exactly once, numbers are 1…n per session and every invariant holds.

    ``complete``: every request was answered (no outage), so the database may hold no
    proposal of this run that the client was not told about either."""
    problems: list[str] = []
    engine: Engine = create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            titles: dict[str, list[int]] = defaultdict(list)
            state: dict[int, tuple[str, int | None]] = {}
            for pid, title, st, number in conn.execute(text(
                    "SELECT id, title, state, number FROM proposals WHERE title LIKE :run"),
                    {"run": f"%{ledger.run}-%"}):
                titles[title].append(pid)
                state[pid] = (st, number)
            events: Counter = Counter()
            for pid, action, n in conn.execute(text(
                    "SELECT object_id, action, COUNT(*) FROM events "
                    "WHERE object_type = 'proposal' GROUP BY object_id, action")):
                events[(pid, action)] = n
            assignments: Counter = Counter()
            for pid, unit, n in conn.execute(text(
                    "SELECT proposal_id, unit_id, COUNT(*) FROM proposal_assignments "
                    "GROUP BY proposal_id, unit_id")):
                assignments[(pid, unit)] = n
            replies: dict[str, list[tuple[int, str, int, int]]] = defaultdict(list)
            for pid, doc, sha, size, length in conn.execute(text(
                    "SELECT r.proposal_id, r.doc_number, f.sha256, f.size, length(f.data) "
                    "FROM proposal_replies r JOIN stored_files f ON f.id = r.file_id")):
                replies[doc].append((pid, sha, size, length))
            attachments: dict[int, list[str]] = defaultdict(list)
            for pid, sha in conn.execute(text(
                    "SELECT x.proposal_id, f.sha256 FROM proposal_attachments x "
                    "JOIN stored_files f ON f.id = x.file_id")):
                attachments[pid].append(sha)

            for pid, title in ledger.created.items():
                ids = titles.get(title, [])
                if ids != [pid]:
                    problems.append(f"create of proposal {pid} “{title}” acknowledged, "
                                    f"database has ids {ids}")
            for title, ids in titles.items():
                if len(ids) > 1:
                    problems.append(f"duplicated: “{title}” is in the database {len(ids)} "
                                    f"times ({ids})")
                elif complete and ids[0] not in ledger.created:
                    problems.append(f"proposal {ids[0]} “{title}” is in the database but "
                                    "its creation was never acknowledged")
            for action, acked in (("submit", ledger.submitted), ("register", ledger.registered),
                                  ("assign", ledger.assigned)):
                for pid in sorted(acked):
                    n = events[(pid, action)]
                    if n != 1:
                        problems.append(f"{action} of proposal {pid} acknowledged, "
                                        f"logged {n} times")
            for pid in ledger.registered:
                if state.get(pid, ("", None))[1] is None:
                    problems.append(f"registration of {pid} acknowledged, no number kept")
            for pid, unit in ledger.assigned.items():
                if assignments[(pid, unit)] != 1:
                    problems.append(f"assignment of {pid} to unit {unit} acknowledged, "
                                    f"{assignments[(pid, unit)]} assignment rows")
            for pid, (doc, sha) in ledger.replied.items():
                rows = replies.get(doc, [])
                if len(rows) != 1:
                    problems.append(f"reply {doc} to {pid} acknowledged, {len(rows)} in the "
                                    "database")
                elif rows[0][:2] != (pid, sha) or rows[0][2] != rows[0][3]:
                    problems.append(f"reply {doc} to {pid}: stored as {rows[0]}, sent sha {sha}")
            for pid, sha in ledger.attached.items():
                if attachments.get(pid, []).count(sha) != 1:
                    problems.append(f"attachment to {pid} acknowledged, stored "
                                    f"{attachments.get(pid, []).count(sha)} times")
            problems.extend(describe(violations(conn)))
    finally:
        engine.dispose()
    return problems


def numbers(url: str) -> dict[int, list[int]]:
    """Registration numbers per session, in order."""
    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            out: dict[int, list[int]] = defaultdict(list)
            for session_id, number in conn.execute(text(
                    "SELECT session_id, number FROM proposals WHERE number IS NOT NULL "
                    "ORDER BY session_id, number")):
                out[session_id].append(number)
            return dict(out)
    finally:
        engine.dispose()


WRITES = ("create", "attach", "submit", "register", "assign", "reply")


def report(load: Load, label: str, problems: list[str]) -> str:
    s = load.stats
    ledger = load.ledger
    acked = sum(s.statuses[k][302] for k in WRITES)
    lines = [
        f"== {label}: {s.total} requests in {s.elapsed:.1f} s = {s.total / s.elapsed:.1f} req/s, "
        f"of which {acked} acknowledged writes = {acked / s.elapsed:.1f} writes/s",
        f"   p95 all {s.percentile(95):.0f} ms, p95 writes {s.percentile(95, WRITES):.0f} ms; "
        f"5xx {s.server_errors}; no answer {s.transport_errors}; "
        f"refused writes {len(ledger.unexpected)}",
        f"   checked in the database: {ledger.writes} acknowledged writes (created "
        f"{len(ledger.created)}, attached {len(ledger.attached)}, submitted "
        f"{len(ledger.submitted)}, registered "
        f"{len(ledger.registered)}, assigned {len(ledger.assigned)}, replied "
        f"{len(ledger.replied)})",
        s.table(),
        f"   lost or duplicated writes, broken invariants: {len(problems)}",
    ]
    lines += [f"   ! {p}" for p in problems[:30]]
    lines += [f"   ? {u}" for u in load.ledger.unexpected[:10]]
    lines += [f"   !! {c}" for c in load.ledger.crashes[:3]]
    return "\n".join(lines)
