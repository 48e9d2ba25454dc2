"""API routes: load → check permission → validate → call an operation → commit → JSON."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from deliberate.api import bp
from deliberate.api.params import PAGINATION, Param, parse_query
from deliberate.api.responses import json_response, page_envelope, paginate_query
from deliberate.api.serializers import me_json, unit_json
from deliberate.core.permissions import public
from deliberate.directory.models import Unit

UNIT_PARAMS = (*PAGINATION, Param.boolean("active", "Only active (true) or only "
                                                    "deactivated (false) units."))


@bp.get("/openapi.json")
@public
def openapi_document() -> Response:
    # Imported here: the document reads this module's parameter declarations.
    from deliberate.api.openapi import build_document

    return json_response(build_document())


@bp.get("/me")
def get_me() -> Response:
    return json_response(me_json(current_user))


@bp.get("/units")
def list_units() -> Response:
    # Handling units are public departments: every role may list them (the secretariat
    # picks them when assigning, units and members see who handles what).
    args = parse_query(UNIT_PARAMS)
    stmt = select(Unit).order_by(Unit.sort_order, Unit.name, Unit.id)
    if args["active"] is not None:
        stmt = stmt.where(Unit.is_active.is_(args["active"]))
    page = paginate_query(stmt, args["page"], args["per_page"])
    return json_response(page_envelope(page, unit_json))
