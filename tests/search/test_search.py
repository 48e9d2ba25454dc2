import pytest
from sqlalchemy import func, select

from deliberate.core import search as engine
from deliberate.core.search import SearchDocument, tokens
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Proposal, Reply
from deliberate.search.kinds import visible_proposals, visible_replies
from tests.proposals.conftest import BODY, make_draft, to_state

STATES = ["draft", "submitted", "withdrawn", "not_registered", "converted", "registered",
          "assigned", "replied", "rehandling", "closed"]


def test_tokens_are_cjk_bigrams_and_words():
    assert tokens("教育养老") == ["教育", "育养", "养老"]
    assert tokens("Ａ I 网") == ["a", "i", "网"]
    assert tokens("5G基站, AI养老!") == ["5g", "基站", "ai", "养老"]


@pytest.mark.parametrize("q", ['"', "*", "NEAR", "-", "'", "%", "_", '"养老" OR *', "a NEAR/2 b",
                               "", "   ", "😀", "养" * 2000])
def test_query_syntax_is_plain_text(world, q):
    make_draft(world)
    result = engine.search(world.member, q)
    assert result.total >= 0


def doc_count():
    return db.session.scalar(select(func.count(SearchDocument.id)))


def test_index_follows_the_record_in_its_transaction(world):
    p = make_draft(world)
    doc = db.session.scalar(select(SearchDocument).where(SearchDocument.object_id == p.id))
    assert doc.kind == "proposal" and "六盘山" in doc.title and doc.state == "draft"
    p.title = "关于发展社区养老服务的建议"
    db.session.commit()
    assert engine.search(world.member, "养老").total == 1
    assert engine.search(world.member, "六盘山").total == 1  # still in the body
    ops.submit_proposal(p, world.member)
    db.session.commit()
    db.session.expire_all()
    doc = db.session.scalar(select(SearchDocument).where(SearchDocument.object_id == p.id))
    assert doc.state == "submitted"


def test_rolled_back_record_leaves_no_entry(world):
    before = doc_count()
    ops.create_proposal(world.member, world.session, {**BODY, "title": "回滚的提案"})
    db.session.rollback()
    assert doc_count() == before
    assert engine.search(world.member, "回滚").total == 0


def test_deleted_record_leaves_the_index(world):
    p = make_draft(world)
    assert engine.search(world.member, "六盘山").total == 1
    db.session.delete(p)
    db.session.commit()
    assert engine.search(world.member, "六盘山").total == 0


def test_two_one_and_mixed_queries(world):
    make_draft(world, title="关于推进5G网络与AI养老服务的建议", situation="社区养老床位不足。")
    assert engine.search(world.member, "养老").total == 1
    assert engine.search(world.member, "老").total == 1          # one character: fallback
    assert engine.search(world.member, "AI养老").total == 1
    assert engine.search(world.member, "ai 床位").total == 1     # two terms, both present
    assert engine.search(world.member, "养老 教育").total == 0   # every term must match
    assert engine.search(world.member, "老养").total == 0        # a phrase, not a bag
    assert engine.search(world.member, "5g").total == 1


def test_filters(world):
    p = to_state(world, "assigned")
    make_draft(world)
    sec = world.secretariat
    assert engine.search(sec, "生态", engine.Filters(kind="proposal")).total == 1
    assert engine.search(sec, "生态", engine.Filters(state="assigned")).total == 1
    assert engine.search(sec, "生态", engine.Filters(category="ecology")).total == 1
    assert engine.search(sec, "生态", engine.Filters(category="economy")).total == 0
    assert engine.search(sec, "生态", engine.Filters(unit_id=world.lead_unit.id)).total == 1
    assert engine.search(sec, "生态", engine.Filters(unit_id=world.third_unit.id)).total == 0
    assert engine.search(sec, "生态", engine.Filters(session_id=p.session_id)).total == 1
    assert engine.search(sec, "生态", engine.Filters(session_id=99999)).total == 0


def test_nobody_finds_or_counts_what_they_may_not_see(world):
    make_draft(world)                       # the member's private draft
    to_state(world, "assigned", with_cosigner=False)
    other = engine.search(world.other_member, "生态")
    assert other.total == 0 and other.items == []
    assert engine.search(world.member, "生态").total == 2
    assert engine.search(world.secretariat, "生态").total == 1   # not the draft
    assert engine.search(world.lead_staff, "生态").total == 1
    assert engine.search(world.third_staff, "生态").total == 0


def test_unpublished_reply_stays_inside(world):
    p = to_state(world, "replied")
    reply = p.replies[0]
    reply.may_publish = False
    db.session.commit()
    f = engine.Filters(kind="reply")
    assert engine.search(world.member, "生态补偿", f).total == 1
    assert engine.search(world.secretariat, "生态补偿", f).total == 1
    assert engine.search(world.lead_staff, "生态补偿", f).total == 1
    assert engine.search(world.co_staff, "生态补偿", f).total == 0
    assert engine.search(world.leader, "生态补偿", f).total == 0


