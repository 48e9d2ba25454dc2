"""Load benchmark (issue 8, point 4): gunicorn with several workers on a freshly migrated
database, driven through the real web forms (sign-in and CSRF tokens read from the pages,
as in production) by members creating proposals (every other one with an attachment)
and submitting them, the secretariat registering and assigning them, and units replying
with a small signed PDF, everyone reading their lists in between. Afterwards the database
is checked: every write the server acknowledged (a redirect) is there exactly once,
registration numbers are 1…n, no record is half-written (tests/reliability/invariants.py),
and no answer was a 5xx.

    .venv/bin/python benchmarks/load.py                      # SQLite, 60 s
    .venv/bin/python benchmarks/load.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
                                                             # SQLite, then PostgreSQL
    .venv/bin/python benchmarks/load.py --seconds 10 --only postgres --postgres URL

On PostgreSQL a scratch database is created on that server and dropped afterwards.
Prints throughput and latency percentiles (p50/p95/p99) per kind of request; exits 1 when
anything was lost, duplicated, half-written or answered 5xx. The same traffic runs for
10 s in the test suite (tests/reliability/test_load.py). Each simulated person is a
thread with its own session; gunicorn runs sync workers, as in the README's production
set-up. Figures are printed, not asserted: the machine's other work distorts them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.reliability.server import Server, engine_url, migrate, seed_world  # noqa: E402
from tests.reliability.traffic import Load, check_ledger, report, run_load  # noqa: E402


@contextmanager
def scratch(kind: str, workdir: Path, postgres: str | None) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'load.sqlite3'}"
        return
    server = engine_url(postgres)
    name = f"deliberate_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield urlunsplit(urlsplit(server)._replace(path="/" + name))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(kind: str, args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix=f"load-{kind}-") as tmp:
        workdir = Path(tmp)
        with scratch(kind, workdir, args.postgres) as url:
            migrate(url, workdir / "setup")
            world = seed_world(url, workdir / "setup", members=args.members,
                               secretariat=args.secretariat, units=args.units)
            print(f"-- {kind}: gunicorn with {args.workers} workers; {args.members} members, "
                  f"{args.secretariat} secretariat, {args.units} units for {args.seconds:g} s "
                  f"(after {args.warmup:g} s of warm-up)",
                  flush=True)
            with Server(url, workdir, workers=args.workers, name=kind) as server:
                load = run_load(Load(server.base, world), args.seconds, args.warmup)
                log = server.log_tail(15)
            problems = check_ledger(url, load.ledger)
    print(report(load, kind, problems))
    ok = not problems and not load.stats.server_errors and not load.ledger.crashes
    ok = ok and not load.stats.transport_errors and not load.ledger.unexpected
    print(f"   {'OK' if ok else 'FAILED'}: zero lost, zero duplicated, zero 5xx"
          if ok else f"   FAILED (server log tail below)\n{log}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0,
                        help="seconds of traffic first whose timings are not counted")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--members", type=int, default=6)
    parser.add_argument("--secretariat", type=int, default=3)
    parser.add_argument("--units", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL",
                        help="a PostgreSQL server URL; a scratch database is made on it")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    kinds = [k for k in ("sqlite", "postgres") if args.only in (None, k)]
    if "postgres" in kinds and not args.postgres:
        if args.only == "postgres":
            parser.error("--only postgres needs --postgres URL")
        kinds.remove("postgres")
    results = [run(kind, args) for kind in kinds]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
