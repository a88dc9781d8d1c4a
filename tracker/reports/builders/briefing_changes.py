"""Part 1 of a briefing: what changed in a scope since a date (assessments, deadlines that
passed, new resolutions, events, changes in people's situation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    Actor,
    ActorKind,
    Demand,
    DemandActor,
    Event,
    EventActor,
    Paragraph,
    Resolution,
    SituationChange,
    StatusUpdate,
)
from tracker.models.demands import demand_events
from tracker.reports.briefing import Change, Limits
from tracker.reports.builders.briefing_queries import (
    BriefingQueries,
    reference,
    status_words,
    update_sources,
)
from tracker.reports.builders.scope import Scope

# The order of changes on one day: what sets the scene first.
_ORDER = {"resolution": 0, "event": 1, "situation": 2, "status": 3, "moot": 4, "overdue": 5}


class _ChangeQueries(BriefingQueries):
    """One query per kind of change, each counting all its lines and listing the first."""

    def __init__(
        self,
        session: Session,
        scope: Scope,
        *,
        since: dt.date,
        today: dt.date,
        limits: Limits | None,
    ) -> None:
        super().__init__(session, scope, limits=limits)
        self.since = since
        self.today = today

    def status_changes(self) -> tuple[list[Any], int]:
        """Assessments dated on or after `since`, newest first, each with the status before."""
        changed = self.limited(
            select(
                StatusUpdate.id,
                StatusUpdate.demand_id,
                StatusUpdate.status,
                StatusUpdate.assessed_on,
                StatusUpdate.response,
                StatusUpdate.corrects_id,
                func.count().over().label("total"),
            )
            .where(
                StatusUpdate.demand_id.in_(self.in_scope),
                StatusUpdate.assessed_on >= self.since,
            )
            .order_by(StatusUpdate.assessed_on.desc(), StatusUpdate.id.desc()),
            self.limit("changes"),
        ).subquery("changed")
        before = aliased(StatusUpdate, name="before")
        previous = (
            select(before.status)
            .where(
                before.demand_id == changed.c.demand_id,
                or_(
                    before.assessed_on < changed.c.assessed_on,
                    and_(before.assessed_on == changed.c.assessed_on, before.id < changed.c.id),
                ),
            )
            .order_by(before.assessed_on.desc(), before.id.desc())
            .limit(1)
            .correlate(changed)
            .scalar_subquery()
        )
        result = self.session.execute(
            select(changed, Demand.title, previous.label("previous"))
            .join(Demand, Demand.id == changed.c.demand_id)
            .order_by(changed.c.assessed_on.desc(), changed.c.id.desc())
        ).all()
        return list(result), (result[0].total if result else 0)

    def became_overdue(self) -> tuple[list[Any], int]:
        return self.counted(
            self.open_demands()
            .with_only_columns(
                Demand.id, Demand.title, Demand.deadline, self.status, func.count().over()
            )
            .where(Demand.deadline >= self.since, Demand.deadline < self.today)
            .order_by(Demand.deadline.desc(), Demand.id.desc()),
            "changes",
        )

    def new_resolutions(self) -> tuple[list[Any], int]:
        return self.counted(
            select(
                Resolution.id,
                Resolution.title,
                Resolution.document_reference,
                Resolution.procedure,
                Resolution.adopted_on,
                func.count(Demand.id),
                func.count().over(),
            )
            .select_from(Demand)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .where(self.scope.condition, Resolution.adopted_on >= self.since)
            .group_by(Resolution.id)
            .order_by(Resolution.adopted_on.desc(), Resolution.id.desc()),
            "changes",
        )

    def events(self, *, country: str | None, actor_id: int | None) -> tuple[list[Any], int]:
        linked = select(demand_events.c.event_id).where(
            demand_events.c.demand_id.in_(self.in_scope)
        )
        condition: ColumnElement[bool] = Event.id.in_(linked)
        if country:
            condition = condition | (Event.country == country.upper())
        if actor_id:
            condition = condition | Event.id.in_(
                select(EventActor.event_id).where(EventActor.actor_id == actor_id)
            )
        return self.counted(
            select(Event.occurred_on, Event.title, Event.kind, func.count().over())
            .where(condition, Event.occurred_on >= self.since)
            .order_by(Event.occurred_on.desc(), Event.id.desc()),
            "changes",
        )

    def situations(self, *, actor_id: int | None) -> tuple[list[Any], int]:
        people = select(DemandActor.actor_id).where(DemandActor.demand_id.in_(self.in_scope))
        condition: ColumnElement[bool] = SituationChange.actor_id.in_(people)
        if actor_id:
            condition = condition | (SituationChange.actor_id == actor_id)
        return self.counted(
            select(
                SituationChange.since,
                Actor.name,
                SituationChange.situation,
                SituationChange.note,
                func.count().over(),
            )
            .join(Actor, Actor.id == SituationChange.actor_id)
            .where(condition, SituationChange.since >= self.since, Actor.kind == ActorKind.PERSON)
            .order_by(SituationChange.since.desc(), SituationChange.id.desc()),
            "changes",
        )


def list_changes(
    session: Session,
    scope: Scope,
    *,
    since: dt.date,
    today: dt.date,
    country: str | None,
    actor_id: int | None,
    include_confidential: bool,
    limits: Limits | None,
) -> tuple[tuple[Change, ...], int]:
    """The changes since `since`, oldest first (with `limits`, the latest of them), and how
    many there are in all."""
    queries = _ChangeQueries(session, scope, since=since, today=today, limits=limits)
    status_rows, status_total = queries.status_changes()
    overdue_rows, overdue_total = queries.became_overdue()
    resolution_rows, resolution_total = queries.new_resolutions()
    event_rows, event_total = queries.events(country=country, actor_id=actor_id)
    situation_rows, situation_total = queries.situations(actor_id=actor_id)
    sources = update_sources(
        session, [r.id for r in status_rows], include_confidential=include_confidential
    )

    changes: list[Change] = []
    for r in status_rows:
        status = str(r.status)
        verb = "correction: " if r.corrects_id else ""
        response = getattr(r.response, "value", r.response)
        changes.append(
            Change(
                on=r.assessed_on,
                kind="moot" if status == "moot" else "status",
                title=r.title,
                detail=f"{verb}{status_words(r.previous or 'no_information')} → "
                f"{status_words(status)}"
                + (f"; addressee response: {response}" if response else ""),
                demand_id=r.demand_id,
                sources=sources.get(r.id, ()),
                status=status,
                previous_status=str(r.previous) if r.previous else None,
            )
        )
    changes += [
        Change(
            on=r.deadline,
            kind="overdue",
            title=r.title,
            detail="deadline passed without implementation",
            demand_id=r.id,
            status=str(r[3]),
        )
        for r in overdue_rows
    ]
    changes += [
        Change(
            on=r.adopted_on,
            kind="resolution",
            title=r.title,
            detail=f"{reference(r.document_reference, r.procedure, r.id)}: {r[5]} demand(s)",
        )
        for r in resolution_rows
    ]
    changes += [
        Change(on=r.occurred_on, kind="event", title=r.title, detail=str(r.kind))
        for r in event_rows
    ]
    changes += [
        Change(
            on=r.since,
            kind="situation",
            title=r.name,
            detail=status_words(str(r.situation)) + (f": {r.note}" if r.note else ""),
        )
        for r in situation_rows
    ]
    changes.sort(key=lambda c: (c.on, -_ORDER.get(c.kind, 9)), reverse=True)
    if limits is not None:
        changes = changes[: limits.changes]
    changes.sort(key=lambda c: (c.on, _ORDER.get(c.kind, 9), c.title))
    total = status_total + overdue_total + resolution_total + event_total + situation_total
    return tuple(changes), total
