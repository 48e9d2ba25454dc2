"""API tokens on the account pages: each person creates, lists and revokes their own."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from deliberate.auth import bp
from deliberate.auth.forms import ApiTokenCreateForm
from deliberate.auth.models import ApiToken
from deliberate.auth.reauth import refusal
from deliberate.extensions import db


def _own_tokens() -> list[ApiToken]:
    stmt = (select(ApiToken).where(ApiToken.user_id == current_user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                      ApiToken.id.desc()))
    return list(db.session.scalars(stmt))


@bp.route("/account/tokens", methods=["GET", "POST"])
def api_tokens() -> Any:  # noqa: ANN401
    form = ApiTokenCreateForm()
    status = 200
    plain = None
    # A token acts as its owner for a year of scripts: minting one needs the password.
    if request.method == "POST" and (refused := refusal()):
        return refused
    if form.validate_on_submit():
        # Imported here: auth.operations needs the directory, which needs auth.
        from deliberate.auth.operations import issue_token

        _token, plain = issue_token(current_user, form.name.data.strip())
        db.session.commit()
        # Shown in this response only: the database keeps nothing but its hash.
        form = ApiTokenCreateForm(formdata=None)
    elif form.is_submitted():
        status = 400
    return render_template("auth/tokens.html", form=form, tokens=_own_tokens(),
                           new_token=plain), status


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int) -> Response:
    token = db.session.get(ApiToken, token_id)
    # Someone else's token is "not found": its existence is none of this user's business.
    if token is None or token.user_id != current_user.id:
        abort(404)
    from deliberate.auth.operations import revoke_token

    revoke_token(token, current_user)
    db.session.commit()
    flash(_("The API token %(prefix)s… has been revoked.", prefix=token.prefix), "success")
    return redirect(url_for("auth.api_tokens"))
