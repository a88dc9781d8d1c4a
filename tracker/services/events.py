"""Events: what happened, at day, month or year precision, with actors in roles and sources."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tracker.models import Actor, DatePrecision, Demand, Event, EventActor, EventKind, Source, User
from tracker.models.demands import demand_events
from tracker.models.events import event_sources
from tracker.services.audit import record_audit
from tracker.services.errors import ValidationError


def create_event(
    session: Session,
    *,
    kind: EventKind,
    title: str,
    occurred_on: dt.date,
    precision: DatePrecision = DatePrecision.DAY,
    country: str | None = None,
    description: str = "",
    participants: list[tuple[Actor, str]] | None = None,
    sources: list[Source] | None = None,
    actor: User | None,
    today: dt.date | None = None,
) -> Event:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("an event needs a title", field="title")
    if occurred_on > (today or dt.date.today()):
        raise ValidationError("an event cannot be dated in the future", field="occurred_on")
    event = Event(
        kind=kind,
        title=title[:300],
        occurred_on=occurred_on,
        date_precision=precision,
        country=country.upper() if country else None,
        description=description,
    )
    session.add(event)
    session.flush()
    for participant, role in participants or []:
        session.add(EventActor(event_id=event.id, actor_id=participant.id, role=role))
    for source in sources or []:
        session.execute(event_sources.insert().values(event_id=event.id, source_id=source.id))
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="event.create",
        entity_type="events",
        entity_id=event.id,
        summary=f"event {title} ({occurred_on.isoformat()})",
        after={
            "kind": kind.value,
            "title": title,
            "occurred_on": occurred_on,
            "precision": precision.value,
        },
    )
    return event


def link_event(
    session: Session, demand: Demand, event: Event, *, actor: User | None, audit: bool = True
) -> None:
    exists = session.execute(
        demand_events.select().where(
            demand_events.c.demand_id == demand.id, demand_events.c.event_id == event.id
        )
    ).first()
    if exists:
        return
    session.execute(demand_events.insert().values(demand_id=demand.id, event_id=event.id))
    if not audit:
        return
    record_audit(
        session,
        actor=actor,
        action="demand.link_event",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"event {event.title} linked",
        after={"event_id": event.id},
    )


def list_events(
    session: Session,
    *,
    country: str | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Event], int]:
    from sqlalchemy import func, select
    from sqlalchemy.orm import selectinload

    stmt = select(Event)
    if country:
        stmt = stmt.where(Event.country == country.upper())
    if kind:
        stmt = stmt.where(Event.kind == kind)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.options(selectinload(Event.participants).joinedload(EventActor.actor))
        .order_by(Event.occurred_on.desc(), Event.id.desc())
        .limit(per_page)
        .offset(max(page - 1, 0) * per_page)
    ).all()
    return list(rows), total


def get_event(session: Session, event_id: int) -> tuple[Event, list[Demand]]:
    """An event with its actors and sources, and the demands linked to it."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from tracker.services.demands import demand_options
    from tracker.services.errors import NotFound

    event = session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.participants).joinedload(EventActor.actor),
            selectinload(Event.sources),
        )
    )
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    demands = (
        session.scalars(
            select(Demand)
            .where(
                Demand.id.in_(
                    select(demand_events.c.demand_id).where(demand_events.c.event_id == event_id)
                )
            )
            .options(*demand_options())
            .order_by(Demand.id)
        )
        .unique()
        .all()
    )
    return event, list(demands)


def edit_event(
    session: Session,
    event: Event,
    *,
    expected_version: int,
    kind: EventKind,
    title: str,
    occurred_on: dt.date,
    precision: DatePrecision,
    country: str | None,
    description: str,
    actor: User | None,
    today: dt.date | None = None,
) -> Event:
    from sqlalchemy import update

    from tracker.services.audit import snapshot
    from tracker.services.errors import EditConflict

    title = " ".join(title.split())
    if not title:
        raise ValidationError("an event needs a title", field="title")
    if occurred_on > (today or dt.date.today()):
        raise ValidationError("an event cannot be dated in the future", field="occurred_on")
    fields = ("kind", "title", "occurred_on", "date_precision", "country", "description")
    before = snapshot(event, fields)
    result = session.execute(
        update(Event)
        .where(Event.id == event.id, Event.version == expected_version)
        .values(
            kind=kind,
            title=title[:300],
            occurred_on=occurred_on,
            date_precision=precision,
            country=country.upper() if country else None,
            description=description,
            version=expected_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.expire(event)
    session.refresh(event)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise EditConflict(
            "someone else saved this event while you were editing it",
            current=snapshot(event, (*fields, "version")),
        )
    record_audit(
        session,
        actor=actor,
        action="event.edit",
        entity_type="events",
        entity_id=event.id,
        summary=f"edited event {title[:200]}",
        before=before,
        after=snapshot(event, fields),
    )
    return event
