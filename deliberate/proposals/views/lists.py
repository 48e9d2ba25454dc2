"""Proposal lists: my proposals, the working list, the review queue, a unit's inbox, the
deadlines board, key proposals."""

from __future__ import annotations

from flask import (
    current_app,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_login import current_user

from deliberate.core.pagination import paginate
from deliberate.core.permissions import Role, roles_required
from deliberate.proposals import bp
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.models import (
    Category,
    ProposerType,
)
from deliberate.proposals.views.common import (
    READERS,
    units_form,
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
def list_proposals() -> str:
    filters = q.Filters.from_args(request.args)
    page = paginate(q.working_list(filters), per_page=current_app.config["ITEMS_PER_PAGE"])
    bulk = units_form(f.BulkAssignForm(prefix="bulk"))
    bulk.due_on.data = ops.default_due_on()
    return render_template(
        "proposals/list.html", page=page, filters=filters, bulk=bulk,
        states=STATE_LABELS, categories=Category.choices(),
        proposer_types=ProposerType.choices(), sessions=q.session_choices(),
        units=q.unit_choices(), sectors=q.sector_choices(), days_left=q.days_left,
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
