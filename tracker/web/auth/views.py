"""Sign in and out; failed sign-ins are rate-limited."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from tracker.services.accounts import authenticate
from tracker.services.audit import record_audit
from tracker.web.auth.forms import LoginForm
from tracker.web.db import get_db
from tracker.web.extensions import limiter

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return str(current_app.config["TRACKER_LOGIN_RATE_LIMIT"])


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or scheme-relative address."""
    if not target:
        return url_for("main.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.dashboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        db = get_db()
        user = authenticate(db, form.email.data or "", form.password.data or "")
        if user is not None:
            record_audit(
                db,
                actor=user,
                action="user.login",
                entity_type="users",
                entity_id=user.id,
                summary="signed in",
            )
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong email or password.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))
