"""The Flask application factory's body: config, database, extensions, blueprints, headers."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import escape
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.config import INSTANCE_DIR, PROJECT_ROOT, Settings
from tracker.db import make_engine, make_sessionmaker
from tracker.web.api.problems import ApiError, from_api_error, is_api_request
from tracker.web.api.schemas import FieldError
from tracker.web.db import rollback_db
from tracker.web.extensions import limiter
from tracker.web.inputs import IdConverter, control_character_message, first_control_character
from tracker.web.pagination import PastLastPage, to_last_page
from tracker.web.refusals import refuse

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


HSTS = "max-age=31536000; includeSubDomains"


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
    proxies = int(app.config.get("TRACKER_TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind that many proxies, the client's address, scheme and host are the ones they
        # forwarded (the sign-in limit counts per real address); never trusted otherwise.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    # Before any blueprint: every `<int:...>` of the URL map is bounded by the databases' INTEGER.
    app.url_map.converters["int"] = IdConverter
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
    from tracker.web.auth.sessions import init_sessions

    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "Please sign in to see this page."
    manager.session_protection = "strong"
    init_sessions(app, manager)


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
    def refuse_control_characters_in_the_query() -> None:
        found = first_control_character(request.args.items(multi=True))
        if found is None:
            return
        name, character = found
        message = control_character_message(character)
        if is_api_request():
            # The parameter's name, unless the name itself is what holds the character.
            clean_name = first_control_character([(name, "")]) is None
            field = f"query.{name[:64]}" if clean_name else "query"
            raise ApiError(
                422, "invalid query parameters", errors=[FieldError(field=field, message=message)]
            )
        refuse(400, f"This address holds a control character ({character}). {message}")

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
        if app.config["SESSION_COOKIE_SECURE"]:
            # Served over HTTPS only (secure cookies say so): browsers never try plain HTTP again.
            response.headers["Strict-Transport-Security"] = HSTS
        if request.endpoint != "static":
            # Pages name people at risk, the sign-in page carries a CSRF token, errors are about
            # one request: no browser or proxy cache keeps any of them.
            response.headers["Cache-Control"] = "no-store"
        return response

    app.register_error_handler(PastLastPage, to_last_page)
    # The API's own refusals, wherever they are raised (an app-wide hook, a missed route).
    app.register_error_handler(ApiError, from_api_error)

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

        # Whatever the request wrote is abandoned, and a failed statement or flush must not
        # stop the page itself from loading the signed-in user (PendingRollbackError).
        rollback_db()
        message = message_of(error, default)
        if is_api_request():
            return from_http_error(code, message, error)
        try:
            return render_template("errors/error.html", code=code, message=message), code
        except Exception:  # noqa: BLE001 - the database itself may be what failed
            current_app.logger.exception("the error page failed")
            return Response(
                f"<!doctype html><title>{code}</title><h1>{code}</h1><p>{escape(message)}</p>",
                code,
                mimetype="text/html",
            )

    return handler


def _register_template_helpers(app: Flask) -> None:
    from tracker.web import helpers

    app.jinja_env.filters.update(helpers.FILTERS)
    app.jinja_env.globals.update(helpers.GLOBALS)
