"""The report's data: frozen dataclasses that renderers read (no database, no Flask)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STATUS_ORDER = (
    "no_information",
    "not_implemented",
    "regressed",
    "partially_implemented",
    "implemented",
    "moot",
)


@dataclass(frozen=True)
class SourceRef:
    id: int
    label: str
    url: str | None
    publisher: str
    published_on: dt.date | None
    is_confidential: bool


@dataclass(frozen=True)
class UpdateRow:
    id: int
    status: str
    assessed_on: dt.date
    note: str
    response: str | None
    sources: tuple[SourceRef, ...]
    author: str | None
    recorded_at: dt.datetime
    corrects_id: int | None
    is_demo: bool


@dataclass(frozen=True)
class DemandRow:
    id: int
    title: str
    text: str
    verb: str | None
    paragraph_label: str
    paragraph_text: str
    resolution_id: int
    resolution_title: str
    resolution_reference: str
    resolution_date: dt.date | None
    addressees: tuple[str, ...]
    subjects: tuple[str, ...]
    themes: tuple[str, ...]
    deadline: dt.date | None
    deadline_precision: str | None
    condition: str | None
    thread_id: int | None
    thread_title: str | None
    times_demanded: int
    status: str
    history: tuple[UpdateRow, ...]  # newest first

    @property
    def latest(self) -> UpdateRow | None:
        return self.history[0] if self.history else None

    @property
    def last_assessed_on(self) -> dt.date | None:
        return self.latest.assessed_on if self.latest else None

    @property
    def latest_sources(self) -> tuple[SourceRef, ...]:
        for update in self.history:
            if update.sources:
                return update.sources
        return ()


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    kind: str
    occurred_on: dt.date
    precision: str
    actors: tuple[str, ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class ClockRow:
    """A reply clock of a report's texts: who owes what by when, and what came back."""

    id: int
    resolution_reference: str
    addressee: str | None
    rule: str
    starts_on: dt.date
    due_on: dt.date
    state: str  # open | answered | overdue
    answered_on: dt.date | None
    reply_reference: str | None
    official_grade: str | None  # "B — partially satisfactory"


@dataclass(frozen=True)
class ReportSnapshot:
    title: str
    scope_kind: str  # "resolution" | "country" | "actor"
    scope_value: str
    generated_at: dt.datetime
    include_confidential: bool
    demands: tuple[DemandRow, ...]
    events: tuple[EventRow, ...]
    resolutions: tuple[tuple[int, str, str, dt.date | None], ...] = field(default=())
    scope_name: str = ""  # what the scope is called: "Cambodia" for the country "KH"
    prepared_by: str | None = None  # who asked for the report, when the door says
    clocks: tuple[ClockRow, ...] = field(default=())

    @property
    def scope_label(self) -> str:
        return self.scope_name or self.scope_value

    @property
    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for demand in self.demands:
            counts[demand.status] = counts.get(demand.status, 0) + 1
        return counts

    def footnoted_sources(self) -> list[SourceRef]:
        """Every source cited in the report, once, in order of first citation."""
        seen: dict[int, SourceRef] = {}
        for demand in self.demands:
            for update in demand.history:
                for source in update.sources:
                    seen.setdefault(source.id, source)
        for event in self.events:
            for source in event.sources:
                seen.setdefault(source.id, source)
        return list(seen.values())
