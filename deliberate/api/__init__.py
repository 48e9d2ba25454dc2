"""Integration API v1: JSON for handling units' OA systems and other government systems.

Bearer tokens act as their user; the endpoints call the same permission checks, queries and
workflow engine as the web pages, so the API can do exactly what its user could do there.
"""

from flask import Blueprint

from deliberate.extensions import csrf

bp = Blueprint("api", __name__)
URL_PREFIX = "/api/v1"

# Only a bearer token authenticates here, never the session cookie, so a cross-site form
# cannot act through the API and the CSRF token has nothing to protect.
csrf.exempt(bp)

from deliberate.api import (  # noqa: E402,F401
    consultation_views,
    errors,
    proposal_views,
    tokens,
    views,
)
