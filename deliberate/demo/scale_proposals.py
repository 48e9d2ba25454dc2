"""The proposals of the scale body (see deliberate.demo.scale): one session's proposals in
their states, with co-signers, suggested units, assignments, consultations, replies,
verdicts, key-proposal supervision, pending requests, the Event rows the workflow writes,
and their search entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from deliberate.core import search
from deliberate.core.dates import add_months
from deliberate.demo import scale_text as t
from deliberate.proposals import models as pm
from deliberate.proposals.workflow import today

Writer = Any  # deliberate.demo.scale.Writer (not imported: it imports this module)

# Shares of each state (the rest are closed).
CURRENT_MIX = {"draft": .02, "submitted": .03, "withdrawn": .015, "not_registered": .07,
               "converted": .04, "merged": .04, "registered": .03, "assigned": .14,
               "replied": .08, "rehandling": .02}
PAST_MIX = {"draft": .01, "withdrawn": .02, "not_registered": .07, "converted": .04,
            "merged": .04}
NUMBERED = set(pm.NUMBERED_STATES)
HANDLED = {"assigned", "replied", "rehandling", "closed"}
DECLINE_NOTES = {"no_suggestion": "建议内容较为原则，缺少可操作的具体措施。",
                 "several_matters": "一案多事，建议分别提出。",
                 "outside_remit": "所提事项不属于本级政协提案受理范围。",
                 "personal": "反映的是个人具体诉求，已转信访渠道办理。"}


def at(day: date, r: Any) -> datetime:  # noqa: ANN401
    """A working-hours moment of ``day`` (UTC)."""
    return datetime(day.year, day.month, day.day, r.randint(0, 9), r.randint(0, 59),
                    r.randint(0, 59), tzinfo=UTC)


def _states(n: int, latest: bool, r: Any) -> list[str]:  # noqa: ANN401
    mix = CURRENT_MIX if latest else PAST_MIX
    states: list[str] = []
    for state, share in mix.items():
        states += [state] * max(1, round(share * n))
    states = (states + ["closed"] * max(1, n - len(states)))[:n]
    r.shuffle(states)
    return states


class ProposalMaker:
    """One session's proposals with everything the workflow would have written."""

    def __init__(self, w: Writer, tm: t.TextMaker, d: SimpleNamespace,
                 session: SimpleNamespace) -> None:
        self.w, self.tm, self.r, self.d, self.s = w, tm, tm.r, d, session
        self.now = today()
        self.docs: list[tuple[str, int, search.Doc]] = []

    # Dates: a chain forward from filing, moved back so nothing lies after today.
    def _chain(self, state: str) -> dict[str, date]:
        r, y = self.r, self.s.year
        c = date(y, 1, 15) + timedelta(days=r.randint(-60, 150))
        ch = {"created": c, "submitted": c + timedelta(days=r.randint(0, 3))}
        ch["decided"] = ch["submitted"] + timedelta(days=r.randint(2, 12))
        ch["assigned"] = ch["decided"] + timedelta(days=r.randint(5, 25))
        ch["replied"] = ch["assigned"] + timedelta(days=r.randint(20, 110))
        ch["feedback"] = ch["replied"] + timedelta(days=r.randint(3, 20))
        ch["replied2"] = ch["feedback"] + timedelta(days=r.randint(20, 80))
        ch["feedback2"] = ch["replied2"] + timedelta(days=r.randint(3, 15))
        last = {"draft": "created", "submitted": "submitted", "registered": "decided",
                "assigned": "assigned", "replied": "replied", "rehandling": "feedback"}
        if self.s.latest and state in last:
            # Open work ends at a recent day: due dates fall around today.
            spans = {"draft": 60, "submitted": 20, "registered": 25, "assigned": 110,
                     "replied": 25, "rehandling": 80}
            target = self.now - timedelta(days=r.randint(0, spans[state]))
            shift = ch[last[state]] - target
        else:
            end = ch["feedback2"] if state == "closed" else ch["feedback"]
            shift = max(timedelta(0), end - self.now + timedelta(days=r.randint(1, 30)))
        return {k: v - shift for k, v in ch.items()}

    def build(self, n: int, progress: Callable[[int], None] | None) -> list[dict[str, Any]]:
        w, r, s = self.w, self.r, self.s
        states = _states(n, s.latest, r)
        items = []
        for state in states:
            body = self.tm.proposal(s.year)
            ch = self._chain(state)
            items.append((state, body, ch))
        # Numbers in order of registration: gapless from 1.
        numbered = sorted((i for i, (st, _b, _c) in enumerate(items) if st in NUMBERED),
                          key=lambda i: items[i][2]["decided"])
        numbers = {i: k + 1 for k, i in enumerate(numbered)}
        registered: dict[int, datetime] = {}
        last = None
        for i in numbered:
            when = at(items[i][2]["decided"], r)
            if last and when <= last:
                when = last + timedelta(seconds=r.randint(1, 600))
            registered[i] = last = when
        if numbered:
            w.add(pm.ProposalCounter, {"session_id": s.id, "last_number": len(numbered)})
        ids = [w.id(pm.Proposal) for _ in items]
        targets = [(ids[i], numbers[i]) for i in numbered]
        rows = []
        for i, (state, body, ch) in enumerate(items):
            if state == "merged" and not targets:
                state = "not_registered"
            rows.append(self._proposal(ids[i], state, body, ch, numbers.get(i), targets,
                                       registered.get(i)))
            if progress and i % 200 == 199:
                progress(200)
        if progress:
            progress(n % 200)
        # A merged proposal points at one written before it (the foreign key is checked
        # row by row).
        rows.sort(key=lambda p: p["state"] == "merged")
        for p in rows:
            w.add(pm.Proposal, p)
        return rows

    def _proposal(self, pid: int, state: str, body: dict[str, str], ch: dict[str, date],
                  number: int | None, targets: list[tuple[int, int]],
                  registered: datetime | None) -> dict[str, Any]:
        w, r, d, s = self.w, self.r, self.d, self.s
        kind = r.random()
        collective = kind < .12
        proposer = None if collective else d.members[r.randrange(len(d.members))]
        sec = d.secretariat[r.randrange(len(d.secretariat))]
        author = sec if collective else proposer
        cosigners = [] if collective or kind > .42 else [
            m for m in r.sample(d.members, r.randint(1, 4)) if m != proposer]
        p = {
            "id": pid, "session_id": s.id, "number": number, "title": body["title"],
            "category": body["category"], "situation": body["situation"],
            "analysis": body["analysis"], "suggestions": body["suggestions"], "contact": "",
            "proposer_type": "collective" if collective else "member",
            "proposer_id": proposer, "collective_name": t.COLLECTIVES[
                r.randrange(len(t.COLLECTIVES))] if collective else "",
            "created_by_id": author, "is_plenary": ch["created"] <= date(s.year, 1, 20),
            "is_key": False, "is_excellent": False, "supervising_leader_id": None,
            "may_publish": True, "no_publish_reason": "", "state": state, "round": 1,
            "decline_ground": None, "merged_into_id": None, "converted_unit_id": None,
            "assigned_on": None, "handling_started_on": None, "due_on": None,
            "replied_on": None, "feedback_due_on": None, "is_replied_late": False,
            "verdict": None, "version": 1, "created_at": at(ch["created"], r), "submitted_at": None,
            "registered_at": None, "closed_at": None, "updated_at": at(ch["created"], r),
        }
        if r.random() < .02:
            p["may_publish"], p["no_publish_reason"] = False, "涉及尚未公开的工作安排。"
        ev = _Events(w, pid, r)
        ev.add("create", author, ch["created"], None, "draft")
        if cosigners:
            for m in cosigners:
                w.add(pm.CoSigner, {
                    "id": w.id(pm.CoSigner), "proposal_id": pid, "user_id": m,
                    "status": "invited" if state == "draft" else "confirmed",
                    "invited_at": at(ch["created"], r),
                    "responded_at": None if state == "draft" else at(ch["created"], r)})
            ev.add("invite", author, ch["created"], "draft", "draft",
                   {"user_ids": cosigners, "names": [d.names[m] for m in cosigners]})
            if state != "draft":
                for m in cosigners:
                    ev.add("confirm_cosign", m, ch["created"], "draft", "draft")
        cat_units = d.units_for.get(body["category"]) or d.units
        suggested = r.sample(cat_units, min(len(cat_units), r.randint(1, 2)))
        for u in suggested:
            w.add(pm.SuggestedUnit, {"id": w.id(pm.SuggestedUnit), "proposal_id": pid,
                                     "unit_id": u.id})
        assignments: list[dict[str, Any]] = []
        if state != "draft":
            if not collective:
                p["proposer_type"] = "joint" if cosigners else "member"
            p["submitted_at"] = at(ch["submitted"], r)
            ev.add("submit", author, ch["submitted"], "draft", "submitted")
        if state == "withdrawn":
            ev.add("withdraw", author, ch["decided"], "submitted", "withdrawn",
                   note="拟补充调研后再行提出。")
        elif state == "not_registered":
            ground = self.tm.pick(tuple(DECLINE_NOTES))
            p["decline_ground"] = ground
            ev.add("decline", sec, ch["decided"], "submitted", state,
                   {"ground": ground, "note": DECLINE_NOTES[ground]}, DECLINE_NOTES[ground])
        elif state == "converted":
            u = suggested[0]
            p["converted_unit_id"] = u.id
            ev.add("convert", sec, ch["decided"], "submitted", state,
                   {"unit_id": u.id, "unit": u.name}, "转有关单位参阅。")
        elif state == "merged":
            target, into = targets[r.randrange(len(targets))]
            p["merged_into_id"] = target
            ev.add("merge", sec, ch["decided"], "submitted", state,
                   {"target_id": target, "into": f"第{into:04d}号"}, "反映同一事项，并案办理。")
        elif state in NUMBERED:
            p["registered_at"] = registered
            ev.add("register", sec, registered, "submitted", "registered",
                   {"number": number})
        if state in HANDLED:
            assignments = self._assign(p, ev, sec, suggested, cat_units, ch)
            self._handle(p, ev, sec, assignments, ch, body["subject"])
        if number and r.random() < .015 and state != "registered":
            leader = d.leaders[r.randrange(len(d.leaders))]
            p["is_key"], p["supervising_leader_id"] = True, leader
            ev.add("mark_key", sec, ch["assigned"], "assigned", "assigned",
                   {"leader_id": leader, "leader": d.names.get(leader, "")},
                   "经主席会议研究确定为重点提案。")
            held = min(ch["assigned"] + timedelta(days=20), self.now)
            w.add(pm.SupervisionRecord, {
                "id": w.id(pm.SupervisionRecord), "proposal_id": pid, "form": "site_visit",
                "held_on": held, "participants": "", "notes": "实地查看推进情况。",
                "created_by_id": leader, "created_at": at(held, r)})
            ev.add("supervise", leader, held, "assigned", "assigned",
                   {"form": "site_visit", "held_on": held}, "实地查看推进情况。")
        if state == "closed" and r.random() < .01:
            p["is_excellent"] = True
            ev.add("select_excellent", sec, p["closed_at"].date(), "closed", "closed",
                   {"excellent": "yes"})
        p["version"] = ev.count
        p["updated_at"] = ev.last or p["created_at"]
        doc = search.get_kind("proposal").document(SimpleNamespace(
            number=number, title=p["title"], situation=p["situation"],
            analysis=p["analysis"], suggestions=p["suggestions"], session_id=s.id,
            state=state, category=p["category"],
            assignments=[SimpleNamespace(is_active=a["is_active"], unit_id=a["unit_id"])
                         for a in assignments]))
        self.docs.append(("proposal", pid, doc))
        return p

    def _assign(self, p: dict[str, Any], ev: _Events, sec: int, suggested: list[Any],
                cat_units: list[Any], ch: dict[str, date]) -> list[dict[str, Any]]:
        w, r = self.w, self.r
        on = ch["assigned"]
        due = add_months(on, 3)
        lead = suggested[0]
        others = [u for u in r.sample(cat_units, min(len(cat_units), 3)) if u.id != lead.id]
        k = r.random()
        if k < .08 and others:
            units = [(lead, "separate"), (others[0], "separate")]
        elif k < .25 and others:
            units = [(lead, "lead")] + [(u, "co") for u in others[:r.randint(1, 2)]]
        else:
            units = [(lead, "lead")]
        made = []
        for u, role in units:
            made.append(w.add(pm.Assignment, {
                "id": w.id(pm.Assignment), "proposal_id": p["id"], "unit_id": u.id,
                "role": role, "assigned_on": on, "due_on": due,
                "dispute_until": on + timedelta(days=14), "is_active": True,
                "assigned_by_id": sec, "created_at": at(on, r), "ended_at": None}))
        p.update(assigned_on=on, handling_started_on=on, due_on=due)
        ev.add("assign", sec, on, "registered", "assigned",
               {"units": [[u.id, role] for u, role in units], "due_on": due.isoformat(),
                "unit_names": [u.name for u, _r in units]})
        return made

    def _handle(self, p: dict[str, Any], ev: _Events, sec: int,
                assignments: list[dict[str, Any]], ch: dict[str, date], subject: str) -> None:
        w, r, d = self.w, self.r, self.d
        state, pid = p["state"], p["id"]
        replying = [a for a in assignments if a["role"] in ("lead", "separate")]
        staff = {a["unit_id"]: d.staff[a["unit_id"]][0] for a in assignments}
        lead_staff = staff[replying[0]["unit_id"]]
        if r.random() < .6:
            held = min(ch["assigned"] + timedelta(days=r.randint(3, 15)), self.now)
            w.add(pm.ProposalConsultation, {
                "id": w.id(pm.ProposalConsultation), "proposal_id": pid,
                "unit_id": replying[0]["unit_id"], "held_on": held, "form": "in_person",
                "summary": "与提案人当面交流办理思路和时间安排。",
                "created_by_id": lead_staff[0], "created_at": at(held, r)})
            ev.add("consult", lead_staff[0], held, "assigned", "assigned",
                   {"held_on": held.isoformat(), "form": "in_person",
                    "summary": "与提案人当面交流办理思路和时间安排。"})
        if state == "assigned":
            self._requests(p, ev, replying[0], lead_staff, ch)
            return
        giver = p["proposer_id"] or p["created_by_id"]
        self._replies(p, ev, replying, staff, ch["replied"], 1, subject)
        if state == "replied":
            return
        second = state == "rehandling" or (state == "closed" and r.random() < .05)
        if second:
            self._feedback(p, ev, giver, ch["feedback"], 1, "dissatisfied")
            p["round"] = 2
            p["handling_started_on"] = ch["feedback"]
            p["due_on"] = add_months(ch["feedback"], 3)
            for a in assignments:
                a["due_on"] = p["due_on"]
            p["replied_on"] = p["feedback_due_on"] = None
            if state == "rehandling":
                return
            self._replies(p, ev, replying, staff, ch["replied2"], 2, subject)
            self._feedback(p, ev, giver, ch["feedback2"], 2, "basically")
            return
        if r.random() < .05:
            # No verdict in time: the secretariat closes it.
            closed = p["feedback_due_on"] + timedelta(days=1)
            p["closed_at"] = at(min(closed, self.now), r)
            ev.add("close", sec, min(closed, self.now), "replied", "closed",
                   {"note": ""})
            return
        verdict = "satisfied" if r.random() < .72 else "basically"
        self._feedback(p, ev, giver, ch["feedback"], 1, verdict)

    def _replies(self, p: dict[str, Any], ev: _Events, replying: list[dict[str, Any]],
                 staff: dict[int, tuple[int, str]], day: date, round_: int,
                 subject: str) -> None:
        w, r, d, s = self.w, self.r, self.d, self.s
        late = day > p["due_on"]
        units = {u.id: u for u in d.units}
        for k, a in enumerate(replying):
            unit = units[a["unit_id"]]
            uid, uname = staff[a["unit_id"]]
            rid = w.id(pm.Reply)
            fields = {
                "doc_number": f"{unit.short}函〔{s.year}〕{p['number']}号",
                "result_class": "A" if r.random() < .6 else ("B" if r.random() < .75 else "C"),
                "body": self.tm.reply(subject, s.year), "signatory": "单位负责人",
                "contact_person": uname, "contact_phone": "010-66000000",
                "may_publish": r.random() > .03,
            }
            w.add(pm.Reply, {"id": rid, "proposal_id": p["id"], "assignment_id": a["id"],
                             "unit_id": unit.id, "round": round_, "file_id": d.pdf,
                             "is_late": late, "created_by_id": uid,
                             "created_at": at(day, r), **fields})
            last = k == len(replying) - 1
            data = {**fields, "unit": unit.name}
            ev.add("reply" if last else "reply_part", uid, day, "assigned" if round_ == 1
                   else "rehandling", "replied" if last else None, data)
            reply_doc = search.get_kind("reply").document(SimpleNamespace(
                proposal=SimpleNamespace(number=p["number"], title=p["title"],
                                         session_id=s.id, state=p["state"],
                                         category=p["category"]),
                unit=SimpleNamespace(name=unit.name), unit_id=unit.id, body=fields["body"]))
            self.docs.append(("reply", rid, reply_doc))
        p["replied_on"] = day
        p["is_replied_late"] = p["is_replied_late"] or late
        p["feedback_due_on"] = day + timedelta(days=21)

    def _feedback(self, p: dict[str, Any], ev: _Events, giver: int, day: date, round_: int,
                  verdict: str) -> None:
        w, r = self.w, self.r
        fields = {"contact_made": "visited" if r.random() < .7 else "phone",
                  "attitude": "satisfied" if verdict != "dissatisfied" else "understanding",
                  "relevance": "relevant" if verdict != "dissatisfied" else "partly",
                  "verdict": verdict,
                  "comment": "答复具体，措施可行。" if verdict != "dissatisfied"
                  else "答复与建议不够对应，希望进一步研究。"}
        w.add(pm.Feedback, {"id": w.id(pm.Feedback), "proposal_id": p["id"], "round": round_,
                            "user_id": giver, "created_at": at(day, r), **fields})
        # Rows bypass the ORM's flush hook: the proposal carries its latest verdict here
        # (the rounds come in order).
        p["verdict"] = verdict
        action = "feedback" if verdict != "dissatisfied" else "feedback_dissatisfied"
        ev.add(action, giver, day, "replied", "closed" if action == "feedback"
               else "rehandling", fields, fields["comment"])
        if action == "feedback":
            p["closed_at"] = at(day, r)

    def _requests(self, p: dict[str, Any], ev: _Events, a: dict[str, Any],
                  staff: tuple[int, str], ch: dict[str, date]) -> None:
        """Some open handling waits on the secretariat: extension requests and disputes."""
        w, r = self.w, self.r
        k = r.random()
        day = min(ch["assigned"] + timedelta(days=5), self.now)
        if k < .04 and p["due_on"] >= self.now:
            until = min(p["due_on"] + timedelta(days=30), add_months(p["assigned_on"], 6))
            w.add(pm.ExtensionRequest, {
                "id": w.id(pm.ExtensionRequest), "proposal_id": p["id"],
                "assignment_id": a["id"], "unit_id": a["unit_id"], "requested_until": until,
                "reason": "涉及跨部门协调，需进一步调研论证。", "status": "pending",
                "granted_until": None, "created_by_id": staff[0], "created_at": at(day, r),
                "decided_by_id": None, "decided_at": None, "decision_note": ""})
            ev.add("request_extension", staff[0], day, "assigned", "assigned",
                   {"until": until.isoformat(), "reason": "涉及跨部门协调，需进一步调研论证。"},
                   "涉及跨部门协调，需进一步调研论证。")
        elif k < .055:
            w.add(pm.Dispute, {
                "id": w.id(pm.Dispute), "proposal_id": p["id"], "assignment_id": a["id"],
                "unit_id": a["unit_id"], "reason": "该事项主要职责不在我单位。",
                "status": "pending", "created_by_id": staff[0], "created_at": at(day, r),
                "decided_by_id": None, "decided_at": None, "decision_note": ""})
            ev.add("dispute", staff[0], day, "assigned", "assigned",
                   {"reason": "该事项主要职责不在我单位。"}, "该事项主要职责不在我单位。")


class _Events:
    """A proposal's events in order, each a moment after the previous one."""

    def __init__(self, w: Writer, pid: int, r: Any) -> None:  # noqa: ANN401
        self.w, self.pid, self.r = w, pid, r
        self.count = 0
        self.last: datetime | None = None

    def add(self, action: str, actor: int | None, day: date | datetime,
            from_state: str | None, to_state: str | None, data: dict[str, Any] | None = None,
            note: str = "") -> None:
        when = day if isinstance(day, datetime) else at(day, self.r)
        if self.last and when <= self.last:
            when = self.last + timedelta(minutes=self.r.randint(1, 30))
        self.last = when
        self.count += 1
        self.w.event("proposal", self.pid, action, actor, when, from_state=from_state,
                     to_state=to_state, data=data, note=note)
