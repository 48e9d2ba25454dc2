"""Proposal screens: routes only (load → permission → form → operation → commit once)."""

from deliberate.proposals.views import common, drafts, handling, lists, review  # noqa: F401
