"""Build a Briefing from the database: the report snapshot plus what happened since a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload

from tracker.models import (
    Actor,
    ActorKind,
    DemandActor,
    Event,
    Resolution,
    SituationChange,
)
from tracker.reports.briefing import AddresseeGroup, Briefing, Change
from tracker.reports.build import build_snapshot
from tracker.reports.snapshot import DemandRow

CLOSED = ("implemented", "moot")
DEFAULT_LOOKBACK_DAYS = 90


def _label(status: str) -> str:
    return status.replace("_", " ")


def _status_changes(demand: DemandRow, since: dt.date) -> list[Change]:
    """Assessments dated on or after `since`, each with the status it replaced."""
    changes = []
    history = list(reversed(demand.history))  # oldest first
    previous: str | None = None
    for update in history:
        if update.assessed_on >= since:
            kind = "moot" if update.status == "moot" else "status"
            verb = "correction: " if update.corrects_id else ""
            changes.append(
                Change(
                    on=update.assessed_on,
                    kind=kind,
                    title=demand.title,
                    detail=f"{verb}{_label(previous or 'no_information')} → {_label(update.status)}"
                    + (f"; addressee response: {update.response}" if update.response else ""),
                    demand_id=demand.id,
                    sources=update.sources,
                    status=update.status,
                    previous_status=previous,
                )
            )
        previous = update.status
    return changes


def build_briefing(
    session: Session,
    *,
    country: str | None = None,
    actor_id: int | None = None,
    resolution_id: int | None = None,
    thread_id: int | None = None,
    addressee_id: int | None = None,
    since: dt.date | None = None,
    today: dt.date | None = None,
    stale_after_days: int = 90,
    include_confidential: bool = False,
    now: dt.datetime | None = None,
) -> Briefing:
    today = today or dt.date.today()
    snapshot = build_snapshot(
        session,
        country=country,
        actor_id=actor_id,
        resolution_id=resolution_id,
        thread_id=thread_id,
        addressee_id=addressee_id,
        include_confidential=include_confidential,
        now=now,
    )
    notes = []
    if since is None:
        dates = [r[3] for r in snapshot.resolutions if r[3]]
        since = max(dates) if dates else today - dt.timedelta(days=DEFAULT_LOOKBACK_DAYS)
        notes.append(
            f"Since the latest resolution in scope ({since.isoformat()})."
            if dates
            else f"Since {since.isoformat()} (no dated resolution in scope)."
        )
    demand_ids = [d.id for d in snapshot.demands]

    changes: list[Change] = []
    for demand in snapshot.demands:
        changes += _status_changes(demand, since)
        if demand.deadline and since <= demand.deadline < today and demand.status not in CLOSED:
            changes.append(
                Change(
                    on=demand.deadline,
                    kind="overdue",
                    title=demand.title,
                    detail="deadline passed without implementation",
                    demand_id=demand.id,
                    status=demand.status,
                )
            )
    new_counts: dict[int, int] = {}
    for demand in snapshot.demands:
        new_counts[demand.resolution_id] = new_counts.get(demand.resolution_id, 0) + 1
    for resolution_id_, title, reference, adopted_on in snapshot.resolutions:
        if adopted_on and adopted_on >= since:
            changes.append(
                Change(
                    on=adopted_on,
                    kind="resolution",
                    title=title,
                    detail=f"{reference}: {new_counts.get(resolution_id_, 0)} demand(s)",
                )
            )

    events = _events(session, demand_ids, country=country, actor_id=actor_id, since=since)
    changes += [
        Change(on=e.occurred_on, kind="event", title=e.title, detail=e.kind.value) for e in events
    ]
    changes += [
        Change(
            on=s.since,
            kind="situation",
            title=s.actor.name,
            detail=_label(s.situation.value) + (f": {s.note}" if s.note else ""),
        )
        for s in _situations(session, demand_ids, actor_id=actor_id, since=since)
    ]
    order = {"resolution": 0, "event": 1, "situation": 2, "status": 3, "moot": 4, "overdue": 5}
    changes.sort(key=lambda c: (c.on, order.get(c.kind, 9), c.title))

    open_demands = [d for d in snapshot.demands if d.status not in CLOSED]
    groups: dict[str, list[DemandRow]] = {}
    for demand in open_demands:
        for addressee in demand.addressees or ("(no addressee named)",):
            groups.setdefault(addressee, []).append(demand)
    cutoff = today - dt.timedelta(days=stale_after_days)
    overdue = tuple(d for d in open_demands if d.deadline and d.deadline < today)
    stale = tuple(
        d for d in open_demands if d.last_assessed_on is None or d.last_assessed_on < cutoff
    )

    return Briefing(
        title=snapshot.title.replace("Follow-up report", "Briefing"),
        scope_kind=snapshot.scope_kind,
        scope_value=snapshot.scope_value,
        since=since,
        today=today,
        generated_at=snapshot.generated_at,
        include_confidential=include_confidential,
        changes=tuple(changes),
        open_by_addressee=tuple(AddresseeGroup(a, tuple(ds)) for a, ds in sorted(groups.items())),
        overdue=overdue,
        stale=stale,
        suggested_wording=tuple(_wording(open_demands)),
        demand_count=len(snapshot.demands),
        notes=tuple(notes),
    )


def build_briefing_for(session: Session, scope: str, value: str | int, **options: Any) -> Briefing:
    """build_briefing with the scope given by name ("country", "actor", "resolution",
    "thread" or "addressee"), as the page and the command receive it."""
    if scope == "country":
        return build_briefing(session, country=str(value), **options)
    number = int(value)
    if scope == "actor":
        return build_briefing(session, actor_id=number, **options)
    if scope == "resolution":
        return build_briefing(session, resolution_id=number, **options)
    if scope == "thread":
        return build_briefing(session, thread_id=number, **options)
    if scope == "addressee":
        return build_briefing(session, addressee_id=number, **options)
    raise ValueError(f"unknown briefing scope {scope!r}")


def _events(
    session: Session,
    demand_ids: list[int],
    *,
    country: str | None,
    actor_id: int | None,
    since: dt.date,
) -> list[Event]:
    from tracker.models import EventActor
    from tracker.models.demands import demand_events

    linked = select(demand_events.c.event_id).where(
        demand_events.c.demand_id.in_(demand_ids or [0])
    )
    condition: ColumnElement[bool] = Event.id.in_(linked)
    if country:
        condition = condition | (Event.country == country.upper())
    if actor_id:
        condition = condition | Event.id.in_(
            select(EventActor.event_id).where(EventActor.actor_id == actor_id)
        )
    return list(
        session.scalars(
            select(Event)
            .where(condition, Event.occurred_on >= since)
            .order_by(Event.occurred_on, Event.id)
        )
    )


def _situations(
    session: Session, demand_ids: list[int], *, actor_id: int | None, since: dt.date
) -> list[SituationChange]:
    people = select(DemandActor.actor_id).where(DemandActor.demand_id.in_(demand_ids or [0]))
    condition: ColumnElement[bool] = SituationChange.actor_id.in_(people)
    if actor_id:
        condition = condition | (SituationChange.actor_id == actor_id)
    return list(
        session.scalars(
            select(SituationChange)
            .join(Actor, Actor.id == SituationChange.actor_id)
            .where(condition, SituationChange.since >= since, Actor.kind == ActorKind.PERSON)
            .options(joinedload(SituationChange.actor))
            .order_by(SituationChange.since, SituationChange.id)
        )
    )


def _wording(open_demands: list[DemandRow]) -> list[str]:
    """Draft lines for the next text, one per thread (or lone demand) still not implemented."""
    seen: set[object] = set()
    lines = []
    for demand in sorted(open_demands, key=lambda d: (-d.times_demanded, d.title)):
        key = demand.thread_id or ("demand", demand.id)
        if key in seen or demand.status not in (
            "not_implemented",
            "regressed",
            "no_information",
            "partially_implemented",
        ):
            continue
        seen.add(key)
        to = f" on {', '.join(demand.addressees)}" if demand.addressees else ""
        made = (
            f"made {demand.times_demanded} times already"
            if demand.times_demanded > 1
            else f"first made in {demand.resolution_reference}"
        )
        lines.append(
            f"[DRAFT] Reiterates its call{to}: “{demand.title}” ({made}; "
            f"status: {_label(demand.status)});"
        )
    return lines


def latest_resolution_date(session: Session, country: str) -> dt.date | None:
    return session.scalar(
        select(func.max(Resolution.adopted_on)).where(Resolution.country == country.upper())
    )
