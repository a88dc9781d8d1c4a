"""Reading actors: the searchable list, a person's situation now, and one actor's merged
timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from tracker.models import (
    Actor,
    ActorAlias,
    DatePrecision,
    Demand,
    DemandActor,
    Event,
    EventActor,
    Situation,
    SituationChange,
    StatusUpdate,
)
from tracker.services.demands import demand_options
from tracker.services.errors import NotFound
from tracker.text import normalise_name

# Custody is one state at a time: a later one of these ends the earlier. A conviction stands
# beside it (released after a conviction is still convicted: nothing in the vocabulary quashes
# one), and death ends everything.
CUSTODY = frozenset(
    {
        Situation.DETAINED,
        Situation.HOUSE_ARREST,
        Situation.RELEASED,
        Situation.IN_EXILE,
        Situation.UNKNOWN,
    }
)


def situations_in_force(changes: Iterable[SituationChange]) -> list[SituationChange]:
    """Every situation of a person still in force, oldest first: "house arrest since 2018 and
    convicted since 2023", where the latest entry alone would say only "convicted"."""
    in_force: dict[str, SituationChange] = {}
    for change in sorted(changes, key=lambda c: (c.since, c.id or 0)):
        if change.situation == Situation.DECEASED:
            in_force.clear()
        kind = "custody" if change.situation in CUSTODY else change.situation.value
        in_force[kind] = change
    return sorted(in_force.values(), key=lambda c: (c.since, c.id or 0))


def list_actors(
    session: Session,
    *,
    q: str | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[tuple[Actor, int]], int]:
    """A page of actors by name, each with how many demands name it, its aliases and its
    situation history loaded; and how many match."""
    base = select(Actor).where(Actor.merged_into_id.is_(None))
    if q:
        key = f"%{normalise_name(q)}%"
        aliased_ids = select(ActorAlias.actor_id).where(ActorAlias.normalised.like(key))
        base = base.where(or_(Actor.normalised_name.like(key), Actor.id.in_(aliased_ids)))
    if kind:
        base = base.where(Actor.kind == kind)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    demand_count = (
        select(func.count(func.distinct(DemandActor.demand_id)))
        .where(DemandActor.actor_id == Actor.id)
        .correlate(Actor)
        .scalar_subquery()
    )
    rows = session.execute(
        base.add_columns(demand_count)
        .options(selectinload(Actor.aliases), selectinload(Actor.situations))
        .order_by(Actor.name, Actor.id)
        .limit(per_page)
        .offset(max(page - 1, 0) * per_page)
    ).all()
    return [(a, n) for a, n in rows], total


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line on an actor's timeline."""

    on: dt.date
    precision: DatePrecision
    kind: str  # "event" | "situation" | "status"
    item: Event | SituationChange | StatusUpdate


@dataclass
class ActorPage:
    actor: Actor
    situations_in_force: list[SituationChange]  # a person's situation now (empty otherwise)
    demands: list[Demand]  # one page of them, by id
    demand_total: int
    timeline: list[TimelineEntry]  # one page of it, oldest first; page 1 holds the newest
    timeline_total: int


DEMANDS_PER_PAGE = 25
TIMELINE_PER_PAGE = 50


def get_actor_page(
    session: Session,
    actor_id: int,
    *,
    demand_page: int = 1,
    timeline_page: int = 1,
    demands_per_page: int = DEMANDS_PER_PAGE,
    timeline_per_page: int = TIMELINE_PER_PAGE,
) -> ActorPage:
    """An actor with a page of the demands naming it and a page of its timeline (events,
    situation changes, and the assessments of those demands), in a fixed number of statements
    however many demands name it: an institution is asked thousands of things."""
    actor = session.scalar(
        select(Actor)
        .where(Actor.id == actor_id)
        .options(
            selectinload(Actor.aliases),
            selectinload(Actor.situations).joinedload(SituationChange.source),
        )
    )
    if actor is None:
        raise NotFound(f"no actor with id {actor_id}")
    linked = select(DemandActor.demand_id).where(DemandActor.actor_id == actor.id)
    demand_total = (
        session.scalar(
            select(func.count(func.distinct(DemandActor.demand_id))).where(
                DemandActor.actor_id == actor.id
            )
        )
        or 0
    )
    demands = list(
        session.scalars(
            select(Demand)
            .where(Demand.id.in_(linked))
            .options(*demand_options())
            .order_by(Demand.id)
            .limit(demands_per_page)
            .offset((max(demand_page, 1) - 1) * demands_per_page)
        ).unique()
    )
    # The newest `wanted` entries of each kind are enough to cut the requested page exactly.
    wanted = max(timeline_page, 1) * timeline_per_page
    event_rows = session.execute(
        select(Event, func.count().over())
        .where(Event.id.in_(select(EventActor.event_id).where(EventActor.actor_id == actor.id)))
        .order_by(Event.occurred_on.desc(), Event.id.desc())
        .limit(wanted)
    ).all()
    # The effective history only: an update a later one corrects no longer stands on the timeline.
    correction = aliased(StatusUpdate)
    about_actor = and_(
        StatusUpdate.demand_id.in_(linked),
        ~exists().where(correction.corrects_id == StatusUpdate.id),
    )
    update_total = session.scalar(select(func.count(StatusUpdate.id)).where(about_actor)) or 0
    # Newest ids first from the (demand_id, assessed_on, id) index alone, then those rows only.
    newest = (
        select(StatusUpdate.id)
        .where(about_actor)
        .order_by(StatusUpdate.assessed_on.desc(), StatusUpdate.id.desc())
        .limit(wanted)
    )
    updates = session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.id.in_(newest))
        .options(joinedload(StatusUpdate.demand))
    ).all()
    timeline = [TimelineEntry(e.occurred_on, e.date_precision, "event", e) for e, _n in event_rows]
    timeline += [
        TimelineEntry(s.since, s.since_precision, "situation", s) for s in actor.situations
    ]
    timeline += [TimelineEntry(u.assessed_on, DatePrecision.DAY, "status", u) for u in updates]
    timeline_total = (event_rows[0][1] if event_rows else 0) + len(actor.situations) + update_total
    order = {"event": 0, "situation": 1, "status": 2}
    timeline.sort(key=lambda t: (t.on, order[t.kind], t.item.id), reverse=True)
    newest_first = timeline[wanted - timeline_per_page : wanted]
    return ActorPage(
        actor=actor,
        situations_in_force=situations_in_force(actor.situations),
        demands=demands,
        demand_total=demand_total,
        timeline=newest_first[::-1],
        timeline_total=timeline_total,
    )
