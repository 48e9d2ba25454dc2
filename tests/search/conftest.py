"""Search tests reuse the proposal tests' small body."""

import pytest

from deliberate.core import search as engine
from tests.proposals.conftest import world  # noqa: F401


@pytest.fixture(autouse=True)
def _no_kept_lexeme_shares():
    """Each test reads PostgreSQL's statistics afresh (they are kept per database URL, and
    the scratch databases share theirs)."""
    engine._SHARES.clear()
    yield
    engine._SHARES.clear()
