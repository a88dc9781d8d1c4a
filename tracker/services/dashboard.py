"""What the dashboard shows: counts by status, overdue and stale demands, recent activity, for
everything or narrowed to one country and/or one body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, String, func, literal, select, union_all
from sqlalchemy.orm import Session, joinedload

from tracker.models import Demand, Paragraph, Resolution, Status, StatusUpdate
from tracker.parsing.countries import BY_CODE
from tracker.services.demands import (
    DemandFilters,
    demand_options,
    list_demands,
    list_demands_page,
)


@dataclass(frozen=True)
class DashboardScope:
    """What the dashboard is narrowed to: a country (ISO code) and/or a body, or nothing."""

    country: str | None = None
    body: str | None = None

    @property
    def is_narrowed(self) -> bool:
        return bool(self.country or self.body)

    def terms(self) -> list[ColumnElement[bool]]:
        """The conditions on `Resolution` (joined) that keep what is in scope."""
        terms: list[ColumnElement[bool]] = []
        if self.country:
            terms.append(Resolution.country == self.country)
        if self.body:
            terms.append(Resolution.body == self.body)
        return terms

    @property
    def label(self) -> str:
        """The scope in words, as "Cambodia · European Parliament"; empty for everything."""
        return " · ".join(x for x in (self.country and country_name(self.country), self.body) if x)

    def demand_filters(self, **flags: Any) -> DemandFilters:
        """The demand list's filters for this scope, with `flags` (overdue=True, sort=…)."""
        return DemandFilters(country=self.country, body=self.body, **flags)

    def query_args(self) -> dict[str, str]:
        """The scope as the demand list's query parameters, to link to what a figure counts."""
        return {k: v for k, v in (("country", self.country), ("body", self.body)) if v}

    def on_demands(self, stmt: Select) -> Select:
        """`stmt` (selecting from demands) kept to the demands in scope: those of the paragraphs
        of the resolutions in scope, a list SQLite builds from two covering indexes, where a
        join would read every demand to keep its group-by order."""
        if not self.is_narrowed:
            return stmt
        paragraphs = select(Paragraph.id).join(Paragraph.resolution).where(*self.terms())
        return stmt.where(Demand.paragraph_id.in_(paragraphs))


@dataclass(frozen=True)
class ScopeChoices:
    """The countries (code, name) and bodies that resolutions are stored for."""

    countries: list[tuple[str, str]] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)


@dataclass
class Dashboard:
    scope: DashboardScope
    choices: ScopeChoices
    counts: dict[Status, int]
    total: int
    overdue: list[Demand]
    overdue_total: int
    stale: list[Demand]
    stale_total: int
    recent_updates: list[StatusUpdate]
    recent_resolutions: list[Resolution]
    stale_after_days: int


def country_name(code: str) -> str:
    country = BY_CODE.get(code)
    return country.names[0] if country else code


def list_scope_choices(session: Session) -> ScopeChoices:
    """Every country and body that some resolution has, in one statement: each half reads
    only its own index."""
    nothing = literal(None, String)
    rows: Sequence[Any] = session.execute(
        union_all(
            select(Resolution.country, nothing).group_by(Resolution.country),
            select(nothing, Resolution.body).group_by(Resolution.body),
        )
    ).all()
    return ScopeChoices(
        countries=sorted(((c, country_name(c)) for c, _ in rows if c), key=lambda cn: cn[1]),
        bodies=sorted(b for _, b in rows if b),
    )


def list_recent_updates(
    session: Session, scope: DashboardScope, *, in_scope: int, all_demands: int, limit: int
) -> list[StatusUpdate]:
    """The latest assessments by the date they speak for, then the day they were typed in: a
    verdict of March entered in May is older news than an April release entered in April.

    Everything: the newest entries of the (assessed_on, recorded_at, id) index. Narrowed to
    many demands, the same walk, each entry tested for its scope until `limit` pass; narrowed
    to few, that walk could pass over most of the index before it found them, so their own
    assessments are read through the demand index and sorted."""
    newest = (
        select(StatusUpdate)
        .options(
            joinedload(StatusUpdate.demand).options(*demand_options()[:1]),
            joinedload(StatusUpdate.author),
        )
        .order_by(
            StatusUpdate.assessed_on.desc(),
            StatusUpdate.recorded_at.desc(),
            StatusUpdate.id.desc(),
        )
        .limit(limit)
    )
    if scope.is_narrowed:
        if not in_scope:
            return []
        in_scope_ids = scope.on_demands(select(Demand.id))
        # The walk reads about limit × all / in_scope entries; reading the demands' own costs
        # about (updates per demand) × in_scope. Walk when in_scope² ≥ limit × all, as the
        # demand list decides (tracker.services.demands.list_demands).
        if in_scope * in_scope >= limit * all_demands:
            newest = newest.where(in_scope_ids.where(Demand.id == StatusUpdate.demand_id).exists())
        else:
            newest = newest.where(StatusUpdate.demand_id.in_(in_scope_ids))
    return list(session.scalars(newest).unique())


def get_dashboard(
    session: Session,
    *,
    today: dt.date,
    stale_after_days: int,
    scope: DashboardScope | None = None,
    limit: int = 10,
) -> Dashboard:
    scope = scope or DashboardScope()
    counts = dict.fromkeys(Status, 0)
    # Each demand keeps its current status: with no scope, one pass over an index of demands.
    # Narrowed, every demand is counted too, in the same statement (an index count): the ratio
    # decides below how to find the latest assessments in scope.
    columns: list[Any] = [Demand.current_status, func.count()]
    if scope.is_narrowed:
        columns.append(select(func.count()).select_from(Demand).scalar_subquery())
    rows: Sequence[Any] = session.execute(
        scope.on_demands(select(*columns).select_from(Demand).group_by(Demand.current_status))
    ).all()
    for status, count, *_all in rows:
        counts[Status(status)] += count
    all_demands = rows[0][2] if scope.is_narrowed and rows else sum(counts.values())
    overdue, overdue_total = list_demands(
        session,
        scope.demand_filters(overdue=True, sort="deadline"),
        per_page=limit,
        today=today,
        stale_after_days=stale_after_days,
    )
    stale = list_demands_page(
        session,
        scope.demand_filters(stale=True, sort="updated"),
        per_page=limit,
        today=today,
        stale_after_days=stale_after_days,
    )
    # Stale = not moot and not assessed since the cutoff (or never). The counts above already
    # give the demands not moot; take away those assessed since the cutoff, a short range of
    # the last-assessed index, rather than reading the whole index for the stale ones.
    cutoff = today - dt.timedelta(days=stale_after_days)
    fresh = session.scalar(
        scope.on_demands(
            select(func.count())
            .select_from(Demand)
            .where(Demand.last_assessed_on >= cutoff, Demand.current_status != Status.MOOT)
        )
    )
    stale_total = sum(counts.values()) - counts[Status.MOOT] - (fresh or 0)
    recent_updates = list_recent_updates(
        session, scope, in_scope=sum(counts.values()), all_demands=all_demands, limit=limit
    )
    recent_resolutions = list(
        session.scalars(
            select(Resolution)
            .where(*scope.terms())
            .order_by(Resolution.created_at.desc(), Resolution.id.desc())
            .limit(limit)
        )
    )
    return Dashboard(
        scope=scope,
        choices=list_scope_choices(session),
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
