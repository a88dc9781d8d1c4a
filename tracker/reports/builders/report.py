"""Build one ReportSnapshot from the database in a fixed number of statements.

Plain rows, not ORM objects: a country's report reads every demand and every assessment of it
(the spreadsheets and the JSON hold them all), and identity-mapped objects took several times
the memory and the time for the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker.models import (
    Actor,
    Demand,
    DemandActor,
    Event,
    EventActor,
    LinkRole,
    Paragraph,
    Resolution,
    Source,
    StatusUpdate,
    Theme,
    Thread,
    User,
)
from tracker.models.demands import demand_events, demand_themes, status_update_sources
from tracker.models.events import event_sources
from tracker.reports.builders.scope import country_name, resolve_scope
from tracker.reports.snapshot import DemandRow, EventRow, ReportSnapshot, SourceRef, UpdateRow
from tracker.services.visibility import shown_note

_SOURCE_COLUMNS = (
    Source.id,
    Source.title,
    Source.reference,
    Source.url,
    Source.publisher,
    Source.published_on,
    Source.is_confidential,
)


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        source.id,
        source.label,
        source.url,
        source.publisher,
        source.published_on,
        source.is_confidential,
    )


def _source_row(row: Any) -> SourceRef:
    """A SourceRef from the _SOURCE_COLUMNS of a row (Source.label, from its columns)."""
    label = row.title or row.reference or row.url or f"Source {row.id}"
    return SourceRef(row.id, label, row.url, row.publisher, row.published_on, row.is_confidential)


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _sources_by(
    session: Session, link: Any, key: str, owners: Select[Any], include_confidential: bool
) -> dict[int, list[SourceRef]]:
    """The sources linked (through the table `link`, column `key`) to each owner in `owners`."""
    stmt = (
        select(link.c[key], *_SOURCE_COLUMNS)
        .join(Source, Source.id == link.c.source_id)
        .where(link.c[key].in_(owners))
        .order_by(link.c[key], Source.id)
    )
    if not include_confidential:
        stmt = stmt.where(Source.is_confidential.is_(False))
    found: dict[int, list[SourceRef]] = defaultdict(list)
    for row in session.execute(stmt):
        found[row[0]].append(_source_row(row))
    return found


def build_snapshot(
    session: Session,
    *,
    resolution_id: int | None = None,
    country: str | None = None,
    actor_id: int | None = None,
    thread_id: int | None = None,
    addressee_id: int | None = None,
    include_confidential: bool = False,
    now: dt.datetime | None = None,
) -> ReportSnapshot:
    """The report for one scope; confidential sources and notes only when asked (admins)."""
    scope = resolve_scope(
        session,
        resolution_id=resolution_id,
        country=country,
        actor_id=actor_id,
        thread_id=thread_id,
        addressee_id=addressee_id,
    )
    in_scope = (
        select(Demand.id).join(Demand.paragraph).join(Paragraph.resolution).where(scope.condition)
    )
    demands = session.execute(
        select(
            Demand.id,
            Demand.title,
            Demand.text,
            Demand.verb,
            Demand.deadline,
            Demand.deadline_precision,
            Demand.condition,
            Demand.thread_id,
            Paragraph.label.label("paragraph_label"),
            Paragraph.text.label("paragraph_text"),
            Resolution.id.label("resolution_id"),
            Resolution.title.label("resolution_title"),
            Resolution.document_reference,
            Resolution.procedure,
            Resolution.adopted_on,
            Thread.title.label("thread_title"),
        )
        .join(Demand.paragraph)
        .join(Paragraph.resolution)
        .outerjoin(Thread, Thread.id == Demand.thread_id)
        .where(scope.condition)
        .order_by(
            Resolution.adopted_on.nulls_last(),
            Resolution.id,
            Paragraph.position,
            Demand.position,
            Demand.id,
        )
    ).all()

    actors: dict[tuple[int, str], list[str]] = defaultdict(list)
    for demand_id, link_role, name in session.execute(
        select(DemandActor.demand_id, DemandActor.role, Actor.name)
        .join(Actor, Actor.id == DemandActor.actor_id)
        .where(DemandActor.demand_id.in_(in_scope))
        .order_by(DemandActor.demand_id, DemandActor.actor_id)
    ):
        actors[demand_id, _value(link_role)].append(name)
    themes: dict[int, list[str]] = defaultdict(list)
    for demand_id, name in session.execute(
        select(demand_themes.c.demand_id, Theme.name)
        .join(Theme, Theme.id == demand_themes.c.theme_id)
        .where(demand_themes.c.demand_id.in_(in_scope))
        .order_by(demand_themes.c.demand_id, Theme.name)
    ):
        themes[demand_id].append(name)
    thread_counts: dict[int | None, int] = dict(
        session.execute(
            select(Demand.thread_id, func.count(Demand.id))
            .where(
                Demand.thread_id.in_(
                    in_scope.with_only_columns(Demand.thread_id).where(
                        Demand.thread_id.is_not(None)
                    )
                )
            )
            .group_by(Demand.thread_id)
        ).all()
    )

    updates_in_scope = select(StatusUpdate.id).where(StatusUpdate.demand_id.in_(in_scope))
    update_sources = _sources_by(
        session, status_update_sources, "status_update_id", updates_in_scope, include_confidential
    )
    history: dict[int, list[UpdateRow]] = defaultdict(list)
    for u in session.execute(
        select(
            StatusUpdate.id,
            StatusUpdate.demand_id,
            StatusUpdate.status,
            StatusUpdate.assessed_on,
            StatusUpdate.note,
            StatusUpdate.is_note_confidential,
            StatusUpdate.response,
            StatusUpdate.recorded_at,
            StatusUpdate.corrects_id,
            StatusUpdate.is_demo,
            func.coalesce(func.nullif(User.name, ""), User.email).label("author"),
        )
        .outerjoin(User, User.id == StatusUpdate.author_id)
        .where(StatusUpdate.demand_id.in_(in_scope))
        .order_by(StatusUpdate.demand_id, StatusUpdate.assessed_on.desc(), StatusUpdate.id.desc())
    ):
        history[u.demand_id].append(
            UpdateRow(
                id=u.id,
                status=_value(u.status),
                assessed_on=u.assessed_on,
                # The one rule for confidential notes, read from the row's two columns.
                note=shown_note(cast(StatusUpdate, u), confidential=include_confidential) or "",
                response=_value(u.response) if u.response else None,
                sources=tuple(update_sources.get(u.id, ())),
                author=u.author,
                recorded_at=u.recorded_at,
                corrects_id=u.corrects_id,
                is_demo=u.is_demo,
            )
        )

    events_in_scope = select(demand_events.c.event_id).where(
        demand_events.c.demand_id.in_(in_scope)
    )
    event_refs = _sources_by(
        session, event_sources, "event_id", events_in_scope, include_confidential
    )
    participants: dict[int, list[str]] = defaultdict(list)
    for event_id, role, name in session.execute(
        select(EventActor.event_id, EventActor.role, Actor.name)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(events_in_scope))
        .order_by(EventActor.event_id, EventActor.actor_id)
    ):
        participants[event_id].append(f"{name} ({role})" if role else name)
    events = session.execute(
        select(Event.id, Event.title, Event.kind, Event.occurred_on, Event.date_precision)
        .where(Event.id.in_(events_in_scope))
        .order_by(Event.occurred_on, Event.id)
    ).all()

    rows = []
    for d in demands:
        updates = tuple(history.get(d.id, ()))
        corrected = {u.corrects_id for u in updates if u.corrects_id}
        effective = [u for u in updates if u.id not in corrected]
        rows.append(
            DemandRow(
                id=d.id,
                title=d.title,
                text=d.text,
                verb=d.verb,
                paragraph_label=d.paragraph_label,
                paragraph_text=d.paragraph_text,
                resolution_id=d.resolution_id,
                resolution_title=d.resolution_title,
                resolution_reference=d.document_reference or d.procedure or f"#{d.resolution_id}",
                resolution_date=d.adopted_on,
                addressees=tuple(actors.get((d.id, LinkRole.ADDRESSEE.value), ())),
                subjects=tuple(actors.get((d.id, LinkRole.SUBJECT.value), ())),
                themes=tuple(themes.get(d.id, ())),
                deadline=d.deadline,
                deadline_precision=_value(d.deadline_precision) if d.deadline_precision else None,
                condition=d.condition,
                thread_id=d.thread_id,
                thread_title=d.thread_title,
                times_demanded=thread_counts.get(d.thread_id, 1) if d.thread_id else 1,
                status=effective[0].status if effective else "no_information",
                history=updates,
            )
        )
    return ReportSnapshot(
        title=scope.title,
        scope_kind=scope.kind,
        scope_value=scope.value,
        scope_name=country_name(scope.value) if scope.kind == "country" else scope.value,
        generated_at=now or dt.datetime.now(dt.UTC),
        include_confidential=include_confidential,
        demands=tuple(rows),
        events=tuple(
            EventRow(
                id=e.id,
                title=e.title,
                kind=_value(e.kind),
                occurred_on=e.occurred_on,
                precision=_value(e.date_precision),
                actors=tuple(participants.get(e.id, ())),
                sources=tuple(event_refs.get(e.id, ())),
            )
            for e in events
        ),
        resolutions=tuple(
            sorted(
                {
                    (r.resolution_id, r.resolution_title, r.resolution_reference, r.resolution_date)
                    for r in rows
                },
                key=lambda t: (t[3] or dt.date.min, t[0]),
            )
        ),
    )
