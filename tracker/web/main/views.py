"""The dashboard: what needs attention, and where to go next."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template

from tracker.services.dashboard import get_dashboard
from tracker.web.db import get_db

bp = Blueprint("main", __name__)


@bp.route("/")
def dashboard() -> str:
    data = get_dashboard(
        get_db(),
        today=dt.date.today(),
        stale_after_days=current_app.config["TRACKER_STALE_AFTER_DAYS"],
    )
    return render_template("main/dashboard.html", data=data)


@bp.route("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
