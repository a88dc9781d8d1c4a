"""Report charts (status distribution, status over time): SVG for HTML and PDF, PNG for DOCX."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import threading
from collections.abc import Callable
from functools import cached_property
from html import escape
from typing import TYPE_CHECKING, Any

from tracker.reports.snapshot import STATUS_ORDER, DemandRow, ReportSnapshot, UpdateRow

if TYPE_CHECKING:
    # matplotlib is imported where a PNG is drawn: importing it takes most of a second, and
    # the HTML and PDF reports need only the SVG.
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

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

# matplotlib's settings for the PNG; with no date or software written in it, the same snapshot
# always gives the same bytes.
_RC: dict[RcKeyType, Any] = {
    "font.family": ["DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# rc_context changes process-wide settings for its duration: one chart at a time.
_LOCK = threading.Lock()


def status_label(status: str) -> str:
    return status.replace("_", " ").capitalize()


class Chart:
    """A chart as an SVG element (written directly: cheap to write, and cheap for WeasyPrint to
    draw, which matplotlib's SVG is not) and as a PNG drawn by matplotlib on first use (DOCX)."""

    def __init__(
        self, title: str, svg: str, draw: Callable[[Figure], None], size: tuple[float, float]
    ) -> None:
        self.title = title
        self.svg = svg  # an <svg> element, ready to inline in HTML
        self._draw = draw
        self._size = size

    @cached_property
    def png(self) -> bytes:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        buffer = io.BytesIO()
        with _LOCK, matplotlib.rc_context(_RC):
            fig = Figure(figsize=self._size)
            FigureCanvasAgg(fig)
            self._draw(fig)
            # 200 dpi: sharp when printed at the 16 cm the DOCX gives it.
            fig.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
        return buffer.getvalue()


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        ends.append(min(end, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def _effective(history: tuple[UpdateRow, ...]) -> list[tuple[dt.date, dt.datetime, int, str]]:
    """Updates still standing, each from its own assessment date.

    A correction replaces the update it corrects, date included: the analyst gives the date
    the corrected status holds from (the same day for a wrong status, another day for a wrong
    date), so a corrected entry no longer shapes the history, its charts or their span.
    """
    corrected = {u.corrects_id for u in history if u.corrects_id is not None}
    return sorted(
        (u.assessed_on, u.recorded_at, u.id, u.status) for u in history if u.id not in corrected
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
    if not any(d.history for d in snapshot.demands):
        return [], {s: [] for s in STATUS_ORDER}
    starts: dict[int, dt.date] = {}
    for d in snapshot.demands:
        dates = [since for since, *_rest in _effective(d.history)]
        if d.resolution_date:
            dates.append(d.resolution_date)
        if dates:
            starts[d.id] = min(dates)
    last = snapshot.generated_at.date()
    latest = max(
        (since for d in snapshot.demands for since, *_rest in _effective(d.history)),
        default=last,
    )
    last = max(last, latest)
    days = _month_ends(min(starts.values()), last)
    series = {s: [0] * len(days) for s in STATUS_ORDER}
    for d in snapshot.demands:
        start = starts.get(d.id, days[0])
        # One pass over the months and the demand's effective updates together (what
        # status_on computes for one day), not one pass over the updates per month.
        effective = _effective(d.history)
        status, next_update = "no_information", 0
        for i, day in enumerate(days):
            while next_update < len(effective) and effective[next_update][0] <= day:
                status = effective[next_update][3]
                next_update += 1
            if (day.year, day.month) >= (start.year, start.month):
                series[status][i] += 1
    return days, series


def _status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#777777")


class _Svg:
    """A small SVG drawing in points, with the report's text conventions."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width, self.height = width, height
        self.parts = [f"<title>{escape(title)}</title>"]

    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        anchor: str = "start",
        size: float = 8,
        bold: bool = False,
        fill: str = "#1b1b1b",
    ) -> None:
        weight = ' font-weight="bold"' if bold else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
            f'{weight} fill="{fill}">{escape(value)}</text>'
        )

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}"'
            f' fill="{fill}"/>'
        )

    def path(self, d: str, *, fill: str = "none", stroke: str = "none", width: float = 0) -> None:
        line = f' stroke="{stroke}" stroke-width="{width}"' if stroke != "none" else ""
        self.parts.append(f'<path d="{d}" fill="{fill}"{line}/>')

    def __str__(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}pt"'
            f' height="{self.height}pt" viewBox="0 0 {self.width} {self.height}"'
            ' font-family="Noto Sans, DejaVu Sans, sans-serif" role="img">'
            + "".join(self.parts)
            + "</svg>\n"
        )


def _nice_step(maximum: int, ticks: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that splits 0..maximum in at most `ticks` steps."""
    step = 1
    while maximum / step > ticks:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if maximum / step <= ticks:
                break
    return step


def _distribution_svg(counts: dict[str, int], statuses: list[str]) -> str:
    svg = _Svg(460.8, 30 + 17 * len(statuses), DISTRIBUTION_TITLE)
    svg.text(0, 12, DISTRIBUTION_TITLE, size=9.5, bold=True)
    left, right = 118.0, 420.0
    top = max([*counts.values(), 1])
    for i, status in enumerate(statuses):
        y = 22 + 17 * i
        value = counts[status]
        length = (right - left) * value / top
        svg.text(left - 5, y + 9.5, status_label(status), anchor="end", size=8.5)
        svg.rect(left, y, max(length, 0.5), 12, _status_colour(status))
        svg.text(left + length + 4, y + 9.5, str(value), size=8.5)
    svg.path(f"M{left} 20V{22 + 17 * len(statuses) - 3}", stroke="#333333", width=0.8)
    return str(svg)


def _band(xs: list[float], upper: list[float], lower: list[float]) -> str:
    """The path of a band between two step lines ("post": each value holds until the next x):
    along the upper line, then back along the lower one; a run of equal values is one segment.
    """
    d = [f"M{xs[0]:.1f} {upper[0]:.1f}"]
    y = upper[0]
    for i in range(1, len(xs)):
        if upper[i] != y:
            y = upper[i]
            d.append(f"H{xs[i]:.1f}V{y:.1f}")
    y = lower[-1]
    d.append(f"H{xs[-1]:.1f}V{y:.1f}")
    for i in range(len(xs) - 1, 0, -1):
        if lower[i - 1] != y:
            y = lower[i - 1]
            d.append(f"H{xs[i]:.1f}V{y:.1f}")
    d.append(f"H{xs[0]:.1f}Z")
    return "".join(d)


def _over_time_svg(days: list[dt.date], series: dict[str, list[int]], total: int) -> str:
    shown = [s for s in STATUS_ORDER if any(series[s])]
    svg = _Svg(460.8, 187.2, OVER_TIME_TITLE)
    svg.text(0, 12, OVER_TIME_TITLE, size=9.5, bold=True)
    left, right, top, bottom = 34.0, 340.0, 32.0, 168.0
    first, last = days[0].toordinal(), days[-1].toordinal()

    def x_of(day: dt.date) -> float:
        return left + (right - left) * (day.toordinal() - first) / max(last - first, 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / max(total, 1)

    xs = [x_of(day) for day in days]
    below = [0] * len(days)
    for status in shown:
        above = [b + v for b, v in zip(below, series[status], strict=True)]
        upper, lower = [y_of(v) for v in above], [y_of(v) for v in below]
        svg.path(_band(xs, upper, lower), fill=_status_colour(status))
        below = above
    step = _nice_step(max(total, 1), 4)
    for value in range(0, max(total, 1) + 1, step):
        svg.path(f"M{left - 3} {y_of(value):.1f}H{left}", stroke="#333333", width=0.6)
        svg.text(left - 5, y_of(value) + 3, str(value), anchor="end", size=7.5)
    years = _nice_step(max(days[-1].year - days[0].year, 1), 7)
    for year in range(days[0].year + 1, days[-1].year + 1):
        if year % years == 0:
            x = x_of(dt.date(year, 1, 1))
            svg.path(f"M{x:.1f} {bottom}V{bottom + 3}", stroke="#333333", width=0.6)
            svg.text(x, bottom + 12, str(year), anchor="middle", size=7.5)
    svg.path(f"M{left} {top - 4}V{bottom}H{right}", stroke="#333333", width=0.8)
    svg.text(left - 30, top - 9, "Demands", size=7.5, fill="#555555")
    # Legend top to bottom in the same order as the stack, best on top.
    for i, status in enumerate(shown[::-1]):
        y = top + 13 * i
        svg.rect(350, y, 9, 9, _status_colour(status))
        svg.text(363, y + 8, status_label(status), size=8)
    return str(svg)


def _draw_distribution(fig: Figure, counts: dict[str, int], statuses: list[str]) -> None:
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    positions = list(range(len(statuses)))[::-1]
    values = [counts[s] for s in statuses]
    ax.barh(positions, values, color=[_status_colour(s) for s in statuses], height=0.65)
    ax.set_yticks(positions, [status_label(s) for s in statuses])
    for y, value in zip(positions, values, strict=True):
        ax.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_xlim(0, max([*values, 1]) * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(DISTRIBUTION_TITLE, loc="left", fontweight="bold")
    ax.set_xlabel("Demands")
    fig.tight_layout()


def status_distribution_chart(snapshot: ReportSnapshot) -> Chart:
    """A horizontal bar per status, worst first, with the count at its end."""
    counts = snapshot.status_counts
    statuses = [s for s in STATUS_ORDER if s in counts]
    return Chart(
        DISTRIBUTION_TITLE,
        _distribution_svg(counts, statuses),
        lambda fig: _draw_distribution(fig, counts, statuses),
        (6.4, 2.2),
    )


def _draw_over_time(
    fig: Figure, days: list[dt.date], series: dict[str, list[int]], total: int
) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    shown = [s for s in STATUS_ORDER if any(series[s])]
    x = [float(date2num(day)) for day in days]
    ax.stackplot(
        x,
        [series[s] for s in shown],
        labels=[status_label(s) for s in shown],
        colors=[_status_colour(s) for s in shown],
        step="post",
        alpha=0.9,
        linewidth=0,
    )
    ax.xaxis_date()
    # At most seven dates on the axis, written short ("2023", "Mar"): at print width (16 cm)
    # they never run into each other, however many years the report covers.
    locator = AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(0, max(total, 1))
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
    fig.tight_layout()


def status_over_time_chart(snapshot: ReportSnapshot) -> Chart | None:
    """Stacked steps of the effective status at each month end; None with no assessment."""
    days, series = status_over_time(snapshot)
    if not days:
        return None
    total = len(snapshot.demands)
    return Chart(
        OVER_TIME_TITLE,
        _over_time_svg(days, series, total),
        lambda fig: _draw_over_time(fig, days, series, total),
        (6.4, 2.6),
    )


def charts(snapshot: ReportSnapshot) -> list[Chart]:
    """The report's charts, in the order they are shown."""
    over_time = status_over_time_chart(snapshot)
    return [status_distribution_chart(snapshot), *([over_time] if over_time else [])]
