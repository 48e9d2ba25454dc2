"""Fixtures for the tests that run the app in real gunicorn processes."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import scratch_database
from tests.reliability.server import World, seed_world

ON_POSTGRES = os.environ.get("DELIBERATE_TEST_DATABASE") == "postgres"
# The in-suite run is short; benchmarks/load.py runs for a minute.
LOAD_SECONDS = float(os.environ.get("DELIBERATE_TEST_LOAD_SECONDS", "10"))
# Signing in is not what these tests measure: the suite's cheap hash instead of scrypt.
FAST_HASH = "pbkdf2:sha256:1000"


@pytest.fixture
def fresh_db(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
             ) -> Iterator[str]:
    """A database of its own on the backend under test (the servers write to it while
    other tests empty theirs), migrated, dropped afterwards."""
    with scratch_database(tmp_path_factory, request.node.name[:20].strip("_[]")) as url:
        yield url


@pytest.fixture
def world(fresh_db: str, tmp_path) -> World:
    return seed_world(fresh_db, tmp_path / "seed", password_hash=FAST_HASH)
