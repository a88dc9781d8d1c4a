"""Part 4 of a briefing: the demands its draft wording reiterates, one per thread."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Demand, Paragraph, Resolution
from tracker.reports.briefing import BriefDemand, Limits
from tracker.reports.builders.briefing_queries import (
    BriefingQueries,
    addressee_names,
    brief_demand,
    update_sources,
)
from tracker.reports.builders.scope import Scope


class _DraftQueries(BriefingQueries):
    def _thread_sizes(self) -> Any:
        """Demands per thread, for the threads of the demands in scope."""
        return (
            select(Demand.thread_id, func.count(Demand.id).label("size"))
            .where(
                Demand.thread_id.in_(
                    select(Demand.thread_id)
                    .join(Demand.paragraph)
                    .join(Paragraph.resolution)
                    .where(self.scope.condition, Demand.thread_id.is_not(None))
                )
            )
            .group_by(Demand.thread_id)
            .subquery("thread_sizes")
        )

    def latest_per_thread(self) -> tuple[list[Any], int]:
        """One open demand per thread (or lone demand), the latest asked, most demanded first."""
        thread_key = func.coalesce(Demand.thread_id, -Demand.id)
        sizes = self._thread_sizes()
        ranked = (
            self.open_demands()
            .outerjoin(sizes, sizes.c.thread_id == Demand.thread_id)
            .with_only_columns(
                *self.demand_columns(times=func.coalesce(sizes.c.size, 1)),
                func.row_number()
                .over(
                    partition_by=thread_key,
                    order_by=(Resolution.adopted_on.desc().nulls_last(), Demand.id.desc()),
                )
                .label("rank"),
            )
            .subquery("per_thread")
        )
        return self.counted(
            select(ranked, func.count().over())
            .where(ranked.c.rank == 1)
            .order_by(ranked.c.times.desc(), ranked.c.title, ranked.c.id),
            "lists",
        )


def list_demands_to_reiterate(
    session: Session, scope: Scope, *, include_confidential: bool, limits: Limits | None
) -> tuple[tuple[BriefDemand, ...], int]:
    """The latest open demand of each thread in scope, most demanded first, with whom it asks;
    with `limits`, the first of them and the count of all."""
    rows, total = _DraftQueries(session, scope, limits=limits).latest_per_thread()
    addressees = addressee_names(session, (r.id for r in rows))
    sources = update_sources(
        session,
        [r.current_id for r in rows if r.current_id],
        include_confidential=include_confidential,
    )
    return tuple(brief_demand(r, addressees, sources) for r in rows), total
