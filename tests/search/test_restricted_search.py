"""Search for users who see few records (a unit's staff, a member) starts from what they
may see (Kind.candidate_ids) instead of checking visibility on every match: the hits and
counts stay exactly those of the records' own can_view, on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select, text

from deliberate.core import search as engine
from deliberate.core.search import SearchDocument
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Reply
from tests.proposals.conftest import to_state
from tests.search.test_consultation_visibility import _body
from tests.search.test_search import STATES
from tests.statements import recorded_statements

QUERIES = ["建议", "生态", "生态补偿", "六盘山 补偿", "养老", "纪要", "协商会", "发言", "态"]
RESTRICTED = ("proposer", "cosigner", "other_member", "lead_unit", "co_unit", "other_unit",
              "deactivated")


def _small_world(w, factory):
    """Proposals in every state (co-signed, converted to the third unit, merged), one
    proposal of another member merged into the member's with the co-signer confirmed on
    it, an unpublished reply, and every consultation record state."""
    for state in [*STATES, "merged"]:
        to_state(w, state)
    target = to_state(w, "registered", with_cosigner=False)
    other = ops.create_proposal(w.other_member, w.session, {
        "title": "关于湿地生态补偿的建议", "category": "ecology", "situation": "情况",
        "analysis": "分析", "suggestions": "建议"})
    ops.invite_cosigners(other, w.other_member, [w.cosigner])
    ops.confirm_cosign(other, w.cosigner)
    ops.submit_proposal(other, w.other_member)
    ops.merge_proposal(other, w.secretariat, target)
    db.session.commit()
    hidden = db.session.scalars(select(Reply)).first()
    hidden.may_publish = False
    db.session.commit()
    _body(w)
    people = dict(w.users())
    people["deactivated"] = factory.user("member", is_active=False)
    db.session.commit()
    return people


def _statements():
    """The statements run inside the block that read the search index."""
    return recorded_statements(lambda statement: "search_documents" in statement)


def _can_view(kind: str, object_id: int, user) -> bool:  # noqa: ANN001
    if not user.is_active:
        # (Topic.can_view does not look at it; a deactivated account cannot sign in.)
        return False
    record = db.session.get(engine.get_kind(kind).model, object_id)
    if kind == "reply":
        return record.proposal.can_view_reply(record, user)
    return record.can_view(user)


def _brute_force(user, q: str) -> set[tuple[str, int]]:  # noqa: ANN001
    """Every index row whose text holds each term, kept when the record's own can_view
    says the user may see it."""
    pieces = q.split()
    found = set()
    for doc in db.session.scalars(select(SearchDocument)):
        body = unicodedata.normalize("NFKC", f"{doc.title}\n{doc.body}").lower()
        if all(p in body for p in pieces) and _can_view(doc.kind, doc.object_id, user):
            found.add((doc.kind, doc.object_id))
    return found


def _found(user, q: str, filters: engine.Filters | None = None) -> tuple[set, int]:  # noqa: ANN001
    hits: list[tuple[str, int]] = []
    page = 1
    while True:
        result = engine.search(user, q, filters, page=page, per_page=7)
        hits += [(h.kind.name, h.object_id) for h in result.items]
        if page >= result.pages:
            break
        page += 1
    assert len(hits) == len(set(hits)) == result.total, (q, hits)
    return set(hits), result.total


def test_restricted_users_find_exactly_what_they_may_see(world, factory):
    people = _small_world(world, factory)
    for name, user in people.items():
        for q in QUERIES:
            expected = _brute_force(user, q)
            hits, total = _found(user, q)
            assert hits == expected, (name, q, sorted(hits ^ expected))
            assert total == len(expected)
    # The data set is a real test: each restricted user finds some of the matches the
    # secretariat finds, and misses others.
    everything = _brute_force(people["secretariat"], "建议")
    for name in ("proposer", "other_member", "lead_unit", "other_unit"):
        seen = _brute_force(people[name], "建议")
        assert seen & everything and everything - seen, name
    assert _brute_force(people["co_unit"], "生态补偿") < _brute_force(
        people["lead_unit"], "生态补偿")


def test_filters_and_kinds_for_restricted_users(world, factory):
    people = _small_world(world, factory)
    for name in ("proposer", "lead_unit", "other_unit", "other_member"):
        user = people[name]
        for kind in ("proposal", "reply", "topic", "minutes"):
            expected = {h for h in _brute_force(user, "生态 建议") | _brute_force(user, "纪要")
                        if h[0] == kind}
            f = engine.Filters(kind=kind)
            got = _found(user, "生态 建议", f)[0] | _found(user, "纪要", f)[0]
            assert got == expected, (name, kind)
        state = engine.Filters(state="assigned")
        expected = {h for h in _brute_force(user, "建议")
                    if db.session.scalar(select(SearchDocument.state).where(
                        SearchDocument.kind == h[0], SearchDocument.object_id == h[1]))
                    == "assigned"}
        assert _found(user, "建议", state)[0] == expected, name


def test_candidates_cover_what_each_user_may_see(world, factory):
    """candidate_ids may list more than visible_ids, never less; readers list none (search
    checks visibility on each match for them)."""
    people = _small_world(world, factory)
    names = [k.name for k in engine.kinds()]
    for name, user in people.items():
        for kind in engine.kinds():
            visible = kind.visible_ids(user)
            candidates = kind.candidate_ids(user) if kind.candidate_ids else None
            if visible is None or candidates is None:
                continue
            assert set(db.session.scalars(candidates)) >= set(db.session.scalars(visible)), \
                (name, kind.name)
        starts_from_candidates = engine.candidate_documents(user, names) is not None
        assert starts_from_candidates == (name in RESTRICTED[:-1]), name
    assert people["deactivated"].is_active is False
    with _statements() as statements:
        assert engine.search(people["deactivated"], "建议").total == 0
    assert statements == []  # nothing visible: no query at all


@pytest.mark.parametrize("name", ["secretariat", "lead_unit", "proposer"])
def test_one_bounded_read_finds_counts_and_ranks(world, factory, name, monkeypatch):
    """The count, the ranking pool and any later page come from one read of the newest
    matches up to the cap (a second statement loads the page's rows); on PostgreSQL a
    reader's read is the windows' (test_windows), here one window after the newest id."""
    people = _small_world(world, factory)
    monkeypatch.setattr(engine, "RANK_POOL", 2)
    monkeypatch.setattr(engine, "COUNT_CAP", 3)
    windows = db.engine.dialect.name == "postgresql" and name == "secretariat"
    if windows:
        engine._lexeme_shares()  # read once a while, not a statement of this search
    pages = []
    for page in (1, 2):
        with _statements() as statements:
            result = engine.search(people[name], "生态 建议", page=page, per_page=2)
        assert result.capped and result.total == 3 and len(result.items) == 2
        assert len(statements) == (3 if windows else 2)
        pages.append({(h.kind.name, h.object_id) for h in result.items})
    assert not pages[0] & pages[1]


def test_postgres_plans_each_word_with_its_own_statistics(world, factory):
    """Where the plan depends on the word, the words go into the statement's text, not its
    parameters: psycopg prepares a statement run five times on a connection, and
    PostgreSQL then reuses one plan for any word, blind to how common it is (at 150,000
    proposals, 养老 went from 25 ms to 120 ms and 建议 to over a second after ten searches
    on a connection when a reader's matches were read along the primary key). That holds
    for the users whose search starts from their own records. A reader's windows
    (test_windows) are read through the GIN index whatever the word, so their words and
    buckets are parameters of one statement, which psycopg prepares and PostgreSQL plans
    once a connection."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's prepared statements only")
    people = _small_world(world, factory)
    with _statements() as statements:
        engine.search(people["lead_unit"], "生态补偿 湿地")
    matching = [s for s in statements if "phraseto_tsquery" in s]
    assert matching, statements
    for statement in matching:
        assert "phraseto_tsquery('simple', '生态 态补 补偿')" in statement, statement
        assert "phraseto_tsquery('simple', '湿地')" in statement, statement

    texts = set()
    for q in ("生态补偿 湿地", "建议", "纪要", "生态", "六盘山", "建议", "湿地"):
        with _statements() as statements:
            engine.search(people["secretariat"], q)
        windows = [s for s in statements if "phraseto_tsquery" in s]
        assert windows and all(q.split()[0] not in s for s in windows), windows
        texts.update(windows)
    assert len(texts) == 2  # one statement for one word, one for two
    prepared = db.session.execute(text(
        "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%tsquery%'"
    )).scalars().all()
    assert any("phraseto_tsquery" in s and "LIMIT" in s for s in prepared), prepared


def test_kept_rules_follow_role_unit_and_deactivation(world, factory):
    """Each user's visibility rules are built once per process (engine._rules): a change
    of role, unit or active flag is a different user to them, never the old rules."""
    people = _small_world(world, factory)
    user = people["other_member"]
    as_member = _found(user, "建议")[0]
    assert as_member == _brute_force(user, "建议")
    user.role = people["secretariat"].role
    db.session.commit()
    assert _found(user, "建议")[0] == _brute_force(user, "建议") != as_member
    user.role, user.unit_id = people["lead_unit"].role, people["lead_unit"].unit_id
    db.session.commit()
    assert _found(user, "建议")[0] == _brute_force(user, "建议") != as_member
    user.is_active = False
    db.session.commit()
    assert engine.search(user, "建议").total == 0
