"""The permission matrix's one declared table: for every URL rule of the app, what each role
gets in each state of the record it concerns (tests/security/test_permission_matrix.py runs
it; a rule missing here fails that test).

Outcome classes (what the response is taken to mean):
  ok         200 (a page, a file, JSON)
  redirect   a 3xx elsewhere than the sign-in page (e.g. / → the role's desk)
  pass       a POST the permission check let through: it succeeded (2xx/3xx) or its empty
             form was refused as invalid (400/422); never a state conflict
  pass or conflict   the same, or 409 when the outcome depends on other records
  invalid    400/422: let through, but the (empty) request is refused as such
  conflict   409: this role may do this, but not in this state
  forbidden  403       not_found  404 (also what a role may not know exists)
  login      302 to /login         unauth  401 (API without a valid token)
  method     405

POSTs are sent with an empty body, so a permitted action mostly stops at its form (422) and
changes nothing; when one does change its record (an action without fields), the harness
rebuilds the record before the next cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tests.security.matrix_world import ROLES

OK, REDIRECT, PASS, INVALID, CONFLICT = "ok", "redirect", "pass", "invalid", "conflict"
PASS_OR_CONFLICT = "pass or conflict"
FORBIDDEN, NOT_FOUND, LOGIN, UNAUTH, METHOD = "forbidden", "not_found", "login", "unauth", \
    "method"

Expect = Callable[[str, str], str]  # (state, role) -> outcome class

SIGNED = frozenset(ROLES) - {"anonymous"}
MEMBERS = frozenset({"member", "cosigner", "other_member"})
UNITS = frozenset({"lead_unit", "co_unit", "other_unit"})
READERS = frozenset({"secretariat", "leader", "admin"})
KEEPERS = frozenset({"secretariat", "admin"})
SEC = frozenset({"secretariat"})


# -- building blocks ----------------------------------------------------------------------
def public(outcome: str = OK) -> Expect:
    return lambda _state, _role: outcome


def anyone(outcome: str = OK) -> Expect:
    """Every signed-in role; the anonymous visitor is sent to sign in."""
    return lambda _state, role: LOGIN if role == "anonymous" else outcome


def only(allowed: Iterable[str], yes: str = OK, no: str = FORBIDDEN,
         **special: str) -> Expect:
    allowed = frozenset(allowed)

    def expect(_state: str, role: str) -> str:
        if role == "anonymous":
            return LOGIN
        if role in special:
            return special[role]
        return yes if role in allowed else no
    return expect


def gated(visible: Callable[[str], frozenset[str]], actors: dict[str, Iterable[str]],
          yes: str = PASS, wrong_state: str = CONFLICT, no: str = FORBIDDEN) -> Expect:
    """Load with visibility (404 to whoever may not see), then the permission (403), then
    the state (409). ``actors`` maps each role that may act to the states it acts in."""
    acting = {role: frozenset(states) for role, states in actors.items()}

    def expect(state: str, role: str) -> str:
        if role == "anonymous":
            return LOGIN
        if role not in visible(state):
            return NOT_FOUND
        if role in acting:
            return yes if state in acting[role] else wrong_state
        return no
    return expect


def _seen(visible: Callable[[str], frozenset[str]], yes: str,
          hidden: str = NOT_FOUND) -> Expect:
    def expect(state: str, role: str) -> str:
        if role == "anonymous":
            return LOGIN
        return yes if role in visible(state) else hidden
    return expect


# -- who sees what (the domain's rules, DOMAIN.md) ----------------------------------------
def proposal_visible(state: str) -> frozenset[str]:
    if state == "draft":
        return frozenset({"member", "cosigner"})
    base = frozenset({"member", "cosigner"}) | READERS
    if state == "converted":
        return base | {"other_unit"}  # the unit it was sent to as an opinion letter
    if state in ("assigned", "replied", "rehandling", "closed"):
        return base | {"lead_unit", "co_unit"}
    return base


def topic_visible(state: str) -> frozenset[str]:
    # Members see their own suggestions; everyone sees the catalogue (accepted onwards).
    if state in ("accepted", "scheduled", "closed"):
        return SIGNED
    return READERS | {"member"}


def meeting_visible(state: str) -> frozenset[str]:
    # Drafts stay with the secretariat; then the chair (the leader), leaders, invitees.
    return KEEPERS if state == "draft" else KEEPERS | {"leader", "member"}


def speech_visible(state: str) -> frozenset[str]:
    return frozenset({"member"}) if state == "draft" else READERS | {"member"}


def minutes_visible(state: str) -> frozenset[str]:
    if state == "issued":
        return SIGNED
    if state == "draft":
        return KEEPERS
    return KEEPERS | {"leader", "member"}  # the chair and the attendees review


def plan_visible(state: str) -> frozenset[str]:
    if state == "published":
        return SIGNED
    return KEEPERS if state == "draft" else KEEPERS | {"leader"}


def visit_visible(state: str) -> frozenset[str]:
    base = READERS | {"member"}  # the member takes part; the leader leads
    return base | MEMBERS if state == "planned" else base


def result_visible(_state: str) -> frozenset[str]:
    return SIGNED  # its topic is in the catalogue


HANDLING = ("assigned", "rehandling")
OPEN = ("registered", "assigned", "replied", "rehandling")
NUMBERED = ("registered", "assigned", "replied", "rehandling", "closed")
WITH_REPLY = ("replied", "rehandling", "closed")


def proposal_action(actors: dict[str, Iterable[str]], wrong_state: str = CONFLICT,
                    yes: str = PASS) -> Expect:
    return gated(proposal_visible, actors, yes=yes, wrong_state=wrong_state)


def reply_file(yes: str) -> Expect:
    """The unit's reply (published): whoever sees the proposal; no reply yet: 404."""
    def expect(state: str, role: str) -> str:
        if role == "anonymous":
            return LOGIN
        if state not in WITH_REPLY:
            return NOT_FOUND
        return yes if role in proposal_visible(state) else NOT_FOUND
    return expect


