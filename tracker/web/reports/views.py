"""Follow-up report downloads for a resolution, a country, an actor or a thread."""

from __future__ import annotations

from flask import Blueprint, Response, request

from tracker.services.exports import export_report
from tracker.services.scopes import REPORT_SCOPES, parse_scope
from tracker.web.access import acting_user
from tracker.web.db import get_db, writes_when

bp = Blueprint("reports", __name__, url_prefix="/reports")


def confidential_asked() -> bool:
    """A confidential export writes its audit entry: such a download is a writing request."""
    return request.args.get("confidential") == "1"


@bp.route("/export")
@writes_when(confidential_asked)
def export() -> Response:
    db = get_db()
    document = export_report(
        db,
        parse_scope(db, request.args, kinds=REPORT_SCOPES),
        request.args.get("format", "pdf"),
        include_confidential=confidential_asked(),
        actor=acting_user(),
    )
    return Response(
        document.content,
        mimetype=document.media_type,
        headers={"Content-Disposition": f"attachment; filename={document.filename}"},
    )
