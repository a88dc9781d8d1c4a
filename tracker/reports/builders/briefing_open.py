"""Parts 2 and 3 of a briefing: the open demands of a scope by addressee, and those overdue or
stale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import Actor, Demand, DemandActor, LinkRole, Resolution
from tracker.reports.briefing import AddresseeGroup, BriefDemand, Limits
from tracker.reports.builders.briefing_queries import (
    BriefingQueries,
    addressee_names,
    brief_demand,
    update_sources,
)
from tracker.reports.builders.scope import Scope

NO_ADDRESSEE = "No addressee named"


@dataclass(frozen=True)
class OpenDemands:
    by_addressee: tuple[AddresseeGroup, ...]
    addressees_total: int
    overdue: tuple[BriefDemand, ...]
    overdue_total: int
    stale: tuple[BriefDemand, ...]
    stale_total: int


class _OpenQueries(BriefingQueries):
    def __init__(
        self,
        session: Session,
        scope: Scope,
        *,
        today: dt.date,
        stale_after_days: int,
        limits: Limits | None,
    ) -> None:
        super().__init__(session, scope, limits=limits)
        self.today = today
        self.cutoff = today - dt.timedelta(days=stale_after_days)

    def by_addressee(self) -> list[Any]:
        """Open demands per addressee, the addressees with most open demands first (demands
        naming none last), each group's latest demands first; each row carries its group's
        total and the number of groups."""
        link = aliased(DemandActor, name="asked")
        addressee = aliased(Actor, name="addressee")
        group = func.coalesce(addressee.id, 0)
        ranked = (
            self.open_demands()
            .outerjoin(link, and_(link.demand_id == Demand.id, link.role == LinkRole.ADDRESSEE))
            .outerjoin(addressee, addressee.id == link.actor_id)
            .with_only_columns(
                *self.demand_columns(times=literal(1)),
                addressee.id.label("addressee_id"),
                addressee.name.label("addressee"),
                func.row_number()
                .over(
                    partition_by=group,
                    order_by=(Resolution.adopted_on.desc().nulls_last(), Demand.id),
                )
                .label("rank"),
                func.count().over(partition_by=group).label("group_total"),
            )
            .subquery("ranked")
        )
        grouped = select(
            ranked,
            func.dense_rank()
            .over(
                order_by=(
                    ranked.c.addressee_id.is_(None),
                    ranked.c.group_total.desc(),
                    ranked.c.addressee,
                    ranked.c.addressee_id,
                )
            )
            .label("group_rank"),
        ).subquery("grouped")
        numbered = select(grouped, func.max(grouped.c.group_rank).over().label("groups")).subquery(
            "numbered"
        )
        columns = [c for c in numbered.c if c.key != "times"]
        stmt = select(*columns, self.times_demanded(numbered.c.thread_id).label("times"))
        if self.limits is not None:
            stmt = stmt.where(
                numbered.c.rank <= self.limits.per_addressee,
                numbered.c.group_rank <= self.limits.addressees,
            )
        return list(
            self.session.execute(stmt.order_by(numbered.c.group_rank, numbered.c.rank)).all()
        )

    def overdue(self) -> tuple[list[Any], int]:
        return self.counted(
            self.open_demands()
            .with_only_columns(*self.demand_columns(), func.count().over())
            .where(Demand.deadline < self.today)
            .order_by(Demand.deadline, Demand.id),
            "lists",
        )

    def stale(self) -> tuple[list[Any], int]:
        return self.counted(
            self.open_demands()
            .with_only_columns(*self.demand_columns(), func.count().over())
            .where(or_(self.current.id.is_(None), self.current.assessed_on < self.cutoff))
            .order_by(self.current.assessed_on.nulls_first(), Demand.id),
            "lists",
        )


def list_open_demands(
    session: Session,
    scope: Scope,
    *,
    today: dt.date,
    stale_after_days: int,
    include_confidential: bool,
    limits: Limits | None,
) -> OpenDemands:
    """The open demands grouped by addressee, and the overdue and stale ones, each with its
    latest evidence; with `limits`, the first of each list and the count of all."""
    queries = _OpenQueries(
        session, scope, today=today, stale_after_days=stale_after_days, limits=limits
    )
    group_rows = queries.by_addressee()
    overdue_rows, overdue_total = queries.overdue()
    stale_rows, stale_total = queries.stale()
    listed = [*group_rows, *overdue_rows, *stale_rows]
    addressees = addressee_names(session, (r.id for r in listed))
    sources = update_sources(
        session,
        [r.current_id for r in listed if r.current_id],
        include_confidential=include_confidential,
    )

    groups: dict[tuple[bool, str], tuple[list[BriefDemand], int]] = {}
    for r in group_rows:
        key = (r.addressee_id is None, r.addressee or NO_ADDRESSEE)
        groups.setdefault(key, ([], r.group_total))[0].append(brief_demand(r, addressees, sources))
    return OpenDemands(
        addressees_total=group_rows[0].groups if group_rows else 0,
        by_addressee=tuple(
            AddresseeGroup(name, tuple(demands), total)
            for (_none, name), (demands, total) in groups.items()
        ),
        overdue=tuple(brief_demand(r, addressees, sources) for r in overdue_rows),
        overdue_total=overdue_total,
        stale=tuple(brief_demand(r, addressees, sources) for r in stale_rows),
        stale_total=stale_total,
    )
