"""The follow-up workspace with the demo data: every page renders, its statement count is pinned
and stays the same with ten times the data; actor timelines, merging, corrections, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ResolutionFactory, SourceFactory, UserFactory
from tracker.models import (
    Actor,
    ActorAlias,
    ActorKind,
    AuditEvent,
    DemandActor,
    EventActor,
    EventKind,
    LinkRole,
    Role,
    Situation,
    SituationChange,
    Status,
    StatusUpdate,
    Thread,
)
from tracker.services.actors import create_actor, find_actor, link_actor, record_situation
from tracker.services.demands import get_demand
from tracker.services.demo import load_demo
from tracker.services.events import create_event, link_event
from tracker.services.followup import record_status_update
from tracker.services.merging import merge_actors
from tracker.services.threads import attach_demand, create_thread


@pytest.fixture
def demo(db: Session):  # type: ignore[no-untyped-def]
    resolution = load_demo(db)
    db.commit()
    return resolution


def _grow(db: Session, times: int) -> None:
    """Add `times` more of everything the pages show, around the demo's actors."""
    kem = find_actor(db, "Kem Sokha")
    council = find_actor(db, "Council") or create_actor(
        db, name="Council", kind=ActorKind.INSTITUTION, actor=None
    )
    user = UserFactory(role=Role.ANALYST)
    thread = create_thread(db, title="Release Kem Sokha (grown)", actor=user)
    for n in range(times):
        resolution = ResolutionFactory(adopted_on=dt.date(2018 + n % 5, 1 + n % 12, 1))
        demand = DemandFactory(paragraph__resolution=resolution)
        link_actor(db, demand, kem, LinkRole.SUBJECT, actor=user)
        link_actor(db, demand, council, LinkRole.ADDRESSEE, actor=user)
        attach_demand(db, demand, thread, actor=user)
        event = create_event(
            db,
            kind=EventKind.TRIAL,
            title=f"Hearing {n}",
            occurred_on=dt.date(2019, 1, 1) + dt.timedelta(days=n),
            participants=[(kem, "defendant")],
            actor=user,
        )
        link_event(db, demand, event, actor=user)
        record_situation(
            db,
            kem,
            situation=Situation.HOUSE_ARREST,
            since=dt.date(2019, 1, 1) + dt.timedelta(days=n),
            actor=user,
        )
        for k in range(2):
            record_status_update(
                db,
                demand,
                status=Status.NOT_IMPLEMENTED,
                assessed_on=dt.date(2023, 1, 1) + dt.timedelta(days=k),
                sources=[SourceFactory()],
                actor=user,
            )
    db.commit()


def _pages(db: Session, demo) -> dict[str, str]:  # type: ignore[no-untyped-def]
    kem = find_actor(db, "Kem Sokha")
    demand_id = db.scalar(
        select(DemandActor.demand_id)
        .where(DemandActor.actor_id == kem.id)
        .order_by(DemandActor.demand_id)
    )
    thread_id = db.scalar(select(Thread.id).order_by(Thread.id))
    addressee = db.scalar(
        select(DemandActor.actor_id).where(DemandActor.role == LinkRole.ADDRESSEE)
    )
    pages = {
        "dashboard": "/",
        "demands": "/demands",
        "demand": f"/demands/{demand_id}",
        "actor": f"/actors/{kem.id}",
        "actors": "/actors?q=sokha",
        "resolution": f"/resolutions/{demo.id}",
        "resolutions": "/resolutions",
        "events": "/events",
        "threads": "/threads",
        "audit": "/admin/audit",
        "audit_filtered": f"/admin/audit?entity_type=demands&entity_id={demand_id}",
    }
    if thread_id:
        pages["thread"] = f"/threads/{thread_id}"
    for name, query in {
        "country": "country=KH",
        "status": "status=not_implemented",
        "no_information": "status=no_information",
        "resolution": f"resolution={demo.id}",
        "body": "body=European+Parliament",
        "addressee": f"addressee={addressee}",
        "subject": f"subject={kem.id}",
        "actor": f"actor={kem.id}",
        "theme": "theme=detention",
        "stale": "stale=1",
        "overdue": "overdue=1",
        "dates": "since=2017-01-01&until=2030-01-01",
        "words": "q=release",
        "sort_deadline": "sort=deadline",
        "sort_updated": "sort=updated",
        "sort_title": "sort=title",
        "all": f"country=KH&status=not_implemented&theme=detention"
        f"&addressee={addressee}&sort=oldest",
    }.items():
        pages[f"demands_{name}"] = f"/demands?{query}"
    return pages


def _count(client: FlaskClient, queries, path: str) -> int:  # type: ignore[no-untyped-def]
    with queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return counted.count


def test_every_workspace_page_renders_with_a_pinned_statement_count(
    client: FlaskClient,
    auth,
    db: Session,
    demo,
    queries,  # type: ignore[no-untyped-def]
) -> None:
    auth.login(Role.ADMIN)
    _grow(db, 1)
    pages = _pages(db, demo)
    assert "thread" in pages
    before = {name: _count(client, queries, path) for name, path in pages.items()}
    _grow(db, 10)
    after = {name: _count(client, queries, path) for name, path in pages.items()}
    assert before == after
    # The dashboard is the largest: its figures, recent changes and the reply-clocks panel.
    assert max(before.values()) <= 16, before


