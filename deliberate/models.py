"""Loads every model module so the metadata (and so Alembic) sees every table."""

from __future__ import annotations

import importlib
import importlib.util

# Core tables live in their mechanism's module rather than a core/models.py.
CORE_MODEL_MODULES = (
    "deliberate.core.events", "deliberate.core.notify", "deliberate.core.files",
    "deliberate.core.dates", "deliberate.core.search", "deliberate.core.pagecache",
    "deliberate.core.stamps",
)


def load_all() -> None:
    from deliberate import DOMAINS

    for name in CORE_MODEL_MODULES:
        importlib.import_module(name)
    for domain in DOMAINS:
        module = f"deliberate.{domain}.models"
        if importlib.util.find_spec(f"deliberate.{domain}") and importlib.util.find_spec(module):
            importlib.import_module(module)
