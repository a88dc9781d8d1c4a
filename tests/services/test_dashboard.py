"""The dashboard's numbers: counts by status, totals that match the lists they link to, recent
changes by the date assessed, and all of it narrowed to a country and a body."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ParagraphFactory, ResolutionFactory, SourceFactory
from tracker.models import Status
from tracker.services.dashboard import DashboardScope, get_dashboard, list_recent_updates
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


def _assess(db: Session, demand, status: Status, on: dt.date) -> None:  # type: ignore[no-untyped-def]
    record_status_update(
        db,
        demand,
        status=status,
        assessed_on=on,
        sources=[SourceFactory()],
        actor=None,
        today=TODAY,
    )


def test_recent_changes_come_by_date_assessed_then_by_date_recorded(db: Session) -> None:
    first, second, third = DemandFactory(), DemandFactory(), DemandFactory()
    db.flush()
    # Recorded in this order; assessed in another, and two on the same day.
    _assess(db, first, Status.NOT_IMPLEMENTED, dt.date(2024, 4, 1))
    _assess(db, second, Status.IMPLEMENTED, dt.date(2023, 1, 1))
    _assess(db, third, Status.REGRESSED, dt.date(2024, 5, 1))
    _assess(db, second, Status.MOOT, dt.date(2024, 4, 1))
    db.commit()
    recent = get_dashboard(db, today=TODAY, stale_after_days=90).recent_updates
    assert [(u.demand_id, u.assessed_on) for u in recent] == [
        (third.id, dt.date(2024, 5, 1)),
        (second.id, dt.date(2024, 4, 1)),  # recorded after the other of 1 April
        (first.id, dt.date(2024, 4, 1)),
        (second.id, dt.date(2023, 1, 1)),
    ]


def test_the_dashboard_narrows_to_a_country_and_a_body(db: Session) -> None:
    places = {
        ("KH", "European Parliament"): [Status.NOT_IMPLEMENTED, Status.MOOT],
        ("KH", "UN Human Rights Council"): [Status.IMPLEMENTED],
        ("NI", "European Parliament"): [Status.REGRESSED, Status.REGRESSED, None],
    }
    demands: dict[tuple[str, str], list[int]] = {}
    for (country, body), statuses in places.items():
        resolution = ResolutionFactory(country=country, body=body)
        for n, status in enumerate(statuses):
            demand = DemandFactory(
                paragraph=ParagraphFactory(resolution=resolution),
                deadline=dt.date(2024, 1, 1),
            )
            db.flush()
            demands.setdefault((country, body), []).append(demand.id)
            if status is not None:
                _assess(db, demand, status, dt.date(2023, 6, 1 + n))
    db.commit()

    def look(**scope: str):  # type: ignore[no-untyped-def]
        return get_dashboard(db, today=TODAY, stale_after_days=90, scope=DashboardScope(**scope))

    everything = look()
    assert everything.total == 6
    assert everything.choices.countries == [("KH", "Cambodia"), ("NI", "Nicaragua")]
    assert everything.choices.bodies == ["European Parliament", "UN Human Rights Council"]

    for scope, keys in (
        ({"country": "KH"}, [("KH", "European Parliament"), ("KH", "UN Human Rights Council")]),
        (
            {"body": "European Parliament"},
            [("KH", "European Parliament"), ("NI", "European Parliament")],
        ),
        ({"country": "NI", "body": "European Parliament"}, [("NI", "European Parliament")]),
        ({"country": "NI", "body": "UN Human Rights Council"}, []),
    ):
        data = look(**scope)
        ids = {i for key in keys for i in demands[key]}
        statuses = [s for key in keys for s in places[key]]
        expected = {s: statuses.count(s) for s in Status}
        expected[Status.NO_INFORMATION] += statuses.count(None)
        assert data.counts == expected, scope
        assert data.total == len(ids)
        # The figures agree with the demand list they link to.
        for filters, total, shown in (
            (data.scope.demand_filters(stale=True), data.stale_total, data.stale),
            (data.scope.demand_filters(overdue=True), data.overdue_total, data.overdue),
        ):
            assert total == count_demands(db, filters, today=TODAY, stale_after_days=90)
            assert {d.id for d in shown} <= ids
        assert {u.demand_id for u in data.recent_updates} == {
            i for key in keys for i, s in zip(demands[key], places[key], strict=True) if s
        }
        assert {(r.country, r.body) for r in data.recent_resolutions} == set(keys)


def test_both_ways_of_finding_the_latest_assessments_in_scope_agree(db: Session) -> None:
    # Walking the newest assessments (a wide scope) and reading the demands' own (a narrow
    # one) must give the same rows: force each with the numbers that choose between them.
    for n, country in enumerate(["KH", "NI", "KH", "BY", "KH", "NI"]):
        demand = DemandFactory(
            paragraph=ParagraphFactory(resolution=ResolutionFactory(country=country))
        )
        db.flush()
        for day in (1, 15):
            _assess(db, demand, Status.NOT_IMPLEMENTED, dt.date(2024, 1 + n % 3, day))
    db.commit()
    for country in ("KH", "NI", "TJ"):
        scope = DashboardScope(country=country)
        walked = list_recent_updates(db, scope, in_scope=100, all_demands=100, limit=4)
        probed = list_recent_updates(db, scope, in_scope=1, all_demands=100, limit=4)
        assert [u.id for u in walked] == [u.id for u in probed]
        assert all(u.demand.paragraph.resolution.country == country for u in walked)
        expected = {"KH": 4, "NI": 4, "TJ": 0}[country]
        assert len(walked) == expected
        keys = [(u.assessed_on, u.recorded_at, u.id) for u in walked]
        assert keys == sorted(keys, reverse=True)
