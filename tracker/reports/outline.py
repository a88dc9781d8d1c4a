"""What the report's documents (PDF, DOCX, Markdown, HTML) show of a snapshot, decided once so
that every format shows the same: at most MAX_DEMANDS demands and MAX_EVENTS events, for each
demand its latest assessment in full and the dates of the few before it, and the sources
those cite, numbered. The spreadsheets and the JSON hold everything."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.reports.snapshot import DemandRow, EventRow, ReportSnapshot, SourceRef, UpdateRow

MAX_DEMANDS = 200
MAX_EVENTS = 200
# The latest assessments of each demand shown (the latest in full, the others by date and
# status); older ones are counted.
HISTORY_LIMIT = 3
FULL_LIST = "the full list is in the XLSX and JSON exports"


def more_text(hidden: int, what: str = "more") -> str:
    """ "and 240 more: the full list is in the XLSX and JSON exports"."""
    return f"and {hidden:,} {what}: {FULL_LIST}"


@dataclass(frozen=True)
class DemandEntry:
    number: int
    demand: DemandRow
    latest: UpdateRow | None
    earlier: tuple[UpdateRow, ...]  # the HISTORY_LIMIT - 1 before the latest, newest first
    older: int  # assessments before those, not shown
    superseded: dict[int, int]  # corrected update id -> the id of the update correcting it


@dataclass(frozen=True)
class ReportOutline:
    snapshot: ReportSnapshot
    demands: tuple[DemandEntry, ...]
    hidden_demands: int
    events: tuple[EventRow, ...]
    hidden_events: int
    sources: tuple[tuple[int, SourceRef], ...]  # (number, source), in order of first citation
    history_limit: int

    def cite(self, refs: tuple[SourceRef, ...]) -> list[tuple[int, SourceRef]]:
        numbers = {s.id: n for n, s in self.sources}
        return [(numbers[s.id], s) for s in refs if s.id in numbers]

    @property
    def demands_more(self) -> str:
        return more_text(self.hidden_demands, "more demands") if self.hidden_demands else ""

    @property
    def events_more(self) -> str:
        return more_text(self.hidden_events, "more events") if self.hidden_events else ""


def cited_sources(update: UpdateRow | None, demand: DemandRow) -> tuple[SourceRef, ...]:
    """What a demand's entry cites: its latest assessment's sources, or the latest given."""
    if update is not None and update.sources:
        return update.sources
    return demand.latest_sources


def outline(
    snapshot: ReportSnapshot,
    *,
    max_demands: int = MAX_DEMANDS,
    max_events: int = MAX_EVENTS,
    history_limit: int = HISTORY_LIMIT,
) -> ReportOutline:
    entries = []
    for number, demand in enumerate(snapshot.demands[:max_demands], 1):
        history = demand.history
        entries.append(
            DemandEntry(
                number=number,
                demand=demand,
                latest=history[0] if history else None,
                earlier=history[1:history_limit],
                older=max(0, len(history) - history_limit),
                superseded={u.corrects_id: u.id for u in history if u.corrects_id is not None},
            )
        )
    events = snapshot.events[:max_events]
    seen: dict[int, SourceRef] = {}
    for entry in entries:
        for source in cited_sources(entry.latest, entry.demand):
            seen.setdefault(source.id, source)
    for event in events:
        for source in event.sources:
            seen.setdefault(source.id, source)
    return ReportOutline(
        snapshot=snapshot,
        demands=tuple(entries),
        hidden_demands=max(0, len(snapshot.demands) - max_demands),
        events=events,
        hidden_events=max(0, len(snapshot.events) - max_events),
        sources=tuple(enumerate(seen.values(), 1)),
        history_limit=history_limit,
    )