def test_sql_visibility_agrees_with_can_view(world):
    proposals = [to_state(world, s) for s in STATES]
    merged = to_state(world, "merged")
    proposals += [merged, db.session.get(Proposal, merged.merged_into_id)]
    replies = list(db.session.scalars(select(Reply)))
    replies[0].may_publish = False
    db.session.commit()
    for name, user in world.users().items():
        sql = set(db.session.scalars(visible_proposals(user)))
        expected = {p.id for p in proposals if p.can_view(user)}
        assert sql == expected, name
        sql_replies = set(db.session.scalars(visible_replies(user)))
        expected_replies = {r.id for r in replies if r.proposal.can_view_reply(r, user)}
        assert sql_replies == expected_replies, name


def test_snippet_highlights_and_escapes(world):
    make_draft(world, situation="<script>alert(1)</script> 社区养老服务缺口较大。")
    hit = engine.search(world.member, "养老").items[0]
    html = str(hit.snippet)
    assert "<mark>养老</mark>" in html and "<script>" not in html and "&lt;script&gt;" in html


def test_snippet_is_cut_around_the_first_match(world):
    """A long text's excerpt starts a little before the first match, found in the text as
    written or, failing that, in its normalized form (full-width letters)."""
    filler = "，".join(["近年来该领域工作取得一定进展"] * 20)
    ai = engine.Term(raw="ai", phrase=("ai",))
    for body, term, marked in ((filler + "社区养老服务缺口较大" + filler,
                                engine.parse_query("养老")[0], "<mark>养老</mark>"),
                               (filler + "发展ＡＩ产业" + filler, ai, "<mark>ＡＩ</mark>")):
        html = str(engine.highlight(body, [term]))
        assert html.startswith("…") and html.endswith("…"), html
        assert marked in html, html
        assert len(html) < 200
    both = engine.highlight("发展ＡＩ与Ai产业", [ai], width=None)
    assert str(both) == "发展ＡＩ与<mark>Ai</mark>产业"
    assert str(engine.highlight("发展ＡＩ产业", [ai], width=None)) == "发展<mark>ＡＩ</mark>产业"


def test_search_page(world, auth):
    make_draft(world, title="关于社区养老的建议")
    client = auth.client_for(world.member)
    page = client.get("/search/?q=养老").get_data(as_text=True)
    assert "关于社区<mark>养老</mark>的建议" in page
    assert "1 条结果" in page
    for q in ['"', "%", "a" * 2000, ""]:
        assert client.get("/search/", query_string={"q": q}).status_code == 200
    bad = client.get("/search/?q=养老&kind=nope&session=x&category=zz&unit=-1&page=999")
    assert bad.status_code == 200


def test_search_requires_login(client):
    assert client.get("/search/?q=养老").status_code == 302


def test_reindex_rebuilds(world, runner):
    make_draft(world)
    to_state(world, "replied")
    member_id = world.member.id
    db.session.execute(SearchDocument.__table__.delete())
    if db.engine.dialect.name == "sqlite":
        db.session.execute(db.text("DELETE FROM search_fts"))
    db.session.commit()
    assert engine.search(world.member, "六盘山").total == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "documents indexed" in result.output
    from deliberate.auth.models import User

    member = db.session.get(User, member_id)
    # Two proposals, and the reply whose title names its proposal.
    assert engine.search(member, "六盘山").total == 3
    assert engine.search(member, "六盘山", engine.Filters(kind="proposal")).total == 2


def test_reply_link_checks_visibility(world, auth):
    p = to_state(world, "replied")
    reply = p.replies[0]
    reply.may_publish = False
    db.session.commit()
    assert auth.client_for(world.member).get(f"/search/reply/{reply.id}").status_code == 302
    assert auth.client_for(world.co_staff).get(f"/search/reply/{reply.id}").status_code == 404
    assert auth.client_for(world.member).get("/search/reply/999999").status_code == 404


def test_ranking_pool_and_count_cap(world, monkeypatch):
    """Title matches first among the newest RANK_POOL matches, later pages newest first,
    every match exactly once across the pages; counts stop at COUNT_CAP."""
    def plain(i):
        return make_draft(world, title=f"关于第{i}项工作的建议", situation="社区养老服务。")

    made = [plain(i) for i in range(4)]
    titled = [make_draft(world, title=f"关于社区养老第{i}项的建议") for i in range(2)]
    made += [plain(i) for i in range(4, 6)]
    monkeypatch.setattr(engine, "RANK_POOL", 4)
    seen = []
    for page in (1, 2, 3):
        result = engine.search(world.member, "养老", page=page, per_page=3)
        assert result.total == 8 and not result.capped
        seen += [h.object_id for h in result.items]
    newest = sorted([p.id for p in made + titled], reverse=True)
    pool = newest[:4]
    ranked = [i for i in pool if i in {p.id for p in titled}] + \
        [i for i in pool if i not in {p.id for p in titled}]
    assert ranked[:2] == sorted((p.id for p in titled), reverse=True)
    assert seen == ranked + newest[4:]
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    capped = engine.search(world.member, "养老", page=99, per_page=3)
    assert capped.capped and capped.total == 5 and capped.page == 2
    assert len(capped.items) == 3
