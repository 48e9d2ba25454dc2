"""The consultation side of the scale body: a session's topics, meetings with agendas and
invitations, speeches and minutes, with their create and state-change events and their
search entries (see deliberate.demo.scale)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from deliberate.consultation import models as cm
from deliberate.consultation.models_minutes import Minutes, MinutesRevision
from deliberate.core import search
from deliberate.demo import scale_text as t
from deliberate.proposals.workflow import today

# Topic, meeting, speech and minutes states: which actions led there (the workflows').
TOPIC_PATH = {"suggested": [], "under_study": ["study"], "accepted": ["accept"],
              "declined": ["decline"], "scheduled": ["accept", "schedule"],
              "closed": ["accept", "schedule", "close"]}
MEETING_PATH = {"draft": [], "scheduled": ["schedule"], "held": ["schedule", "mark_held"],
                "cancelled": ["schedule", "cancel"]}
SPEECH_PATH = {"draft": [], "submitted": ["submit"], "adopted": ["submit", "adopt"],
               "returned": ["submit", "return"], "redirected": ["submit", "redirect"],
               "withdrawn": ["submit", "withdraw"]}
MINUTES_PATH = {"draft": [], "under_review": ["submit_review"],
                "approved": ["submit_review", "approve"],
                "issued": ["submit_review", "approve", "issue"]}
TARGETS = {"study": "under_study", "accept": "accepted", "decline": "declined",
           "schedule": "scheduled", "close": "closed", "mark_held": "held",
           "cancel": "cancelled", "submit": "submitted", "adopt": "adopted",
           "return": "returned", "redirect": "redirected", "withdraw": "withdrawn",
           "submit_review": "under_review", "approve": "approved", "issue": "issued"}


def _moment(day: date, r: Any) -> datetime:  # noqa: ANN401
    return datetime(day.year, day.month, day.day, 1 + r.randint(0, 7), r.randint(0, 59),
                    tzinfo=UTC)


def _walk(w: Any, kind: str, oid: int, actor: int, start: datetime, path: list[str],  # noqa: ANN401
          initial: str) -> datetime:
    """The create event and each state change after it; returns the last moment."""
    w.event(kind, oid, "create", actor, start, to_state=initial)
    state, when = initial, start
    for action in path:
        when = when + timedelta(hours=6)
        w.event(kind, oid, action, actor, when, from_state=state, to_state=TARGETS[action])
        state = TARGETS[action]
    return when


def _doc(kind: str, **fields: Any) -> search.Doc:  # noqa: ANN401
    return search.get_kind(kind).document(SimpleNamespace(**fields))


def consultation_rows(w: Any, tm: t.TextMaker, d: SimpleNamespace, session: SimpleNamespace,  # noqa: ANN401, C901
                      docs: list[tuple[str, int, search.Doc]], scale: int) -> None:
    r, now = tm.r, today()
    latest = session.latest
    sec = d.secretariat[0]
    topics = []
    for k in range(max(6, scale)):
        state = (list(TOPIC_PATH)[k % len(TOPIC_PATH)] if latest
                 else ("declined" if k % 7 == 3 else "closed"))
        body = tm.topic(session.year)
        tid = w.id(cm.Topic)
        by_member = k % 3 == 0
        day = min(date(session.year, 1, 1) + timedelta(days=r.randint(0, 60)), now)
        created = _moment(day, r)
        last = _walk(w, "topic", tid, sec, created, TOPIC_PATH[state], "suggested")
        row = w.add(cm.Topic, {
            "id": tid, "title": body["title"],
            "channel": "members" if by_member else tm.pick(("party_government", "sectors",
                                                            "grassroots", "research")),
            "background": body["background"], "feasibility_note": body["feasibility"],
            "research_notes": "", "proposer_id": d.members[r.randrange(len(d.members))]
            if by_member else None, "proposer_name": "" if by_member else "党委办公室",
            "state": state, "decline_reason": "与年度重点工作关联不够紧密。"
            if state == "declined" else "", "created_by_id": sec, "created_at": created,
            "updated_at": last})
        topics.append((row, body["subject"]))
        docs.append(("topic", tid, _doc("topic", title=row["title"],
                                        background=row["background"],
                                        feasibility_note=row["feasibility_note"],
                                        state=state)))
    forms = [f.value for f in cm.MeetingForm]
    for k in range(max(4, scale * 3 // 4)):
        if latest:
            state = list(MEETING_PATH)[k % len(MEETING_PATH)]
        else:
            state = "cancelled" if k % 10 == 9 else "held"
        topic, subject = topics[k % len(topics)]
        if state in ("draft", "scheduled"):
            day = now + timedelta(days=r.randint(3, 40))
        else:
            day = min(date(session.year, 3, 1) + timedelta(days=r.randint(0, 250)),
                      now - timedelta(days=r.randint(1, 20)))
        starts = _moment(day, r)
        text = tm.meeting(subject, session.year)
        mid = w.id(cm.Meeting)
        chair = d.leaders[r.randrange(len(d.leaders))]
        created = min(starts - timedelta(days=20), _moment(now, r))
        last = _walk(w, "meeting", mid, sec, created, MEETING_PATH[state], "draft")
        w.add(cm.Meeting, {
            "id": mid, "title": text["title"], "form": forms[k % len(forms)],
            "topic_id": topic["id"] if topic["state"] in ("scheduled", "closed") else None,
            "starts_at": starts, "ends_at": starts + timedelta(hours=3),
            "venue": text["venue"], "chair_id": chair, "description": text["description"],
            "state": state, "checkin_code": f"{r.randint(0, 999999):06d}",
            "created_by_id": sec, "created_at": created, "updated_at": last})
        docs.append(("meeting", mid, _doc("meeting", title=text["title"], venue=text["venue"],
                                          description=text["description"], state=state)))
        for pos in range(3):
            w.add(cm.AgendaItem, {"id": w.id(cm.AgendaItem), "meeting_id": mid,
                                  "position": pos, "title": ("通报有关情况", "委员发言",
                                                             "部门负责同志回应")[pos],
                                  "presenter": "", "minutes": 30})
        invitees = r.sample(d.members, min(len(d.members), r.randint(
            max(5, scale // 2), max(8, scale))))
        held = state == "held"
        for uid in invitees:
            k2 = r.random()
            reply = "attending" if k2 < .8 else ("leave" if k2 < .9 else "pending")
            w.add(cm.Invitation, {
                "id": w.id(cm.Invitation), "meeting_id": mid, "user_id": uid,
                "kind": "member", "name": "", "organisation": "", "title": "",
                "reply": reply, "leave_reason": "工作冲突，请假。" if reply == "leave" else "",
                "attendance": ("present" if reply == "attending" else "on_leave"
                               if reply == "leave" else "absent") if held else None,
                "checked_in_at": starts if held and reply == "attending" else None,
                "created_at": created})
        _speeches(w, tm, session, mid, invitees, state, subject, starts, docs, scale)
        if held:
            _minutes(w, tm, session, mid, text["title"], subject, starts, sec, latest, k, docs)


def _speeches(w: Any, tm: t.TextMaker, session: SimpleNamespace, mid: int,  # noqa: ANN401
              invitees: list[int], meeting_state: str, subject: str, starts: datetime,
              docs: list[tuple[str, int, search.Doc]], scale: int) -> None:
    r = tm.r
    states = list(SPEECH_PATH)
    position = 0
    for k in range(r.randint(max(2, scale // 6), max(3, scale // 4))):
        if meeting_state in ("draft", "scheduled"):
            state = states[k % len(states)]
        else:
            state = "adopted" if k % 6 else states[(k // 6) % len(states)]
        oral = k % 2 == 0
        text = tm.speech(subject, session.year)
        sid = w.id(cm.Speech)
        author = invitees[k % len(invitees)]
        created = starts - timedelta(days=10)
        last = _walk(w, "speech", sid, author, created, SPEECH_PATH[state], "draft")
        if state == "adopted" and oral:
            position += 1
        w.add(cm.Speech, {
            "id": sid, "meeting_id": mid, "author_id": author, "title": text["title"],
            "body": text["body"], "mode": "oral" if oral else "written",
            "kind": "plenary" if k else "theme", "minutes": 6 if oral else None,
            "on_behalf_of": "", "reader": "", "state": state,
            "review_opinion": "请进一步聚焦，压缩篇幅。" if state in ("returned", "redirected")
            else "", "position": position if state == "adopted" and oral else None,
            "created_at": created, "updated_at": last})
        docs.append(("speech", sid, _doc("speech", title=text["title"], body=text["body"],
                                         state=state)))


def _minutes(w: Any, tm: t.TextMaker, session: SimpleNamespace, mid: int, title: str,  # noqa: ANN401
             subject: str, starts: datetime, sec: int, latest: bool, k: int,
             docs: list[tuple[str, int, search.Doc]]) -> None:
    state = list(MINUTES_PATH)[k % len(MINUTES_PATH)] if latest else "issued"
    body = tm.minutes(subject, session.year)
    created = starts + timedelta(days=1)
    nid = w.id(Minutes)
    last = _walk(w, "minutes", nid, sec, created, MINUTES_PATH[state], "draft")
    full = f"{title}纪要"[:200]
    w.add(Minutes, {"id": nid, "meeting_id": mid, "title": full, "body": body,
                    "state": state, "revision_number": 1,
                    "issued_at": last if state == "issued" else None, "created_by_id": sec,
                    "created_at": created, "updated_at": last})
    w.add(MinutesRevision, {"id": w.id(MinutesRevision), "minutes_id": nid, "number": 1,
                            "title": full, "body": body, "reason": "", "author_id": sec,
                            "created_at": created})
    docs.append(("minutes", nid, _doc("minutes", title=full, body=body, state=state)))
