"""The Flask application factory's body: config, database, extensions, blueprints, headers."""

from __future__ import annotations

import gc
import hmac
from dataclasses import dataclass
from typing import Any

from flask import Flask, abort, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.config import INSTANCE_DIR, PROJECT_ROOT, Settings
from tracker.db import make_engine, make_sessionmaker
from tracker.web.extensions import limiter
from tracker.web.pagination import PastLastPage, to_last_page

# Endpoints a signed-out visitor may reach; everything else redirects to the sign-in page.
PUBLIC_ENDPOINTS = {
    "auth.login",
    "static",
    "main.health",
    "watching.feed",  # the personal token in the address is the credential
    "watching.unsubscribe_page",  # so is the signed token of the digest's unsubscribe link
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


@dataclass
class TrackerState:
    engine: Engine
    sessionmaker: sessionmaker[Session]


def build_app(config: dict[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    app = Flask(
        "tracker",
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    if "SECRET_KEY" in config and "TRACKER_DATABASE_URL" in config:
        settings = Settings(
            database_url=config["TRACKER_DATABASE_URL"], secret_key=config["SECRET_KEY"]
        )
    else:
        settings = Settings.from_env()
    app.config.update(settings.to_flask())
    engine: Engine | None = config.pop("TRACKER_ENGINE", None)
    factory: sessionmaker[Session] | None = config.pop("TRACKER_SESSIONMAKER", None)
    app.config.update(config)
    if engine is None:
        engine = make_engine(app.config["TRACKER_DATABASE_URL"])
    app.extensions["tracker"] = TrackerState(engine, factory or make_sessionmaker(engine))

    CSRFProtect(app)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)
    _init_login(app)
    _register_blueprints(app)
    _register_hooks(app)
    _register_template_helpers(app)
    if not app.testing:
        settle_heap()
    return app


def settle_heap() -> None:
    """Put everything loaded so far (modules, the app, its caches) out of the collector's way.

    Those objects live as long as the process, yet every full collection walks them all: with
    the report libraries loaded that is a pause of 70-130 ms in whichever request triggers it.
    Frozen, they are skipped, and a full collection only walks what requests create.
    """
    gc.collect()
    gc.freeze()


def _init_login(app: Flask) -> None:
    from tracker.models import User
    from tracker.web.db import get_db

    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "Please sign in to see this page."
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(session_id: str) -> User | None:
        # "<id>:<key>" (User.get_id): a session from before a password change no longer loads.
        user_id, _sep, key = session_id.partition(":")
        if not user_id.isdigit():
            return None
        user = get_db().get(User, int(user_id))
        if user is None or not user.is_active:
            return None
        return user if hmac.compare_digest(user.session_key, key) else None


def _register_blueprints(app: Flask) -> None:
    from tracker.web.account.views import bp as account_bp
    from tracker.web.actors.views import bp as actors_bp
    from tracker.web.admin import bp as admin_bp
    from tracker.web.api import bp as api_bp
    from tracker.web.auth.views import bp as auth_bp
    from tracker.web.briefings.views import bp as briefings_bp
    from tracker.web.clocks.views import bp as clocks_bp
    from tracker.web.demands.views import bp as demands_bp
    from tracker.web.events.views import bp as events_bp
    from tracker.web.main.views import bp as main_bp
    from tracker.web.reports.views import bp as reports_bp
    from tracker.web.resolutions.views import bp as resolutions_bp
    from tracker.web.search.views import bp as search_bp
    from tracker.web.threads.views import bp as threads_bp
    from tracker.web.watching.views import bp as watching_bp
    from tracker.web.watching.views import unsubscribe_page

    for bp in (
        auth_bp,
        main_bp,
        resolutions_bp,
        demands_bp,
        actors_bp,
        events_bp,
        threads_bp,
        admin_bp,
        briefings_bp,
        reports_bp,
        search_bp,
        account_bp,
        api_bp,
        clocks_bp,
        watching_bp,
    ):
        app.register_blueprint(bp)
    # The API authenticates with bearer tokens (not ambient credentials) and lets the session
    # cookie only read: CSRF protection does not apply to it, and it sends 401, not a redirect.
    app.extensions["csrf"].exempt(api_bp)
    # One-click unsubscribe (RFC 8058) is a POST from a mail client: the signed link is the proof.
    app.extensions["csrf"].exempt(unsubscribe_page)


def _register_hooks(app: Flask) -> None:
    from tracker.web.db import init_unit_of_work

    init_unit_of_work(app)

    @app.before_request
    def refuse_oversized_bodies() -> None:
        # Refuse on the declared length, before any multipart parsing spools a temporary file.
        limit = app.config.get("MAX_CONTENT_LENGTH")
        if limit and request.content_length and request.content_length > limit:
            abort(413)

    @app.before_request
    def require_sign_in():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if request.blueprint == "api":
            return None  # the API authenticates each call itself (tracker/web/api/auth.py)
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if current_user and getattr(current_user, "is_authenticated", False):
            response.headers["Cache-Control"] = "no-store"
        return response

    app.register_error_handler(PastLastPage, to_last_page)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template(
            "errors/error.html",
            code=400,
            message="The form expired or was not sent by this site. "
            "Go back, reload the page and try again.",
        ), 400

    for code, message in (
        (400, "This address is incomplete or malformed."),
        (403, "You do not have permission to do this."),
        (404, "There is nothing at this address."),
        (405, "This address does not accept that kind of request."),
        (413, "The upload is too large: the limit is 5 MB."),
        (429, "Too many attempts. Wait a minute and try again."),
        (500, "Something went wrong on our side; nothing you entered was saved."),
    ):
        app.register_error_handler(code, _error_page(code, message))


def _error_page(code: int, default: str):
    def handler(error: Exception):
        from tracker.web.api.problems import from_http_error, is_api_request
        from tracker.web.refusals import message_of

        message = message_of(error, default)
        if is_api_request():
            return from_http_error(code, message, error)
        return render_template("errors/error.html", code=code, message=message), code

    return handler


def _register_template_helpers(app: Flask) -> None:
    from tracker.web import helpers

    app.jinja_env.filters.update(helpers.FILTERS)
    app.jinja_env.globals.update(helpers.GLOBALS)
