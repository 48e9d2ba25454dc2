"""Real servers, real browsers' requests, and the books kept of them (issue 8, points 4, 5, 7).

Used by tests/reliability/ and benchmarks/load.py. A ``Server`` is gunicorn in its own
process group on a free port of 127.0.0.1, in the production configuration (CSRF on);
``Browser`` is a small HTTP client that signs in through /login and posts the app's own
forms with the CSRF token read from the page. ``run_load`` drives members, the secretariat
and units in threads for a bounded time; ``Ledger`` keeps every write the server
acknowledged (a redirect after a POST), and ``check_ledger`` proves each of them is in the
database exactly once, the registration numbers gapless, and every invariant kept.

The client is our own (threads and http.client) rather than locust: locust's gevent
monkey-patching of the whole process does not mix with pytest, the checks afterwards need
to know exactly which writes were acknowledged, and the few actors here fit in a page.
"""

from __future__ import annotations

import hashlib
import http.client
import itertools
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.reliability.invariants import describe, violations

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "load-pass-1"
REQUEST_TIMEOUT = 30.0


def _control_socket_flag() -> list[str]:
    # gunicorn ≥ 25 opens a control socket at one fixed path in $HOME by default: servers
    # started side by side would fight over it.
    import gunicorn.config

    return ["--no-control-socket"] if hasattr(gunicorn.config, "ControlSocketDisable") else []


_NO_CONTROL_SOCKET = _control_socket_flag()


def engine_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@contextmanager
def instance_env(instance: Path) -> Iterator[None]:
    """create_app reads its instance folder from the environment."""
    old = os.environ.get("DELIBERATE_INSTANCE_PATH")
    os.environ["DELIBERATE_INSTANCE_PATH"] = str(instance)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("DELIBERATE_INSTANCE_PATH", None)
        else:
            os.environ["DELIBERATE_INSTANCE_PATH"] = old


def _app(url: str, instance: Path, **config: object):  # noqa: ANN202
    from deliberate import create_app

    with instance_env(instance):
        return create_app({"DATABASE_URL": url, "SECRET_KEY": "seeding-only", **config})


# -- the body that works under load ------------------------------------------------------

@dataclass
class World:
    session_id: int
    members: list[str]
    secretariat: list[str]
    units: dict[int, str]  # unit id -> the username of its staff member
    password: str = PASSWORD