EDIT_MEETING = gated(meeting_visible, {"secretariat": ["draft", "scheduled"]},
                     wrong_state=FORBIDDEN)
EDIT_VISIT = gated(visit_visible, {"secretariat": ["planned"]}, wrong_state=FORBIDDEN)


STATES_ALL = ("draft", "scheduled", "held")


def _issued_pdf(visible: Callable[[str], frozenset[str]], issued: str) -> Expect:
    """The PDF kept when the record was issued: only once issued (here issued by setting
    the state, so no PDF was kept and the page is 404 to everyone who may see it)."""
    return _seen(visible, NOT_FOUND)


def _batches(state: str, role: str) -> str:
    from deliberate.documents.batches import all_batches

    allowed = {r.value for b in all_batches() for r in b.roles}
    return only(allowed)(state, role)


# The API's proposal actions: the same actors and states as the web's routes.
API_ACTIONS: dict[str, Expect] = {
    "invite": proposal_action({"member": ["draft"]}),
    "submit": proposal_action({"member": ["draft"]}),
    "withdraw": proposal_action({"member": ["submitted"]}),
    "confirm_cosign": proposal_action({"cosigner": ["draft"]}, wrong_state=FORBIDDEN),
    "decline_cosign": proposal_action({"cosigner": ["draft"]}, wrong_state=FORBIDDEN),
    "return": proposal_action({"secretariat": ["submitted"]}),
    "register": proposal_action({"secretariat": ["submitted"]}),
    "decline": proposal_action({"secretariat": ["submitted"]}),
    "convert": proposal_action({"secretariat": ["submitted"]}),
    "merge": proposal_action({"secretariat": ["submitted"]}),
    "assign": proposal_action({"secretariat": ["registered"]}),
    "dispute": proposal_action({"lead_unit": ["assigned"], "co_unit": ["assigned"]}),
    "consult": proposal_action({"lead_unit": HANDLING, "co_unit": HANDLING}),
    "co_opinion": proposal_action({"co_unit": HANDLING}),
    "request_extension": proposal_action({"lead_unit": HANDLING}),
    # Granting needs a pending request: without one (as here, unless an earlier cell's
    # request is still waiting) the engine refuses with 409.
    "extend": proposal_action({"secretariat": HANDLING}, yes=PASS_OR_CONFLICT),
    "refuse_extension": proposal_action({"secretariat": HANDLING}, yes=PASS_OR_CONFLICT),
    "resolve_dispute": proposal_action({"secretariat": ["assigned"]}, yes=PASS_OR_CONFLICT),
    "reply": proposal_action({"lead_unit": HANDLING}),
    "feedback": proposal_action({"member": ["replied"]}),
    "close": proposal_action({"secretariat": ["replied"]}, yes=CONFLICT),
    "mark_key": proposal_action({"secretariat": OPEN}),
    "supervise": proposal_action({"secretariat": OPEN}),
}


# -- the table ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    kind: str | None              # the record the URL concerns (None: no record)
    url: Callable[[Any, Any], str]  # (matrix world, record) -> URL
    get: Expect | None = None
    post: Expect | None = None
    api: bool = False             # sent with each role's API token instead of a session
    fresh_client: bool = False    # the request ends the session (sign-out)


P = "proposal"


def _p(path: str = "") -> Callable[[Any, Any], str]:
    return lambda _m, p: f"/proposals/{p.id}{path}"


def _att(m: Any, p: Any) -> str:  # noqa: ARG001
    return f"/proposals/{p.id}/attachments/{p.attachments[0].id}"


def _reply_id(p: Any) -> int:
    return p.replies[0].id if p.replies else 999_999


def _api_p(path: str = "") -> Callable[[Any, Any], str]:
    return lambda _m, p: f"/api/v1/proposals/{p.id}{path}"


def _c(kind: str, path: str = "") -> Callable[[Any, Any], str]:
    return lambda _m, obj: f"/consultation/{kind}/{obj.id}{path}"


def _fixed(url: str) -> Callable[[Any, Any], str]:
    return lambda _m, _obj: url


def _dir(path: str) -> Callable[[Any, Any], str]:
    return lambda m, _obj: "/directory" + path.format(**m.extra, w=m.w)