def test_the_kem_sokha_page_tells_his_story_in_date_order(client, auth, db, demo) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    kem = find_actor(db, "Kem Sokha")
    page = client.get(f"/actors/{kem.id}").get_data(as_text=True)
    timeline = page[page.index('id="timeline-h"') :]
    arrest = timeline.index("2017-09-03")
    house = timeline.index("2018-09-10")
    verdict = timeline.index("2023-03-03")
    assert arrest < house < verdict
    assert "Arrest of Kem Sokha" in timeline and "sentenced to 27 years" in timeline
    situations = page[page.index('id="situation-h"') : page.index('id="demands-h"')]
    for label in ("detained", "house arrest", "convicted"):
        assert label in situations
    linked = db.scalars(select(DemandActor.demand_id).where(DemandActor.actor_id == kem.id)).all()
    assert linked
    for demand_id in linked:
        demand = get_demand(db, demand_id)
        assert f"/demands/{demand_id}" in page
        assert demand.status.label in page


def test_merging_two_actors_keeps_every_link_and_history_row(db: Session) -> None:
    keep = create_actor(db, name="Kem Sokha", kind=ActorKind.PERSON, country="KH", actor=None)
    dup = create_actor(
        db, name="Kem Sokkha", kind=ActorKind.PERSON, country="KH", aliases=["K. Sokha"], actor=None
    )
    shared, only_dup = DemandFactory(), DemandFactory()
    for demand in (shared, only_dup):
        link_actor(db, demand, dup, LinkRole.SUBJECT, actor=None)
    link_actor(db, shared, keep, LinkRole.SUBJECT, actor=None)
    event = create_event(
        db,
        kind=EventKind.ARREST,
        title="Arrest",
        occurred_on=dt.date(2017, 9, 3),
        participants=[(dup, "detainee")],
        actor=None,
    )
    for when, what in (
        (dt.date(2017, 9, 3), Situation.DETAINED),
        (dt.date(2018, 9, 10), Situation.HOUSE_ARREST),
    ):
        record_situation(db, dup, situation=what, since=when, actor=None)
    record_situation(db, keep, situation=Situation.CONVICTED, since=dt.date(2023, 3, 3), actor=None)

    def demands_of(actor_id: int) -> set[int]:
        return set(
            db.scalars(select(DemandActor.demand_id).where(DemandActor.actor_id == actor_id))
        )

    before_demands = demands_of(keep.id) | demands_of(dup.id)
    before_situations = db.scalar(
        select(func.count())
        .select_from(SituationChange)
        .where(SituationChange.actor_id.in_([keep.id, dup.id]))
    )
    merge_actors(db, keep, dup, actor=None)
    assert demands_of(keep.id) == before_demands
    assert demands_of(dup.id) == set()
    assert (
        db.scalar(
            select(func.count())
            .select_from(SituationChange)
            .where(SituationChange.actor_id == keep.id)
        )
        == before_situations
        == 3
    )
    assert db.scalar(select(EventActor.actor_id).where(EventActor.event_id == event.id)) == keep.id
    aliases = set(db.scalars(select(ActorAlias.alias).where(ActorAlias.actor_id == keep.id)))
    assert {"Kem Sokkha", "K. Sokha"} <= aliases
    assert db.get(Actor, dup.id).merged_into_id == keep.id
    assert find_actor(db, "K. Sokha").id == keep.id
    assert (
        db.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "actor.merge")
        )
        == 1
    )


def test_a_correction_appears_beside_what_it_corrects(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = DemandFactory()
    wrong = record_status_update(
        db,
        demand,
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        actor=None,
    )
    db.commit()
    response = client.post(
        f"/demands/{demand.id}/updates",
        data={
            "status": "not_implemented",
            "assessed_on": "2023-05-01",
            "source_url": "https://news.example.org/correction",
            "corrects_id": str(wrong.id),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert f'href="#update-{wrong.id}"' in page
    assert "corrected by" in page
    assert 'class="update corrected"' in page
    assert (
        db.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(StatusUpdate.demand_id == demand.id)
        )
        == 2
    )


def test_no_address_changes_or_removes_status_updates(app) -> None:  # type: ignore[no-untyped-def]
    writers = [
        (rule.rule, sorted(rule.methods - {"GET", "HEAD", "OPTIONS"}))
        for rule in app.url_map.iter_rules()
        if "update" in rule.rule and rule.methods - {"GET", "HEAD", "OPTIONS"}
    ]
    for path, methods in writers:
        assert methods == ["POST"], (path, methods)  # recording only: no PUT, PATCH or DELETE
        assert path.endswith("/updates") or path.endswith("/status-updates"), path


def test_editing_a_demand_someone_saved_meanwhile_shows_both_versions(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = DemandFactory(title="Original title")
    db.commit()
    version = demand.version
    first = client.post(
        f"/demands/{demand.id}/edit",
        data={
            "title": "First person's title",
            "text": "",
            "deadline": "",
            "condition": "",
            "version": str(version),
        },
    )
    assert first.status_code == 302
    second = client.post(
        f"/demands/{demand.id}/edit",
        data={
            "title": "Second person's title",
            "text": "typed by the second",
            "deadline": "2024-06",
            "condition": "",
            "version": str(version),
        },
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "First person&#39;s title" in page and "Second person&#39;s title" in page
    assert "typed by the second" in page
    db.expire_all()
    assert get_demand(db, demand.id).title == "First person's title"


def test_an_event_with_month_precision_shows_as_a_month(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    response = client.post(
        "/events/new",
        data={
            "kind": "election",
            "title": "Elections",
            "date": "2023-07",
            "country": "KH",
            "participants": "National Election Committee — organiser",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "July 2023" in page and "organiser" in page
    bad = client.post("/events/new", data={"kind": "election", "title": "X", "date": "July"})
    assert bad.status_code == 422 and "YYYY" in bad.get_data(as_text=True)
