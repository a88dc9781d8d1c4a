"""The dashboard: what needs attention, and where to go next."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request

from tracker.services.dashboard import DashboardScope, get_dashboard
from tracker.services.errors import ValidationError
from tracker.services.scopes import country_code
from tracker.web.db import get_db, sentence

bp = Blueprint("main", __name__)


@bp.route("/")
def dashboard() -> str:
    # A country by code or by name ("KH", "Cambodia"); a body as stored. A country that does
    # not exist is said, and the dashboard shows everything rather than nothing.
    error = None
    country = (request.args.get("country") or "").strip()[:100] or None
    if country:
        try:
            country = country_code(country)
        except ValidationError as exc:
            error, country = sentence(str(exc)), None
    body = (request.args.get("body") or "").strip()[:200] or None
    data = get_dashboard(
        get_db(),
        today=dt.date.today(),
        stale_after_days=current_app.config["TRACKER_STALE_AFTER_DAYS"],
        scope=DashboardScope(country=country, body=body),
    )
    return render_template("main/dashboard.html", data=data, error=error)


@bp.route("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
