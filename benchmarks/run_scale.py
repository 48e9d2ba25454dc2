"""Scale benchmark: deliberate with a national body's data (seed-scale), on SQLite and, when a
URL is given, PostgreSQL. Prints one table per database; asserts nothing.

    .venv/bin/python benchmarks/run_scale.py --sessions 5            # 30,000 proposals
    .venv/bin/python benchmarks/run_scale.py --sessions 25           # 150,000 proposals
    .venv/bin/python benchmarks/run_scale.py --sessions 5 \\
        --postgres postgresql://postgres@127.0.0.1:5432/postgres    # also on PostgreSQL

Options: --per-session (default 6000), --reuse (keep a database built earlier with the same
size: /tmp/deliberate-scale-<N>x<per>.sqlite3, or database deliberate_scale_<N>x<per> on the
PostgreSQL server, brought to the current schema with ``flask db upgrade`` (new indexes
included); without it the database is rebuilt), --workers (gunicorn, default 4),
--seconds (load per throughput case, default 10), --no-throughput, --no-sqlite (with
--postgres: PostgreSQL only).

What is measured:
- build: ``flask init-db`` and ``flask seed-scale`` wall time (skipped with --reuse).
- search: core.search.search() as the secretariat for 2- and 4-character words (median of
  5 after a warm-up; "shown hits" is what the page says, visibility applied, "N+" past
  core.search.COUNT_CAP), beside a plain ``LIKE '%q%'`` scan of the same index rows (count
  + first page, no visibility rule; median of 3). "index hits" counts the index's matches
  over the same rows (no visibility, no cap): "same hits" compares it with LIKE's. The
  same queries again "as unit staff" (an account of the unit with the most active
  assignments) and "as member" (the member with the most proposals): users who see few
  records, whose search starts from those (speed-up against the same LIKE scan).
- pages: latency (median of 10, signed in as the secretariat, in-process test client, page
  cache off so every request renders) and SQL statements of one request (BEGIN/COMMIT not
  counted): the proposal working list, a proposal's detail page (a closed proposal with
  replies), the deadlines board, the statistics page (the ``reports`` blueprint, when
  present) in each of its scopes (the current session by default, all sessions, the
  latest year, the earliest session), each after a write to the current session, with
  nothing kept and with nothing changed (statistics_pages), the search page.
- throughput: requests per second of the working list under gunicorn (--workers, signed-in
  cookie as a browser holds it after its first page), with the page cache (a page kept
  until anything is written: core/pagecache.py) and without it (every request rendered),
  beside a bare Flask route served the same way (benchmarks/bare_app.py), with ``wrk``
  (apt-get install wrk) when installed, otherwise a threaded Python client (which itself
  uses one of the two cores: its figures understate both servers).

Targets (issue 7): 2-character search ≤ 20 ms at 150,000 proposals and ≥ 20× faster than
LIKE with the same hits; list and detail pages a constant number of statements ≤ 6;
statistics page ≤ 200 ms at 150,000; list throughput ≥ half the bare route's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
QUERIES_2 = ("养老", "教育", "湿地", "建议")
QUERIES_4 = ("社区养老", "营商环境", "垃圾分类", "乡村振兴")
PASSWORD = "demo1234"  # noqa: S105  (seed-scale's accounts use the demo password)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- building -----------------------------------------------------------------------------

def flask(url: str, *args: str) -> float:
    env = {**os.environ, "DELIBERATE_DATABASE_URL": url}
    started = time.monotonic()
    subprocess.run([str(BIN / "flask"), "--app", "deliberate", *args],  # noqa: S603
                   env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def sqlite_target(sessions: int, per: int, reuse: bool) -> tuple[str, bool]:
    path = Path(tempfile.gettempdir()) / f"deliberate-scale-{sessions}x{per}.sqlite3"
    if path.exists() and reuse:
        return f"sqlite:///{path}", True
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", False


def postgres_target(server: str, sessions: int, per: int, reuse: bool) -> tuple[str, bool]:
    from sqlalchemy import create_engine, text

    if server.startswith("postgresql://"):
        server = "postgresql+psycopg://" + server[len("postgresql://"):]
    name = f"deliberate_scale_{sessions}x{per}"
    parts = urllib.parse.urlsplit(server)
    url = urllib.parse.urlunsplit(parts._replace(path="/" + name))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).scalar()
        if exists and reuse:
            return url, True
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url, False


def build(url: str, sessions: int, per: int) -> float:
    flask(url, "init-db")
    log(f"building {sessions} x {per} proposals into {url} …")
    return flask(url, "seed-scale", "--sessions", str(sessions), "--per-session", str(per))


# -- in-process measurements --------------------------------------------------------------

@contextmanager
def counting(engine):  # noqa: ANN001, ANN201
    from sqlalchemy import event

    counter = {"n": 0}

    def before(_conn, _cursor, statement, *_args):  # noqa: ANN001, ANN002, ANN202
        # Transaction control (SQLite's explicit BEGIN) is not a query.
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            counter["n"] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def timed(fn, runs: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def restricted_users() -> list[tuple[str, object]]:
    """The accounts that see the most of what restricted users may see: staff of the unit
    with the most active assignments, the member with the most proposals."""
    from sqlalchemy import func, select

    from deliberate.auth.models import User
    from deliberate.core.permissions import Role
    from deliberate.extensions import db
    from deliberate.proposals.models import Assignment, Proposal

    unit = db.session.scalar(select(Assignment.unit_id).where(Assignment.is_active.is_(True))
                             .group_by(Assignment.unit_id)
                             .order_by(func.count().desc(), Assignment.unit_id).limit(1))
    staff = db.session.scalar(select(User).where(User.role == Role.unit_staff,
                                                 User.unit_id == unit, User.is_active)
                              .order_by(User.id).limit(1))
    busiest = (select(Proposal.proposer_id).join(User, User.id == Proposal.proposer_id)
               .where(User.role == Role.member, User.is_active)
               .group_by(Proposal.proposer_id)
               .order_by(func.count().desc(), Proposal.proposer_id).limit(1))
    member = db.session.scalar(select(User).where(User.id == busiest.scalar_subquery()))
    return [(label, user) for label, user in (("unit staff", staff), ("member", member))
            if user is not None]


def measure_search(sec) -> list[tuple]:  # noqa: ANN001
    from sqlalchemy import func, or_, select

    from deliberate.core import search as engine
    from deliberate.extensions import db

    doc = engine.SearchDocument
    rows = []
    others = restricted_users()
    for q in QUERIES_2 + QUERIES_4:
        engine.search(sec, q)  # warm
        ms, result = timed(lambda q=q: engine.search(sec, q), 5)
        # The plain scan a search without an index would run: every row, no visibility.
        like = or_(doc.title.contains(q), doc.body.contains(q))

        def scan(like=like) -> int:  # noqa: ANN001
            n = db.session.scalar(select(func.count()).select_from(doc).where(like))
            db.session.execute(select(doc.id, doc.title).where(like)
                               .order_by(doc.id.desc()).limit(20)).all()
            return n

        like_ms, like_hits = timed(scan, 3)
        terms = engine.parse_query(q)
        match = engine._match_clause(terms, db.session.get_bind().dialect.name)
        index_hits = db.session.scalar(select(func.count()).select_from(doc).where(match))
        hits = f"{result.total}+" if result.capped else str(result.total)
        rows.append((q, len(q), "secretariat", ms, hits, index_hits, like_ms, like_hits))
        for label, user in others:
            engine.search(user, q)  # warm
            ms, result = timed(lambda q=q, user=user: engine.search(user, q), 5)
            hits = f"{result.total}+" if result.capped else str(result.total)
            rows.append((q, len(q), f"as {label}", ms, hits, None, like_ms, None))
        db.session.rollback()
    return rows


def statistics_url(app) -> str | None:  # noqa: ANN001
    rules = [r for r in app.url_map.iter_rules()
             if r.endpoint.startswith("reports.") and "GET" in r.methods and not r.arguments]
    if not rules:
        return None
    rules.sort(key=lambda r: (r.rule.count("/"), r.rule))
    return rules[0].rule


Page = tuple  # (label, url or None, prepare or None): prepare runs before each request


def page_urls(app) -> list[Page]:  # noqa: ANN001
    from sqlalchemy import func, select

    from deliberate.extensions import db
    from deliberate.proposals.models import Proposal, ProposalState, Reply

    detail = db.session.scalar(
        select(Reply.proposal_id).join(Proposal, Proposal.id == Reply.proposal_id)
        .where(Proposal.state == ProposalState.closed)
        .group_by(Reply.proposal_id).order_by(func.count().desc(), Reply.proposal_id.desc())
        .limit(1))
    stats = statistics_url(app)
    return [("proposal list", "/proposals/", None),
            ("proposal list, filtered", "/proposals/?state=assigned&sort=due", None),
            ("proposal detail", f"/proposals/{detail}", None),
            ("deadlines board", "/proposals/deadlines", None),
            *statistics_pages(app, stats),
            ("search page 养老", "/search/?q=养老", None)]


def statistics_pages(app, stats: str | None) -> list[Page]:  # noqa: ANN001
    """The statistics page in each scope (the default is the current session; then every
    session, the latest year, the earliest session, whose term's table compares five), each
    in the states a server finds it in (reports/summary.py keeps each session's figures,
    in the worker's memory and in the database, until something of that session changes):
    after a write to the current session (the usual case: the secretariat works on it all
    day; the other sessions' figures are kept), in a new worker (a restart, another
    server: nothing in its memory, the figures kept in the database), with nothing kept
    anywhere (the first page after an upgrade, or after a write that stamps everything,
    such as a bulk UPDATE), and with nothing changed."""
    from sqlalchemy import delete, select

    from deliberate.core import stamps
    from deliberate.core.stamps import KeptResult
    from deliberate.directory.models import PlenarySession
    from deliberate.extensions import db
    from deliberate.reports import summary

    if stats is None:
        return [("statistics page", None, None)]
    first, year, current = db.session.execute(
        select(select(PlenarySession.id).order_by(PlenarySession.year, PlenarySession.id)
               .limit(1).scalar_subquery(),
               select(PlenarySession.year).order_by(PlenarySession.year.desc()).limit(1)
               .scalar_subquery(),
               select(PlenarySession.id).where(PlenarySession.is_current.is_(True)).limit(1)
               .scalar_subquery())).one()

    def write_to_current_session() -> None:
        with app.app_context(), db.engine.begin() as conn:
            stamps.restamp(conn, [summary.part(current)])

    def new_worker() -> None:
        app.extensions[summary.CACHE].clear()

    def nothing_kept() -> None:
        new_worker()
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(delete(KeptResult))

    pages = []
    for label, url in (("statistics page", stats),
                       ("statistics, all sessions", f"{stats}?session=all"),
                       (f"statistics, year {year}", f"{stats}?year={year}"),
                       ("statistics, earliest session", f"{stats}?session={first}")):
        pages += [(f"{label}, after a write to the current session", url,
                   write_to_current_session),
                  (f"{label}, in a new worker", url, new_worker),
                  (f"{label}, nothing kept anywhere", url, nothing_kept),
                  (f"{label}, nothing changed", url, None)]
    return pages


def measure_pages(app, sec_username: str, pages: list[Page]) -> list[tuple]:  # noqa: ANN001
    """Requests as a server sees them: no application context around them, so each one
    loads its user and opens its own transaction."""
    from deliberate.extensions import db

    client = app.test_client()
    r = client.post("/login", data={"username": sec_username, "password": PASSWORD})
    if r.status_code != 302:
        raise RuntimeError(f"sign-in failed: HTTP {r.status_code}")
    with app.app_context():
        engine = db.engine
    rows = []
    for label, url, prepare in pages:
        if url is None:
            rows.append((label, "-", None, None, "not available (no reports blueprint)"))
            continue
        prepare = prepare or (lambda: None)
        status = client.get(url).status_code  # warm
        prepare()
        with counting(engine) as c:
            client.get(url)

        def get(url=url, prepare=prepare) -> float:  # noqa: ANN001
            prepare()
            started = time.perf_counter()
            client.get(url)
            return time.perf_counter() - started

        ms = statistics.median(get() for _ in range(10)) * 1000
        rows.append((label, url, ms, c["n"], "" if status == 200 else f"HTTP {status}"))
    return rows


# -- throughput ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, url: str, workers: int, **extra_env: str):  # noqa: ANN201
    port = free_port()
    instance = tempfile.mkdtemp(prefix="deliberate-bench-")
    env = {**os.environ, "DELIBERATE_DATABASE_URL": url, "DELIBERATE_INSTANCE_PATH": instance,
           "DELIBERATE_SECRET_KEY": "bench-secret-key", "PYTHONPATH": str(ROOT), **extra_env}
    proc = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", app_spec], env=env, cwd=ROOT)
    try:
        for _ in range(150):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)


def login_cookie(port: int, username: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login")
    r = conn.getresponse()
    page = r.read().decode()
    cookie = r.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrf_token": token.group(1) if token else ""})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                          "Cookie": cookie})
    r = conn.getresponse()
    r.read()
    if r.status != 302:
        raise RuntimeError(f"sign-in failed: HTTP {r.status}")
    cookie = r.getheader("Set-Cookie", "").split(";")[0]
    # As a browser does: the first page after sign-in adds the form token to the session
    # cookie, and every later request carries the updated cookie.
    conn.request("GET", "/proposals/", headers={"Cookie": cookie})
    r = conn.getresponse()
    r.read()
    return (r.getheader("Set-Cookie") or cookie).split(";")[0]


def load(port: int, path: str, cookie: str, seconds: int) -> tuple[float, str]:
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(  # noqa: S603
            [wrk, "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: {cookie}",
             f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
            check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return rps, f"wrk{' ' + bad.group(1) + ' non-2xx' if bad else ''}"
    done, stop = [0], time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        while time.monotonic() < stop:
            conn.request("GET", path, headers={"Cookie": cookie})
            resp = conn.getresponse()
            resp.read()
            done[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / seconds, "python client"


def measure_throughput(url: str, username: str, workers: int, seconds: int) -> list[tuple]:
    rows = []
    # Each case first warms every worker up (imports, templates, translations) unmeasured.
    with gunicorn("deliberate:create_app()", url, workers) as port:
        cookie = login_cookie(port, username)
        load(port, "/proposals/", cookie, 3)
        rows.append(("proposal list /proposals/", *load(port, "/proposals/", cookie, seconds)))
    # The same list rendered on every request (core/pagecache.py off): what a request
    # costs when something was written since the page was last shown.
    with gunicorn("deliberate:create_app()", url, workers,
                  DELIBERATE_PAGE_CACHE_SECONDS="0") as port:
        cookie = login_cookie(port, username)
        load(port, "/proposals/", cookie, 3)
        rows.append(("proposal list, page cache off", *load(port, "/proposals/", cookie,
                                                            seconds)))
    with gunicorn("benchmarks.bare_app:app", url, workers) as port:
        load(port, "/", "x=1", 3)
        rows.append(("bare Flask route", *load(port, "/", "x=1", seconds)))
    return rows


# -- report -------------------------------------------------------------------------------

def report(name: str, url: str, built: float | None, sessions: int, per: int,
           workers: int, seconds: int, throughput: bool) -> None:
    from sqlalchemy import func, select

    from deliberate import create_app
    from deliberate.auth.models import User
    from deliberate.core.permissions import Role
    from deliberate.extensions import db
    from deliberate.proposals.models import Proposal

    os.environ["DELIBERATE_DATABASE_URL"] = url
    app = create_app({"DATABASE_URL": url, "SERVER_NAME": "localhost",
                      "SECRET_KEY": "bench-secret-key", "WTF_CSRF_ENABLED": False,
                      # The page table measures rendering; the throughput table both ways.
                      "PAGE_CACHE_SECONDS": 0})
    with app.test_request_context():
        total = db.session.scalar(select(func.count(Proposal.id)))
        sec = db.session.scalar(select(User).where(User.role == Role.secretariat,
                                                   User.username.like("s%sec1"))
                                .order_by(User.id.desc()))
        username = sec.username
        print(f"\n## {name}: {total:,} proposals ({sessions} sessions x {per})")
        print(f"build (init-db + seed-scale): {built:.0f} s" if built is not None
              else "build: reused an existing database")
        print("\n| query | chars | user | search ms | shown hits | index hits | LIKE ms "
              "| LIKE hits | same hits | speed-up |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for q, n, who, ms, hits, index_hits, like_ms, like_hits in measure_search(sec):
            same = "-" if like_hits is None else "yes" if index_hits == like_hits else "NO"
            print(f"| {q} | {n} | {who} | {ms:.1f} | {hits} | "
                  f"{'-' if index_hits is None else index_hits} | {like_ms:.0f} | "
                  f"{'-' if like_hits is None else like_hits} | {same} | "
                  f"{like_ms / ms:.0f}x |")
        pages = page_urls(app)
        db.session.remove()
    print("\n| page | url | ms (median of 10) | SQL statements | note |")
    print("| --- | --- | --- | --- | --- |")
    for label, page_url, ms, n, note in measure_pages(app, username, pages):
        if ms is None:
            print(f"| {label} | - | not available | - | {note} |")
        else:
            print(f"| {label} | {page_url} | {ms:.0f} | {n} | {note} |")
    with app.app_context():
        db.engine.dispose()
    if throughput:
        print(f"\n| served by gunicorn -w {workers} | req/s | client |")
        print("| --- | --- | --- |")
        rows = measure_throughput(url, username, workers, seconds)
        for label, rps, client in rows:
            print(f"| {label} | {rps:.0f} | {client} |")
        bare = rows[-1][1]
        print(f"list / bare: {rows[0][1] / bare:.2f} (page cache off: {rows[1][1] / bare:.2f})")


def settle(limit: float = 1.0, longest: int = 90) -> None:
    """Wait until the one-minute load average is below ``limit`` (or ``longest`` seconds)."""
    for _ in range(longest):
        if os.getloadavg()[0] < limit:
            return
        time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--per-session", type=int, default=6000)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    targets = [] if args.no_sqlite and args.postgres else [
        ("SQLite", sqlite_target(args.sessions, args.per_session, args.reuse))]
    if args.postgres:
        targets.append(("PostgreSQL", postgres_target(args.postgres, args.sessions,
                                                      args.per_session, args.reuse)))
    for name, (url, reused) in targets:
        if reused:
            # A database built before the latest migrations lacks their indexes: measure
            # the schema the code expects.
            flask(url, "db", "upgrade")
        built = None if reused else build(url, args.sessions, args.per_session)
        if name != targets[0][0]:
            # The previous database's load (gunicorn, wrk) still holds the machine's two
            # cores for a few seconds after it stops; latencies are measured once it settles.
            settle()
        report(name, url, built, args.sessions, args.per_session, args.workers,
               args.seconds, not args.no_throughput)


if __name__ == "__main__":
    main()
