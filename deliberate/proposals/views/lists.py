"""Proposal lists: my proposals, the working list, the review queue, a unit's inbox, the
deadlines board, key proposals."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from deliberate.core.files import attachment_disposition
from deliberate.core.pagecache import cached_page
from deliberate.core.pagination import paginate
from deliberate.core.pdf import document_locale, render_pdf
from deliberate.core.permissions import Role, roles_required
from deliberate.directory.models import PlenarySession
from deliberate.extensions import db
from deliberate.proposals import bp, workflow
from deliberate.proposals import documents as docs
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.models import (
    Category,
    Proposal,
    ProposerType,
)
from deliberate.proposals.views.common import (
    READERS,
)
from deliberate.proposals.workflow import STATE_LABELS, today


@bp.get("/mine")
@roles_required(Role.member)
def my_proposals() -> str:
    page = paginate(q.my_proposals(current_user),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/mine.html", page=page, days_left=q.days_left,
                           title=_("My proposals"))


@bp.get("/")
@roles_required(*READERS)
@cached_page(vary=workflow.day_key)
def list_proposals() -> str:
    filters = q.Filters.from_args(request.args)
    page = paginate(q.working_list(filters), per_page=current_app.config["ITEMS_PER_PAGE"])
    # One statement for every choice list: the page stays at five statements.
    choices = q.filter_choices()
    bulk = f.BulkAssignForm(prefix="bulk")
    bulk.set_units(choices["unit"])
    bulk.due_on.data = ops.default_due_on()
    return render_template(
        "proposals/list.html", page=page, filters=filters, bulk=bulk,
        states=STATE_LABELS, categories=Category.choices(),
        proposer_types=ProposerType.choices(), sessions=choices["session"],
        units=choices["unit"], sectors=choices["sector"], days_left=q.days_left,
        ledger_args={k: v for k, v in request.args.items() if k != "page"},
        title=_("Proposals"))


@bp.get("/review")
@roles_required(Role.secretariat)
def review_queue() -> str:
    page = paginate(q.review_queue(), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/review.html", page=page, title=_("Review queue"))


@bp.get("/inbox")
@roles_required(Role.unit_staff)
def unit_inbox() -> str:
    show = "all" if request.args.get("show") == "all" else "open"
    page = paginate(q.unit_inbox(current_user, show),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/unit_inbox.html", page=page, show=show,
                           days_left=q.days_left, title=_("Assigned proposals"))


@bp.get("/deadlines")
@roles_required(Role.secretariat)
@cached_page(vary=workflow.day_key)
def deadline_board() -> str:
    return render_template("proposals/deadlines.html", board=q.deadline_board(),
                           days_left=q.days_left, today=today(), limit=q.BOARD_LIMIT,
                           title=_("Deadlines"))


@bp.get("/key")
@roles_required(Role.secretariat, Role.leader, Role.admin)
def key_proposals() -> str:
    page = paginate(q.key_proposals(current_user),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/key.html", page=page, days_left=q.days_left,
                           title=_("Key proposals"))


# A ledger is one request rendered while the user waits: 300 rows take about 3 s.
LEDGER_MAX_ROWS = 1000


@bp.get("/ledger.pdf")
@roles_required(*READERS)
def ledger_pdf() -> Response:
    """The working list, with the filters it was showing, as the landscape 提案台账."""
    filters = q.Filters.from_args(request.args)
    stmt = q.working_list(filters).options(selectinload(Proposal.feedbacks))
    proposals = list(db.session.scalars(stmt.limit(LEDGER_MAX_ROWS + 1)).unique())
    if len(proposals) > LEDGER_MAX_ROWS:
        abort(400, _("The ledger holds at most %(n)d proposals: narrow the filters.",
                     n=LEDGER_MAX_ROWS))
    with force_locale(document_locale()):
        session = db.session.get(PlenarySession, filters.session) if filters.session else None
        title = (_("Proposal ledger of %(session)s", session=session.name) if session
                 else _("Proposal ledger"))
        subtitle = ledger_filter_summary(filters)
    data = render_pdf(docs.LEDGER_TEMPLATE, **docs.ledger_context(proposals, title, subtitle))
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = attachment_disposition(f"{title}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def ledger_filter_summary(filters: q.Filters) -> str:
    """The filters a ledger was drawn with, in words ("" when it lists everything)."""
    parts: list[str] = []
    if filters.state:
        parts.append(str(STATE_LABELS[filters.state]))
    if filters.category:
        parts.append(next((str(c.label) for c in Category if c.value == filters.category), ""))
    if filters.unit:
        parts.append(q.unit_names().get(filters.unit, ""))
    if filters.sector:
        parts.append(dict(q.sector_choices()).get(filters.sector, ""))
    if filters.proposer_type:
        parts.append(next((str(t.label) for t in ProposerType
                           if t.value == filters.proposer_type), ""))
    if filters.key:
        parts.append(_("Key proposals only"))
    due = {"soon": _("Due within 7 days"), "overdue": _("Overdue"),
           "late": _("Replied late")}
    if filters.due:
        parts.append(due[filters.due])
    if filters.q:
        parts.append(_("Subject contains “%(q)s”", q=filters.q))
    return "，".join(p for p in parts if p)
