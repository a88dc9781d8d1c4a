"""Errors as RFC 9457 application/problem+json, for every response under /api."""

from __future__ import annotations

from flask import Response, request
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES

from tracker.web.api.schemas import FieldError, Problem

PROBLEM_MIMETYPE = "application/problem+json"


class ApiError(Exception):
    """Ends an API call with a problem response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def problem_response(
    status: int,
    detail: str,
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = Problem(
        title=HTTP_STATUS_CODES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.path,
        errors=errors,
    )
    response = Response(body.model_dump_json(exclude_none=True), status, mimetype=PROBLEM_MIMETYPE)
    # An error is about this request only: no cache keeps it (the app's hook says so too).
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers or {})
    return response


def from_api_error(error: ApiError) -> Response:
    return problem_response(error.status, error.detail, errors=error.errors, headers=error.headers)


def from_http_error(code: int, message: str, error: BaseException | None = None) -> Response:
    """The app's error pages, as problems: routing misses, wrong methods, crashes."""
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return problem_response(code, message, headers=headers)
