"""Editing a demand's own fields, with optimistic locking: a stale version is a conflict."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from tracker.models import DatePrecision, Demand, User
from tracker.services.audit import record_audit, snapshot
from tracker.services.errors import EditConflict, ValidationError

EDITABLE = ("title", "text", "deadline", "deadline_precision", "condition")


def edit_demand(
    session: Session,
    demand: Demand,
    *,
    expected_version: int,
    title: str,
    text: str,
    deadline: dt.date | None,
    deadline_precision: DatePrecision | None,
    condition: str | None,
    actor: User | None,
) -> Demand:
    """Save the fields if nobody saved since `expected_version`; otherwise raise EditConflict
    carrying the version that was saved, so the page can show both and lose nothing."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("a demand needs a title", field="title")
    if len(title) > 300:
        raise ValidationError("title too long: the limit is 300 characters", field="title")
    if deadline is not None and deadline_precision is None:
        deadline_precision = DatePrecision.DAY
    before = snapshot(demand, EDITABLE)
    values: dict[str, Any] = {
        "title": title,
        "text": text.strip(),
        "deadline": deadline,
        "deadline_precision": deadline_precision if deadline else None,
        "condition": (condition or "").strip() or None,
    }
    # Compare-and-set on the version column: the database decides who saved first.
    result = session.execute(
        update(Demand)
        .where(Demand.id == demand.id, Demand.version == expected_version)
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(demand)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(demand)
        raise EditConflict(
            "someone else saved this demand while you were editing it",
            current=snapshot(demand, (*EDITABLE, "version")),
        )
    session.refresh(demand)
    record_audit(
        session,
        actor=actor,
        action="demand.edit",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"edited {title[:200]}",
        before=before,
        after=snapshot(demand, EDITABLE),
    )
    return demand
