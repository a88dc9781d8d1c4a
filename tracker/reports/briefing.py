"""The briefing before a debate: what changed since a date, what is still open, what to say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.reports.snapshot import DemandRow, SourceRef


@dataclass(frozen=True)
class Change:
    """One dated line of "what changed since": a status change, an event, a new resolution…"""

    on: dt.date
    kind: str  # status | event | resolution | demand | situation | moot | overdue
    title: str
    detail: str
    demand_id: int | None = None
    sources: tuple[SourceRef, ...] = ()
    status: str | None = None
    previous_status: str | None = None


@dataclass(frozen=True)
class AddresseeGroup:
    addressee: str
    demands: tuple[DemandRow, ...]


@dataclass(frozen=True)
class Briefing:
    title: str
    scope_kind: str
    scope_value: str
    since: dt.date
    today: dt.date
    generated_at: dt.datetime
    include_confidential: bool
    changes: tuple[Change, ...]
    open_by_addressee: tuple[AddresseeGroup, ...]
    overdue: tuple[DemandRow, ...]
    stale: tuple[DemandRow, ...]
    suggested_wording: tuple[str, ...]
    demand_count: int
    notes: tuple[str, ...] = field(default=())