TABLE: dict[str, Row] = {
    # -- static files and health: public ----------------------------------------------
    "/static/<path:filename>": Row(None, _fixed("/static/favicon.svg"), get=public()),
    "/bootstrap/static/<path:filename>": Row(
        None, _fixed("/bootstrap/static/css/bootstrap.min.css"), get=public()),
    "/healthz": Row(None, _fixed("/healthz"), get=public()),
    "/language": Row(None, _fixed("/language"), post=public(PASS)),
    # -- sign-in, account -----------------------------------------------------------------
    "/login": Row(None, _fixed("/login"),
                  get=lambda _s, r: OK if r == "anonymous" else REDIRECT,
                  post=lambda _s, r: INVALID if r == "anonymous" else REDIRECT),
    # Signing out ends every session of the account (the session token rotates), then
    # sends to the sign-in page.
    "/logout": Row(None, _fixed("/logout"), post=anyone(LOGIN), fresh_client=True),
    "/account/password": Row(None, _fixed("/account/password"), get=anyone(),
                             post=anyone(INVALID)),
    "/account/confirm": Row(None, _fixed("/account/confirm"), get=anyone(),
                            post=anyone(INVALID)),
    "/account/tokens": Row(None, _fixed("/account/tokens"), get=anyone(),
                           post=anyone(INVALID)),
    "/account/tokens/<int:token_id>/revoke": Row(
        "token", lambda _m, t: f"/account/tokens/{t.id}/revoke",
        post=only({"member"}, yes=PASS, no=NOT_FOUND)),
    # -- home, inbox, search --------------------------------------------------------------
    "/": Row(None, _fixed("/"), get=anyone(REDIRECT)),
    "/desk/<slug>": Row(None, _fixed("/desk/member"), get=only(MEMBERS)),
    "/inbox": Row(None, _fixed("/inbox"), get=anyone()),
    "/inbox/read": Row(None, _fixed("/inbox/read"), post=anyone(PASS)),
    "/inbox/<int:notification_id>": Row(
        None, lambda m, _o: f"/inbox/{m.extra['notification']}",
        get=only({"member"}, yes=REDIRECT, no=NOT_FOUND)),
    "/search/": Row(None, _fixed("/search/?q=生态"), get=anyone()),
    "/search/reply/<int:reply_id>": Row(
        P, lambda _m, p: f"/search/reply/{_reply_id(p)}", get=reply_file(REDIRECT)),
    # -- proposals: lists and new drafts --------------------------------------------------
    "/proposals/": Row(None, _fixed("/proposals/"), get=only(READERS)),
    "/proposals/review": Row(None, _fixed("/proposals/review"), get=only(SEC)),
    "/proposals/mine": Row(None, _fixed("/proposals/mine"), get=only(MEMBERS)),
    "/proposals/inbox": Row(None, _fixed("/proposals/inbox"), get=only(UNITS)),
    "/proposals/deadlines": Row(None, _fixed("/proposals/deadlines"), get=only(SEC)),
    "/proposals/key": Row(None, _fixed("/proposals/key"), get=only(READERS)),
    "/proposals/new": Row(None, _fixed("/proposals/new"), get=only(MEMBERS | SEC),
                          post=only(MEMBERS | SEC, yes=INVALID)),
    "/proposals/preview": Row(None, _fixed("/proposals/preview"),
                              post=only(MEMBERS | SEC, yes=PASS)),
    "/proposals/bulk-assign": Row(None, _fixed("/proposals/bulk-assign"),
                                  post=only(SEC, yes=PASS)),
    # -- one proposal, in every state -------------------------------------------------------
    "/proposals/<int:proposal_id>": Row(P, _p(), get=_seen(proposal_visible, OK)),
    "/proposals/<int:proposal_id>/edit": Row(
        P, _p("/edit"), get=proposal_action({"member": ["draft"]}, yes=OK),
        post=proposal_action({"member": ["draft"]})),
    "/proposals/<int:proposal_id>/attachments": Row(
        P, _p("/attachments"), post=proposal_action({"member": ["draft"]})),
    "/proposals/<int:proposal_id>/attachments/<int:attachment_id>": Row(
        P, _att, get=_seen(proposal_visible, OK)),
    "/proposals/<int:proposal_id>/attachments/<int:attachment_id>/remove": Row(
        P, lambda m, p: _att(m, p) + "/remove", post=proposal_action({"member": ["draft"]})),
    "/proposals/<int:proposal_id>/invite": Row(
        P, _p("/invite"), post=proposal_action({"member": ["draft"]})),
    # Only a pending invitation lets one answer: afterwards it is no longer theirs to give.
    "/proposals/<int:proposal_id>/cosign/<answer>": Row(
        P, _p("/cosign/confirm"),
        post=proposal_action({"cosigner": ["draft"]}, wrong_state=FORBIDDEN)),
    "/proposals/<int:proposal_id>/submit": Row(
        P, _p("/submit"), post=proposal_action({"member": ["draft"]})),
    "/proposals/<int:proposal_id>/withdraw": Row(
        P, _p("/withdraw"), post=proposal_action({"member": ["submitted"]})),
    "/proposals/<int:proposal_id>/return": Row(
        P, _p("/return"), post=proposal_action({"secretariat": ["submitted"]})),
    "/proposals/<int:proposal_id>/register": Row(
        P, _p("/register"), post=proposal_action({"secretariat": ["submitted"]})),
    "/proposals/<int:proposal_id>/decline": Row(
        P, _p("/decline"), post=proposal_action({"secretariat": ["submitted"]})),
    "/proposals/<int:proposal_id>/convert": Row(
        P, _p("/convert"), post=proposal_action({"secretariat": ["submitted"]})),
    "/proposals/<int:proposal_id>/merge": Row(
        P, _p("/merge"), post=proposal_action({"secretariat": ["submitted"]})),
    "/proposals/<int:proposal_id>/assign": Row(
        P, _p("/assign"), post=proposal_action({"secretariat": ["registered"]})),
    "/proposals/<int:proposal_id>/dispute": Row(
        P, _p("/dispute"),
        post=proposal_action({"lead_unit": ["assigned"], "co_unit": ["assigned"]})),
    "/proposals/<int:proposal_id>/dispute-decision": Row(
        P, _p("/dispute-decision"), post=proposal_action({"secretariat": ["assigned"]})),
    "/proposals/<int:proposal_id>/consult": Row(
        P, _p("/consult"), post=proposal_action({"lead_unit": HANDLING, "co_unit": HANDLING})),
    "/proposals/<int:proposal_id>/co-opinion": Row(
        P, _p("/co-opinion"), post=proposal_action({"co_unit": HANDLING})),
    "/proposals/<int:proposal_id>/extension": Row(
        P, _p("/extension"), post=proposal_action({"lead_unit": HANDLING})),
    "/proposals/<int:proposal_id>/extension-decision": Row(
        P, _p("/extension-decision"), post=proposal_action({"secretariat": HANDLING})),
    "/proposals/<int:proposal_id>/reply": Row(
        P, _p("/reply"), post=proposal_action({"lead_unit": HANDLING})),
    "/proposals/<int:proposal_id>/feedback": Row(
        P, _p("/feedback"), post=proposal_action({"member": ["replied"]})),
    # While the proposer may still give the verdict, closing is refused by its guard.
    "/proposals/<int:proposal_id>/close": Row(
        P, _p("/close"), post=proposal_action({"secretariat": ["replied"]}, yes=CONFLICT)),
    "/proposals/<int:proposal_id>/key": Row(
        P, _p("/key"), post=proposal_action({"secretariat": OPEN})),
    "/proposals/<int:proposal_id>/excellent": Row(
        P, _p("/excellent"), post=proposal_action({"secretariat": NUMBERED})),
    # Leaders record supervision only of the key proposals they supervise (none here).
    "/proposals/<int:proposal_id>/supervise": Row(
        P, _p("/supervise"), post=proposal_action({"secretariat": OPEN})),
    "/proposals/replies/<int:reply_id>/file": Row(
        P, lambda _m, p: f"/proposals/replies/{_reply_id(p)}/file", get=reply_file(OK)),
    # -- directory: the secretariat and the administrator only ----------------------------
    "/directory/": Row(None, _dir("/"), get=only(KEEPERS)),
    "/directory/terms": Row(None, _dir("/terms"), get=only(KEEPERS)),
    "/directory/terms/new": Row(None, _dir("/terms/new"), get=only(KEEPERS),
                                post=only(KEEPERS, yes=PASS)),
    "/directory/terms/<int:ident>/edit": Row(
        None, _dir("/terms/{w.session.term_id}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/sessions": Row(None, _dir("/sessions"), get=only(KEEPERS)),
    "/directory/sessions/new": Row(None, _dir("/sessions/new"), get=only(KEEPERS),
                                   post=only(KEEPERS, yes=PASS)),
    "/directory/sessions/<int:ident>/edit": Row(
        None, _dir("/sessions/{w.session.id}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/sessions/<int:ident>/make-current": Row(
        None, _dir("/sessions/{w.session.id}/make-current"), post=only(KEEPERS, yes=PASS)),
    "/directory/<any(sectors, committees):kind>": Row(None, _dir("/sectors"),
                                                     get=only(KEEPERS)),
    "/directory/<any(sectors, committees):kind>/new": Row(
        None, _dir("/committees/new"), get=only(KEEPERS), post=only(KEEPERS, yes=PASS)),
    "/directory/<any(sectors, committees):kind>/<int:ident>/edit": Row(
        None, _dir("/sectors/{sector}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/<any(terms, sessions, sectors, committees, units, accounts):kind>/"
    "<int:ident>/<any(deactivate, reactivate):action>": Row(
        "victim", lambda _m, v: f"/directory/accounts/{v.id}/deactivate",
        post=only(KEEPERS, yes=PASS)),
    "/directory/units": Row(None, _dir("/units"), get=only(KEEPERS)),
    "/directory/units/new": Row(None, _dir("/units/new"), get=only(KEEPERS),
                                post=only(KEEPERS, yes=PASS)),
    "/directory/units/<int:ident>": Row(None, _dir("/units/{w.lead_unit.id}"),
                                        get=only(KEEPERS)),
    "/directory/units/<int:ident>/edit": Row(
        None, _dir("/units/{w.lead_unit.id}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/units/<int:ident>/staff/new": Row(
        None, _dir("/units/{w.lead_unit.id}/staff/new"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/members": Row(None, _dir("/members"), get=only(KEEPERS)),
    "/directory/members/new": Row(None, _dir("/members/new"), get=only(KEEPERS),
                                  post=only(KEEPERS, yes=PASS)),
    "/directory/members/<int:ident>/edit": Row(
        None, _dir("/members/{w.member.id}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/leaders": Row(None, _dir("/leaders"), get=only(KEEPERS)),
    "/directory/leaders/new": Row(None, _dir("/leaders/new"), get=only(KEEPERS),
                                  post=only(KEEPERS, yes=PASS)),
    "/directory/leaders/<int:ident>/edit": Row(
        None, _dir("/leaders/{w.leader.id}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/accounts": Row(None, _dir("/accounts"), get=only(KEEPERS)),
    "/directory/accounts/new": Row(None, _dir("/accounts/new"), get=only(KEEPERS),
                                   post=only(KEEPERS, yes=PASS)),
    "/directory/accounts/<int:ident>": Row(None, _dir("/accounts/{w.member.id}"),
                                           get=only(KEEPERS)),
    "/directory/accounts/<int:ident>/edit": Row(
        None, _dir("/accounts/{w.member.id}/edit"), get=only(KEEPERS),
        post=only(KEEPERS, yes=PASS)),
    "/directory/accounts/<int:ident>/reset-password": Row(
        "victim", lambda _m, v: f"/directory/accounts/{v.id}/reset-password",
        post=only(KEEPERS, yes=PASS)),
    "/directory/import": Row(None, _dir("/import"), get=only(KEEPERS),
                             post=only(KEEPERS, yes=PASS)),
    # An upload is its uploader's: another keeper is told it does not exist.
    "/directory/import/<int:file_id>/confirm": Row(
        None, _dir("/import/{upload}/confirm"),
        post=only(SEC, yes=INVALID, admin=NOT_FOUND)),
    # Working-day corrections (the holiday calendar): no correction for that day: 404.
    "/directory/calendar": Row(None, _dir("/calendar"), get=only(KEEPERS),
                               post=only(KEEPERS, yes=PASS)),
    "/directory/calendar/<day>/remove": Row(None, _dir("/calendar/2026-10-10/remove"),
                                            post=only(KEEPERS, yes=NOT_FOUND)),
    "/directory/import/template/<any(members, units):kind>.xlsx": Row(
        None, _dir("/import/template/members.xlsx"), get=only(KEEPERS)),
    # -- consultation ------------------------------------------------------------------------
    "/consultation/topics": Row(None, _fixed("/consultation/topics"), get=anyone()),
    "/consultation/topics/new": Row(None, _fixed("/consultation/topics/new"),
                                    get=only(MEMBERS | SEC), post=only(MEMBERS | SEC,
                                                                       yes=INVALID)),
    "/consultation/topics/<int:topic_id>": Row("topic", _c("topics"),
                                               get=_seen(topic_visible, OK)),
    "/consultation/topics/<int:topic_id>/edit": Row(
        "topic", _c("topics", "/edit"),
        get=gated(topic_visible, {"secretariat": ["suggested", "accepted"],
                                  "member": ["suggested"]}, yes=OK, wrong_state=FORBIDDEN),
        post=gated(topic_visible, {"secretariat": ["suggested", "accepted"],
                                   "member": ["suggested"]}, yes=PASS,
                   wrong_state=FORBIDDEN)),
    "/consultation/topics/<int:topic_id>/act/<action>": Row(
        "topic", _c("topics", "/act/accept"),
        post=gated(topic_visible, {"secretariat": ["suggested"]})),
    "/consultation/topics/<int:topic_id>/results/new": Row(
        "topic", _c("topics", "/results/new"),
        get=gated(topic_visible, {"secretariat": ["suggested", "accepted", "declined"]},
                  yes=OK),
        post=gated(topic_visible, {"secretariat": ["suggested", "accepted", "declined"]},
                   yes=INVALID)),
    "/consultation/results": Row(None, _fixed("/consultation/results"), get=only(READERS)),
    "/consultation/results/<int:result_id>": Row("result", _c("results"),
                                                 get=_seen(result_visible, OK)),
    "/consultation/results/<int:result_id>/instructions": Row(
        "result", _c("results", "/instructions"),
        post=gated(result_visible, {"secretariat": ["open"]})),
    "/consultation/results/<int:result_id>/adoption": Row(
        "result", _c("results", "/adoption"), post=gated(result_visible, {"secretariat":
                                                                          ["open"]})),
    "/consultation/results/<int:result_id>/follow-ups": Row(
        "result", _c("results", "/follow-ups"),
        post=gated(result_visible, {"secretariat": ["open"]})),
    "/consultation/meetings": Row(None, _fixed("/consultation/meetings"), get=anyone()),
    "/consultation/meetings/new": Row(None, _fixed("/consultation/meetings/new"),
                                      get=only(SEC), post=only(SEC, yes=INVALID)),
    "/consultation/meetings/<int:meeting_id>": Row("meeting", _c("meetings"),
                                                   get=_seen(meeting_visible, OK)),
    "/consultation/meetings/<int:meeting_id>/edit": Row(
        "meeting", _c("meetings", "/edit"),
        get=gated(meeting_visible, {"secretariat": ["draft", "scheduled"]}, yes=OK,
                  wrong_state=FORBIDDEN),
        post=gated(meeting_visible, {"secretariat": ["draft", "scheduled"]}, yes=PASS,
                   wrong_state=FORBIDDEN)),
    "/consultation/meetings/<int:meeting_id>/act/<action>": Row(
        "meeting", _c("meetings", "/act/cancel"),
        post=gated(meeting_visible, {"secretariat": ["draft", "scheduled"]})),
    "/consultation/meetings/<int:meeting_id>/agenda": Row(
        "meeting", _c("meetings", "/agenda"), post=EDIT_MEETING),
    "/consultation/meetings/<int:meeting_id>/agenda/<int:item_id>/delete": Row(
        "meeting", _c("meetings", "/agenda/999999/delete"), post=EDIT_MEETING),
    "/consultation/meetings/<int:meeting_id>/agenda/order": Row(
        "meeting", _c("meetings", "/agenda/order"), post=EDIT_MEETING),
    "/consultation/meetings/<int:meeting_id>/invitations": Row(
        "meeting", _c("meetings", "/invitations"), post=EDIT_MEETING),
    "/consultation/meetings/<int:meeting_id>/guests": Row(
        "meeting", _c("meetings", "/guests"), post=EDIT_MEETING),
    "/consultation/meetings/<int:meeting_id>/invitations/<int:invitation_id>/delete": Row(
        "meeting", lambda _m, mt: f"/consultation/meetings/{mt.id}/invitations/"
                                  f"{mt.invitations[0].id}/delete",
        post=EDIT_MEETING),
    "/consultation/meetings/<int:meeting_id>/reply": Row(
        "meeting", _c("meetings", "/reply"),
        post=gated(meeting_visible, {"member": ["scheduled", "held"]})),
    "/consultation/meetings/<int:meeting_id>/attendance": Row(
        "meeting", _c("meetings", "/attendance"),
        get=gated(meeting_visible, {"secretariat": ["draft", "scheduled", "held"]}, yes=OK),
        post=gated(meeting_visible, {"secretariat": ["scheduled", "held"]})),
    "/consultation/meetings/<int:meeting_id>/checkin": Row(
        "meeting", _c("meetings", "/checkin"),
        get=_seen(meeting_visible, OK),
        post=gated(meeting_visible, {"member": ["scheduled", "held"]})),
    "/consultation/meetings/<int:meeting_id>/meeting.ics": Row(
        "meeting", _c("meetings", "/meeting.ics"), get=_seen(meeting_visible, OK)),
    "/consultation/meetings/<int:meeting_id>/minutes": Row(
        "meeting", _c("meetings", "/minutes"),
        get=_seen(meeting_visible, NOT_FOUND),
        post=gated(meeting_visible, {"secretariat": ["held"]})),
    "/consultation/meetings/<int:meeting_id>/speeches/new": Row(
        "meeting", _c("meetings", "/speeches/new"),
        get=gated(meeting_visible, {"member": ["scheduled", "held"]}, yes=OK),
        post=gated(meeting_visible, {"member": ["scheduled", "held"]})),
    "/consultation/meetings/<int:meeting_id>/speeches/order": Row(
        "meeting", _c("meetings", "/speeches/order"),
        post=gated(meeting_visible, {"secretariat": ["draft", "scheduled", "held"]})),
    "/consultation/calendar": Row(None, _fixed("/consultation/calendar"), get=anyone()),
    "/consultation/calendar/renew": Row(None, _fixed("/consultation/calendar/renew"),
                                        post=anyone(PASS)),
    "/consultation/calendar/revoke": Row(None, _fixed("/consultation/calendar/revoke"),
                                         post=anyone(PASS)),
    # The feed is read by calendar programs with the token as the only credential.
    "/consultation/calendar/<token>.ics": Row(
        None, _fixed("/consultation/calendar/no-such-token.ics"), get=public(NOT_FOUND)),
    "/consultation/speeches": Row(None, _fixed("/consultation/speeches"), get=anyone()),
    "/consultation/speeches/<int:speech_id>": Row("speech", _c("speeches"),
                                                  get=_seen(speech_visible, OK)),
    "/consultation/speeches/<int:speech_id>/edit": Row(
        "speech", _c("speeches", "/edit"),
        get=gated(speech_visible, {"member": ["draft"]}, yes=OK, wrong_state=FORBIDDEN),
        post=gated(speech_visible, {"member": ["draft"]}, yes=PASS,
                   wrong_state=FORBIDDEN)),
    "/consultation/speeches/<int:speech_id>/act/<action>": Row(
        "speech", _c("speeches", "/act/submit"),
        post=gated(speech_visible, {"member": ["draft"]})),
    "/consultation/speeches/<int:speech_id>/responses": Row(
        "speech", _c("speeches", "/responses"),
        post=gated(speech_visible, {"secretariat": ["adopted"]},
                   wrong_state=CONFLICT)),
    "/consultation/minutes/<int:minutes_id>": Row("minutes", _c("minutes"),
                                                  get=_seen(minutes_visible, OK)),
    "/consultation/minutes/<int:minutes_id>/print": Row(
        "minutes", _c("minutes", "/print"), get=_seen(minutes_visible, OK)),
    "/consultation/minutes/<int:minutes_id>/revisions": Row(
        "minutes", _c("minutes", "/revisions"), get=_seen(minutes_visible, OK)),
    "/consultation/minutes/<int:minutes_id>/edit": Row(
        "minutes", _c("minutes", "/edit"),
        get=gated(minutes_visible, {"secretariat": ["draft", "under_review"]}, yes=OK),
        post=gated(minutes_visible, {"secretariat": ["draft", "under_review"]})),
    "/consultation/minutes/<int:minutes_id>/correct": Row(
        "minutes", _c("minutes", "/correct"),
        get=gated(minutes_visible, {"secretariat": ["issued"]}, yes=OK),
        post=gated(minutes_visible, {"secretariat": ["issued"]}, yes=INVALID)),
    "/consultation/minutes/<int:minutes_id>/act/<action>": Row(
        "minutes", _c("minutes", "/act/approve"),
        post=gated(minutes_visible, {"secretariat": ["under_review"],
                                     "leader": ["under_review"]})),
    "/consultation/minutes/<int:minutes_id>/comments": Row(
        "minutes", _c("minutes", "/comments"),
        post=gated(minutes_visible, {"secretariat": ["under_review"],
                                     "leader": ["under_review"],
                                     "member": ["under_review"]})),
    "/consultation/plans": Row(None, _fixed("/consultation/plans"), get=anyone()),
    "/consultation/plans/new": Row(None, _fixed("/consultation/plans/new"), get=only(SEC),
                                   post=only(SEC, yes=INVALID)),
    "/consultation/plans/<int:plan_id>": Row(
        "plan", _c("plans"),
        get=lambda s, r: REDIRECT if s == "published" and r in SIGNED - READERS
        else _seen(plan_visible, OK)(s, r)),
    "/consultation/plans/<int:plan_id>/versions/<int:number>": Row(
        "plan", _c("plans", "/versions/1"),
        get=lambda s, r: _seen(plan_visible, OK)(s, r) if s == "published"
        else _seen(plan_visible, NOT_FOUND)(s, r)),
    "/consultation/plans/<int:plan_id>/items": Row(
        "plan", _c("plans", "/items"), post=gated(plan_visible, {"secretariat": ["draft"]})),
    "/consultation/plans/<int:plan_id>/items/<int:item_id>/delete": Row(
        "plan", lambda _m, pl: f"/consultation/plans/{pl.id}/items/{pl.items[0].id}/delete",
        post=gated(plan_visible, {"secretariat": ["draft"]})),
    "/consultation/plans/<int:plan_id>/act/<action>": Row(
        "plan", _c("plans", "/act/approve"),
        post=gated(plan_visible, {"leader": ["submitted"]})),
    "/consultation/visits": Row(None, _fixed("/consultation/visits"), get=anyone()),
    "/consultation/visits/new": Row(None, _fixed("/consultation/visits/new"), get=only(SEC),
                                    post=only(SEC, yes=INVALID)),
    "/consultation/visits/<int:visit_id>": Row("visit", _c("visits"),
                                               get=_seen(visit_visible, OK)),
    "/consultation/visits/<int:visit_id>/edit": Row(
        "visit", _c("visits", "/edit"),
        get=gated(visit_visible, {"secretariat": ["planned"]}, yes=OK,
                  wrong_state=FORBIDDEN),
        post=gated(visit_visible, {"secretariat": ["planned"]}, yes=PASS,
                   wrong_state=FORBIDDEN)),
    "/consultation/visits/<int:visit_id>/report": Row(
        "visit", _c("visits", "/report"),
        post=gated(visit_visible, {"secretariat": ["planned", "completed"]})),
    "/consultation/visits/<int:visit_id>/participants": Row(
        "visit", _c("visits", "/participants"),
        post=EDIT_VISIT),
    "/consultation/visits/<int:visit_id>/experts": Row(
        "visit", _c("visits", "/experts"), post=EDIT_VISIT),
    "/consultation/visits/<int:visit_id>/participants/<int:participant_id>/delete": Row(
        "visit", lambda _m, v: f"/consultation/visits/{v.id}/participants/"
                               f"{v.participants[0].id}/delete",
        post=EDIT_VISIT),
    "/consultation/visits/<int:visit_id>/participants/<int:participant_id>/accept": Row(
        "visit", lambda _m, v: f"/consultation/visits/{v.id}/participants/"
                               f"{v.participants[0].id}/accept",
        # The member is in the group already: nothing to accept.
        post=gated(visit_visible, {"secretariat": ["planned"]}, yes=CONFLICT,
                   wrong_state=FORBIDDEN)),
    "/consultation/visits/<int:visit_id>/join": Row(
        "visit", _c("visits", "/join"),
        post=gated(visit_visible, {"cosigner": ["planned"], "other_member": ["planned"],
                                   # already in the group
                                   "member": []})),
    "/consultation/visits/<int:visit_id>/respond": Row(
        "visit", _c("visits", "/respond"),
        post=gated(visit_visible, {"member": ["planned", "completed"]})),
    "/consultation/visits/<int:visit_id>/sites": Row(
        "visit", _c("visits", "/sites"),
        post=gated(visit_visible, {"secretariat": ["planned", "completed"]})),
    "/consultation/visits/<int:visit_id>/act/<action>": Row(
        "visit", _c("visits", "/act/complete"),
        # Completing needs the report first: the engine's guard refuses (409).
        post=gated(visit_visible, {"secretariat": ["planned"]}, yes=CONFLICT)),
    "/consultation/minutes/<int:minutes_id>/revisions/<int:number>.pdf": Row(
        "minutes", _c("minutes", "/revisions/1.pdf"), get=_issued_pdf(minutes_visible,
                                                                      "issued")),
    "/consultation/plans/<int:plan_id>/versions/<int:number>.pdf": Row(
        "plan", _c("plans", "/versions/1.pdf"), get=_issued_pdf(plan_visible, "published")),
    # -- reports and exports -----------------------------------------------------------------
    "/proposals/ledger.pdf": Row(None, _fixed("/proposals/ledger.pdf"), get=only(READERS)),
    "/reports/": Row(None, _fixed("/reports/"), get=only(READERS)),
    "/reports/statistics.xlsx": Row(None, _fixed("/reports/statistics.xlsx"),
                                    get=only(READERS)),
    "/reports/ledger": Row(None, _fixed("/reports/ledger"), get=only(READERS)),
    "/reports/ledger.xlsx": Row(None, _fixed("/reports/ledger.xlsx?col=number&col=title"),
                                get=only(READERS)),
    "/reports/meetings/<int:meeting_id>/attendance.xlsx": Row(
        "meeting", lambda _m, mt: f"/reports/meetings/{mt.id}/attendance.xlsx",
        get=gated(meeting_visible, {"secretariat": STATES_ALL, "leader": STATES_ALL},
                  yes=OK)),
    "/reports/meetings/<int:meeting_id>/speeches.xlsx": Row(
        "meeting", lambda _m, mt: f"/reports/meetings/{mt.id}/speeches.xlsx",
        get=gated(meeting_visible, {r: STATES_ALL for r in READERS}, yes=OK)),
    # -- documents (kinds registered by the domains) ------------------------------------------
    # Exercised with the proposal's document in every state of the proposal. The documents
    # domain answers 403 (not 404) to whoever may not see a record's document.
    "/documents/<kind_name>/<int:object_id>.pdf": Row(
        P, lambda _m, p: f"/documents/proposal/{p.id}.pdf",
        get=_seen(proposal_visible, OK, hidden=FORBIDDEN)),
    "/documents/<kind_name>/<int:object_id>/preview": Row(
        P, lambda _m, p: f"/documents/proposal/{p.id}/preview",
        get=_seen(proposal_visible, OK, hidden=FORBIDDEN)),
    "/documents/<kind_name>/export.zip": Row(
        P, lambda _m, p: f"/documents/proposal/export.zip?ids={p.id}",
        get=_seen(proposal_visible, OK, hidden=FORBIDDEN)),
    # The list shows the batches one may download; with none registered it is refused.
    "/documents/batches/": Row(None, _fixed("/documents/batches/"), get=_batches),
    "/documents/batches/<name>.zip": Row(None, _fixed("/documents/batches/no-such.zip"),
                                         get=anyone(NOT_FOUND)),
    # -- the API: each role with its own token ---------------------------------------------------
    "/api/v1/openapi.json": Row(None, _fixed("/api/v1/openapi.json"), get=public(), api=True),
    "/api/v1/me": Row(None, _fixed("/api/v1/me"),
                      get=lambda _s, r: UNAUTH if r == "anonymous" else OK, api=True),
    "/api/v1/units": Row(None, _fixed("/api/v1/units"),
                         get=lambda _s, r: UNAUTH if r == "anonymous" else OK, api=True),
    # The API answers what the web answers (401 instead of the sign-in page): the same
    # loading with visibility, permission and state checks, JSON bodies sent empty.
    "/api/v1/proposals": Row(None, _fixed("/api/v1/proposals"), get=anyone(), api=True,
                             post=only(MEMBERS | SEC, yes=PASS)),
    "/api/v1/proposals/<int:proposal_id>": Row(P, _api_p(), get=_seen(proposal_visible, OK),
                                               api=True),
    "/api/v1/proposals/<int:proposal_id>/events": Row(
        P, _api_p("/events"), get=_seen(proposal_visible, OK), api=True),
    "/api/v1/proposals/<int:proposal_id>/replies": Row(
        P, _api_p("/replies"), post=proposal_action({"lead_unit": HANDLING}), api=True),
    **{f"/api/v1/proposals/<int:proposal_id>/actions/{name}": Row(
        P, _api_p(f"/actions/{name}"), post=expect, api=True)
       for name, expect in API_ACTIONS.items()},
    "/api/v1/topics": Row(None, _fixed("/api/v1/topics"), get=anyone(), api=True),
    "/api/v1/topics/<int:topic_id>": Row(
        "topic", lambda _m, t: f"/api/v1/topics/{t.id}", get=_seen(topic_visible, OK),
        api=True),
    "/api/v1/meetings": Row(None, _fixed("/api/v1/meetings"), get=anyone(), api=True),
    "/api/v1/meetings/<int:meeting_id>": Row(
        "meeting", lambda _m, mt: f"/api/v1/meetings/{mt.id}", get=_seen(meeting_visible, OK),
        api=True),
    # These meetings have no minutes yet: 404 to everyone who may see the meeting.
    "/api/v1/meetings/<int:meeting_id>/minutes.pdf": Row(
        "meeting", lambda _m, mt: f"/api/v1/meetings/{mt.id}/minutes.pdf",
        get=_seen(meeting_visible, NOT_FOUND), api=True),
}
