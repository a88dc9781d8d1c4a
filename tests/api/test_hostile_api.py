"""The API's side of the input rule and of issue 16: control characters in any query
parameter, strict types in bodies (no coercion), the source rules in the OpenAPI document,
and problems that are never cached."""

from __future__ import annotations

from tracker.models import Role


def test_the_api_refuses_a_control_character_in_any_query_parameter(api_as) -> None:  # type: ignore[no-untyped-def]
    api = api_as(Role.VIEWER)
    for path in (
        "/api/v1/demands?country=K%00",
        "/api/v1/actors?q=a%01b",
        "/api/v1/threads?page=1&x%00=1",
        "/api/v1/nowhere?q=%00",
    ):
        response = api.get(path)
        assert response.status_code == 422, path
        assert response.mimetype == "application/problem+json"
        assert response.headers["Cache-Control"] == "no-store"
