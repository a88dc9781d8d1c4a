"""Correcting what a demand links to: actors by name or alias (a new one only with its kind),
events by title, themes, the resolution's country; each audited with before and after, each
refused as a conflict when someone saved since the version it was made on."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, EventFactory, UserFactory
from tracker.models import (
    Actor,
    ActorKind,
    AuditEvent,
    Demand,
    DemandActor,
    LinkRole,
    Resolution,
    Theme,
)
from tracker.services.actors import add_alias, link_actor
from tracker.services.demands import get_demand
from tracker.services.editing import (
    add_demand_actor,
    add_demand_event,
    add_demand_theme,
    get_demand_links,
    remove_demand_actor,
    remove_demand_event,
    remove_demand_theme,
    set_resolution_country,
)
from tracker.services.errors import EditConflict, NotFound, ValidationError


def _audits(db: Session, action: str) -> list[AuditEvent]:
    return list(
        db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _links(db: Session, demand: Demand) -> dict[str, object]:
    db.flush()
    return get_demand_links(db, demand.id)


def test_an_addressee_is_found_by_an_alias_and_the_change_is_audited(db: Session) -> None:
    user = UserFactory()
    demand = DemandFactory()
    council = ActorFactory(name="Council of the European Union", kind=ActorKind.INSTITUTION)
    add_alias(db, council, "Council", actor=None)
    found = add_demand_actor(
        db,
        demand,
        role=LinkRole.ADDRESSEE,
        name="  the COUNCIL ".replace("the ", ""),
        kind_if_new=None,
        expected_version=demand.version,
        actor=user,
    )
    assert found.id == council.id
    assert _links(db, demand)["addressees"] == ["Council of the European Union"]
    (audit,) = _audits(db, "demand.add_addressee")
    assert audit.user_id == user.id
    assert audit.entity_id == demand.id
    assert audit.before == {"addressees": []}
    assert audit.after == {"addressees": ["Council of the European Union"]}
    # The change raised the demand's version: the page's next form carries the new one.
    assert db.scalar(select(Demand.version).where(Demand.id == demand.id)) == 2


def test_an_unknown_name_needs_a_kind_then_becomes_a_new_actor(db: Session) -> None:
    demand = DemandFactory()
    before = db.scalar(select(func.count()).select_from(Actor))
    with pytest.raises(ValidationError, match="no actor called 'Kem Monovithya' yet") as refused:
        add_demand_actor(
            db,
            demand,
            role=LinkRole.SUBJECT,
            name="Kem Monovithya",
            kind_if_new=None,
            expected_version=demand.version,
            actor=None,
        )
    assert refused.value.field == "kind"
    assert db.scalar(select(func.count()).select_from(Actor)) == before
    created = add_demand_actor(
        db,
        demand,
        role=LinkRole.SUBJECT,
        name="Kem  Monovithya",
        kind_if_new=ActorKind.PERSON,
        expected_version=demand.version,
        actor=None,
    )
    assert (created.name, created.kind) == ("Kem Monovithya", ActorKind.PERSON)
    assert _links(db, demand)["subjects"] == ["Kem Monovithya"]
    assert [a.after["name"] for a in _audits(db, "actor.create")] == ["Kem Monovithya"]


def test_the_same_actor_twice_in_one_role_is_refused_but_both_roles_are_allowed(
    db: Session,
) -> None:
    demand = DemandFactory()
    person = ActorFactory(name="Hun Manet")
    link_actor(db, demand, person, LinkRole.SUBJECT, actor=None)
    with pytest.raises(ValidationError, match="already among those the demand is about"):
        add_demand_actor(
            db,
            demand,
            role=LinkRole.SUBJECT,
            name="hun manet",
            kind_if_new=None,
            expected_version=demand.version,
            actor=None,
        )
    add_demand_actor(
        db,
        demand,
        role=LinkRole.ADDRESSEE,
        name="Hun Manet",
        kind_if_new=None,
        expected_version=demand.version,
        actor=None,
    )
    links = _links(db, demand)
    assert (links["addressees"], links["subjects"]) == (["Hun Manet"], ["Hun Manet"])


def test_removing_an_actor_keeps_the_actor_and_audits_the_list(db: Session) -> None:
    demand = DemandFactory()
    kem, council = ActorFactory(name="Kem Sokha"), ActorFactory(name="Council")
    link_actor(db, demand, kem, LinkRole.SUBJECT, actor=None)
    link_actor(db, demand, council, LinkRole.SUBJECT, actor=None)
    remove_demand_actor(
        db,
        demand,
        role=LinkRole.SUBJECT,
        actor_id=kem.id,
        expected_version=demand.version,
        actor=None,
    )
    assert _links(db, demand)["subjects"] == ["Council"]
    assert db.get(Actor, kem.id) is not None
    (audit,) = _audits(db, "demand.remove_subject")
    assert audit.before == {"subjects": ["Council", "Kem Sokha"]}
    assert audit.after == {"subjects": ["Council"]}
    with pytest.raises(NotFound):
        remove_demand_actor(
            db,
            demand,
            role=LinkRole.SUBJECT,
            actor_id=kem.id,
            expected_version=demand.version,
            actor=None,
        )


def test_a_stale_version_is_a_conflict_carrying_what_is_saved(db: Session) -> None:
    demand = DemandFactory()
    ActorFactory(name="Cambodian authorities", kind=ActorKind.GOVERNMENT)
    ActorFactory(name="Council", kind=ActorKind.INSTITUTION)
    seen = demand.version
    add_demand_actor(
        db,
        demand,
        role=LinkRole.ADDRESSEE,
        name="Cambodian authorities",
        kind_if_new=None,
        expected_version=seen,
        actor=None,
    )
    db.flush()
    with pytest.raises(EditConflict) as conflict:
        add_demand_actor(
            db,
            demand,
            role=LinkRole.ADDRESSEE,
            name="Council",
            kind_if_new=None,
            expected_version=seen,
            actor=None,
        )
    assert conflict.value.current["addressees"] == ["Cambodian authorities"]
    assert conflict.value.current["version"] == seen + 1
    # Nothing of the refused change was written.
    assert (
        db.scalar(
            select(func.count()).select_from(DemandActor).where(DemandActor.demand_id == demand.id)
        )
        == 1
    )
    for remove in (
        lambda: remove_demand_event(
            db, demand, event_id=EventFactory().id, expected_version=seen, actor=None
        ),
        lambda: add_demand_theme(db, demand, name="elections", expected_version=seen, actor=None),
    ):
        with pytest.raises(EditConflict):
            remove()


def test_an_event_is_linked_by_its_title_and_a_shared_title_needs_its_date(db: Session) -> None:
    import datetime as dt

    demand = DemandFactory()
    verdict = EventFactory(title="Kem Sokha convicted of treason", occurred_on=dt.date(2023, 3, 3))
    add_demand_event(
        db,
        demand,
        title="kem sokha convicted of TREASON",
        expected_version=demand.version,
        actor=None,
    )
    assert _links(db, demand)["events"] == [verdict.title]
    (audit,) = _audits(db, "demand.add_event")
    assert (audit.before, audit.after) == ({"events": []}, {"events": [verdict.title]})
    with pytest.raises(ValidationError, match="already linked"):
        add_demand_event(db, demand, title=verdict.title, expected_version=2, actor=None)
    with pytest.raises(ValidationError, match="no event titled 'Nothing like it'"):
        add_demand_event(db, demand, title="Nothing like it", expected_version=2, actor=None)

    EventFactory(title="Arrest", occurred_on=dt.date(2017, 9, 3))
    second = EventFactory(title="Arrest", occurred_on=dt.date(2019, 1, 5))
    with pytest.raises(ValidationError, match="2 events are titled 'Arrest'"):
        add_demand_event(db, demand, title="Arrest", expected_version=2, actor=None)
    add_demand_event(db, demand, title="Arrest (2019-01-05)", expected_version=2, actor=None)
    assert second.title in _links(db, demand)["events"]

    remove_demand_event(db, demand, event_id=verdict.id, expected_version=3, actor=None)
    assert _links(db, demand)["events"] == ["Arrest"]


def test_a_theme_is_reused_by_name_or_created_and_can_be_removed(db: Session) -> None:
    demand, other = DemandFactory(), DemandFactory()
    add_demand_theme(db, other, name="Elections", expected_version=other.version, actor=None)
    theme = add_demand_theme(
        db, demand, name=" elections ", expected_version=demand.version, actor=None
    )
    new = add_demand_theme(db, demand, name="Trade", expected_version=2, actor=None)
    assert db.scalar(select(func.count()).select_from(Theme)) == 2
    assert _links(db, demand)["themes"] == ["Elections", "Trade"]
    with pytest.raises(ValidationError, match="already has the theme Elections"):
        add_demand_theme(db, demand, name="ELECTIONS", expected_version=3, actor=None)
    remove_demand_theme(db, demand, theme_id=theme.id, expected_version=3, actor=None)
    assert _links(db, demand)["themes"] == ["Trade"]
    assert _links(db, other)["themes"] == ["Elections"]
    assert new.id != theme.id
    (audit,) = _audits(db, "demand.remove_theme")
    assert (audit.before, audit.after) == (
        {"themes": ["Elections", "Trade"]},
        {"themes": ["Trade"]},
    )


def test_the_country_is_given_by_name_or_code_and_conflicts_show_the_saved_one(
    db: Session,
) -> None:
    demand = DemandFactory(paragraph__resolution__country=None)
    resolution = db.get(Resolution, demand.paragraph.resolution_id)
    assert resolution is not None
    seen = resolution.version
    set_resolution_country(db, resolution, country="Cambodia", expected_version=seen, actor=None)
    assert resolution.country == "KH"
    (audit,) = _audits(db, "resolution.country")
    assert (audit.before, audit.after) == ({"country": None}, {"country": "KH"})
    with pytest.raises(EditConflict) as conflict:
        set_resolution_country(db, resolution, country="mm", expected_version=seen, actor=None)
    assert conflict.value.current == {"country": "Cambodia", "version": seen + 1}
    with pytest.raises(ValidationError, match="no country called 'Atlantis'"):
        set_resolution_country(
            db, resolution, country="Atlantis", expected_version=seen + 1, actor=None
        )
    set_resolution_country(db, resolution, country="", expected_version=seen + 1, actor=None)
    assert resolution.country is None
    # The demand page reads the change.
    db.flush()
    db.expire_all()
    assert get_demand(db, demand.id).paragraph.resolution.country is None
