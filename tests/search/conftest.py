"""Search tests reuse the proposal tests' small body."""

from tests.proposals.conftest import world  # noqa: F401
