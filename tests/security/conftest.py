"""Security tests use the proposal tests' body of users and units."""

from tests.proposals.conftest import world  # noqa: F401  (a fixture, used by name)
