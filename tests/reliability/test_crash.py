"""Issue 8, point 5: SIGKILL a gunicorn worker, and then the whole server, in the middle
of write traffic on SQLite; after a restart the file is intact, no acknowledged write is
missing and no half-written record exists (tests/reliability/invariants.py)."""

import sqlite3
import time

import pytest
from sqlalchemy.engine import make_url

from tests.reliability.client import Browser, csrf
from tests.reliability.conftest import ON_POSTGRES
from tests.reliability.server import Server
from tests.reliability.traffic import WRITES, Load, check_ledger, finish_load, report, start_load

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="the crash test is about the SQLite file")


def integrity(url: str) -> str:
    conn = sqlite3.connect(make_url(url).database)
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def cut_writes(load) -> int:
    """Writes sent whose answer never came: the kill landed while they were in flight."""
    return sum(n for kind in WRITES for status, n in load.stats.statuses[kind].items()
               if not isinstance(status, int))


@pytest.mark.long
def test_sigkill_of_a_worker_and_of_the_server_loses_nothing(fresh_db, world, tmp_path):
    server = Server(fresh_db, tmp_path, workers=2, name="crash")
    load = None
    threads = []
    after_workers = []
    try:
        server.start()
        load = Load(server.base, world, expect_outages=True)
        threads = start_load(load)
        wait_for(lambda: len(load.ledger.submitted) >= 4 and load.ledger.registered,
                 60, "write traffic to start")
        # Kill a worker until one of them dies in the middle of a write (a request whose
        # answer never came), at most three times; the master replaces each one.
        for _attempt in range(3):
            server.kill_worker()
            before = load.ledger.writes
            server.wait_workers(2)
            wait_for(lambda: load.ledger.writes >= before + 6, 60,  # noqa: B023
                     "writes after a worker was killed")
            if cut_writes(load):
                break
        # Checked now, with the server still running: the worker kills alone lost nothing.
        after_workers = check_ledger(fresh_db, load.ledger.snapshot(), complete=False)
        server.kill()
        finish_load(load, threads)
    finally:
        if load is not None:
            load.stop.set()
        server.stop()

    summary = report(load, "crash", []) + f"\n   writes cut by the kills: {cut_writes(load)}"
    assert not load.ledger.crashes, summary
    assert load.stats.server_errors == 0, f"{summary}\n{server.log_tail()}"
    assert not after_workers, "after killing workers:\n" + "\n".join(after_workers)
    assert integrity(fresh_db) == "ok"
    problems = check_ledger(fresh_db, load.ledger, complete=False)
    assert not problems, "after killing the server:\n" + "\n".join(problems)

    # Restarted on the same file, the app works and the books still balance.
    with Server(fresh_db, tmp_path, workers=1, name="crash") as again:
        b = Browser(again.base)
        b.login(world.members[0])
        page = b.get("new-form", "/proposals/new")
        r = b.post("create", "/proposals/new", [
            ("csrf_token", csrf(page)), ("title", "重启之后的提案"), ("category", "other"),
            ("may_publish", "y")])
        assert r.status == 302, r.text[:300]
    assert integrity(fresh_db) == "ok"
    assert not check_ledger(fresh_db, load.ledger, complete=False)
    print(summary)