def migrate(url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    from deliberate.extensions import db

    app = _app(url, instance)
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


def seed_world(url: str, instance: Path, *, members: int = 4, secretariat: int = 2,
               units: int = 3, password_hash: str | None = None) -> World:
    """A current session, members (with profiles), secretariat staff, units with one staff
    member each, all with the password ``PASSWORD``, in a freshly migrated database.
    ``password_hash``: the tests' cheap method instead of production's scrypt."""
    from deliberate.extensions import db
    from tests.factories import Factory

    app = _app(url, instance, **({"PASSWORD_HASH_METHOD": password_hash}
                                 if password_hash else {}))
    with app.app_context():
        make = Factory(password=PASSWORD)
        session = make.session(year=date.today().year)
        world = World(session.id, [], [], {})
        for i in range(members):
            world.members.append(make.user("member", username=f"load_member{i}").username)
        for i in range(secretariat):
            world.secretariat.append(
                make.user("secretariat", username=f"load_sec{i}").username)
        for i in range(units):
            unit = make.unit(f"负载测试承办单位{i}")
            world.units[unit.id] = make.user("unit_staff", username=f"load_unit{i}",
                                             unit=unit).username
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return world


# -- gunicorn ----------------------------------------------------------------------------

class ServerFailed(RuntimeError):
    pass


class Server:
    """gunicorn with ``workers`` sync workers, in its own process group so that it and its
    workers can be stopped, or SIGKILLed, together. Always used as a context manager (or
    with ``stop()`` in a finally): nothing outlives the test."""

    def __init__(self, url: str, workdir: Path, *, workers: int = 3,
                 secret_key: str | None = None, name: str = "server") -> None:
        self.url = url
        self.workdir = workdir
        self.workers = workers
        self.secret_key = secret_key
        self.name = name
        self.instance = workdir / f"{name}-instance"
        self.log_path = workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self._offset = 0
        self.base = ""
        self.starts = 0

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> str:
        self.launch()
        return self.ready(timeout)

    def launch(self) -> None:
        """Start gunicorn without waiting (``ready`` waits): servers boot side by side."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DELIBERATE_")}
        env.update(DELIBERATE_DATABASE_URL=self.url, DELIBERATE_INSTANCE_PATH=str(self.instance),
                   PYTHONUNBUFFERED="1")
        if self.secret_key:
            env["DELIBERATE_SECRET_KEY"] = self.secret_key
        self.instance.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        self._offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
                [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
                 "--bind", "127.0.0.1:0", "--timeout", "60", "--graceful-timeout", "5",
                 *_NO_CONTROL_SOCKET,
                 "deliberate:create_app()"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)

    def ready(self, timeout: float = 60.0) -> str:
        try:
            self.base = self._wait_ready(self._offset, timeout)
        except BaseException:
            self.stop()
            raise
        return self.base

    def _wait_ready(self, offset: int, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        port = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"{self.name} exited at start:\n{self.log_tail()}")
            if port is None:
                found = re.search(rb"Listening at: http://127\.0\.0\.1:(\d+)",
                                  self.log_path.read_bytes()[offset:])
                port = int(found.group(1)) if found else None
            if port is not None and _healthy(port):
                return f"http://127.0.0.1:{port}"
            time.sleep(0.1)
        raise ServerFailed(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def worker_pids(self) -> list[int]:
        """The master's children, from /proc (no name matching)."""
        master = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid …: comm may hold spaces, so split after the last ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
        return sorted(pids)

    def kill_worker(self) -> int:
        pids = self.worker_pids()
        if not pids:
            raise ServerFailed(f"{self.name} has no worker to kill")
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def wait_workers(self, n: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.worker_pids()) < n:
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self._reap()

    def stop(self) -> None:
        """Quick shutdown, then SIGKILL: by now every request of the test was answered, and
        the app's workers spend seconds of CPU tearing the interpreter down on exit."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def _reap(self) -> None:
        # Workers left behind by a killed master belong to its group: end them too.
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process = None


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        finally:
            conn.close()
    except (OSError, http.client.HTTPException):
        return False


# -- the client --------------------------------------------------------------------------

class TransportError(Exception):
    """No HTTP answer at all (refused, reset, timed out)."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class Stats:
    """Latency and status of every request, by kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.started = time.monotonic()
        self.finished: float | None = None

    def reset(self) -> None:
        """Forget the warm-up: figures count from now."""
        with self._lock:
            self.samples.clear()
            self.statuses.clear()
            self.started = time.monotonic()

    def add(self, kind: str, seconds: float, status: int | str) -> None:
        with self._lock:
            self.samples[kind].append(seconds)
            self.statuses[kind][status] += 1

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.samples.values())

    def count(self, predicate: Callable[[int | str], bool]) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if predicate(s))

    @property
    def server_errors(self) -> int:
        return self.count(lambda s: isinstance(s, int) and s >= 500)

    @property
    def transport_errors(self) -> int:
        return self.count(lambda s: not isinstance(s, int))

    def table(self) -> str:
        head = "".join(f"{h:>9}" for h in ("p50 ms", "p95 ms", "p99 ms", "max ms"))
        rows = [f"{'kind':<14}{'n':>7}{head}  statuses"]
        for kind in sorted(self.samples):
            xs = sorted(self.samples[kind])
            statuses = " ".join(f"{s}×{n}" for s, n in sorted(self.statuses[kind].items(),
                                                               key=lambda i: str(i[0])))
            rows.append(f"{kind:<14}{len(xs):>7}{_pct(xs, 50):>9.0f}{_pct(xs, 95):>9.0f}"
                        f"{_pct(xs, 99):>9.0f}{xs[-1] * 1000:>9.0f}  {statuses}")
        every = sorted(x for xs in self.samples.values() for x in xs)
        if every:
            rows.append(f"{'all':<14}{len(every):>7}{_pct(every, 50):>9.0f}"
                        f"{_pct(every, 95):>9.0f}{_pct(every, 99):>9.0f}{every[-1] * 1000:>9.0f}")
        return "\n".join(rows)

    def percentile(self, q: float, kinds: tuple[str, ...] | None = None) -> float:
        xs = sorted(x for k, v in self.samples.items() if kinds is None or k in kinds
                    for x in v)
        return _pct(xs, q)


def _pct(sorted_seconds: list[float], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not sorted_seconds:
        return 0.0
    rank = max(0, min(len(sorted_seconds) - 1, int(round(q / 100 * len(sorted_seconds))) - 1))
    return sorted_seconds[rank] * 1000


CSRF = re.compile(r'<input[^>]*name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """One person's browser: a cookie jar, the CSRF token of the last page, no redirects
    followed (a redirect after a POST is the acknowledgement)."""

    def __init__(self, base: str, stats: Stats | None = None) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, *,
                fields: list[tuple[str, str]] | None = None,
                files: list[tuple[str, str, bytes]] | None = None) -> Response:
        headers = {"Accept-Language": "zh"}
        body = None
        if files:
            body, headers["Content-Type"] = _multipart(fields or [], files)
        elif fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.monotonic()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()},
                                raw.read())
            self._keep_cookies(raw.msg.get_all("Set-Cookie") or [])
        except (OSError, http.client.HTTPException) as e:
            if self.stats is not None:
                self.stats.add(kind, time.monotonic() - start, type(e).__name__)
            raise TransportError(f"{method} {path}: {type(e).__name__}: {e}") from e
        finally:
            conn.close()
        if self.stats is not None:
            self.stats.add(kind, time.monotonic() - start, response.status)
        return response

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            pair, _, attrs = header.partition(";")
            name, _, value = pair.strip().partition("=")
            expired = re.search(r"max-age=0|expires=thu, 01 jan 1970", attrs.lower())
            if expired or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, kind: str, path: str) -> Response:
        return self.request(kind, "GET", path)

    def post(self, kind: str, path: str, fields: list[tuple[str, str]],
             files: list[tuple[str, str, bytes]] | None = None) -> Response:
        return self.request(kind, "POST", path, fields=fields, files=files)

    def login(self, username: str, password: str = PASSWORD) -> Response:
        page = self.get("login-form", "/login")
        r = self.post("login", "/login", [("csrf_token", csrf(page)), ("username", username),
                                          ("password", password), ("next", "")])
        if r.status != 302:
            raise AssertionError(f"sign-in of {username} answered {r.status}: "
                                 f"{flashes(r)}")
        return r


def csrf(page: Response) -> str:
    found = CSRF.search(page.text)
    if not found:
        raise AssertionError(f"no CSRF token on the page ({page.status}): {page.text[:300]}")
    return found.group(1)


def version(page: Response, name: str = "version") -> str:
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', page.text)
    return found.group(1) if found else ""


def flashes(page: Response) -> str:
    """The messages and field errors a refused form shows, for failure reports."""
    found = re.findall(r'class="(?:alert[^"]*|invalid-feedback[^"]*)"[^>]*>\s*([^<]{1,200})',
                       page.text)
    return " | ".join(m.strip() for m in found if m.strip()) or page.text[:200]


def _multipart(fields: list[tuple[str, str]],
               files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    for name, filename, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def signed_pdf(label: str) -> bytes:
    """A small valid one-page PDF standing in for a scanned, signed reply; ``label`` makes
    each one's bytes (and SHA-256) its own."""
    stream = f"BT /F1 12 Tf 72 760 Td (Signed reply {label}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                           xref)
    return bytes(out)


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
    return bool(ledger.created and ledger.submitted and ledger.registered
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


WRITES = ("create", "submit", "register", "assign", "reply")


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
        f"{len(ledger.created)}, submitted {len(ledger.submitted)}, registered "
        f"{len(ledger.registered)}, assigned {len(ledger.assigned)}, replied "
        f"{len(ledger.replied)})",
        s.table(),
        f"   lost or duplicated writes, broken invariants: {len(problems)}",
    ]
    lines += [f"   ! {p}" for p in problems[:30]]
    lines += [f"   ? {u}" for u in load.ledger.unexpected[:10]]
    lines += [f"   !! {c}" for c in load.ledger.crashes[:3]]
    return "\n".join(lines)
