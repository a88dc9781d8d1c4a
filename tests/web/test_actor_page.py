"""An actor asked thousands of things: its page lists a page of demands and of its timeline,
in the same number of statements as an actor named once."""

from __future__ import annotations

import datetime as dt
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ResolutionFactory, SourceFactory
from tracker.models import ActorKind, EventKind, LinkRole, Role, Status
from tracker.services.actor_pages import DEMANDS_PER_PAGE, TIMELINE_PER_PAGE, get_actor_page
from tracker.services.actors import create_actor, link_actor
from tracker.services.events import create_event
from tracker.services.followup import record_status_update

TODAY = dt.date(2024, 6, 1)


def _institution(db: Session, demands: int, *, name: str = "Council"):  # type: ignore[no-untyped-def]
    council = create_actor(db, name=name, kind=ActorKind.INSTITUTION, actor=None)
    resolution = ResolutionFactory(adopted_on=dt.date(2020, 1, 1))
    for n in range(demands):
        demand = DemandFactory(paragraph__resolution=resolution, title=f"{name} demand {n:03d}")
        link_actor(db, demand, council, LinkRole.ADDRESSEE, actor=None)
        record_status_update(
            db,
            demand,
            status=Status.NOT_IMPLEMENTED,
            assessed_on=dt.date(2021, 1, 1) + dt.timedelta(days=n),
            sources=[SourceFactory()],
            actor=None,
            today=TODAY,
        )
    create_event(
        db,
        kind=EventKind.REPLY,
        title=f"{name} statement",
        occurred_on=dt.date(2020, 6, 1),
        participants=[(council, "replied")],
        actor=None,
        today=TODAY,
    )
    db.flush()
    return council


def test_a_page_of_demands_and_the_latest_timeline_entries(db: Session) -> None:
    council = _institution(db, DEMANDS_PER_PAGE + TIMELINE_PER_PAGE)
    first = get_actor_page(db, council.id)
    assert first.demand_total == DEMANDS_PER_PAGE + TIMELINE_PER_PAGE
    assert len(first.demands) == DEMANDS_PER_PAGE
    assert first.timeline_total == DEMANDS_PER_PAGE + TIMELINE_PER_PAGE + 1  # and the event
    assert len(first.timeline) == TIMELINE_PER_PAGE
    dates = [t.on for t in first.timeline]
    assert dates == sorted(dates)  # oldest first on the page
    newest = dt.date(2021, 1, 1) + dt.timedelta(days=DEMANDS_PER_PAGE + TIMELINE_PER_PAGE - 1)
    assert dates[-1] == newest
    earlier = get_actor_page(db, council.id, demand_page=2, timeline_page=2)
    assert [t.on for t in earlier.timeline][-1] < dates[0]
    assert earlier.timeline[0].kind == "event"  # the oldest entry of all
    assert len(earlier.timeline) == DEMANDS_PER_PAGE + 1
    seen = {d.id for d in first.demands} | {d.id for d in earlier.demands}
    assert len(seen) == DEMANDS_PER_PAGE * 2


def test_the_page_links_to_earlier_entries_and_more_demands(
    client: FlaskClient,
    auth,  # type: ignore[no-untyped-def]
    db: Session,
) -> None:
    auth.login(Role.VIEWER)
    council = _institution(db, DEMANDS_PER_PAGE + TIMELINE_PER_PAGE)
    db.commit()
    body = client.get(f"/actors/{council.id}").get_data(as_text=True)
    assert f"Demands naming Council ({DEMANDS_PER_PAGE + TIMELINE_PER_PAGE})" in body
    assert "Earlier entries →" in body and "?timeline=2" in body
    assert re.search(r'href="[^"]*page=2[^"]*"', body)
    listed = body[body.index('id="demands-h"') : body.index('id="timeline-h"')]
    assert "Council demand 000" in listed and f"Council demand {DEMANDS_PER_PAGE:03d}" not in listed
    second = client.get(f"/actors/{council.id}?page=2").get_data(as_text=True)
    listed = second[second.index('id="demands-h"') : second.index('id="timeline-h"')]
    assert f"Council demand {DEMANDS_PER_PAGE:03d}" in listed and "Council demand 000" not in listed


def test_statement_count_is_the_same_for_one_demand_and_a_hundred(
    client: FlaskClient,
    auth,  # type: ignore[no-untyped-def]
    db: Session,
    queries,  # type: ignore[no-untyped-def]
) -> None:
    auth.login(Role.VIEWER)
    small = _institution(db, 1, name="Commission")
    large = _institution(db, 100, name="Council")
    db.commit()
    counts = []
    for actor in (small, large):
        with queries() as counted:
            assert client.get(f"/actors/{actor.id}").status_code == 200
        counts.append(counted.count)
    assert counts[0] == counts[1], counts


def test_the_timeline_shows_the_effective_history_only(db: Session) -> None:
    council = create_actor(db, name="Commission", kind=ActorKind.INSTITUTION, actor=None)
    demand = DemandFactory(paragraph__resolution=ResolutionFactory(adopted_on=dt.date(2020, 1, 1)))
    link_actor(db, demand, council, LinkRole.ADDRESSEE, actor=None)
    typo = record_status_update(
        db,
        demand,
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2020, 1, 2),
        sources=[SourceFactory()],
        actor=None,
        today=TODAY,
    )
    fix = record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        corrects=typo,
        actor=None,
        today=TODAY,
    )
    db.flush()
    page = get_actor_page(db, council.id)
    shown = [t.item.id for t in page.timeline if t.kind == "status"]
    assert shown == [fix.id]
    assert page.timeline_total == 1
