"""The status update form records nothing wrong: nothing preselected, no date before the
resolution or 1899, "no information" says where one looked; sources offered from the demand's
circles; a bare host taken as https. The API refuses the same dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ResolutionFactory, SourceFactory
from tracker.models import Role, Source, Status, StatusUpdate
from tracker.services.followup import record_status_update


def _updates(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(StatusUpdate)) or 0


def _demand(db: Session):  # type: ignore[no-untyped-def]
    demand = DemandFactory(paragraph__resolution=ResolutionFactory(adopted_on=dt.date(2023, 3, 16)))
    db.commit()
    return demand


def test_the_untouched_form_stores_nothing_and_says_why(client, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = _demand(db)
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    form = page[page.index('id="record-h"') :]
    assert "selected" not in form.split('name="response"')[0]  # no status chosen for you
    before = _updates(db)
    response = client.post(f"/demands/{demand.id}/updates", data={})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Nothing was saved." in body
    assert "Choose the status you assess." in body
    assert "Give the date of your assessment." in body
    assert _updates(db) == before


def test_no_information_needs_a_note_and_a_bare_host_is_https(client, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = _demand(db)
    silent = client.post(
        f"/demands/{demand.id}/updates",
        data={"status": "no_information", "assessed_on": "2023-04-01"},
    )
    assert silent.status_code == 422
    assert "needs a note or a source" in silent.get_data(as_text=True)
    recorded = client.post(
        f"/demands/{demand.id}/updates",
        data={
            "status": "not_implemented",
            "assessed_on": "2023-04-01",
            "source_url": "www.hrw.org/news/2023/03/03/cambodia-kem-sokha",
        },
    )
    assert recorded.status_code == 302, recorded.get_data(as_text=True)[:3000]
    assert db.scalar(
        select(Source.id).where(
            Source.url == "https://www.hrw.org/news/2023/03/03/cambodia-kem-sokha"
        )
    )


def test_sources_are_offered_from_the_demand_circles_first(client, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = _demand(db)
    sibling = DemandFactory(paragraph__resolution=demand.paragraph.resolution)
    elsewhere = DemandFactory(paragraph__resolution=ResolutionFactory(country="NI"))
    for target, title in ((sibling, "Cambodia sibling source"), (elsewhere, "Nicaragua source")):
        record_status_update(
            db,
            target,
            status=Status.NOT_IMPLEMENTED,
            assessed_on=dt.date(2023, 5, 1),
            sources=[SourceFactory(title=title)],
            actor=None,
        )
    db.commit()
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "Cambodia sibling source" in page
    assert "Nicaragua source" not in page
    found = client.get(f"/demands/{demand.id}/sources?q=nicaragua").get_data(as_text=True)
    assert "Nicaragua source" in found and "Cambodia sibling" not in found
