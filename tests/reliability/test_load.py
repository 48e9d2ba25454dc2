"""Issue 8, point 4, in the suite: a short run of benchmarks/load.py's traffic against
gunicorn with several workers on the backend under test (SQLite or PostgreSQL). Every
acknowledged write is in the database exactly once, numbers are gapless, no 5xx."""

import pytest

from tests.reliability.conftest import LOAD_SECONDS
from tests.reliability.server import Server
from tests.reliability.traffic import (
    Load,
    check_ledger,
    every_kind_written,
    numbers,
    report,
    run_load,
)


@pytest.mark.long
def test_members_secretariat_and_units_at_once_lose_nothing(fresh_db, world, tmp_path):
    with Server(fresh_db, tmp_path, workers=3) as server:
        # A busy CI machine may need longer for the first reply: up to 30 s more.
        load = run_load(Load(server.base, world), LOAD_SECONDS, until=every_kind_written,
                        grace=30)
        log = server.log_tail()
    problems = check_ledger(fresh_db, load.ledger)
    summary = report(load, "load", problems)
    print(summary)
    assert not load.ledger.crashes, summary
    assert load.stats.server_errors == 0, f"5xx answers\n{summary}\n{log}"
    assert load.stats.transport_errors == 0, summary
    assert not load.ledger.unexpected, summary
    assert not problems, summary
    # Every kind of write happened, so each was checked.
    ledger = load.ledger
    assert ledger.created and ledger.attached and ledger.submitted, summary
    assert ledger.registered, summary
    assert ledger.assigned and ledger.replied, summary
    got = numbers(fresh_db).get(world.session_id, [])
    assert got == list(range(1, len(ledger.registered) + 1)), got
