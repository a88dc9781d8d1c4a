"""The briefing page: pick a scope and a date, read what changed, download it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, render_template, request, url_for

from tracker.reports.briefing import Briefing, Limits
from tracker.reports.briefing_render import BRIEFING_FORMATS, KIND_LABELS
from tracker.services.errors import NotFound, ValidationError
from tracker.services.exports import export_briefing, get_briefing
from tracker.services.scopes import BRIEFING_SCOPES, ScopeRef, parse_scope
from tracker.web.access import acting_user
from tracker.web.db import get_db, sentence, writes_when
from tracker.web.reports.views import confidential_asked

bp = Blueprint("briefings", __name__, url_prefix="/briefings")


@dataclass
class BriefingRequest:
    """What the page was asked, as typed, to show back in its form."""

    scope: str | None
    value: str
    since: dt.date | None


def _read_request() -> tuple[BriefingRequest, dict[str, str]]:
    # `?country=KH` (links) or `?scope=country&value=KH` (the form).
    given = {s: request.args[s] for s in BRIEFING_SCOPES if request.args.get(s)}
    if not given and request.args.get("scope") in BRIEFING_SCOPES:
        given = {request.args["scope"]: request.args.get("value", "")}
    scope = next(iter(given), None)
    return BriefingRequest(scope, given.get(scope or "", "").strip()[:300], None), given


def _since() -> dt.date | None:
    raw = request.args.get("since", "")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ValidationError("write the date as YYYY-MM-DD", field="since") from None


def _scope(given: dict[str, str]) -> ScopeRef:
    return parse_scope(get_db(), given, kinds=BRIEFING_SCOPES, what="it")


@bp.route("")
def page() -> tuple[str, int]:
    req, given = _read_request()
    briefing: Briefing | None = None
    error, code = None, 200
    try:
        req.since = _since()
        if given:
            briefing = get_briefing(
                get_db(),
                _scope(given),
                since=req.since,
                include_confidential=confidential_asked(),
                stale_after_days=current_app.config["TRACKER_STALE_AFTER_DAYS"],
                limits=Limits(),
                actor=acting_user(),
            )
    except NotFound as exc:
        error, code = sentence(str(exc)), 404
    except ValidationError as exc:
        error, code = sentence(str(exc)), 422
    return render_template(
        "briefings/page.html",
        req=req,
        error=error,
        b=briefing,
        scopes=BRIEFING_SCOPES,
        kinds=KIND_LABELS,
        formats=[f for f in BRIEFING_FORMATS if f != "html"],
        demand_url=lambda demand_id: url_for("demands.detail", demand_id=demand_id),
    ), code


@bp.route("/download")
@writes_when(confidential_asked)
def download() -> Response:
    _req, given = _read_request()
    db = get_db()
    document = export_briefing(
        db,
        _scope(given),
        request.args.get("format", "pdf"),
        since=_since(),
        include_confidential=confidential_asked(),
        stale_after_days=current_app.config["TRACKER_STALE_AFTER_DAYS"],
        actor=acting_user(),
    )
    return Response(
        document.content,
        mimetype=document.media_type,
        headers={"Content-Disposition": f"attachment; filename={document.filename}"},
    )
