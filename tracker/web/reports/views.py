"""Follow-up report downloads for a resolution, a country, an actor or a thread."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, request

from tracker.models import Role
from tracker.reports.build import build_snapshot
from tracker.reports.render import EXTENSIONS, FORMATS, MEDIA_TYPES, render
from tracker.services.audit import record_audit
from tracker.services.errors import NotFound, ValidationError
from tracker.web.access import acting_user
from tracker.web.db import get_db
from tracker.web.inputs import parse_id
from tracker.web.refusals import refuse

bp = Blueprint("reports", __name__, url_prefix="/reports")
SCOPES = {
    "resolution": "resolution_id",
    "country": "country",
    "actor": "actor_id",
    "thread": "thread_id",
}


@bp.route("/export")
def export() -> Response:
    fmt = request.args.get("format", "pdf")
    if fmt not in FORMATS:
        refuse(400, f"There is no report format {fmt[:20]!r}: use {', '.join(FORMATS)}.")
    chosen = [(name, request.args[name]) for name in SCOPES if request.args.get(name)]
    if len(chosen) != 1:
        refuse(400, f"Say what the report covers: one of {', '.join(SCOPES)}.")
    name, raw = chosen[0]
    if name == "country":
        if not re.fullmatch(r"[A-Za-z]{2}", raw):
            refuse(400, "The country is a two-letter ISO code, e.g. KH.")
        value: str | int = raw.upper()
    elif raw.isdigit():
        # A number past the databases' INTEGER names no record.
        value = parse_id(raw) or refuse(404, f"There is no {name} number {raw[:20]}.")
    else:
        refuse(400, f"The {name} must be given by its number.")
    confidential = request.args.get("confidential") == "1"
    user = acting_user()
    if confidential and not user.can(Role.ADMIN):
        abort(403)
    db = get_db()
    try:
        snapshot = build_snapshot(
            db,
            **{SCOPES[name]: value},  # type: ignore[arg-type]
            include_confidential=confidential,
        )
    except NotFound as exc:
        refuse(404, str(exc))
    except ValidationError as exc:
        refuse(400, str(exc))
    if confidential:
        record_audit(
            db,
            actor=user,
            action="export.confidential",
            entity_type="reports",
            entity_id=value if isinstance(value, int) else None,
            summary=f"confidential {fmt} report: {name} {value}",
            after={"scope": name, "value": value, "format": fmt},
        )
        db.commit()
    filename = f"follow-up-{name}-{value}{EXTENSIONS[fmt]}"
    return Response(
        render(snapshot, fmt),
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )
