"""Top-level commands: flask --app deliberate <command>."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask_babel import force_locale

from deliberate.extensions import db


def register_commands(app: Flask) -> None:
    from deliberate.core.backup import backup_command, restore_command
    from deliberate.documents.cli import export_batch_command, render_command

    for command in (init_db, seed_demo, seed_scale, create_user_command, create_token,
                    render_command, export_batch_command, backup_command, restore_command):
        app.cli.add_command(command)


def _fail(message: str) -> None:
    raise click.ClickException(message)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database through the migrations."""
    from flask_migrate import upgrade

    # "heads": domains may add migration branches that a merge revision later joins.
    upgrade(revision="heads")
    click.echo("database is at the latest migration")


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Seed even though the database holds other data.")
def seed_demo(force: bool) -> None:
    """Fill the database with the demo body (idempotent)."""
    from deliberate.demo.seed import DEMO_PASSWORD, foreign_data, seed

    with force_locale("zh"):
        others = foreign_data()
        if others and not force:
            _fail(f"the database holds data that is not the demo's ({others}); "
                  "use --force to seed anyway")
        created = seed()
        db.session.commit()
    click.echo(f"demo data ready ({created} records created)")
    from deliberate.demo.content import DEMO_LOGINS

    click.echo(f"demo logins (password {DEMO_PASSWORD}):")
    for role, username in DEMO_LOGINS.items():
        click.echo(f"  {role:<12} {username}")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True,
              type=click.Choice(["admin", "secretariat", "leader", "member", "unit_staff"]))
@click.option("--unit", "unit_ref", default=None, help="The unit's id or exact name.")
@click.option("--name", "display_name", default=None, help="Display name (default: username).")
def create_user_command(username: str, role: str, unit_ref: str | None,
                        display_name: str | None) -> None:
    """Create an account; the password comes from a prompt or from piped stdin."""
    from deliberate.auth.forms import password_problem
    from deliberate.auth.operations import create_user, find_unit
    from deliberate.core.workflow import InvalidData

    with force_locale("zh"):
        unit = find_unit(unit_ref) if unit_ref else None
        if unit_ref and unit is None:
            _fail(f"no handling unit with id or name “{unit_ref}”")
        password = _read_password()
        problem = password_problem(password)
        if problem:
            _fail(problem)
        try:
            user = create_user(username, display_name or username, role, password=password,
                               unit=unit)
        except InvalidData as e:
            details = "; ".join(m for msgs in e.fields.values() for m in msgs)
            _fail(f"{e.message} {details}")
        db.session.commit()
    click.echo(f"created {user.username} ({role})")


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="cli", help="A label to recognise the token by.")
def create_token(username: str, name: str) -> None:
    """Print a new API token for USERNAME as the last line."""
    from sqlalchemy import select

    from deliberate.auth.models import User
    from deliberate.auth.operations import issue_token

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        _fail(f"no user “{username}”")
    if not user.is_active:
        _fail(f"user “{username}” is deactivated")
    _token, plain = issue_token(user, name)
    db.session.commit()
    click.echo(f"token for {username} (shown once, store it safely):")
    click.echo(plain)


@click.command("seed-scale")
@click.option("--sessions", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Plenary sessions to create (five to a term).")
@click.option("--per-session", type=click.IntRange(1, 50000), default=6000, show_default=True,
              help="Proposals in each session.")
@click.option("--members", type=click.IntRange(10, 20000), default=2200, show_default=True)
@click.option("--force", is_flag=True, help="Add the body even though the database holds data.")
def seed_scale(sessions: int, per_session: int, members: int, force: bool) -> None:
    """A large realistic body for benchmarks (about 6,000 proposals a session)."""
    import time

    from deliberate.demo.scale import build, existing_data

    with force_locale("zh"):
        others = existing_data()
        if others and not force:
            _fail(f"the database already holds data ({others}); use --force to add the "
                  "scale body anyway")
        started = time.monotonic()
        with click.progressbar(length=sessions * per_session, label="proposals") as bar:
            result = build(sessions, per_session, members, progress=bar.update)
    counts = result["counts"]
    click.echo(f"built in {time.monotonic() - started:.1f} s: "
               + ", ".join(f"{n} {table}" for table, n in sorted(counts.items())))
    click.echo(f"{result['documents']} search documents")
    from deliberate.demo.seed import DEMO_PASSWORD

    click.echo(f"logins (password {DEMO_PASSWORD}):")
    for role, username in result["logins"].items():
        click.echo(f"  {role:<12} {username}")
