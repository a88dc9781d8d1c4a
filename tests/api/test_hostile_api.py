"""The API's side of the input rule and of issue 16: control characters in any query
parameter, strict types in bodies (no coercion), the source rules in the OpenAPI document,
and problems that are never cached."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import ActorFactory, DemandFactory
from tracker.models import Role, StatusUpdate


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


# --- strict types: nothing is coerced ------------------------------------------------------------


def _update_path(db) -> str:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    return f"/api/v1/demands/{demand.id}/status-updates"


GOOD_UPDATE = {
    "status": "not_implemented",
    "assessed_on": "2023-06-01",
    "sources": [{"url": "https://news.example.org/a"}],
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("assessed_on", 0),  # was stored as 1970-01-01, for ever (append-only)
        ("assessed_on", 1_700_000_000),
        ("assessed_on", "2023-06-01T00:00:00"),
        ("is_note_confidential", "yes"),
        ("is_note_confidential", 1),
        ("is_note_confidential", "true"),
        ("corrects_id", "5"),
        ("corrects_id", 5.0),
        ("note", 12),
        ("status", 1),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_not_coerced(api_as, db, field, value) -> None:  # type: ignore[no-untyped-def]
    path = _update_path(db)
    response = api_as(Role.ANALYST).post(path, json={**GOOD_UPDATE, field: value})
    assert response.status_code == 422, response.get_json()
    assert f"body.{field}" in {e["field"] for e in response.get_json()["errors"]}
    assert db.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_types_are_strict_in_every_body(api_as, db) -> None:  # type: ignore[no-untyped-def]
    api = api_as(Role.ANALYST)
    demand = DemandFactory()
    actor = ActorFactory()
    db.commit()
    refused = [
        api.post("/api/v1/actors", json={"name": "A", "kind": "person", "aliases": "A"}),
        api.post("/api/v1/actors", json={"name": 12, "kind": "person"}),
        api.post(
            "/api/v1/events",
            json={"kind": "arrest", "title": "T", "occurred_on": 20230101},
        ),
        api.post(
            "/api/v1/events",
            json={
                "kind": "arrest",
                "title": "T",
                "occurred_on": "2023-01-01",
                "participants": [{"actor_id": str(actor.id)}],
            },
        ),
        api.post(f"/api/v1/demands/{demand.id}/links", json={"actor_id": f"{actor.id}"}),
        api.post(
            f"/api/v1/demands/{demand.id}/status-updates",
            json={
                **GOOD_UPDATE,
                "sources": [{"url": "https://x.example.org", "is_confidential": 0}],
            },
        ),
    ]
    assert [r.status_code for r in refused] == [422] * len(refused)
    # The same calls with the right types are accepted.
    assert api.post("/api/v1/actors", json={"name": "A", "kind": "person"}).status_code == 201


# --- the source rules, in the document and in the answers ---------------------------------------


@pytest.mark.parametrize(
    "source",
    [{}, {"title": "   "}, {"reference": " \u00a0"}, {"url": None, "publisher": "Reuters"}],
)
def test_a_source_without_url_reference_or_title_is_refused(api_as, db, source) -> None:  # type: ignore[no-untyped-def]
    path = _update_path(db)
    response = api_as(Role.ANALYST).post(path, json={**GOOD_UPDATE, "sources": [source]})
    assert response.status_code == 422
    assert "body.sources.0" in {e["field"] for e in response.get_json()["errors"]}


@pytest.mark.parametrize(
    "url", ["ftp://x.example.org", "https://", "news.example.org", " ", "http://[x"]
)
def test_a_source_url_must_be_a_web_address(api_as, db, url) -> None:  # type: ignore[no-untyped-def]
    path = _update_path(db)
    response = api_as(Role.ANALYST).post(path, json={**GOOD_UPDATE, "sources": [{"url": url}]})
    assert response.status_code == 422


def test_sources_are_required_unless_there_is_no_information(api_as, db) -> None:  # type: ignore[no-untyped-def]
    path = _update_path(db)
    api = api_as(Role.ANALYST)
    for body in (
        {**GOOD_UPDATE, "sources": []},
        {"status": "implemented", "assessed_on": "2023-01-01"},
    ):
        response = api.post(path, json=body)
        assert response.status_code == 422
        assert {e["field"] for e in response.get_json()["errors"]} == {"body.sources"}
    silent = api.post(path, json={"status": "no_information", "assessed_on": "2023-01-01"})
    assert silent.status_code == 422
    assert {e["field"] for e in silent.get_json()["errors"]} == {"body.note"}
    noted = {"status": "no_information", "assessed_on": "2023-01-01", "note": "Asked; no answer."}
    assert api.post(path, json=noted).status_code == 201


def test_the_openapi_document_states_the_source_rules(api_as) -> None:  # type: ignore[no-untyped-def]
    """A client (or schemathesis) reads the rules from the document, not from a 422."""
    import jsonschema_rs

    document = api_as(Role.VIEWER).get("/api/openapi.json").get_json()
    schemas = document["components"]["schemas"]

    def valid(name: str, instance: object) -> bool:
        assert name in schemas
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        return bool(jsonschema_rs.Draft202012Validator(schema).is_valid(instance))

    assert valid("SourceIn", {"url": "https://news.example.org/a"})
    assert valid("SourceIn", {"reference": "Doc. A/HRC/54/1"})
    assert valid("SourceIn", {"title": "Verdict"})
    assert not valid("SourceIn", {})
    assert not valid("SourceIn", {"title": "  ", "publisher": "Reuters"})
    assert not valid("SourceIn", {"url": "ftp://x.example.org"})
    update = {"status": "implemented", "assessed_on": "2023-01-01"}
    assert not valid("StatusUpdateIn", update)
    assert not valid("StatusUpdateIn", {**update, "sources": []})
    assert valid("StatusUpdateIn", {**update, "sources": [{"title": "Verdict"}]})
    assert not valid("StatusUpdateIn", {**update, "status": "no_information"})
    assert not valid("StatusUpdateIn", {**update, "status": "no_information", "note": "  "})
    assert valid("StatusUpdateIn", {**update, "status": "no_information", "note": "Asked."})
