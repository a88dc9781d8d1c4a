"""The briefing before a debate: what changed since a date, what is still open, what to say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.reports.snapshot import SourceRef


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
    precision: str = "day"  # of `on`: "day", "month" or "year" (an event, a deadline)


@dataclass(frozen=True)
class BriefDemand:
    """An open demand as a briefing lists it: its current status and latest evidence."""

    id: int
    title: str
    status: str
    times_demanded: int
    resolution_reference: str
    addressees: tuple[str, ...]
    deadline: dt.date | None
    deadline_precision: str | None
    last_assessed_on: dt.date | None
    latest_sources: tuple[SourceRef, ...]
    text: str = ""  # the demand in the resolution's words, in full
    verb: str | None = None  # its leading verb phrase ("calls for", "urges")

    @property
    def times_text(self) -> str:
        n = self.times_demanded
        return "demanded once" if n == 1 else f"demanded {n} times"

    @property
    def assessed_text(self) -> str:
        if self.last_assessed_on is None:
            return "never assessed"
        return f"last assessed {self.last_assessed_on.isoformat()}"


@dataclass(frozen=True)
class AddresseeGroup:
    addressee: str
    demands: tuple[BriefDemand, ...]
    total: int  # open demands to this addressee; `demands` may list only the first of them


@dataclass(frozen=True)
class Limits:
    """How many lines each part of a briefing lists; the totals are always counted in full."""

    changes: int = 100
    per_addressee: int = 10
    lists: int = 25
    addressees: int = 25  # groups of open demands


# What a briefing document lists (PDF, DOCX, Markdown, JSON; web and command line alike): a
# few dozen pages at most, whatever the scope. The page lists fewer (Limits()); an annex asked
# for on purpose lists more, still within bounds, so no request can take a worker's memory.
DOCUMENT_LIMITS = Limits(changes=150, per_addressee=20, lists=60, addressees=30)
ANNEX_LIMITS = Limits(changes=5_000, per_addressee=500, lists=5_000, addressees=500)


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
    overdue: tuple[BriefDemand, ...]
    stale: tuple[BriefDemand, ...]
    suggested_wording: tuple[str, ...]
    demand_count: int
    notes: tuple[str, ...] = field(default=())
    # How many lines each part has in full: more than it lists when built with Limits.
    changes_total: int = 0
    overdue_total: int = 0
    stale_total: int = 0
    wording_total: int = 0
    addressees_total: int = 0  # groups of open demands; 0: as many as listed
    unchanged_total: int = 0  # assessments since the date that changed nothing (not listed)
    scope_name: str = ""  # what the scope is called: "Cambodia", not "KH"
    prepared_by: str | None = None  # who asked for the document, when a door says

    @property
    def scope_label(self) -> str:
        return self.scope_name or self.scope_value

    @property
    def is_abridged(self) -> bool:
        listed = (
            (self.changes_total, len(self.changes)),
            (self.overdue_total, len(self.overdue)),
            (self.stale_total, len(self.stale)),
            (self.wording_total, len(self.suggested_wording)),
        )
        return (
            any(total > n for total, n in listed)
            or self.addressees_total > len(self.open_by_addressee)
            or any(g.total > len(g.demands) for g in self.open_by_addressee)
        )
