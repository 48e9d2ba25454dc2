"""The consistency checks of tests/reliability/invariants.py hold on the demo proposals
(every state, walked through the real operations), and each one finds the half-written
record it is about when one is planted (so none of them can pass by checking nothing)."""

from sqlalchemy import select, text

from deliberate.auth.models import User
from deliberate.core.events import record_event
from deliberate.core.files import store_file
from deliberate.demo.seed import seed_directory
from deliberate.documents.models import IssuedDocument
from deliberate.extensions import db
from deliberate.proposals.demo import DEMO_PDF, seed_demo
from deliberate.proposals.models import Proposal, ProposalAttachment, ProposalState
from tests.reliability.invariants import INVARIANTS, describe, violations

# A change that breaks exactly what each check is about (others may notice it too).
PLANTED = {
    "register_event_once":
        "DELETE FROM events WHERE action = 'register' AND object_id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'registered')",
    "numbered_has_timestamp":
        "UPDATE proposals SET registered_at = NULL WHERE id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'assigned')",
    "state_matches_last_event":
        "UPDATE proposals SET state = 'withdrawn' WHERE id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'submitted')",
    "event_has_proposal":
        "UPDATE events SET object_id = 999999 WHERE id = "
        "(SELECT MIN(id) FROM events WHERE object_type = 'proposal')",
    "handled_has_assignment":
        "UPDATE proposal_assignments SET is_active = false, ended_at = CURRENT_TIMESTAMP "
        "WHERE proposal_id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'assigned')",
    "assignment_has_event":
        "DELETE FROM events WHERE action = 'assign' AND object_id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'assigned')",
    "replied_has_every_reply":
        "DELETE FROM proposal_replies WHERE proposal_id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'replied')",
    "closed_has_reply":
        "DELETE FROM proposal_replies WHERE proposal_id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'closed')",
    "reply_matches_events":
        "DELETE FROM events WHERE action IN ('reply', 'reply_part') AND object_id = "
        "(SELECT MIN(id) FROM proposals WHERE state = 'closed')",
    "reply_has_file":
        "UPDATE stored_files SET size = size + 1 WHERE id = "
        "(SELECT MIN(file_id) FROM proposal_replies)",
    "attachment_has_file":
        "UPDATE stored_files SET size = size + 1 WHERE id = "
        "(SELECT MIN(file_id) FROM proposal_attachments)",
    "issued_document_has_file":
        "UPDATE issued_documents SET sha256 = "
        "'0000000000000000000000000000000000000000000000000000000000000000'",
    "issued_document_has_event":
        "DELETE FROM events WHERE action = 'issue_document'",
    "stored_file_whole":
        "UPDATE stored_files SET size = size - 1 WHERE id = (SELECT MAX(id) FROM stored_files)",
    "numbers_gapless":
        "UPDATE proposals SET number = number + 1000 WHERE number = "
        "(SELECT MAX(number) FROM proposals)",
    "counter_matches_numbers":
        "UPDATE proposal_counters SET last_number = last_number + 1",
}


def test_every_check_holds_on_the_demo_and_finds_what_is_planted(app):
    seed_directory()
    assert seed_demo() >= 20
    assert set(db.session.scalars(select(Proposal.state))) == set(ProposalState)
    # The demo has no attachment or issued document: add one of each, written as the app
    # writes them (store_file, the issue event).
    user = db.session.scalars(select(User).order_by(User.id)).first()
    draft = db.session.scalar(select(Proposal).where(Proposal.state == ProposalState.draft))
    db.session.add(ProposalAttachment(proposal_id=draft.id, created_by_id=user.id,
                                      file_id=store_file(b"data", "a.csv", "text/csv").id))
    pdf = store_file(DEMO_PDF, "纪要.pdf", "application/pdf")
    db.session.add(IssuedDocument(kind="minutes", object_id=1, file_id=pdf.id,
                                  sha256=pdf.sha256))
    record_event("minutes", 1, "issue_document", user, data={"sha256": pdf.sha256})
    db.session.commit()
    db.session.remove()

    assert set(PLANTED) == set(INVARIANTS), "every check needs its planted breakage here"
    missed = []
    with db.engine.connect() as conn:
        assert describe(violations(conn)) == []
        conn.rollback()
        for name, sql in PLANTED.items():
            with conn.begin() as trans:
                assert conn.execute(text(sql)).rowcount >= 1, name
                found = violations(conn)
                trans.rollback()
            if name not in found:
                missed.append(f"{name}: planted, not found (found {sorted(found)})")
        assert describe(violations(conn)) == []
    assert not missed, missed


def test_the_books_say_what_was_lost_or_written_twice(app, database_url, factory):
    from deliberate.proposals import operations as ops
    from tests.reliability.traffic import Ledger, check_ledger

    member = factory.user("member")
    session = factory.session()
    fields = {"title": "负载测试提案 run1-3", "category": "other", "situation": "", "analysis": "",
              "suggestions": "", "contact": "", "is_plenary": False, "may_publish": True,
              "no_publish_reason": ""}
    twice = [ops.create_proposal(member, session, fields).id for _ in range(2)]
    db.session.commit()
    ledger = Ledger(run="run1")
    ledger.created[424242] = "负载测试提案 run1-1"
    ledger.created[twice[0]] = "负载测试提案 run1-3"
    ledger.submitted.add(twice[0])
    ledger.replied[twice[0]] = ("负载复〔run1-2〕号", "0" * 64)
    problems = "\n".join(check_ledger(database_url, ledger))
    assert "create of proposal 424242 “负载测试提案 run1-1” acknowledged, database has ids []" \
        in problems
    assert f"duplicated: “负载测试提案 run1-3” is in the database 2 times ({twice})" in problems
    assert f"submit of proposal {twice[0]} acknowledged, logged 0 times" in problems
    assert f"reply 负载复〔run1-2〕号 to {twice[0]} acknowledged, 0 in the database" in problems
