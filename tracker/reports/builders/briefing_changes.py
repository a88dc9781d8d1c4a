"""Part 1 of a briefing: what changed in a scope since a date (assessments, deadlines that
passed, new resolutions, events, changes in people's situation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.orm import Session

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
_ORDER = {
    "resolution": 0,
    "event": 1,
    "situation": 2,
    "status": 3,
    "moot": 4,
    "overdue": 5,
    "reply": 6,
    "reply_missed": 7,
}


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

    def _assessments_since(self) -> Any:
        """Every assessment in scope dated on or after `since`, with the status before it
        (the demand's previous assessment by date; NULL before the first) and whether it
        changed anything: the status, a response from the addressee, or a correction."""
        history = (
            select(
                StatusUpdate.id,
                StatusUpdate.demand_id,
                StatusUpdate.status,
                StatusUpdate.assessed_on,
                StatusUpdate.response,
                StatusUpdate.corrects_id,
                func.lag(StatusUpdate.status)
                .over(
                    partition_by=StatusUpdate.demand_id,
                    order_by=(StatusUpdate.assessed_on, StatusUpdate.id),
                )
                .label("previous"),
            )
            .where(StatusUpdate.demand_id.in_(self.in_scope))
            .subquery("history")
        )
        is_change = or_(
            history.c.status != func.coalesce(history.c.previous, literal("no_information")),
            history.c.corrects_id.is_not(None),
            and_(history.c.response.is_not(None), history.c.response != literal("none")),
        )
        return history, history.c.assessed_on >= self.since, is_change

    def status_changes(self) -> tuple[list[Any], int]:
        """Assessments since `since` that changed something, newest first, with the status
        before each."""
        history, since, is_change = self._assessments_since()
        stmt = (
            select(history, Demand.title, func.count().over().label("total"))
            .join(Demand, Demand.id == history.c.demand_id)
            .where(since, is_change)
            .order_by(history.c.assessed_on.desc(), history.c.id.desc())
        )
        rows = list(self.session.execute(self.limited(stmt, self.limit("changes"))).all())
        return rows, (rows[0].total if rows else 0)

    def unchanged(self) -> int:
        """How many assessments since `since` only confirmed the status before them."""
        history, since, is_change = self._assessments_since()
        return int(
            self.session.scalar(select(func.count()).select_from(history).where(since, ~is_change))
            or 0
        )

    def became_overdue(self) -> tuple[list[Any], int]:
        return self.counted(
            self.open_demands()
            .with_only_columns(
                Demand.id,
                Demand.title,
                Demand.deadline,
                Demand.deadline_precision,
                self.status.label("status"),
                func.count().over(),
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
            select(
                Event.occurred_on,
                Event.title,
                Event.kind,
                Event.date_precision,
                func.count().over(),
            )
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


_RESPONSES = {
    "acknowledged": "the addressee acknowledged it",
    "committed": "the addressee committed to it",
    "rejected": "the addressee rejected it",
}


def assessment_words(
    status: str, previous: str | None, *, response: str | None, is_correction: bool
) -> str:
    """What an assessment changed, in words: "now partially implemented (was not
    implemented)", "first assessed: not implemented", "still not implemented; the addressee
    rejected it"."""
    now = status_words(status)
    if previous is None:
        words = f"first assessed: {now}"
    elif previous == status:
        words = f"still {now}"
    else:
        words = f"now {now} (was {status_words(previous)})"
    if is_correction:
        words = f"correction: {words}"
    if response in _RESPONSES:
        words += f"; {_RESPONSES[response]}"
    return words


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


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
) -> tuple[tuple[Change, ...], int, int]:
    """The changes since `since`, oldest first (with `limits`, the latest of them), how many
    there are in all, and how many assessments since then changed nothing (not listed)."""
    queries = _ChangeQueries(session, scope, since=since, today=today, limits=limits)
    status_rows, status_total = queries.status_changes()
    unchanged = queries.unchanged()
    overdue_rows, overdue_total = queries.became_overdue()
    resolution_rows, resolution_total = queries.new_resolutions()
    event_rows, event_total = queries.events(country=country, actor_id=actor_id)
    situation_rows, situation_total = queries.situations(actor_id=actor_id)
    sources = update_sources(
        session, [r.id for r in status_rows], include_confidential=include_confidential
    )

    changes: list[Change] = []
    for r in status_rows:
        status, previous = str(_value(r.status)), _value(r.previous)
        changes.append(
            Change(
                on=r.assessed_on,
                kind="moot" if status == "moot" else "status",
                title=r.title,
                detail=assessment_words(
                    status,
                    str(previous) if previous else None,
                    response=_value(r.response),
                    is_correction=r.corrects_id is not None,
                ),
                demand_id=r.demand_id,
                sources=sources.get(r.id, ()),
                status=status,
                previous_status=str(previous) if previous else None,
            )
        )
    changes += [
        Change(
            on=r.deadline,
            kind="overdue",
            title=r.title,
            detail=f"the deadline passed; {status_words(r.status)}",
            demand_id=r.id,
            status=str(_value(r.status)),
            precision=str(_value(r.deadline_precision) or "day"),
        )
        for r in overdue_rows
    ]
    changes += [
        Change(
            on=r.adopted_on,
            kind="resolution",
            title=r.title,
            detail=f"{reference(r.document_reference, r.procedure, r.id)}; {r[5]} "
            + ("demand" if r[5] == 1 else "demands"),
        )
        for r in resolution_rows
    ]
    changes += [
        Change(
            on=r.occurred_on,
            kind="event",
            title=r.title,
            detail=status_words(r.kind),
            precision=str(_value(r.date_precision) or "day"),
        )
        for r in event_rows
    ]
    changes += [
        Change(
            on=r.since,
            kind="situation",
            title=r.name,
            detail=status_words(r.situation) + (f": {r.note}" if r.note else ""),
        )
        for r in situation_rows
    ]
    # Replies received and missed in the window (tracker.reports.clocks).
    from tracker.reports.clocks import briefing_clock_changes

    clock_changes = briefing_clock_changes(session, scope, since=since, today=today)
    changes += clock_changes
    changes.sort(key=lambda c: (c.on, -_ORDER.get(c.kind, 9)), reverse=True)
    if limits is not None:
        changes = changes[: limits.changes]
    changes.sort(key=lambda c: (c.on, _ORDER.get(c.kind, 9), c.title))
    total = status_total + overdue_total + resolution_total + event_total + situation_total
    total += len(clock_changes)
    return tuple(changes), total, unchanged
