"""What a consistent database looks like, as SQL: each check returns the rows that break it.

One place for the crash test, the load test and benchmarks/load.py (issue 8, points 4 and
5). A half-written record is what a crash between two writes of one change would leave:
a registered proposal without its register event, a reply without its file, an assigned
proposal without assignments, an issued document without its stored file. Every change is
one transaction, so none of these may ever be found. Plain SQL that runs on SQLite and
PostgreSQL alike (states are stored as strings, see core/types.enum_column).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from deliberate.proposals.models import HANDLING_STATES, NUMBERED_STATES, UNNUMBERED_STATES


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _events(action: str | tuple[str, ...], obj: str = "p.id") -> str:
    actions = (action,) if isinstance(action, str) else action
    return ("(SELECT COUNT(*) FROM events e WHERE e.object_type = 'proposal' "  # noqa: S608 (constants of this module, no input)
            f"AND e.object_id = {obj} AND e.action IN {_in(actions)})")


def _file_broken(alias: str) -> str:
    """The stored file is missing, has no bytes, or not as many as it says."""
    return (f"({alias}.id IS NULL OR {alias}.data IS NULL OR {alias}.size = 0 "
            f"OR {alias}.size <> length({alias}.data))")


# name -> (what it means when rows come back, SQL returning the offending ids)
INVARIANTS: dict[str, tuple[str, str]] = {
    "register_event_once": (
        "a numbered proposal without exactly one register event, or an unnumbered one "
        "with a register event",
        "SELECT p.id FROM proposals p WHERE "
        "(p.state IN {numbered} AND {register_events} <> 1) OR "
        "(p.state IN {unnumbered} AND {register_events} <> 0)",
    ),
    "numbered_has_timestamp": (
        "a numbered proposal without its registration time",
        "SELECT p.id FROM proposals p WHERE p.state IN {numbered} "
        "AND p.registered_at IS NULL",
    ),
    "state_matches_last_event": (
        "a proposal whose state is not the one its last logged change left it in",
        "SELECT p.id FROM proposals p WHERE p.state <> COALESCE(("
        "SELECT e.to_state FROM events e WHERE e.object_type = 'proposal' "
        "AND e.object_id = p.id AND e.to_state IS NOT NULL ORDER BY e.id DESC LIMIT 1), '')",
    ),
    "event_has_proposal": (
        "a logged change of a proposal that does not exist",
        "SELECT DISTINCT e.object_id FROM events e WHERE e.object_type = 'proposal' "
        "AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.id = e.object_id)",
    ),
    "handled_has_assignment": (
        "a proposal being handled, or handled, without an assignment (an active one while "
        "being handled)",
        "SELECT p.id FROM proposals p WHERE "
        "(p.state IN {handling} AND NOT EXISTS (SELECT 1 FROM "
        "proposal_assignments a WHERE a.proposal_id = p.id AND a.is_active)) OR "
        "(p.state IN ('replied', 'closed') AND NOT EXISTS (SELECT 1 FROM "
        "proposal_assignments a WHERE a.proposal_id = p.id))",
    ),
    "assignment_has_event": (
        "assignments of a proposal that has no assign (or re-assign) event",
        "SELECT DISTINCT a.proposal_id FROM proposal_assignments a WHERE "
        "{assign_events} = 0",
    ),
    "replied_has_every_reply": (
        "a replied proposal with a replying unit that has no reply in the current round",
        "SELECT p.id FROM proposals p JOIN proposal_assignments a ON a.proposal_id = p.id "
        "WHERE p.state = 'replied' AND a.is_active AND a.role IN ('lead', 'separate') "
        "AND NOT EXISTS (SELECT 1 FROM proposal_replies r WHERE r.assignment_id = a.id "
        "AND r.round = p.round)",
    ),
    "closed_has_reply": (
        "a replied or closed proposal without any reply",
        "SELECT p.id FROM proposals p WHERE p.state IN ('replied', 'closed') AND NOT EXISTS "
        "(SELECT 1 FROM proposal_replies r WHERE r.proposal_id = p.id)",
    ),
    "reply_matches_events": (
        "a proposal whose replies and reply events differ in number (a reply without its "
        "event, or an event without its reply)",
        "SELECT p.id FROM proposals p WHERE (SELECT COUNT(*) FROM proposal_replies r "
        "WHERE r.proposal_id = p.id) <> {reply_events}",
    ),
    "reply_has_file": (
        "a reply without its signed PDF",
        "SELECT r.id FROM proposal_replies r LEFT JOIN stored_files f ON f.id = r.file_id "
        "WHERE {file_broken}",
    ),
    "attachment_has_file": (
        "a proposal attachment without its file",
        "SELECT x.id FROM proposal_attachments x LEFT JOIN stored_files f ON f.id = x.file_id "
        "WHERE f.id IS NULL OR f.data IS NULL OR f.size <> length(f.data)",
    ),
    "issued_document_has_file": (
        "an issued document without its stored PDF (or with other bytes than logged)",
        "SELECT d.id FROM issued_documents d LEFT JOIN stored_files f ON f.id = d.file_id "
        "WHERE {file_broken} OR f.sha256 <> d.sha256",
    ),
    "issued_document_has_event": (
        "an issued document whose issue was not logged",
        "SELECT d.id FROM issued_documents d WHERE NOT EXISTS (SELECT 1 FROM events e "
        "WHERE e.action = 'issue_document' AND e.object_id = d.object_id)",
    ),
    "stored_file_whole": (
        "a stored file whose bytes are not as many as recorded",
        "SELECT f.id FROM stored_files f WHERE f.data IS NULL OR f.size <> length(f.data)",
    ),
    "numbers_gapless": (
        "a session whose registration numbers are not exactly 1…n",
        "SELECT p.session_id FROM proposals p WHERE p.number IS NOT NULL "
        "GROUP BY p.session_id HAVING COUNT(*) <> MAX(p.number) "
        "OR COUNT(DISTINCT p.number) <> COUNT(*) OR MIN(p.number) <> 1",
    ),
    "counter_matches_numbers": (
        "a session whose numbering counter is not its highest number",
        "SELECT s.id FROM plenary_sessions s WHERE COALESCE((SELECT c.last_number FROM "
        "proposal_counters c WHERE c.session_id = s.id), 0) <> COALESCE((SELECT "
        "MAX(p.number) FROM proposals p WHERE p.session_id = s.id), 0)",
    ),
}


# The pieces the checks share, spelled out once.
_PARTS = {
    "numbered": _in(NUMBERED_STATES), "unnumbered": _in(UNNUMBERED_STATES),
    "handling": _in(HANDLING_STATES), "register_events": _events("register"),
    "assign_events": _events(("assign", "resolve_dispute"), "a.proposal_id"),
    "reply_events": _events(("reply", "reply_part")), "file_broken": _file_broken("f"),
}
INVARIANTS = {name: (what, template.format(**_PARTS))
              for name, (what, template) in INVARIANTS.items()}


def violations(conn: Connection) -> dict[str, list[int]]:
    """The checks that fail, each with the ids it found (empty when all is consistent)."""
    found: dict[str, list[int]] = {}
    for name, (_what, sql) in INVARIANTS.items():
        ids = sorted(row[0] for row in conn.execute(text(sql)))
        if ids:
            found[name] = ids
    return found


def describe(found: dict[str, list[int]]) -> list[str]:
    return [f"{name}: {INVARIANTS[name][0]} — ids {ids[:20]}" for name, ids in found.items()]
