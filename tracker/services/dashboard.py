"""What the dashboard shows: counts by status, overdue and stale demands, recent activity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from tracker.models import Demand, Resolution, Status, StatusUpdate
from tracker.services.demands import (
    DemandFilters,
    demand_options,
    list_demands,
    list_demands_page,
)


@dataclass
class Dashboard:
    counts: dict[Status, int]
    total: int
    overdue: list[Demand]
    overdue_total: int
    stale: list[Demand]
    stale_total: int
    recent_updates: list[StatusUpdate]
    recent_resolutions: list[Resolution]
    stale_after_days: int


def get_dashboard(
    session: Session, *, today: dt.date, stale_after_days: int, limit: int = 10
) -> Dashboard:
    counts = dict.fromkeys(Status, 0)
    # One pass over an index of the demands alone: each keeps its current status.
    rows = session.execute(
        select(Demand.current_status, func.count()).group_by(Demand.current_status)
    ).all()
    for status, count in rows:
        counts[Status(status)] += count
    overdue, overdue_total = list_demands(
        session,
        DemandFilters(overdue=True, sort="deadline"),
        per_page=limit,
        today=today,
        stale_after_days=stale_after_days,
    )
    stale = list_demands_page(
        session,
        DemandFilters(stale=True, sort="updated"),
        per_page=limit,
        today=today,
        stale_after_days=stale_after_days,
    )
    # Stale = not moot and not assessed since the cutoff (or never). The counts above already
    # give the demands not moot; take away those assessed since the cutoff, a short range of
    # the last-assessed index, rather than reading the whole index for the stale ones.
    cutoff = today - dt.timedelta(days=stale_after_days)
    fresh = session.scalar(
        select(func.count())
        .select_from(Demand)
        .where(Demand.last_assessed_on >= cutoff, Demand.current_status != Status.MOOT)
    )
    stale_total = sum(counts.values()) - counts[Status.MOOT] - (fresh or 0)
    recent_updates = list(
        session.scalars(
            select(StatusUpdate)
            .options(
                joinedload(StatusUpdate.demand).options(*demand_options()[:1]),
                joinedload(StatusUpdate.author),
            )
            .order_by(StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc())
            .limit(limit)
        ).unique()
    )
    recent_resolutions = list(
        session.scalars(
            select(Resolution)
            .order_by(Resolution.created_at.desc(), Resolution.id.desc())
            .limit(limit)
        )
    )
    return Dashboard(
        counts=counts,
        total=sum(counts.values()),
        overdue=overdue,
        overdue_total=overdue_total,
        stale=stale,
        stale_total=stale_total,
        recent_updates=recent_updates,
        recent_resolutions=recent_resolutions,
        stale_after_days=stale_after_days,
    )
