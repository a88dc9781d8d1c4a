"""The demo has a reply clock answered, one overdue, and a watchlist."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from tracker.models import ClockState
from tracker.services.accounts import get_user_by_email
from tracker.services.clocks import list_clocks
from tracker.services.demo import DEMO_FILE, load_demo
from tracker.services.watches import list_watches


def test_the_demo_has_a_clock_answered_one_overdue_and_a_watchlist(db: Session) -> None:
    load_demo(db)
    today = dt.date.today()
    states = [c.state(today) for c in list_clocks(db, today=today)]
    assert ClockState.ANSWERED in states and ClockState.OVERDUE in states
    answered = [c for c in list_clocks(db, today=today) if c.replies]
    assert answered[0].replies[0].is_demo and answered[0].resolution.is_demo
    email = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["users"][0]["email"]
    user = get_user_by_email(db, email)
    assert user is not None
    kinds = {row.kind for row in list_watches(db, user)}
    assert kinds == {"demand", "actor", "country"}
