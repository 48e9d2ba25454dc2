"""The search page and the reindex command."""

from __future__ import annotations

import click
from flask import abort, current_app, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from deliberate.core import search as engine
from deliberate.core.permissions import Role
from deliberate.core.web import register_nav
from deliberate.extensions import db
from deliberate.proposals.models import Category, Reply
from deliberate.proposals.queries import session_choices, unit_choices
from deliberate.search import bp

register_nav(_l("Search"), "search.search_page", tuple(Role), order=90)


def _int(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@bp.get("/")
def search_page() -> str:
    q = request.args.get("q", "")
    filters = engine.Filters(
        kind=request.args.get("kind", "") if engine.get_kind(
            request.args.get("kind", "")) else "",
        session_id=_int("session"),
        state=request.args.get("state", "")[:30],
        category=request.args.get("category", "") if request.args.get(
            "category", "") in Category.__members__ else "",
        unit_id=_int("unit"),
    )
    results = engine.search(current_user, q, filters, page=_int("page") or 1,
                            per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template(
        "search/search.html", q=q, filters=filters, results=results,
        kinds=engine.kinds(), categories=list(Category), sessions=session_choices(),
        units=unit_choices(), too_long=len(q) > engine.MAX_QUERY_CHARS,
    )


@bp.get("/reply/<int:reply_id>")
def open_reply(reply_id: int) -> Response:
    """A reply is read on its proposal's page; check the reader may see that reply."""
    reply = db.session.get(Reply, reply_id)
    if reply is None or not reply.proposal.can_view_reply(reply, current_user):
        abort(404)
    from flask import url_for

    return redirect(url_for("proposals.show_proposal", proposal_id=reply.proposal_id)
                    + f"#reply-{reply.id}")


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index from every record."""
    total = engine.total_records()
    with click.progressbar(length=total, label="indexing") as bar:
        count = engine.reindex(progress=bar.update)
    db.session.commit()
    click.echo(f"{count} documents indexed")
