"""Reply clocks in briefings and reports: replies received and missed in a briefing's window,
and every clock of a report's texts. Builders (they read the database); renderers get rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import Clock, Demand, Paragraph
from tracker.reports.briefing import Change
from tracker.reports.build import Scope
from tracker.reports.snapshot import ClockRow


def _texts_in(scope: Scope) -> Any:
    """The texts the scope's demands come from."""
    return (
        select(Paragraph.resolution_id)
        .select_from(Demand)
        .join(Demand.paragraph)
        .join(Paragraph.resolution)
        .where(scope.condition)
    )


def _clocks(session: Session, scope: Scope) -> list[Clock]:
    return list(
        session.scalars(
            select(Clock)
            .where(Clock.resolution_id.in_(_texts_in(scope)))
            .options(
                joinedload(Clock.rule),
                joinedload(Clock.addressee),
                joinedload(Clock.resolution),
                selectinload(Clock.replies),
            )
            .order_by(Clock.due_on, Clock.id)
        ).unique()
    )


def briefing_clock_changes(
    session: Session, scope: Scope, *, since: dt.date, today: dt.date
) -> list[Change]:
    """Replies received since `since`, and replies missed: due in the window with none by the
    due date (a late reply is said so)."""
    changes: list[Change] = []
    for clock in _clocks(session, scope):
        who = clock.addressee_name
        what = f"{who}: {clock.resolution.reference}"
        for reply in clock.replies:
            if since <= reply.received_on <= today:
                grade = clock.rule.grade_label(reply.grade)
                changes.append(
                    Change(
                        on=reply.received_on,
                        kind="reply",
                        title=what,
                        detail=f"{reply.label} ({clock.rule.name})"
                        + (f"; official grade {grade}" if grade else ""),
                        demand_id=clock.demand_id,
                    )
                )
        if since <= clock.due_on < today:
            on_time = [r for r in clock.replies if r.received_on <= clock.due_on]
            if not on_time:
                late = clock.answered_on
                changes.append(
                    Change(
                        on=clock.due_on,
                        kind="reply_missed",
                        title=what,
                        detail=f"no reply by {clock.due_on.isoformat()} ({clock.rule.name})"
                        + (f"; it came late, on {late.isoformat()}" if late else ""),
                        demand_id=clock.demand_id,
                    )
                )
    return changes


def report_clock_rows(session: Session, scope: Scope, *, today: dt.date) -> tuple[ClockRow, ...]:
    """Every reply clock of the report's texts, with its state and latest official grade."""
    rows = []
    for clock in _clocks(session, scope):
        latest = clock.replies[-1] if clock.replies else None
        rows.append(
            ClockRow(
                id=clock.id,
                resolution_reference=clock.resolution.reference,
                addressee=clock.addressee.name if clock.addressee else None,
                rule=clock.rule.name,
                starts_on=clock.starts_on,
                due_on=clock.due_on,
                state=clock.state(today).value,
                answered_on=clock.answered_on,
                reply_reference=latest.reference if latest else None,
                official_grade=clock.latest_grade,
            )
        )
    return tuple(rows)
