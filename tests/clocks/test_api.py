"""The API's reply clocks, replies and watches: the same services, the same contracts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.api.conftest import make_token
from tests.clocks.texts import import_concluding_observations
from tracker.models import Clock, Role, TokenScope


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_clocks_replies_and_watches_through_the_api(db: Session, client) -> None:  # type: ignore[no-untyped-def]
    resolution = import_concluding_observations(db)
    clock = db.scalars(select(Clock).where(Clock.resolution_id == resolution.id)).one()
    db.commit()
    analyst = make_token(db, Role.ANALYST)
    viewer = make_token(db, Role.VIEWER, TokenScope.READ)

    listed = client.get("/api/v1/clocks?overdue=true", headers=_auth(viewer)).get_json()
    mine = [c for c in listed["items"] if c["clock_id"] == clock.id]
    assert mine and mine[0]["state"] == "overdue" and mine[0]["due_on"] == "2024-03-18"
    assert mine[0]["addressee"] == "State party" and mine[0]["demand_id"] is None

    body = {"received_on": "2024-03-01", "reference": "CCPR/C/KHM/FCO/3", "grade": "B"}
    refused = client.post(f"/api/v1/clocks/{clock.id}/replies", json=body, headers=_auth(viewer))
    assert refused.status_code == 403
    bad = client.post(
        f"/api/v1/clocks/{clock.id}/replies", json={**body, "grade": "Z"}, headers=_auth(analyst)
    )
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "body.grade"
    made = client.post(f"/api/v1/clocks/{clock.id}/replies", json=body, headers=_auth(analyst))
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["grade_label"] == "B — partially satisfactory"
    shown = client.get(f"/api/v1/clocks/{clock.id}", headers=_auth(viewer)).get_json()
    assert shown["state"] == "answered" and shown["official_grade"] == "B — partially satisfactory"
    assert client.get("/api/v1/clocks/999999", headers=_auth(viewer)).status_code == 404

    watch = client.post(
        "/api/v1/watches", json={"country": "Cambodia"}, headers=_auth(analyst)
    ).get_json()
    assert (watch["kind"], watch["target"], watch["label"]) == ("country", "KH", "Cambodia")
    two = client.post("/api/v1/watches", json={"country": "KH", "actor": 1}, headers=_auth(analyst))
    assert two.status_code == 422
    listed = client.get("/api/v1/watches", headers=_auth(analyst)).get_json()
    assert [w["id"] for w in listed["items"]] == [watch["id"]]
    assert client.get("/api/v1/watches", headers=_auth(viewer)).get_json()["items"] == []
    gone = client.delete(f"/api/v1/watches/{watch['id']}", headers=_auth(analyst))
    assert gone.status_code == 200 and gone.get_json()["items"] == []
    assert (
        "/api/v1/clocks"
        in client.get("/api/openapi.json", headers=_auth(viewer)).get_json()["paths"]
    )
