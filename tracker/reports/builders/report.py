"""Build one ReportSnapshot from the database in a fixed number of statements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Demand,
    DemandActor,
    Event,
    EventActor,
    LinkRole,
    Paragraph,
    Resolution,
    Source,
    StatusUpdate,
)
from tracker.models.demands import demand_events
from tracker.reports.builders.scope import country_name, resolve_scope
from tracker.reports.snapshot import DemandRow, EventRow, ReportSnapshot, SourceRef, UpdateRow
from tracker.services.visibility import shown_note, shown_sources


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        source.id,
        source.label,
        source.url,
        source.publisher,
        source.published_on,
        source.is_confidential,
    )


def _sources(sources: list[Source], include_confidential: bool) -> tuple[SourceRef, ...]:
    return tuple(source_ref(s) for s in shown_sources(sources, confidential=include_confidential))


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
    stmt = scope.demands()
    scope_kind, scope_value, title = scope.kind, scope.value, scope.title

    demands = (
        session.scalars(
            stmt.options(
                joinedload(Demand.paragraph).joinedload(Paragraph.resolution),
                joinedload(Demand.thread),
                selectinload(Demand.actor_links).joinedload(DemandActor.actor),
                selectinload(Demand.themes),
                selectinload(Demand.updates).options(
                    selectinload(StatusUpdate.sources), joinedload(StatusUpdate.author)
                ),
            ).order_by(
                Resolution.adopted_on.nulls_last(),
                Resolution.id,
                Paragraph.position,
                Demand.position,
            )
        )
        .unique()
        .all()
    )

    thread_ids = {d.thread_id for d in demands if d.thread_id}
    thread_counts: dict[int, int] = {}
    if thread_ids:
        for thread_id, count in session.execute(
            select(Demand.thread_id, func.count(Demand.id))
            .where(Demand.thread_id.in_(thread_ids))
            .group_by(Demand.thread_id)
        ):
            if thread_id is not None:
                thread_counts[thread_id] = count

    demand_ids = [d.id for d in demands]
    events = session.scalars(
        select(Event)
        .where(
            Event.id.in_(
                select(demand_events.c.event_id).where(
                    demand_events.c.demand_id.in_(demand_ids or [0])
                )
            )
        )
        .options(
            selectinload(Event.participants).joinedload(EventActor.actor),
            selectinload(Event.sources),
        )
        .order_by(Event.occurred_on, Event.id)
    ).all()

    rows = []
    for d in demands:
        history = tuple(
            UpdateRow(
                id=u.id,
                status=u.status.value,
                assessed_on=u.assessed_on,
                note=shown_note(u, confidential=include_confidential) or "",
                response=u.response.value if u.response else None,
                sources=_sources(u.sources, include_confidential),
                author=u.author.display_name if u.author else None,
                recorded_at=u.recorded_at,
                corrects_id=u.corrects_id,
                is_demo=u.is_demo,
            )
            for u in d.updates
        )
        corrected = {u.corrects_id for u in history if u.corrects_id}
        effective = [u for u in history if u.id not in corrected]
        resolution = d.paragraph.resolution
        rows.append(
            DemandRow(
                id=d.id,
                title=d.title,
                text=d.text,
                verb=d.verb,
                paragraph_label=d.paragraph.label,
                paragraph_text=d.paragraph.text,
                resolution_id=resolution.id,
                resolution_title=resolution.title,
                resolution_reference=resolution.reference,
                resolution_date=resolution.adopted_on,
                addressees=tuple(a.name for a in d.actors_in(LinkRole.ADDRESSEE)),
                subjects=tuple(a.name for a in d.actors_in(LinkRole.SUBJECT)),
                themes=tuple(sorted(t.name for t in d.themes)),
                deadline=d.deadline,
                deadline_precision=d.deadline_precision.value if d.deadline_precision else None,
                condition=d.condition,
                thread_id=d.thread_id,
                thread_title=d.thread.title if d.thread else None,
                times_demanded=thread_counts.get(d.thread_id, 1) if d.thread_id else 1,
                status=effective[0].status if effective else "no_information",
                history=history,
            )
        )
    from tracker.reports.builders.clocks import report_clock_rows

    return ReportSnapshot(
        clocks=report_clock_rows(session, scope, today=(now or dt.datetime.now(dt.UTC)).date()),
        title=title,
        scope_kind=scope_kind,
        scope_value=scope_value,
        scope_name=country_name(scope_value) if scope_kind == "country" else scope_value,
        generated_at=now or dt.datetime.now(dt.UTC),
        include_confidential=include_confidential,
        demands=tuple(rows),
        events=tuple(
            EventRow(
                id=e.id,
                title=e.title,
                kind=e.kind.value,
                occurred_on=e.occurred_on,
                precision=e.date_precision.value,
                actors=tuple(
                    f"{p.actor.name} ({p.role})" if p.role else p.actor.name for p in e.participants
                ),
                sources=_sources(e.sources, include_confidential),
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
