"""Search across proposals, replies, topics, meetings, speeches and minutes."""

from flask import Blueprint

# cli_group=None: `flask --app deliberate reindex` is a top-level command.
bp = Blueprint("search", __name__, cli_group=None)
URL_PREFIX = "/search"

from deliberate.search import kinds, views  # noqa: E402,F401
