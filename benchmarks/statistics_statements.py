"""The statistics page's statements, one by one: how long each takes on a scale database
(built by ``benchmarks/run_scale.py`` / ``flask seed-scale``). Read-only; asserts nothing.

    .venv/bin/python benchmarks/statistics_statements.py                 # 150,000 (25 x 6000)
    .venv/bin/python benchmarks/statistics_statements.py --database \\
        sqlite:////tmp/deliberate-scale-5x6000.sqlite3                  # 30,000
    .venv/bin/python benchmarks/statistics_statements.py --plan           # + EXPLAIN QUERY PLAN

For four scopes (the default page: the current session, "all sessions", a year, the first
session) it computes the page's figures (reports.queries.proposal_statistics and
reports.consultation.consultation_tables) --runs times and prints the best run's
statements. SQLite's ``execute()`` only steps to the first row, so each statement is run
again (execute + fetchall, best of 2) for its time. Bring the database to the current
schema first (``flask db upgrade``; run_scale --reuse does it).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "sqlite:////tmp/deliberate-scale-25x6000.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plan", action="store_true")
    args = parser.parse_args()
    os.environ["DELIBERATE_DATABASE_URL"] = args.database

    from sqlalchemy import event
    from werkzeug.datastructures import MultiDict

    from deliberate import create_app
    from deliberate.extensions import db
    from deliberate.proposals.workflow import today
    from deliberate.reports.consultation import consultation_tables
    from deliberate.reports.queries import all_sessions, parse_scope, proposal_statistics

    app = create_app()
    seen: list[list[Any]] = []
    with app.app_context(), app.test_request_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, _cursor, statement, params, *_a) -> None:  # noqa: ANN001
            seen.append([0.0, statement, params])

        sessions = all_sessions()
        scopes = [("default (current session)", {}), ("all sessions", {"session": "all"}),
                  (f"year {sessions[-1].year}", {"year": str(sessions[-1].year)}),
                  (f"session {sessions[0].name}", {"session": str(sessions[0].id)})]
        for label, query in scopes:
            runs = []
            for _ in range(args.runs):
                seen.clear()
                started = time.perf_counter()
                scope = parse_scope(MultiDict(query))
                proposal_statistics(scope, today())
                consultation_tables(scope)
                runs.append(((time.perf_counter() - started) * 1000, list(seen)))
                db.session.rollback()
            total, statements = min(runs, key=lambda r: r[0])
            raw = db.session.connection().connection.dbapi_connection
            for s in statements:
                if not s[1].lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                times = []
                for _ in range(2):
                    cursor = raw.cursor()
                    started = time.perf_counter()
                    cursor.execute(s[1], s[2])
                    cursor.fetchall()
                    times.append((time.perf_counter() - started) * 1000)
                s[0] = min(times)
            db.session.rollback()
            print(f"\n## {label}: figures computed in {total:.0f} ms (best of {args.runs}), "
                  f"{len(statements)} statements")
            for ms, sql, params in statements:
                print(f"{ms:8.1f} ms  {' '.join(sql.split())[:100]}")
                if args.plan and engine.dialect.name == "sqlite" and sql.lstrip().upper() \
                        .startswith(("SELECT", "WITH")):
                    for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params):
                        print(f"{'':14}{row[-1]}")


if __name__ == "__main__":
    main()
