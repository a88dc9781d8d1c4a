"""Reading demands: filtered lists and the whole demand with everything its page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Actor,
    Demand,
    DemandActor,
    Paragraph,
    Resolution,
    Status,
    StatusUpdate,
)
from tracker.services.errors import NotFound


@dataclass
class DemandFilters:
    country: str | None = None
    status: Status | None = None
    resolution_id: int | None = None
    body: str | None = None
    actor_id: int | None = None
    addressee_id: int | None = None
    subject_id: int | None = None
    theme: str | None = None
    stale: bool = False
    overdue: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None
    sort: str = "resolution"
    extra: dict[str, str] = field(default_factory=dict)


SORTS = {
    "resolution": (
        Resolution.adopted_on.desc().nulls_last(),
        Resolution.id.desc(),
        Paragraph.position,
        Demand.position,
    ),
    "oldest": (
        Resolution.adopted_on.asc().nulls_last(),
        Resolution.id,
        Paragraph.position,
        Demand.position,
    ),
    "title": (Demand.title, Demand.id),
    "deadline": (Demand.deadline.asc().nulls_last(), Demand.id),
    "updated": (StatusUpdate.assessed_on.desc().nulls_last(), Demand.id),
}


def demand_options():
    """What a row in a list of demands shows, loaded in a fixed number of statements."""
    return (
        joinedload(Demand.paragraph).joinedload(Paragraph.resolution),
        joinedload(Demand.current_update),
        selectinload(Demand.actor_links).joinedload(DemandActor.actor),
    )


def _filtered(filters: DemandFilters, *, today: dt.date, stale_after_days: int) -> Select:
    stmt = (
        select(Demand)
        .join(Demand.paragraph)
        .join(Paragraph.resolution)
        .outerjoin(StatusUpdate, StatusUpdate.id == Demand.current_update_id)
    )
    if filters.country:
        stmt = stmt.where(Resolution.country == filters.country.upper())
    if filters.resolution_id:
        stmt = stmt.where(Resolution.id == filters.resolution_id)
    if filters.body:
        stmt = stmt.where(Resolution.body == filters.body)
    if filters.status == Status.NO_INFORMATION:
        stmt = stmt.where(or_(StatusUpdate.id.is_(None), StatusUpdate.status == filters.status))
    elif filters.status:
        stmt = stmt.where(StatusUpdate.status == filters.status)
    for actor_id, role in (
        (filters.addressee_id, "addressee"),
        (filters.subject_id, "subject"),
        (filters.actor_id, None),
    ):
        if actor_id:
            link = select(DemandActor.demand_id).where(DemandActor.actor_id == actor_id)
            if role:
                link = link.where(DemandActor.role == role)
            stmt = stmt.where(Demand.id.in_(link))
    if filters.theme:
        from tracker.models import Theme
        from tracker.models.demands import demand_themes

        themed = (
            select(demand_themes.c.demand_id)
            .join(Theme, Theme.id == demand_themes.c.theme_id)
            .where(Theme.name == filters.theme)
        )
        stmt = stmt.where(Demand.id.in_(themed))
    if filters.stale:
        cutoff = today - dt.timedelta(days=stale_after_days)
        stmt = stmt.where(or_(StatusUpdate.id.is_(None), StatusUpdate.assessed_on < cutoff))
        stmt = stmt.where(or_(StatusUpdate.id.is_(None), StatusUpdate.status != Status.MOOT))
    if filters.overdue:
        stmt = stmt.where(
            and_(
                Demand.deadline.is_not(None),
                Demand.deadline < today,
                or_(
                    StatusUpdate.id.is_(None),
                    StatusUpdate.status.not_in([Status.IMPLEMENTED, Status.MOOT]),
                ),
            )
        )
    if filters.since:
        stmt = stmt.where(Resolution.adopted_on >= filters.since)
    if filters.until:
        stmt = stmt.where(Resolution.adopted_on <= filters.until)
    if filters.q:
        like = f"%{filters.q.strip()}%"
        stmt = stmt.where(or_(Demand.title.ilike(like), Demand.text.ilike(like)))
    return stmt


def list_demands(
    session: Session,
    filters: DemandFilters,
    *,
    page: int = 1,
    per_page: int = 50,
    today: dt.date | None = None,
    stale_after_days: int = 90,
) -> tuple[list[Demand], int]:
    """One page of demands and the total that match."""
    today = today or dt.date.today()
    base = _filtered(filters, today=today, stale_after_days=stale_after_days)
    total = (
        session.scalar(
            select(func.count()).select_from(base.with_only_columns(Demand.id).subquery())
        )
        or 0
    )
    order = SORTS.get(filters.sort, SORTS["resolution"])
    rows = (
        session.scalars(
            base.options(*demand_options())
            .order_by(*order)
            .limit(per_page)
            .offset(max(page - 1, 0) * per_page)
        )
        .unique()
        .all()
    )
    return list(rows), total


def get_demand(session: Session, demand_id: int) -> Demand:
    """A demand with its paragraph, resolution, links, thread and whole history."""
    demand = session.scalar(
        select(Demand)
        .where(Demand.id == demand_id)
        .options(
            joinedload(Demand.paragraph).joinedload(Paragraph.resolution),
            joinedload(Demand.thread),
            joinedload(Demand.current_update),
            selectinload(Demand.actor_links).joinedload(DemandActor.actor),
            selectinload(Demand.events),
            selectinload(Demand.themes),
            selectinload(Demand.updates).options(
                selectinload(StatusUpdate.sources),
                joinedload(StatusUpdate.author),
            ),
        )
    )
    if demand is None:
        raise NotFound(f"no demand with id {demand_id}")
    return demand


def is_stale(demand: Demand, *, today: dt.date, stale_after_days: int) -> bool:
    update = demand.current_update
    if update is not None and update.status == Status.MOOT:
        return False
    return update is None or update.assessed_on < today - dt.timedelta(days=stale_after_days)


def is_overdue(demand: Demand, *, today: dt.date) -> bool:
    return (
        demand.deadline is not None
        and demand.deadline < today
        and demand.status not in (Status.IMPLEMENTED, Status.MOOT)
    )


def list_actors_for_filter(session: Session) -> list[Actor]:
    return list(
        session.scalars(select(Actor).where(Actor.merged_into_id.is_(None)).order_by(Actor.name))
    )


@dataclass
class FilterOptions:
    bodies: list[str]
    addressees: list[tuple[int, str]]
    subjects: list[tuple[int, str]]
    themes: list[str]


def list_demand_filter_options(session: Session, *, limit: int = 500) -> FilterOptions:
    """What the filter menus of the demand list offer (a fixed number of statements)."""
    from tracker.models import Theme

    def linked(role: str) -> list[tuple[int, str]]:
        rows = session.execute(
            select(Actor.id, Actor.name)
            .where(Actor.id.in_(select(DemandActor.actor_id).where(DemandActor.role == role)))
            .order_by(Actor.name)
            .limit(limit)
        ).all()
        return [(i, n) for i, n in rows]

    return FilterOptions(
        bodies=[
            b
            for b in session.scalars(
                select(Resolution.body).distinct().order_by(Resolution.body).limit(limit)
            )
            if b
        ],
        addressees=linked("addressee"),
        subjects=linked("subject"),
        themes=list(session.scalars(select(Theme.name).order_by(Theme.name).limit(limit))),
    )
