"""Who is calling the API: a bearer token (read or write scope), or, for reading only, the
signed-in browser session. Plus the blueprint's error handling and response headers."""

from __future__ import annotations

from flask import Response, current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from tracker.models import TokenScope
from tracker.services.tokens import authenticate_token
from tracker.web.api import bp
from tracker.web.api.problems import ApiError, from_api_error, problem_response
from tracker.web.db import SAFE_METHODS, get_db

_CHALLENGE = 'Bearer realm="tracker"'


@bp.before_request
def authenticate() -> None:
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(
                401,
                "send the token as: Authorization: Bearer <token>",
                headers={"WWW-Authenticate": _CHALLENGE},
            )
        db = get_db()
        token = authenticate_token(db, value.strip())
        if token is None:
            raise ApiError(
                401,
                "the token is not valid: it may have been revoked or its owner deactivated",
                headers={"WWW-Authenticate": _CHALLENGE + ', error="invalid_token"'},
            )
        if request.method in SAFE_METHODS:
            db.commit()  # when the token was last used; a write commits it with its change
        g.api_user, g.api_scope = token.user, token.scope
        return
    # The session cookie is an ambient credential: it may read, never write, so that the API
    # needs no CSRF token.
    if current_user.is_authenticated and request.method in ("GET", "HEAD"):
        g.api_user, g.api_scope = current_user._get_current_object(), TokenScope.READ
        return
    raise ApiError(
        401,
        "authenticate with Authorization: Bearer <token>"
        + ("" if request.method in ("GET", "HEAD") else " (writing needs a token)"),
        headers={"WWW-Authenticate": _CHALLENGE},
    )


@bp.after_request
def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    return from_api_error(error)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    from tracker.web.api.problems import from_http_error

    code = error.code or 500
    return from_http_error(code, error.description or "", error)


@bp.errorhandler(Exception)
def crash(error: Exception) -> Response:
    current_app.logger.error("API call failed", exc_info=error)
    get_db().rollback()
    return problem_response(500, "something went wrong on our side; nothing was saved")
