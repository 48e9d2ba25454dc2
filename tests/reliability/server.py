"""Real gunicorn servers for the reliability tests and benchmarks/load.py (issue 8).

A ``Server`` is gunicorn with sync workers in its own process group, on a free port of
127.0.0.1, in the production configuration (CSRF on, the instance folder and database from
DELIBERATE_* variables); it can be stopped, or its workers or itself SIGKILLed. ``seed_world``
puts the people who work under load into a freshly migrated database.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "load-pass-1"


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


def app_for(url: str, instance: Path, **config: object):  # noqa: ANN202
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

    app = app_for(url, instance)
    # Alembic logs each revision at INFO: not what a benchmark's reader is after.
    logging.disable(logging.INFO)
    try:
        with app.app_context():
            upgrade(revision="heads")
            db.engine.dispose()
    finally:
        logging.disable(logging.NOTSET)


def seed_world(url: str, instance: Path, *, members: int = 4, secretariat: int = 2,
               units: int = 3, password_hash: str | None = None) -> World:
    """A current session, members (with profiles), secretariat staff, units with one staff
    member each, all with the password ``PASSWORD``, in a freshly migrated database.
    ``password_hash``: the tests' cheap method instead of production's scrypt."""
    from deliberate.extensions import db
    from tests.factories import Factory

    app = app_for(url, instance, **({"PASSWORD_HASH_METHOD": password_hash}
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
