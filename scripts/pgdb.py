#!/usr/bin/env python3
"""Create or drop a scratch PostgreSQL database next to the one a server URL names.

  python scripts/pgdb.py create|drop SERVER_URL NAME
"""

import sys

from sqlalchemy import create_engine, text


def main() -> int:
    verb, url, name = sys.argv[1:4]
    if not name.replace("_", "").isalnum():
        print("database names here are letters, digits and underscores", file=sys.stderr)
        return 2
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if verb == "create":
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
