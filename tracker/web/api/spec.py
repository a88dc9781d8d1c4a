"""Declaring API operations once: the route, its input and output models, who may call it, and
the OpenAPI 3.1 document built from those same declarations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import pydantic
from flask import Response, g, request
from pydantic.json_schema import models_json_schema
from sqlalchemy.exc import IntegrityError

from tracker.models import Role, TokenScope, User
from tracker.services import visibility
from tracker.services.errors import (
    EditConflict,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from tracker.web.api import bp
from tracker.web.api.problems import ApiError
from tracker.web.api.schemas import MAX_ID, FieldError, Model, Problem
from tracker.web.db import get_db

_ID = re.compile(r"<id:(\w+)>")
MAX_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI form: /api/v1/demands/{demand_id}
    endpoint: str
    summary: str
    tag: str
    response: type[Model]
    status: int
    query: type[Model] | None
    body: type[Model] | None
    write: bool
    path_params: tuple[str, ...]


OPERATIONS: list[Operation] = []


def api_user() -> User:
    user: User = g.api_user
    return user


def sees_confidential() -> bool:
    return visibility.sees_confidential(api_user())


def _field_errors(exc: pydantic.ValidationError, where: str) -> list[FieldError]:
    # Only where and why: the rejected input is never echoed back.
    return [
        FieldError(field=".".join([where, *(str(part) for part in e["loc"])]), message=e["msg"])
        for e in exc.errors(include_url=False, include_input=False)
    ]


def _parse_query(model: type[Model]) -> Model:
    if any(len(values) > 1 for values in request.args.listvalues()):
        raise ApiError(422, "each query parameter may be given once")
    try:
        return model.model_validate(request.args.to_dict())
    except pydantic.ValidationError as exc:
        errors = _field_errors(exc, "query")
        raise ApiError(422, "invalid query parameters", errors=errors) from None


def _parse_body(model: type[Model]) -> Model:
    if request.mimetype != "application/json":
        raise ApiError(415, "send the body as application/json")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, "the body is too large")
    try:
        # Parsed by pydantic's own JSON reader, which refuses lone surrogates and bad UTF-8.
        return model.model_validate_json(request.get_data(cache=False))
    except pydantic.ValidationError as exc:
        raise ApiError(422, "invalid request body", errors=_field_errors(exc, "body")) from None


def _authorise_write() -> None:
    if g.api_scope != TokenScope.WRITE:
        raise ApiError(403, "this call needs a token with the write scope")
    if not api_user().can(Role.ANALYST):
        raise ApiError(403, "only analysts and admins may change data")


def _service_error(exc: ServiceError) -> ApiError:
    if isinstance(exc, NotFound):
        return ApiError(404, str(exc))
    if isinstance(exc, PermissionDenied):
        return ApiError(403, str(exc))
    if isinstance(exc, EditConflict):
        return ApiError(409, str(exc))
    if isinstance(exc, ValidationError) and exc.field:
        return ApiError(
            422, str(exc), errors=[FieldError(field=f"body.{exc.field}", message=str(exc))]
        )
    return ApiError(422, str(exc))


def operation(
    rule: str,
    *,
    summary: str,
    tag: str,
    response: type[Model],
    method: str = "GET",
    status: int = 200,
    query: type[Model] | None = None,
    body: type[Model] | None = None,
) -> Callable[[Callable[..., Model]], Callable[..., Model]]:
    """Register `rule` (with `<id:name>` for ids) on the API blueprint. The view gets its path
    ids and the validated `query` / `body` models, returns a response model; writes (anything
    but GET) need a write token of an analyst or admin and are committed here, once."""
    write = method != "GET"

    def decorator(fn: Callable[..., Model]) -> Callable[..., Model]:
        op = Operation(
            method=method,
            path="/api" + _ID.sub(r"{\1}", rule),
            endpoint=fn.__name__,
            summary=summary,
            tag=tag,
            response=response,
            status=status,
            query=query,
            body=body,
            write=write,
            path_params=tuple(_ID.findall(rule)),
        )
        OPERATIONS.append(op)

        @wraps(fn)
        def view(**ids: int) -> Response:
            if write:
                _authorise_write()
            kwargs: dict[str, Any] = dict(ids)
            if query is not None:
                kwargs["query"] = _parse_query(query)
            if body is not None:
                kwargs["body"] = _parse_body(body)
            db = get_db()
            try:
                result = fn(**kwargs)
                if write:
                    db.commit()
            except ServiceError as exc:
                db.rollback()
                raise _service_error(exc) from None
            except IntegrityError:
                db.rollback()
                raise ApiError(409, "the change conflicts with data already stored") from None
            return Response(result.model_dump_json(), status, mimetype="application/json")

        # Ids beyond the databases' INTEGER are a 404 from routing, never an overflow error.
        flask_rule = _ID.sub(rf"<int(max={MAX_ID}):\1>", rule)
        bp.add_url_rule(flask_rule, endpoint=fn.__name__, view_func=view, methods=[method])
        return fn

    return decorator


# --- the OpenAPI document -------------------------------------------------------------------


def _ref(model: type[Model]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent or has a value; it is never JSON null."""
    options = schema.get("anyOf")
    if options and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        merged = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        if len(rest) == 1:
            return {**rest[0], **merged}
        return {**merged, "anyOf": rest}
    return schema


