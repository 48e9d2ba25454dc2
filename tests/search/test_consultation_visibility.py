"""The consultation kinds' SQL visibility (deliberate/search/kinds.py) equals each model's
can_view for every state and role, as test_search checks for proposals and replies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from deliberate.consultation.models import (
    Invitation,
    InviteeKind,
    Meeting,
    MeetingForm,
    MeetingState,
    Speech,
    SpeechKind,
    SpeechMode,
    SpeechState,
    Topic,
    TopicChannel,
    TopicState,
)
from deliberate.consultation.models_minutes import Minutes, MinutesState
from deliberate.extensions import db
from deliberate.search.kinds import (
    visible_meetings,
    visible_minutes,
    visible_speeches,
    visible_topics,
)

START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def _meeting(w, state, chair, invitees=(), title="协商会") -> Meeting:
    m = Meeting(title=title, form=MeetingForm.topic_consultation, starts_at=START,
                ends_at=START + timedelta(hours=2), venue="第一会议室", chair_id=chair.id,
                state=state, checkin_code="123456", created_by_id=chair.id)
    db.session.add(m)
    db.session.flush()
    for u in invitees:
        db.session.add(Invitation(meeting_id=m.id, user_id=u.id, kind=InviteeKind.member))
    return m


def _body(w):
    """Every state of every kind, with owners, chairs and invitees among the world's
    users (a member's own records, a unit's staff invited, a member chairing)."""
    sec = w.secretariat
    topics = []
    for state in TopicState:
        for proposer in (w.member, None):
            t = Topic(title="养老议题", channel=TopicChannel.members, state=state,
                      proposer_id=proposer.id if proposer else None,
                      proposer_name="" if proposer else "区委办",
                      decline_reason="不宜" if state == TopicState.declined else "",
                      created_by_id=sec.id)
            db.session.add(t)
            topics.append(t)
    meetings = []
    for state in MeetingState:
        meetings.append(_meeting(w, state, w.leader, [w.member, w.lead_staff]))
        meetings.append(_meeting(w, state, w.other_member))
        meetings.append(_meeting(w, state, w.leader))
    held = [m for m in meetings if m.state == MeetingState.held]
    speeches = []
    for state in SpeechState:
        for author in (w.member, w.cosigner):
            s = Speech(meeting_id=held[0].id, author_id=author.id, title="发言", body="正文",
                       mode=SpeechMode.written, kind=SpeechKind.plenary, state=state,
                       review_opinion="请修改" if state in (SpeechState.returned,
                                                          SpeechState.redirected) else "")
            db.session.add(s)
            speeches.append(s)
    minutes = []
    for state in MinutesState:
        for invitees, chair in (([w.member, w.lead_staff], w.leader), ((), w.other_member),
                                ((), w.leader)):
            m = _meeting(w, MeetingState.held, chair, invitees)
            n = Minutes(meeting_id=m.id, title="纪要", body="会议纪要", state=state,
                        issued_at=START if state == MinutesState.issued else None,
                        created_by_id=sec.id)
            db.session.add(n)
            minutes.append(n)
    db.session.commit()
    return topics, meetings, speeches, minutes


def test_consultation_sql_visibility_agrees_with_can_view(world):
    topics, meetings, speeches, minutes = _body(world)
    checks = ((visible_topics, topics), (visible_meetings, meetings),
              (visible_speeches, speeches), (visible_minutes, minutes))
    for name, user in world.users().items():
        for visible, records in checks:
            sql = set(db.session.scalars(visible(user)))
            ids = {r.id for r in records}
            expected = {r.id for r in records if r.can_view(user)}
            assert sql & ids == expected, (name, visible.__name__,
                                           sorted((type(r).__name__, r.state.value)
                                                  for r in records if r.id in
                                                  (sql & ids) ^ expected))


def test_every_state_is_somebody_s_and_not_everybody_s(world):
    """The body above is a real test: each kind has records some role may see and some it
    may not."""
    topics, meetings, speeches, minutes = _body(world)
    member = world.member
    for records in (topics, meetings, speeches, minutes):
        seen = [r.can_view(member) for r in records]
        assert any(seen) and not all(seen)
    assert {t.state for t in topics} == set(TopicState)
    assert {m.state for m in minutes} == set(MinutesState)
    assert db.session.scalar(select(Speech.id).where(Speech.state == SpeechState.draft))
