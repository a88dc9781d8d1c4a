"""Building a report snapshot: a fixed number of statements, confidentiality respected."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ResolutionFactory, SourceFactory, UserFactory
from tracker.models import Status
from tracker.reports.build import build_snapshot
from tracker.services.followup import record_status_update


def _fill(db: Session, resolution, demands: int) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    for n in range(demands):
        demand = DemandFactory(paragraph__resolution=resolution)
        for k in range(3):
            record_status_update(
                db,
                demand,
                status=Status.NOT_IMPLEMENTED,
                assessed_on=dt.date(2023, 1, 1) + dt.timedelta(days=10 * k + n),
                sources=[SourceFactory(is_confidential=(k == 2))],
                actor=user,
            )


def test_snapshot_statement_count_does_not_grow_with_demands(db: Session, queries) -> None:  # type: ignore[no-untyped-def]
    small, large = ResolutionFactory(), ResolutionFactory()
    _fill(db, small, 2)
    _fill(db, large, 12)
    db.flush()
    db.expire_all()
    with queries() as first:
        build_snapshot(db, resolution_id=small.id)
    db.expire_all()
    with queries() as second:
        build_snapshot(db, resolution_id=large.id)
    assert first.count == second.count, (str(first), str(second))


def test_confidential_sources_are_left_out_unless_asked(db: Session) -> None:
    resolution = ResolutionFactory()
    _fill(db, resolution, 1)
    public = build_snapshot(db, resolution_id=resolution.id)
    private = build_snapshot(db, resolution_id=resolution.id, include_confidential=True)
    public_sources = {s.id for d in public.demands for u in d.history for s in u.sources}
    private_sources = {s.id for d in private.demands for u in d.history for s in u.sources}
    assert len(private_sources) == 3
    assert len(public_sources) == 2
    assert all(not s.is_confidential for d in public.demands for u in d.history for s in u.sources)


def test_country_scope_holds_only_that_country(db: Session) -> None:
    kh, mm = ResolutionFactory(country="KH"), ResolutionFactory(country="MM")
    _fill(db, kh, 1)
    _fill(db, mm, 2)
    snapshot = build_snapshot(db, country="mm")
    assert {d.resolution_id for d in snapshot.demands} == {mm.id}
