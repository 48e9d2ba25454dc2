"""Official documents as PDF: the registry of document kinds, issued (fixed) documents,
downloads, previews, the render CLI and batch ZIP exports.

Domains register their documents with :func:`deliberate.documents.registry.register_kind`;
this package serves them with permission checks and keeps the bytes of issued ones.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("documents", __name__)
URL_PREFIX = "/documents"

from deliberate.documents import views  # noqa: E402,F401  (registers the routes)
