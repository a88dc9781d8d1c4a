"""The dashboard's numbers: counts by status, and totals that match the lists they link to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import DemandFactory, SourceFactory
from tracker.models import Status
from tracker.services.dashboard import get_dashboard
from tracker.services.demands import DemandFilters, count_demands
from tracker.services.followup import record_status_update

TODAY = dt.date(2024, 6, 1)


def test_counts_and_totals_match_the_demand_list(db: Session) -> None:
    spread = [
        (None, None),
        (Status.NO_INFORMATION, dt.date(2024, 5, 1)),
        (Status.NOT_IMPLEMENTED, dt.date(2023, 1, 1)),
        (Status.NOT_IMPLEMENTED, dt.date(2024, 5, 20)),
        (Status.IMPLEMENTED, dt.date(2022, 1, 1)),
        (Status.MOOT, dt.date(2021, 1, 1)),
        (Status.MOOT, dt.date(2024, 5, 1)),
        (Status.REGRESSED, dt.date(2024, 3, 3)),
    ]
    for n, (status, on) in enumerate(spread):
        demand = DemandFactory(deadline=dt.date(2024, 1, 1) if n % 2 else None)
        db.flush()
        if status is not None and on is not None:
            record_status_update(
                db,
                demand,
                status=status,
                assessed_on=on,
                sources=[SourceFactory()],
                actor=None,
                today=TODAY,
            )
    db.commit()
    for days in (30, 90, 400, 2000):
        data = get_dashboard(db, today=TODAY, stale_after_days=days)
        assert data.counts == {
            Status.NO_INFORMATION: 2,
            Status.NOT_IMPLEMENTED: 2,
            Status.REGRESSED: 1,
            Status.PARTIALLY_IMPLEMENTED: 0,
            Status.IMPLEMENTED: 1,
            Status.MOOT: 2,
        }
        assert data.total == len(spread)
        for filters, total, shown in (
            (DemandFilters(stale=True), data.stale_total, data.stale),
            (DemandFilters(overdue=True), data.overdue_total, data.overdue),
        ):
            assert total == count_demands(db, filters, today=TODAY, stale_after_days=days)
            assert len(shown) == total
    # Never assessed, and assessed before 3 March 2024 (not on it) and not moot.
    assert get_dashboard(db, today=TODAY, stale_after_days=90).stale_total == 3
