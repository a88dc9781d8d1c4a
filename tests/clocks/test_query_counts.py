"""The clock and watch pages load what they show in a fixed number of statements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory
from tracker.models import Clock, ClockRule, Role
from tracker.services.clocks import record_reply
from tracker.services.watches import add_watch


def _clocks(db: Session, n: int, user) -> None:  # type: ignore[no-untyped-def]
    rule = db.scalars(select(ClockRule).order_by(ClockRule.id)).first()
    assert rule is not None
    for i in range(n):
        demand = DemandFactory()
        actor = ActorFactory()
        clock = Clock(
            rule_id=rule.id,
            resolution_id=demand.paragraph.resolution_id,
            demand_id=demand.id,
            addressee_id=actor.id,
            starts_on=dt.date(2023, 1, 1),
            due_on=dt.date.today() + dt.timedelta(days=(i % 3 - 1) * 10),
        )
        db.add(clock)
        db.flush()
        if i % 3 == 0:
            record_reply(db, clock, received_on=dt.date(2023, 2, 1), actor=None)
        add_watch(db, user, "demand", demand.id, actor=user)
        add_watch(db, user, "actor", actor.id, actor=user)
    db.commit()


def _count(client, queries, path: str) -> int:  # type: ignore[no-untyped-def]
    with queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, path
    return counted.count


def test_clock_and_watch_pages_do_not_grow_with_the_rows(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(Role.ANALYST)
    _clocks(db, 3, user)
    small = {p: _count(client, queries, p) for p in ("/", "/clocks", "/watching")}
    _clocks(db, 30, user)
    large = {p: _count(client, queries, p) for p in ("/", "/clocks", "/watching")}
    assert small == large
    assert large["/clocks"] <= 8 and large["/watching"] <= 10, large
