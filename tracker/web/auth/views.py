"""Sign in and out. Failed sign-ins are limited per account (a locked account refuses even the
right password until the window passes; other accounts are not affected) and per address."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from tracker.services.accounts import authenticate
from tracker.services.audit import record_audit
from tracker.services.users import sign_out
from tracker.web.access import acting_user
from tracker.web.auth.forms import LoginForm
from tracker.web.auth.sessions import start_session
from tracker.web.db import get_db
from tracker.web.extensions import limiter

bp = Blueprint("auth", __name__)


def _account_limit() -> str:
    return str(current_app.config["TRACKER_LOGIN_RATE_LIMIT"])


def _address_limit() -> str:
    return str(current_app.config["TRACKER_LOGIN_ADDRESS_RATE_LIMIT"])


def _account_key() -> str:
    """The account a sign-in is for, as the limiter's key: a digest, so that no typed text (a
    control character, a megabyte) becomes a storage key."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return "login-account:" + hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()[:32]


def _address_key() -> str:
    # The client's address; behind trusted proxies, ProxyFix has put the real one here.
    return "login-address:" + get_remote_address()


def _failed(response: Response) -> bool:
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or scheme-relative address."""
    if not target:
        return url_for("main.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.dashboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, key_func=_address_key, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login() -> str | Response | tuple[str, int]:
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
            start_session(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong email or password.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        # Every session of the account ends, not only this browser's: a copy of the cookie
        # (a shared computer, a stolen backup of the browser profile) is refused from now on.
        db = get_db()
        user = acting_user()
        sign_out(db, user, actor=user)
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))