_PROBLEM_TEXT = {
    401: "No valid token (or signed-in session for reading)",
    403: "The token or its owner may not do this",
    404: "No such record",
    409: "Conflicts with stored data",
    413: "Body too large",
    415: "The body is not application/json",
    422: "Invalid parameters or body; `errors` lists the fields",
}


def openapi_document() -> dict[str, Any]:
    inputs = {m for op in OPERATIONS for m in (op.query, op.body) if m is not None}
    outputs = {op.response for op in OPERATIONS} | {Problem}
    _, defs = models_json_schema(
        [(m, "validation") for m in sorted(inputs, key=lambda m: m.__name__)]
        + [(m, "serialization") for m in sorted(outputs, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = defs["$defs"]
    query_models = {op.query.__name__ for op in OPERATIONS if op.query is not None}
    query_schemas = {name: schemas.pop(name) for name in query_models}

    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        parameters: list[dict[str, Any]] = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            }
            for name in op.path_params
        ]
        if op.query is not None:
            qs = query_schemas[op.query.__name__]
            for name, prop in qs["properties"].items():
                parameter: dict[str, Any] = {
                    "name": name,
                    "in": "query",
                    "required": name in qs.get("required", []),
                    "schema": _without_null(prop),
                }
                if "description" in prop:
                    parameter["description"] = prop["description"]
                parameters.append(parameter)
        codes = [401]
        if op.write:
            codes += [403, 409, 413, 415]
        if op.path_params:
            codes.append(404)
        if op.query is not None or op.body is not None:
            codes.append(422)
        responses: dict[str, Any] = {
            str(op.status): {
                "description": "OK" if op.status == 200 else "Created",
                "content": {"application/json": {"schema": _ref(op.response)}},
            }
        }
        for code in sorted(codes):
            responses[str(code)] = {
                "description": _PROBLEM_TEXT[code],
                "content": {"application/problem+json": {"schema": _ref(Problem)}},
            }
        spec: dict[str, Any] = {
            "operationId": op.endpoint,
            "summary": op.summary,
            "tags": [op.tag],
            "parameters": parameters,
            "responses": responses,
        }
        if op.body is not None:
            spec["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": _ref(op.body)}},
            }
        if op.write:
            spec["description"] = "Needs a write-scoped token of an analyst or admin."
        paths.setdefault(op.path, {})[op.method.lower()] = spec

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tracker API",
            "version": "1",
            "description": "Resolutions, demands and their follow-up. Authenticate with "
            "`Authorization: Bearer <token>` (personal tokens: Account → API tokens). Errors are "
            "application/problem+json (RFC 9457). Confidential sources and notes are shown to "
            "analysts and admins only.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
    }
