"""Page and API alike refuse an assessment dated before the resolution that made the demand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ResolutionFactory
from tracker.models import Role, StatusUpdate


def _updates(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(StatusUpdate)) or 0


def _demand(db: Session):  # type: ignore[no-untyped-def]
    demand = DemandFactory(paragraph__resolution=ResolutionFactory(adopted_on=dt.date(2023, 3, 16)))
    db.commit()
    return demand


def test_dates_before_the_resolution_are_refused_on_the_page_and_in_the_api(  # type: ignore[no-untyped-def]
    client, auth, db: Session, api_as
) -> None:
    demand = _demand(db)
    api = api_as(Role.ANALYST)
    auth.login(Role.ANALYST)
    before = _updates(db)
    for day in ("1899-01-01", "2023-03-15"):
        page = client.post(
            f"/demands/{demand.id}/updates",
            data={"status": "implemented", "assessed_on": day, "source_url": "https://a.org/x"},
        )
        assert page.status_code == 422, day
        assert "cannot be before 2023-03-16" in page.get_data(as_text=True)
        answer = api.post(
            f"/api/v1/demands/{demand.id}/status-updates",
            json={
                "status": "implemented",
                "assessed_on": day,
                "sources": [{"url": "https://a.org/x"}],
            },
        )
        assert answer.status_code == 422, answer.get_data(as_text=True)
        assert answer.get_json()["errors"][0]["field"] == "body.assessed_on"
    assert _updates(db) == before
