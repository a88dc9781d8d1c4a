"""The briefing page: pick a scope and a date, read what changed, download it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from tracker.models import Role
from tracker.reports.briefing import Briefing, Limits
from tracker.reports.briefing_build import build_briefing_for
from tracker.reports.briefing_render import BRIEFING_FORMATS, KIND_LABELS, render_briefing
from tracker.services.audit import record_audit
from tracker.services.errors import NotFound, ServiceError
from tracker.web.access import acting_user
from tracker.web.db import get_db
from tracker.web.inputs import parse_id
from tracker.web.refusals import refuse

bp = Blueprint("briefings", __name__, url_prefix="/briefings")
SCOPES = ("country", "actor", "resolution", "thread", "addressee")


@dataclass
class BriefingRequest:
    scope: str | None
    value: str
    since: dt.date | None
    error: str | None = None
    confidential: bool = False


def _read_request() -> BriefingRequest:
    # `?country=KH` (links) or `?scope=country&value=KH` (the form).
    scope = next((s for s in SCOPES if request.args.get(s)), None)
    value = (request.args.get(scope) or "").strip()[:64] if scope else ""
    if scope is None and request.args.get("scope") in SCOPES and request.args.get("value"):
        scope, value = request.args["scope"], request.args["value"].strip()[:64]
    raw_since = request.args.get("since", "")
    since = None
    error = None
    if raw_since:
        try:
            since = dt.date.fromisoformat(raw_since)
        except ValueError:
            error = "Write the date as YYYY-MM-DD."
    if scope and scope != "country" and not value.isdigit():
        error = f"The {scope} must be given by its number."
    if scope == "country" and (len(value) != 2 or not value.isalpha()):
        error = "The country is a two-letter ISO code, e.g. KH."
    return BriefingRequest(
        scope, value, since, error, confidential=request.args.get("confidential") == "1"
    )


def _build(req: BriefingRequest, limits: Limits | None = None) -> Briefing:
    if req.confidential and not acting_user().can(Role.ADMIN):
        abort(403)
    value: str | int = req.value.upper() if req.scope == "country" else _record_id(req)
    return build_briefing_for(
        get_db(),
        req.scope or "country",
        value,
        since=req.since,
        stale_after_days=current_app.config["TRACKER_STALE_AFTER_DAYS"],
        include_confidential=req.confidential,
        limits=limits,
    )


def _record_id(req: BriefingRequest) -> int:
    # A number past the databases' INTEGER names no record (NotFound, as for a missing one).
    value = parse_id(req.value)
    if value is None:
        raise NotFound(f"no {req.scope} with the number {req.value[:20]}")
    return value


@bp.route("")
def page() -> tuple[str, int]:
    req = _read_request()
    briefing, code = None, 200
    if req.scope and not req.error:
        try:
            briefing = _build(req, Limits())
        except NotFound as exc:
            req.error, code = str(exc), 404
        except ServiceError as exc:
            req.error, code = str(exc), 422
    elif req.error:
        code = 422
    return render_template(
        "briefings/page.html",
        req=req,
        b=briefing,
        scopes=SCOPES,
        kinds=KIND_LABELS,
        formats=[f for f in BRIEFING_FORMATS if f != "html"],
        demand_url=lambda demand_id: url_for("demands.detail", demand_id=demand_id),
    ), code


@bp.route("/download")
def download() -> Response:
    req = _read_request()
    fmt = request.args.get("format", "pdf")
    if fmt not in BRIEFING_FORMATS:
        formats = ", ".join(BRIEFING_FORMATS)
        refuse(400, f"There is no briefing format {fmt[:20]!r}: use {formats}.")
    if req.error or not req.scope:
        refuse(400, req.error or f"Say what it covers: one of {', '.join(SCOPES)}.")
    try:
        briefing = _build(req)
    except NotFound as exc:
        refuse(404, str(exc))
    except ServiceError as exc:
        refuse(400, str(exc))
    if req.confidential:
        db = get_db()
        record_audit(
            db,
            actor=acting_user(),
            action="export.confidential",
            entity_type="reports",
            entity_id=None,
            summary=f"confidential {fmt} briefing: {req.scope} {req.value}",
            after={"scope": req.scope, "value": req.value, "format": fmt},
        )
        db.commit()
    media_type, extension = BRIEFING_FORMATS[fmt]
    name = f"briefing-{req.scope}-{req.value}-since-{briefing.since.isoformat()}.{extension}"
    return Response(
        render_briefing(briefing, fmt),
        mimetype=media_type,
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
