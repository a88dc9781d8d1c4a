"""Reply clocks: opened on import of an adopted text from its adoption date, one per addressee
asked; answered by a reply; overdue without one; the period a treaty body states; grades."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.clocks.texts import (
    EP_ADOPTED,
    EP_MOTION,
    import_concluding_observations,
    import_text,
)
from tests.factories import UserFactory
from tracker.models import AuditEvent, Clock, ClockRule, ClockState, PeriodUnit
from tracker.services.clocks import (
    add_period,
    clock_record,
    get_clock,
    list_clocks,
    record_reply,
    stated_period,
)
from tracker.services.errors import ValidationError


def _clocks(db: Session, resolution_id: int) -> list[Clock]:
    return list_clocks(db, today=dt.date(2023, 4, 1), resolution_id=resolution_id)


def test_an_adopted_ep_text_asking_the_commission_opens_a_clock_due_three_months_later(
    db: Session,
) -> None:
    resolution = import_text(db, EP_ADOPTED)
    clocks = _clocks(db, resolution.id)
    commission = [c for c in clocks if c.addressee and c.addressee.name == "Commission"]
    assert len(commission) == 1
    clock = commission[0]
    assert clock.starts_on == dt.date(2023, 3, 16)
    assert clock.due_on == dt.date(2023, 6, 16)
    assert clock.rule.name.startswith("Commission")
    assert "OJ L 304, 20.11.2010" in clock.rule.source
    assert clock.state(dt.date(2023, 6, 16)) == ClockState.OPEN
    assert clock.state(dt.date(2023, 6, 17)) == ClockState.OVERDUE
    # The Cambodian authorities owe the Commission's rule nothing.
    assert {c.addressee.name for c in clocks if c.addressee} == {"Commission"}
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "clock.open")) is not None


def test_a_group_motion_that_was_never_adopted_opens_no_clock(db: Session) -> None:
    resolution = import_text(db, EP_MOTION)
    assert _clocks(db, resolution.id) == []


def test_a_reply_answers_the_clock_and_without_one_it_is_overdue(db: Session) -> None:
    user = UserFactory()
    resolution = import_text(db, EP_ADOPTED)
    (clock,) = _clocks(db, resolution.id)
    overdue = list_clocks(db, today=dt.date(2023, 7, 1), overdue=True)
    assert [c.id for c in overdue] == [clock.id]
    assert clock_record(clock, dt.date(2023, 7, 1))["state"] == "overdue"

    record_reply(
        db,
        clock,
        received_on=dt.date(2023, 6, 10),
        reference="SP(2023)312",
        url="https://example.org/sp-2023-312",
        summary="The Commission keeps the trade preferences under review.",
        actor=user,
        today=dt.date(2023, 7, 1),
    )
    db.expire_all()
    clock = get_clock(db, clock.id)
    assert clock.state(dt.date(2023, 7, 1)) == ClockState.ANSWERED
    record = clock_record(clock, dt.date(2023, 7, 1))
    assert record["state"] == "answered" and record["answered_on"] == "2023-06-10"
    assert list_clocks(db, today=dt.date(2023, 7, 1), overdue=True) == []
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "reply.record")) is not None


def test_due_within_lists_unanswered_clocks_due_in_that_many_days(db: Session) -> None:
    resolution = import_text(db, EP_ADOPTED)
    (clock,) = _clocks(db, resolution.id)
    assert [c.id for c in list_clocks(db, today=dt.date(2023, 6, 1), due_within=30)] == [clock.id]
    assert list_clocks(db, today=dt.date(2023, 5, 1), due_within=30) == []


@pytest.mark.parametrize(
    ("received_on", "grade", "message"),
    [
        (dt.date(2023, 8, 1), None, "future"),
        (dt.date(2023, 3, 1), None, "before the clock started"),
        (dt.date(2023, 6, 1), "B", "does not grade replies"),
    ],
)
def test_a_reply_is_refused_with_a_reason(
    db: Session, received_on: dt.date, grade: str | None, message: str
) -> None:
    resolution = import_text(db, EP_ADOPTED)
    (clock,) = _clocks(db, resolution.id)
    with pytest.raises(ValidationError, match=message):
        record_reply(
            db, clock, received_on=received_on, grade=grade, actor=None, today=dt.date(2023, 7, 1)
        )


def test_a_treaty_body_text_opens_a_clock_for_the_period_it_states_and_grades_the_reply(
    db: Session,
) -> None:
    resolution = import_concluding_observations(db)
    (clock,) = _clocks(db, resolution.id)
    assert clock.addressee is not None and clock.addressee.name == "State party"
    assert clock.starts_on == dt.date(2022, 3, 18)
    assert clock.due_on == dt.date(2024, 3, 18)
    with pytest.raises(ValidationError, match="one of A, B, C, D, E"):
        record_reply(db, clock, received_on=dt.date(2024, 3, 1), grade="F", actor=None)
    record_reply(db, clock, received_on=dt.date(2024, 3, 1), grade="b", actor=None)
    db.expire_all()
    clock = get_clock(db, clock.id)
    assert clock.replies[0].grade == "B"
    assert clock.latest_grade == "B — partially satisfactory"


def test_a_treaty_body_text_stating_one_year_is_due_a_year_later(db: Session) -> None:
    resolution = import_concluding_observations(db, period="within one year")
    (clock,) = _clocks(db, resolution.id)
    assert clock.due_on == dt.date(2023, 3, 18)


def test_a_demands_own_deadline_is_a_clock(db: Session) -> None:
    text = EP_ADOPTED.replace(
        "to release Kem Sokha immediately and unconditionally;",
        "to release Kem Sokha before July 2023;",
    )
    resolution = import_text(db, text)
    clocks = _clocks(db, resolution.id)
    deadline = [c for c in clocks if c.rule.name == "A demand's own deadline"]
    assert len(deadline) == 1
    assert deadline[0].demand_id is not None
    assert deadline[0].due_on == dt.date(2023, 7, 31)
    assert deadline[0].addressee is not None
    assert deadline[0].addressee.name == "Cambodian authorities"


def test_an_inactive_rule_opens_nothing(db: Session) -> None:
    for rule in db.scalars(select(ClockRule)):
        rule.is_active = False
    db.flush()
    resolution = import_text(db, EP_ADOPTED)
    assert _clocks(db, resolution.id) == []


@pytest.mark.parametrize(
    ("start", "count", "unit", "due"),
    [
        (dt.date(2023, 3, 16), 3, PeriodUnit.MONTHS, dt.date(2023, 6, 16)),
        (dt.date(2023, 1, 31), 1, PeriodUnit.MONTHS, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 1, PeriodUnit.YEARS, dt.date(2025, 2, 28)),
        (dt.date(2023, 10, 12), 6, PeriodUnit.MONTHS, dt.date(2024, 4, 12)),
        (dt.date(2023, 12, 30), 5, PeriodUnit.DAYS, dt.date(2024, 1, 4)),
    ],
)
def test_periods_end_on_the_same_day_or_the_months_last(
    start: dt.date, count: int, unit: PeriodUnit, due: dt.date
) -> None:
    assert add_period(start, count, unit) == due


def test_stated_periods_are_read_from_follow_up_paragraphs_first() -> None:
    period = stated_period(
        [
            "Calls for elections within three months;",
            "The State party is requested to provide, within two years, information on the "
            "implementation of the recommendations.",
        ]
    )
    assert period is not None and (period.count, period.unit) == (2, PeriodUnit.YEARS)
    by_date = stated_period(
        ["The State party is requested to provide, by 25 March 2024, information on follow-up."]
    )
    assert by_date is not None and by_date.due_on == dt.date(2024, 3, 25)
    assert stated_period(["Condemns the arrests."]) is None


def test_merging_actors_moves_their_clocks_and_watches(db: Session) -> None:
    from tests.factories import ActorFactory
    from tracker.models import ActorKind, Watch
    from tracker.services.merging import merge_actors
    from tracker.services.watches import add_watch

    resolution = import_text(db, EP_ADOPTED)
    (clock,) = _clocks(db, resolution.id)
    duplicate = clock.addressee
    assert duplicate is not None
    keep = ActorFactory(name="European Commission", kind=duplicate.kind, country=None)
    both, one = UserFactory(), UserFactory()
    add_watch(db, both, "actor", duplicate.id, actor=both)
    add_watch(db, both, "actor", keep.id, actor=both)
    add_watch(db, one, "actor", duplicate.id, actor=one)
    merge_actors(db, keep, duplicate, actor=None)
    db.expire_all()
    assert get_clock(db, clock.id).addressee_id == keep.id
    watched = db.scalars(select(Watch.user_id).where(Watch.actor_id == keep.id)).all()
    assert sorted(watched) == sorted([both.id, one.id])
    assert ActorKind(keep.kind) == duplicate.kind
