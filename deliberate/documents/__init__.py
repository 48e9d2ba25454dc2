"""Official documents as PDF: the registry of document kinds, issued (fixed) documents,
downloads, previews, the render CLI and batch ZIP exports.

Domains register their documents with :func:`deliberate.documents.registry.register_kind`
and their "all X of Y as one ZIP" exports with
:func:`deliberate.documents.batches.register_batch` (see that module for the API); this
package serves them with permission checks and keeps the bytes of issued ones.
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import Role
from deliberate.core.web import register_nav

bp = Blueprint("documents", __name__)
URL_PREFIX = "/documents"

register_nav(_l("Batch export"), "documents.list_batches", (Role.secretariat,), order=90)

from deliberate.documents import views  # noqa: E402,F401  (registers the routes)
