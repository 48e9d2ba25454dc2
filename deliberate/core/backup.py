"""``flask --app deliberate backup FILE`` and ``restore FILE``.

SQLite: the online backup API copies a consistent snapshot while the app keeps running
(WAL lets writers go on during the copy). PostgreSQL: ``pg_dump --format=custom`` and
``pg_restore --no-owner``, found on PATH, with the app's connection parameters.

Restore goes into an empty instance only: a backup never overwrites anything, so a mistyped
command cannot destroy a live database. The backup's schema revision must be the code's or
an older one (``init-db`` then upgrades it); a backup from newer code is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404  (pg_dump/pg_restore are the documented PostgreSQL route)
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
VERSION_TABLE = "alembic_version"
# libpq environment for the options people put in a database URL's query string.
LIBPQ_QUERY_ENV = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME", "options": "PGOPTIONS", "host": "PGHOST",
    "port": "PGPORT", "target_session_attrs": "PGTARGETSESSIONATTRS",
}
SQLITE_TIMEOUT_S = 15


class BackupError(Exception):
    """A refusal with a message meant for the operator."""


@dataclass
class RestoreResult:
    revisions: set[str]
    # True when the backup predates the code's migrations: init-db brings it up to date.
    needs_upgrade: bool
    tables: int = 0
    dropped: list[str] = field(default_factory=list)


# Schema revisions -----------------------------------------------------------------


def _script() -> ScriptDirectory:
    from deliberate import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def code_heads() -> set[str]:
    return set(_script().get_heads())


def check_revisions(revisions: set[str]) -> bool:
    """Raise when the backup cannot be restored by this code; True if it needs init-db."""
    if not revisions:
        raise BackupError("the backup has no schema revision (alembic_version is empty or "
                          "missing): it is not a deliberate database")
    script = _script()
    unknown = set()
    for revision in revisions:
        try:
            known = script.get_revision(revision)
        except (CommandError, RevisionError):
            known = None
        # Exact ids only: alembic would also accept a prefix.
        if known is None or known.revision != revision:
            unknown.add(revision)
    if unknown:
        raise BackupError(
            f"the backup's schema revision {', '.join(sorted(unknown))} is unknown to this "
            "version of deliberate (a backup from newer code?): upgrade the code first")
    return revisions != set(script.get_heads())


# Emptiness ------------------------------------------------------------------------


def occupied_tables(engine: Engine) -> list[str]:
    """Tables of the target that hold rows (the schema version does not count)."""
    found = []
    with engine.connect() as conn:
        preparer = conn.dialect.identifier_preparer
        for name in _data_tables(conn):
            if name == VERSION_TABLE:
                continue
            quoted = preparer.quote(name)
            # The name comes from the database's own catalogue, quoted by the dialect.
            if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():  # noqa: S608
                found.append(name)
    return found


def _data_tables(conn: Connection) -> list[str]:
    if conn.dialect.name != "sqlite":
        return sorted(inspect(conn).get_table_names())
    # Full-text search keeps its index in "shadow" tables that hold bookkeeping rows even
    # when nothing is indexed; the virtual table itself says whether anything is.
    rows = conn.exec_driver_sql("PRAGMA main.table_list").all()
    return sorted(name for _schema, name, kind, *_rest in rows
                  if kind in ("table", "virtual") and not name.startswith("sqlite_"))


def _refuse_unless_empty(engine: Engine) -> None:
    occupied = occupied_tables(engine)
    if occupied:
        shown = ", ".join(occupied[:8]) + (" …" if len(occupied) > 8 else "")
        raise BackupError(
            "restore only goes into an empty database, and this one holds data "
            f"(tables: {shown}); nothing was changed. Point DELIBERATE_DATABASE_URL at a "
            "new, empty database and run restore again.")


def _file_kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump custom-format "
                      "archive")


# SQLite ---------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(f"backup and restore need an SQLite database file, not {url}")
    return Path(url.database)


def _sqlite_connect(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    if immutable:
        # A backup file is never written to while it is read; immutable also opens copies
        # still marked for WAL without creating -wal/-shm files beside them.
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    conn = sqlite3.connect(path, timeout=SQLITE_TIMEOUT_S)
    conn.execute(f"PRAGMA busy_timeout = {SQLITE_TIMEOUT_S * 1000}")
    return conn


def _integrity(conn: sqlite3.Connection) -> str:
    return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def _sqlite_revisions(conn: sqlite3.Connection) -> set[str]:
    try:
        # S608: VERSION_TABLE is our constant, not input.
        return {row[0] for row in conn.execute(f"SELECT version_num FROM {VERSION_TABLE}")}  # noqa: S608
    except sqlite3.DatabaseError:
        return set()


def _create_private(path: Path) -> None:
    # Backups hold personal data: readable by the owner only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def backup_sqlite(url: URL, target: Path) -> set[str]:
    source_path = _sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"the database file {source_path} does not exist")
    partial = target.with_name(target.name + ".partial")
    _create_private(partial)
    try:
        with closing(_sqlite_connect(source_path)) as source, \
                closing(sqlite3.connect(partial)) as copy:
            # One step: the whole copy is read inside a single read transaction, so it is a
            # consistent snapshot even while other processes write.
            source.backup(copy)
            # A self-contained file: no -wal beside it when it is opened later.
            copy.execute("PRAGMA journal_mode = DELETE")
            problem = _integrity(copy)
            revisions = _sqlite_revisions(copy)
        if problem != "ok":
            raise BackupError(f"the copy failed its integrity check: {problem}")
        if not revisions:
            raise BackupError("the database has no schema yet: run init-db first")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return revisions


def restore_sqlite(url: URL, source: Path) -> RestoreResult:
    target_path = _sqlite_path(url)
    if source.resolve() == target_path.resolve():
        raise BackupError("the backup file is the database itself")
    with closing(_sqlite_connect(source, immutable=True)) as backup:
        try:
            problem = _integrity(backup)
        except sqlite3.DatabaseError as e:
            raise BackupError(f"{source} is not a readable SQLite database: {e}") from e
        if problem != "ok":
            raise BackupError(f"{source} is damaged (integrity check: {problem})")
        revisions = _sqlite_revisions(backup)
        needs_upgrade = check_revisions(revisions)
        if target_path.exists() and target_path.stat().st_size:
            engine = create_engine(url)
            try:
                _refuse_unless_empty(engine)
            finally:
                engine.dispose()
        target_path.parent.mkdir(parents=True, exist_ok=True)
        if not target_path.exists():
            _create_private(target_path)
        with closing(_sqlite_connect(target_path)) as target:
            # The backup API cannot write into a WAL database whose page size differs; the
            # target is empty, so leaving WAL first loses nothing.
            target.execute("PRAGMA journal_mode = DELETE")
            backup.backup(target)
            target.execute("PRAGMA journal_mode = WAL")
            problem = _integrity(target)
            tables = target.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"the restored database failed its integrity check: {problem}")
    return RestoreResult(revisions, needs_upgrade, tables)


# PostgreSQL -----------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            f"(e.g. apt install postgresql-client-<server major version>)")
    return path


def _tool_major(tool: str) -> int:
    output = _run([tool, "--version"]).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise BackupError(f"could not read the version of {tool} from “{output.strip()}”")
    return int(match.group(1))


def _server_major(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A connection URI for --dbname, and the environment carrying the password (never on
    the command line, where other local users could read it)."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database)
    for key, value in url.query.items():
        name = LIBPQ_QUERY_ENV.get(key)
        if name:
            env[name] = value if isinstance(value, str) else value[-1]
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # A fixed argument list with the tool's full path; no shell is involved.
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603


def _checked(command: list[str], env: dict[str, str], what: str) -> str:
    result = _run(command, env)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def _check_tool_version(tool: str, engine: Engine) -> None:
    tool_major, server_major = _tool_major(tool), _server_major(engine)
    if tool_major < server_major:
        raise BackupError(
            f"{Path(tool).name} is version {tool_major} but the server runs PostgreSQL "
            f"{server_major}: install the client tools of version {server_major} or newer")


def backup_postgresql(engine: Engine, target: Path) -> set[str]:
    pg_dump = _pg_tool("pg_dump")
    _check_tool_version(pg_dump, engine)
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            raise BackupError("the database has no schema yet: run init-db first")
        # S608: VERSION_TABLE is our constant, not input.
        revisions = {row[0] for row in conn.execute(
            text(f"SELECT version_num FROM {VERSION_TABLE}"))}  # noqa: S608
    dbname, env = _libpq(engine.url)
    partial = target.with_name(target.name + ".partial")
    _create_private(partial)
    try:
        _checked([pg_dump, "--format=custom", "--file", str(partial), "--dbname", dbname],
                 env, "pg_dump")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return revisions


def _archive_tables(pg_restore: str, source: Path, env: dict[str, str]) -> set[str]:
    listing = _checked([pg_restore, "--list", str(source)], env, "reading the archive")
    tables = set()
    for line in listing.splitlines():
        # "217; 1259 16390 TABLE public users postgres"
        match = re.match(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", line)
        if match:
            tables.add(match.group(2))
    return tables


def _archive_revisions(pg_restore: str, source: Path, env: dict[str, str]) -> set[str]:
    script = _checked([pg_restore, "--data-only", f"--table={VERSION_TABLE}", "--file=-",
                       str(source)], env, "reading the archive")
    revisions, in_copy = set(), False
    for line in script.splitlines():
        if line.startswith("COPY ") and VERSION_TABLE in line:
            in_copy = True
        elif in_copy and line == "\\.":
            in_copy = False
        elif in_copy and line:
            revisions.add(line.split("\t")[0])
    return revisions


def restore_postgresql(engine: Engine, source: Path) -> RestoreResult:
    pg_restore = _pg_tool("pg_restore")
    _check_tool_version(pg_restore, engine)
    dbname, env = _libpq(engine.url)
    archived = _archive_tables(pg_restore, source, env)
    revisions = _archive_revisions(pg_restore, source, env)
    needs_upgrade = check_revisions(revisions)
    _refuse_unless_empty(engine)
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
    # No connection of ours may hold a lock on the tables pg_restore replaces.
    engine.dispose()
    # --clean --if-exists: an empty schema made by init-db is replaced by the backup's;
    # --single-transaction: a failed restore leaves the target as it was.
    _checked([pg_restore, "--no-owner", "--no-privileges", "--clean", "--if-exists",
              "--single-transaction", "--exit-on-error", "--dbname", dbname, str(source)],
             env, "pg_restore")
    # Tables of a newer empty schema that the (older) backup lacks would stop init-db from
    # creating them again; they held no rows (checked above).
    leftovers = sorted(present - archived)
    if leftovers:
        with engine.begin() as conn:
            preparer = conn.dialect.identifier_preparer
            for name in leftovers:
                conn.execute(text(f"DROP TABLE IF EXISTS {preparer.quote(name)} CASCADE"))
    return RestoreResult(revisions, needs_upgrade, len(archived), leftovers)


# Entry points ---------------------------------------------------------------------


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


@contextmanager
def _database_errors(url: URL) -> Iterator[None]:
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as e:
        detail = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        raise BackupError(f"the database {url.render_as_string(hide_password=True)} could "
                          f"not be used: {detail}") from e


def backup(target: Path, url: URL | None = None) -> set[str]:
    """Write a backup of the app's database (or ``url``'s) to ``target``; its revisions."""
    url = url or _database_url()
    with _database_errors(url):
        if url.get_backend_name() == "sqlite":
            return backup_sqlite(url, target)
        if url.get_backend_name() == "postgresql":
            engine = create_engine(url)
            try:
                return backup_postgresql(engine, target)
            finally:
                engine.dispose()
    raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")


def restore(source: Path, url: URL | None = None) -> RestoreResult:
    """Restore ``source`` into the app's (or ``url``'s) database, which must be empty."""
    url = url or _database_url()
    kind = _file_kind(source)
    backend = url.get_backend_name()
    if kind != backend:
        raise BackupError(f"{source} is a {kind} backup but the database is {backend}: "
                          "restore it into the same kind of database")
    with _database_errors(url):
        if backend == "sqlite":
            return restore_sqlite(url, source)
        engine = create_engine(url)
        try:
            return restore_postgresql(engine, source)
        finally:
            engine.dispose()


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
def backup_command(file: Path, force: bool) -> None:
    """Write a consistent copy of the database to FILE (safe while the app runs)."""
    if file.exists() and not force:
        raise click.ClickException(f"{file} already exists; use --force to replace it")
    try:
        revisions = backup(file)
    except BackupError as e:
        raise click.ClickException(str(e)) from e
    size = file.stat().st_size
    click.echo(f"backup written to {file} ({size} bytes, schema {', '.join(sorted(revisions))})")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Restore FILE (made by the backup command) into an empty database."""
    from deliberate.extensions import db

    # The CLI's own pooled connections must not hold the database during the restore.
    db.engine.dispose()
    try:
        result = restore(file)
    except BackupError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"restored {file} (schema {', '.join(sorted(result.revisions))})")
    if result.needs_upgrade:
        click.echo("the backup predates this version of deliberate: run "
                   "`flask --app deliberate init-db` now to upgrade it")
