"""Helpers for consultation tests: topics, meetings and speeches made directly."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

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
from deliberate.core.types import utcnow
from deliberate.extensions import db


class ConsultationMaker:
    def __init__(self, factory) -> None:
        self.factory = factory
        self._staff = None

    @property
    def staff(self):
        if self._staff is None:
            self._staff = self.factory.user(role="secretariat")
        return self._staff

    def topic(self, state=TopicState.suggested, proposer=None, title="提升基层社会治理水平",
              **kw) -> Topic:
        topic = Topic(title=title, channel=kw.pop("channel", TopicChannel.party_government),
                      background="背景", state=state, proposer=proposer,
                      created_by_id=self.staff.id, **kw)
        if state == TopicState.declined and not topic.decline_reason:
            topic.decline_reason = "不适合协商"
        db.session.add(topic)
        db.session.flush()
        return topic

    def meeting(self, state=MeetingState.scheduled, start_in=timedelta(days=30),
                hours=3, chair=None, venue="政协三楼会议室", topic=None, invite=(),
                title="专题协商会") -> Meeting:
        start = utcnow() + start_in
        meeting = Meeting(title=title, form=MeetingForm.topic_consultation, topic=topic,
                          starts_at=start, ends_at=start + timedelta(hours=hours),
                          venue=venue, chair=chair or self.factory.user(role="leader"),
                          state=state, checkin_code="123456", created_by_id=self.staff.id)
        for user in invite:
            meeting.invitations.append(Invitation(user=user, kind=InviteeKind.member))
        db.session.add(meeting)
        db.session.flush()
        return meeting

    def speech(self, meeting, author, state=SpeechState.submitted, mode=SpeechMode.oral,
               minutes=5, title="关于社区治理的发言") -> Speech:
        speech = Speech(meeting=meeting, author=author, title=title, body="正文",
                        mode=mode, kind=SpeechKind.theme,
                        minutes=minutes if mode == SpeechMode.oral else None, state=state,
                        review_opinion="请修改" if state in (SpeechState.returned,
                                                           SpeechState.redirected) else "")
        db.session.add(speech)
        db.session.flush()
        return speech


@pytest.fixture
def make(factory) -> ConsultationMaker:
    return ConsultationMaker(factory)


@contextmanager
def count_queries():
    counter = {"n": 0}

    def before(*_args, **_kw):
        counter["n"] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def page_text(response) -> str:
    return response.get_data(as_text=True)
