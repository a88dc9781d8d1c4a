"""Charts: effective status per month (corrections supersede), deterministic SVG and PNG, the
SVG written without matplotlib."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from matplotlib.figure import Figure

from tests.reports.sample_snapshot import sample_snapshot
from tracker.reports import charts
from tracker.reports.snapshot import ReportSnapshot


def test_status_on_a_day_follows_corrections(snapshot: ReportSnapshot) -> None:
    kem_sokha = snapshot.demands[0]
    assert charts.status_on(kem_sokha, dt.date(2017, 12, 19)) == "no_information"
    assert charts.status_on(kem_sokha, dt.date(2018, 1, 31)) == "not_implemented"
    # Update 101 said "implemented" on 2023-03-03; 102 corrects it, from that same day.
    assert charts.status_on(kem_sokha, dt.date(2023, 3, 3)) == "not_implemented"
    assert charts.status_on(kem_sokha, dt.date(2023, 12, 31)) == "not_implemented"


def test_a_correction_replaces_the_corrected_entry_date_included() -> None:
    base = sample_snapshot().demands[0]
    wrong, fix = base.history[2], base.history[1]
    # The wrong entry said "implemented" on 2023-03-03; the correction dates its status from
    # 2023-06-01: until then the earlier standing entry holds, and "implemented" never does.
    late_fix = replace(fix, assessed_on=dt.date(2023, 6, 1))
    demand = replace(base, history=(base.history[0], late_fix, wrong, base.history[3]))
    assert charts.status_on(demand, dt.date(2023, 3, 3)) != wrong.status
    assert charts.status_on(demand, dt.date(2023, 6, 1)) == fix.status


def test_a_corrected_typo_no_longer_widens_the_chart() -> None:
    base = sample_snapshot()
    kem_sokha = base.demands[0]
    typo = replace(kem_sokha.history[3], id=900, assessed_on=dt.date(1899, 1, 1))
    fix = replace(kem_sokha.history[3], id=901, corrects_id=900)
    demand = replace(kem_sokha, history=(fix, *kem_sokha.history, typo))
    days, _series = charts.status_over_time(replace(base, demands=(demand, *base.demands[1:])))
    assert days[0] > dt.date(1900, 1, 1)


def test_series_counts_every_demand_each_month_and_ends_at_current_status(
    snapshot: ReportSnapshot,
) -> None:
    days, series = charts.status_over_time(snapshot)
    assert days[0] == dt.date(2017, 12, 31)
    assert days[-1] == snapshot.generated_at.date()
    assert all(a < b for a, b in zip(days, days[1:], strict=False))
    final = {status: counts[-1] for status, counts in series.items()}
    assert final == snapshot.status_counts
    # Before the 2023 motion only the 2017 resolution's demand and Kem Sokha's are counted.
    jan_2023 = days.index(dt.date(2023, 1, 31))
    assert sum(counts[jan_2023] for counts in series.values()) == 2


def test_charts_are_deterministic_svg_and_png(snapshot: ReportSnapshot) -> None:
    first, second = charts.charts(snapshot), charts.charts(snapshot)
    assert [c.title for c in first] == [charts.DISTRIBUTION_TITLE, charts.OVER_TIME_TITLE]
    for a, b in zip(first, second, strict=True):
        assert a.svg == b.svg
        assert a.png == b.png
        assert a.svg.startswith("<svg")
        assert "<metadata>" not in a.svg
        assert a.png.startswith(b"\x89PNG\r\n\x1a\n")
        # Text stays text, so the PDF text layer holds the chart's title.
        assert a.title in a.svg


def test_chart_colours_match_the_status_classes_of_the_app() -> None:
    from pathlib import Path

    css = (Path(charts.__file__).resolve().parents[2] / "static/css/app.css").read_text()
    for status, colour in charts.STATUS_COLOURS.items():
        short = "#" + "".join(colour[i] for i in (1, 3, 5)) if colour[1::2] == colour[2::2] else ""
        assert f".status-{status} {{ color: {colour}" in css or (
            short and f".status-{status} {{ color: {short}" in css
        ), status


def test_no_assessment_means_no_time_chart(snapshot: ReportSnapshot) -> None:
    bare = replace(snapshot, demands=tuple(replace(d, history=()) for d in snapshot.demands))
    assert charts.status_over_time_chart(bare) is None
    assert [c.title for c in charts.charts(bare)] == [charts.DISTRIBUTION_TITLE]


def test_the_svg_draws_a_bar_and_a_band_per_status_without_matplotlib(
    snapshot: ReportSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the SVG is written directly: matplotlib draws only the PNG")

    monkeypatch.setattr(Figure, "savefig", refuse)
    distribution, over_time = charts.charts(snapshot)
    for status, count in snapshot.status_counts.items():
        assert f">{charts.status_label(status)}</text>" in distribution.svg
        assert f">{count}</text>" in distribution.svg
    _days, series = charts.status_over_time(snapshot)
    shown = [s for s, counts in series.items() if any(counts)]
    bands = re.findall(r'<path d="M[^"]*Z" fill="([^"]+)"', over_time.svg)
    assert bands == [charts.STATUS_COLOURS[s] for s in shown]
    assert over_time.svg.count("<path") < 40  # runs of equal values are single segments


def test_a_band_follows_both_step_lines_and_merges_equal_values() -> None:
    # Values hold until the next x ("post" steps), as matplotlib's stackplot draws them.
    band = charts._band([0, 10, 20, 30], [5, 4, 4, 4], [9, 8, 8, 8])
    assert band == "M0.0 5.0H10.0V4.0H30.0V8.0H10.0V9.0H0.0Z"
