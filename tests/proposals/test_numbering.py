"""Two reviewers registering at the same moment never share or skip a number (SQLite with
BEGIN IMMEDIATE, PostgreSQL with the counter row's lock)."""

from __future__ import annotations

import threading

from deliberate.auth.models import User
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Proposal
from tests.proposals.conftest import to_state

N = 8


def test_concurrent_registration_is_gapless_and_unique(app, world, factory):
    second = factory.user("secretariat")
    db.session.commit()
    reviewers = [world.secretariat.id, second.id]
    ids = [to_state(world, "submitted", with_cosigner=False).id for _ in range(N)]
    db.session.commit()
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def register(index: int, proposal_id: int) -> None:
        try:
            with app.app_context():
                # Like a request: start together, then load and write in one transaction.
                barrier.wait(timeout=30)
                user = db.session.get(User, reviewers[index % 2])
                p = db.session.get(Proposal, proposal_id)
                ops.register_proposal(p, user)
                db.session.commit()
                db.session.remove()
        except BaseException as e:  # noqa: BLE001  (reported by the main thread)
            errors.append(e)

    threads = [threading.Thread(target=register, args=(i, pid)) for i, pid in enumerate(ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    db.session.expire_all()
    numbers = sorted(db.session.get(Proposal, pid).number for pid in ids)
    assert numbers == list(range(1, N + 1))
