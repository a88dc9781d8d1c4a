"""The JSON API: authentication, reading with filters and pages, writing through the
services, and errors as application/problem+json."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import (
    ActorFactory,
    DemandFactory,
    EventFactory,
    ResolutionFactory,
    SourceFactory,
    UserFactory,
)
from tracker.models import (
    ApiToken,
    AuditEvent,
    Event,
    LinkRole,
    Role,
    Status,
    StatusUpdate,
    TokenScope,
)
from tracker.services.actors import link_actor
from tracker.services.followup import record_status_update
from tracker.services.tokens import revoke_token

PROBLEM = "application/problem+json"


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert body["status"] == status
    return body


def test_anonymous_calls_get_401_problems_not_redirects(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/v1/demands", "/api/v1/demands/1", "/api/openapi.json"):
        response = client.get(path)
        body = _problem(response, 401)
        assert body["instance"] == path
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    _problem(client.post("/api/v1/actors", json={"name": "X", "kind": "person"}), 401)


def test_malformed_and_unknown_tokens_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer trk_not-a-real-token", "Bearer x"):
        _problem(client.get("/api/v1/demands", headers={"Authorization": header}), 401)


def test_demands_are_listed_with_filters_pages_and_total(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    kh = ResolutionFactory(country="KH")
    other = ResolutionFactory(country="MM")
    demands = [DemandFactory(paragraph__resolution=kh, paragraph__position=n) for n in (1, 2, 3)]
    DemandFactory(paragraph__resolution=other)
    addressee = ActorFactory(name="Council")
    link_actor(db, demands[0], addressee, LinkRole.ADDRESSEE, actor=None)
    record_status_update(
        db,
        demands[1],
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        actor=None,
    )
    api = api_as(Role.VIEWER)

    page = api.get("/api/v1/demands?country=KH&per_page=2").get_json()
    assert page["total"] == 3 and page["per_page"] == 2 and len(page["items"]) == 2
    assert {d["country"] for d in page["items"]} == {"KH"}
    second = api.get("/api/v1/demands?country=kh&per_page=2&page=2").get_json()
    assert len(second["items"]) == 1
    assert api.get("/api/v1/demands?status=implemented").get_json()["total"] == 1
    by_addressee = api.get(f"/api/v1/demands?addressee={addressee.id}").get_json()
    assert [d["id"] for d in by_addressee["items"]] == [demands[0].id]
    assert by_addressee["items"][0]["addressees"] == [{"id": addressee.id, "name": "Council"}]
    assert api.get(f"/api/v1/demands?resolution={other.id}").get_json()["total"] == 1


def test_bad_query_parameters_are_listed_in_the_problem(api_as) -> None:  # type: ignore[no-untyped-def]
    api = api_as(Role.VIEWER)
    body = _problem(api.get("/api/v1/demands?per_page=1000&status=done&country=Cambodia"), 422)
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"query.per_page", "query.status", "query.country"}
    unknown = _problem(api.get("/api/v1/demands?colour=red"), 422)
    assert unknown["errors"][0]["field"] == "query.colour"


def test_demand_detail_has_links_events_and_history(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    subject = ActorFactory(name="Kem Sokha")
    link_actor(db, demand, subject, LinkRole.SUBJECT, actor=None)
    source = SourceFactory()
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 9, 1),
        sources=[source],
        note="Still held",
        actor=None,
    )
    api = api_as(Role.VIEWER)
    data = api.get(f"/api/v1/demands/{demand.id}").get_json()
    assert data["status"] == "not_implemented"
    assert data["subjects"] == [{"id": subject.id, "name": "Kem Sokha"}]
    assert data["history"][0]["sources"][0]["url"] == source.url
    history = api.get(f"/api/v1/demands/{demand.id}/history").get_json()
    assert history["items"][0]["note"] == "Still held"


def test_read_endpoints_answer_for_each_kind_of_record(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    from tracker.services.threads import attach_demand, create_thread

    demand = DemandFactory()
    thread = create_thread(db, title="Release of Kem Sokha", actor=None)
    attach_demand(db, demand, thread, actor=None)
    actor = ActorFactory()
    event = EventFactory()
    db.commit()
    api = api_as(Role.VIEWER)
    resolution_id = demand.paragraph.resolution_id
    resolution = api.get(f"/api/v1/resolutions/{resolution_id}").get_json()
    assert resolution["paragraphs"][0]["demand_ids"] == [demand.id]
    assert api.get("/api/v1/resolutions?country=KH").get_json()["total"] >= 1
    assert api.get(f"/api/v1/threads/{thread.id}").get_json()["demands"][0]["id"] == demand.id
    assert api.get("/api/v1/threads").get_json()["items"][0]["demand_count"] == 1
    assert api.get(f"/api/v1/actors/{actor.id}").get_json()["name"] == actor.name
    assert api.get("/api/v1/actors?kind=person").status_code == 200
    assert api.get(f"/api/v1/events/{event.id}").get_json()["title"] == event.title
    assert api.get("/api/v1/events?country=KH").get_json()["total"] >= 1


def test_missing_records_routes_and_methods_are_problems(api_as) -> None:  # type: ignore[no-untyped-def]
    api = api_as(Role.VIEWER)
    _problem(api.get("/api/v1/demands/2147483647"), 404)
    _problem(api.get("/api/v1/demands/99999999999999999999"), 404)
    _problem(api.get("/api/v1/nothing-here"), 404)
    wrong = api.client.delete("/api/v1/demands", headers=api._headers())
    _problem(wrong, 405)
    assert "GET" in wrong.headers["Allow"]


def test_an_analyst_records_a_status_update_through_the_service(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    api = api_as(Role.ANALYST)
    response = api.post(
        f"/api/v1/demands/{demand.id}/status-updates",
        json={
            "status": "partially_implemented",
            "assessed_on": "2023-06-01",
            "sources": [
                {"url": "https://news.example.org/x", "title": "Report"},
                {"url": "https://news.example.org/x"},
            ],
            "note": "Some progress",
            "response": "acknowledged",
        },
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    data = response.get_json()
    assert data["status"] == "partially_implemented"
    assert [s["url"] for s in data["sources"]] == ["https://news.example.org/x"]
    assert data["author"]
    stored = db.scalars(select(StatusUpdate).where(StatusUpdate.demand_id == demand.id)).all()
    assert len(stored) == 1
    assert (
        db.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "status.record")
        )
        >= 1
    )
    listed = api.get(
        f"/api/v1/demands?status=partially_implemented&resolution={demand.paragraph.resolution_id}"
    ).get_json()
    assert listed["total"] == 1


def test_invalid_bodies_list_the_fields(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    api = api_as(Role.ANALYST)
    path = f"/api/v1/demands/{demand.id}/status-updates"
    body = _problem(api.post(path, json={"status": "great", "extra": 1}), 422)
    assert {e["field"] for e in body["errors"]} == {"body.status", "body.assessed_on", "body.extra"}
    no_source = _problem(
        api.post(path, json={"status": "implemented", "assessed_on": "2023-01-01"}), 422
    )
    assert no_source["errors"][0]["field"] == "body.sources"
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    _problem(api.post(path, json={"status": "no_information", "assessed_on": future}), 422)
    _problem(
        api.post(
            path,
            json={
                "status": "no_information",
                "assessed_on": "2023-01-01",
                "note": "nul \u0000 byte",
            },
        ),
        422,
    )
    _problem(api.client.post(path, data="status=x", headers=api._headers()), 415)
    _problem(
        api.client.post(
            path,
            data=b'{"note": "\\ud800"}',
            headers=api._headers(),
            content_type="application/json",
        ),
        422,
    )
    _problem(
        api.post(
            "/api/v1/demands/2147483647/status-updates",
            json={"status": "no_information", "assessed_on": "2023-01-01"},
        ),
        404,
    )


def test_actors_events_and_links_are_created(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    api = api_as(Role.ANALYST)
    actor = api.post(
        "/api/v1/actors",
        json={"name": "Sam  Rainsy", "kind": "person", "country": "kh", "aliases": ["Rainsy"]},
    )
    assert actor.status_code == 201, actor.get_data(as_text=True)
    actor_id = actor.get_json()["id"]
    assert actor.get_json()["name"] == "Sam Rainsy" and actor.get_json()["country"] == "KH"
    event = api.post(
        "/api/v1/events",
        json={
            "kind": "verdict",
            "title": "Sentenced in absentia",
            "occurred_on": "2023-03-01",
            "participants": [
                {"actor_id": actor_id, "role": "defendant"},
                {"actor_id": actor_id, "role": "again"},
            ],
            "sources": [{"url": "https://news.example.org/verdict"}],
        },
    )
    assert event.status_code == 201, event.get_data(as_text=True)
    assert event.get_json()["participants"][0]["actor"]["id"] == actor_id
    assert db.get(Event, event.get_json()["id"]) is not None
    link = api.post(
        f"/api/v1/demands/{demand.id}/links", json={"actor_id": actor_id, "role": "subject"}
    )
    assert link.status_code == 201
    assert api.get(f"/api/v1/demands/{demand.id}").get_json()["subjects"][0]["id"] == actor_id
    missing = _problem(
        api.post(
            f"/api/v1/demands/{demand.id}/links", json={"actor_id": 2147483647, "role": "subject"}
        ),
        422,
    )
    assert missing["errors"][0]["field"] == "body.actor_id"


def test_a_read_token_cannot_write(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    for api in (api_as(Role.ADMIN, TokenScope.READ), api_as(Role.VIEWER, TokenScope.WRITE)):
        body = _problem(
            api.post(
                f"/api/v1/demands/{demand.id}/status-updates",
                json={"status": "no_information", "assessed_on": "2023-01-01"},
            ),
            403,
        )
        assert "write" in body["detail"] or "analysts" in body["detail"]
        _problem(api.post("/api/v1/actors", json={"name": "X", "kind": "person"}), 403)
    assert db.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_a_revoked_token_and_a_deactivated_owner_are_refused(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    owner = UserFactory(role=Role.ANALYST)
    api = api_as(user=owner)
    assert api.get("/api/v1/demands").status_code == 200
    token = db.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    assert token is not None and token.last_used_at is not None
    revoke_token(db, token, actor=owner)
    db.commit()
    _problem(api.get("/api/v1/demands"), 401)

    other = UserFactory(role=Role.ANALYST)
    api = api_as(user=other)
    other.is_active = False
    db.commit()
    _problem(api.get("/api/v1/demands"), 401)


def test_tokens_are_stored_as_hashes_only(api_as, db: Session) -> None:  # type: ignore[no-untyped-def]
    api = api_as(Role.ANALYST)
    token = db.scalar(select(ApiToken).order_by(ApiToken.id.desc()))
    assert token is not None
    assert token.token_hash == hashlib.sha256(api.token.encode()).hexdigest()
    row = db.execute(select(ApiToken.__table__)).mappings().all()
    assert all(api.token not in str(value) for r in row for value in r.values())
    assert api.token.startswith(token.prefix)


def test_a_signed_in_browser_may_read_the_api_but_not_write(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    assert client.get("/api/v1/demands").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    _problem(client.post("/api/v1/actors", json={"name": "X", "kind": "person"}), 401)


def test_api_responses_are_not_cached(api_as) -> None:  # type: ignore[no-untyped-def]
    response = api_as(Role.VIEWER).get("/api/v1/demands")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/json"


def test_the_openapi_document_describes_every_api_route(app, api_as) -> None:  # type: ignore[no-untyped-def]
    doc = api_as(Role.VIEWER).get("/api/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    import re

    routed = {
        (re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == routed
    assert "Problem" in doc["components"]["schemas"]
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
