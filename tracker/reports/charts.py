"""Report charts (status distribution, status over time) drawn by matplotlib's Agg backend."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import threading
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from tracker.reports.snapshot import STATUS_ORDER, DemandRow, ReportSnapshot, UpdateRow

# The same colours as the .status-* classes in static/css/app.css.
STATUS_COLOURS: dict[str, str] = {
    "no_information": "#555555",
    "not_implemented": "#b3261e",
    "regressed": "#7a0d0d",
    "partially_implemented": "#8a5a00",
    "implemented": "#1f6f3a",
    "moot": "#4a4a8a",
}
DISTRIBUTION_TITLE = "Demands by status"
OVER_TIME_TITLE = "Status of demands over time"

# Text stays text in the SVG (selectable in the PDF), ids are salted rather than random, and
# no date is written, so the same snapshot always gives the same bytes.
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# rc_context changes process-wide settings for its duration: one chart at a time.
_LOCK = threading.Lock()


def status_label(status: str) -> str:
    return status.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str  # an <svg> element, ready to inline in HTML
    png: bytes


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        ends.append(min(end, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def _effective(history: tuple[UpdateRow, ...]) -> list[tuple[dt.date, dt.datetime, int, str]]:
    """Updates still standing, each dated from the earliest assessment it stands for.

    A correction supersedes the update it corrects and takes effect from that update's date
    (the analyst is saying "on that day the status was really X"), not only from its own.
    """
    by_id = {u.id: u for u in history}
    since: dict[int, dt.date] = {}
    for u in sorted(history, key=lambda u: (u.recorded_at, u.id)):
        since[u.id] = u.assessed_on
        if u.corrects_id is not None and u.corrects_id in since:
            since[u.id] = min(u.assessed_on, since[u.corrects_id])
    corrected = {u.corrects_id for u in history if u.corrects_id is not None}
    return sorted(
        (since[u.id], by_id[u.id].recorded_at, u.id, u.status)
        for u in history
        if u.id not in corrected
    )


def status_on(demand: DemandRow, day: dt.date) -> str:
    """The demand's effective status at the end of `day`."""
    status = "no_information"
    for since, _recorded, _id, value in _effective(demand.history):
        if since <= day:
            status = value
    return status


def status_over_time(snapshot: ReportSnapshot) -> tuple[list[dt.date], dict[str, list[int]]]:
    """Month ends and, per status, how many demands stood at it on each of them.

    A demand counts from the month its resolution was adopted (or its first assessment).
    """
    starts: dict[int, dt.date] = {}
    for d in snapshot.demands:
        dates = [u.assessed_on for u in d.history]
        if d.resolution_date:
            dates.append(d.resolution_date)
        if dates:
            starts[d.id] = min(dates)
    if not any(d.history for d in snapshot.demands):
        return [], {s: [] for s in STATUS_ORDER}
    last = snapshot.generated_at.date()
    latest = max(u.assessed_on for d in snapshot.demands for u in d.history)
    last = max(last, latest)
    days = _month_ends(min(starts.values()), last)
    series = {s: [0] * len(days) for s in STATUS_ORDER}
    for d in snapshot.demands:
        start = starts.get(d.id, days[0])
        for i, day in enumerate(days):
            if (day.year, day.month) >= (start.year, start.month):
                series[status_on(d, day)][i] += 1
    return days, series


def _render(fig: Figure, title: str, salt: str) -> Chart:
    FigureCanvasAgg(fig)
    svg_buffer, png_buffer = io.BytesIO(), io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        fig.savefig(svg_buffer, format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(png_buffer, format="png", dpi=150, metadata={"Software": None})
    svg = svg_buffer.getvalue().decode("utf-8")
    # Inline in HTML: no XML declaration or doctype, and no RDF metadata block.
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    return Chart(title, svg, png_buffer.getvalue())


def status_distribution_chart(snapshot: ReportSnapshot) -> Chart:
    """A horizontal bar per status, worst first, with the count at its end."""
    counts = snapshot.status_counts
    statuses = [s for s in STATUS_ORDER if s in counts]
    with _LOCK, matplotlib.rc_context(_RC):
        fig = Figure(figsize=(6.4, 2.2))
        ax = fig.add_subplot()
        positions = list(range(len(statuses)))[::-1]
        values = [counts[s] for s in statuses]
        ax.barh(
            positions,
            values,
            color=[STATUS_COLOURS.get(s, "#777777") for s in statuses],
            height=0.65,
        )
        ax.set_yticks(positions, [status_label(s) for s in statuses])
        for y, value in zip(positions, values, strict=True):
            ax.annotate(
                str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center"
            )
        ax.set_xlim(0, max([*values, 1]) * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(DISTRIBUTION_TITLE, loc="left", fontweight="bold")
        ax.set_xlabel("Demands")
        fig.tight_layout()
        return _render(fig, DISTRIBUTION_TITLE, "tracker-status-distribution")


def status_over_time_chart(snapshot: ReportSnapshot) -> Chart | None:
    """Stacked steps of the effective status at each month end; None with no assessment."""
    days, series = status_over_time(snapshot)
    if not days:
        return None
    with _LOCK, matplotlib.rc_context(_RC):
        fig = Figure(figsize=(6.4, 2.6))
        ax = fig.add_subplot()
        shown = [s for s in STATUS_ORDER if any(series[s])]
        x = [float(date2num(day)) for day in days]
        ax.stackplot(
            x,
            [series[s] for s in shown],
            labels=[status_label(s) for s in shown],
            colors=[STATUS_COLOURS.get(s, "#777777") for s in shown],
            step="post",
            alpha=0.9,
            linewidth=0,
        )
        ax.xaxis_date()
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(0, max(len(snapshot.demands), 1))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("Demands")
        ax.set_title(OVER_TIME_TITLE, loc="left", fontweight="bold")
        # Legend top-to-bottom in the same order as the stack, best on top.
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(
            handles[::-1],
            labels[::-1],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=8,
        )
        fig.autofmt_xdate(rotation=0, ha="center")
        fig.tight_layout()
        return _render(fig, OVER_TIME_TITLE, "tracker-status-over-time")


def charts(snapshot: ReportSnapshot) -> list[Chart]:
    """The report's charts, in the order they are shown."""
    over_time = status_over_time_chart(snapshot)
    return [status_distribution_chart(snapshot), *([over_time] if over_time else [])]
