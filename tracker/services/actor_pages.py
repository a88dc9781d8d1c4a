"""Reading actors: the searchable list and one actor's merged timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Actor,
    ActorAlias,
    DatePrecision,
    Demand,
    DemandActor,
    Event,
    EventActor,
    SituationChange,
    StatusUpdate,
)
from tracker.services.demands import demand_options
from tracker.services.errors import NotFound
from tracker.text import normalise_name


def list_actors(
    session: Session,
    *,
    q: str | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[tuple[Actor, int]], int]:
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
        .options(selectinload(Actor.aliases))
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
    demands: list[Demand]
    timeline: list[TimelineEntry]


def get_actor_page(session: Session, actor_id: int) -> ActorPage:
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
    demands = list(
        session.scalars(
            select(Demand)
            .where(
                Demand.id.in_(select(DemandActor.demand_id).where(DemandActor.actor_id == actor.id))
            )
            .options(*demand_options())
            .order_by(Demand.id)
        ).unique()
    )
    events = list(
        session.scalars(
            select(Event)
            .where(Event.id.in_(select(EventActor.event_id).where(EventActor.actor_id == actor.id)))
            .options(
                selectinload(Event.participants).joinedload(EventActor.actor),
                selectinload(Event.sources),
            )
        )
    )
    updates = list(
        session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.demand_id.in_([d.id for d in demands] or [0]))
            .options(joinedload(StatusUpdate.demand), selectinload(StatusUpdate.sources))
        ).unique()
    )
    timeline = [TimelineEntry(e.occurred_on, e.date_precision, "event", e) for e in events]
    timeline += [
        TimelineEntry(s.since, s.since_precision, "situation", s) for s in actor.situations
    ]
    timeline += [TimelineEntry(u.assessed_on, DatePrecision.DAY, "status", u) for u in updates]
    order = {"event": 0, "situation": 1, "status": 2}
    timeline.sort(key=lambda t: (t.on, order[t.kind], t.item.id))
    return ActorPage(actor=actor, demands=demands, timeline=timeline)
