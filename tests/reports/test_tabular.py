"""CSV and XLSX: one row per demand, a history sheet, and formula-like text made inert."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from tests.reports.sample_snapshot import FORMULA_NOTE
from tracker.reports.charts import status_label
from tracker.reports.snapshot import ReportSnapshot
from tracker.reports.tabular import DEMAND_COLUMNS, HISTORY_COLUMNS, neutralise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Kem Sokha", "Kem Sokha"),
        ("— none", "— none"),
        ("", ""),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_demand_with_status_and_latest_source(
    rendered: dict[str, bytes], snapshot: ReportSnapshot
) -> None:
    rows = _csv_rows(rendered["csv"])
    assert list(rows[0]) == [header for header, _width in DEMAND_COLUMNS]
    assert len(rows) == len(snapshot.demands)
    for row, demand in zip(rows, snapshot.demands, strict=True):
        assert row["Demand id"] == str(demand.id)
        assert row["Title"] == demand.title
        assert row["Status"] == status_label(demand.status)
        assert row["Last assessed on"] == (
            demand.last_assessed_on.isoformat() if demand.last_assessed_on else ""
        )
        assert row["Latest source"] == "; ".join(s.label for s in demand.latest_sources)
        assert row["Latest source URL"] == "; ".join(s.url for s in demand.latest_sources if s.url)
    assert rows[3]["Deadline"] == "2023-07-01"
    assert rows[0]["Times demanded"] == "4"


def test_csv_formula_note_is_inert(rendered: dict[str, bytes]) -> None:
    rows = _csv_rows(rendered["csv"])
    notes = [row["Latest note"] for row in rows]
    assert "'" + FORMULA_NOTE in notes
    assert FORMULA_NOTE not in notes
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.fixture(scope="module")
def workbook(rendered: dict[str, bytes]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(rendered["xlsx"]))


def test_xlsx_demands_sheet(workbook: openpyxl.Workbook, snapshot: ReportSnapshot) -> None:
    assert workbook.sheetnames == ["Demands", "History"]
    sheet = workbook["Demands"]
    header = [c.value for c in sheet[1]]
    assert header == [h for h, _w in DEMAND_COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(snapshot.demands)
    col = {h: i for i, h in enumerate(header)}
    for row, demand in zip(rows, snapshot.demands, strict=True):
        assert row[col["Title"]] == demand.title
        assert row[col["Status"]] == status_label(demand.status)
        latest = "; ".join(s.label for s in demand.latest_sources)
        assert row[col["Latest source"]] == (latest or None)
    first = sheet.cell(row=2, column=col["Last assessed on"] + 1)
    assert first.is_date and first.value.date() == dt.date(2023, 11, 30)


def test_xlsx_history_sheet(workbook: openpyxl.Workbook, snapshot: ReportSnapshot) -> None:
    sheet = workbook["History"]
    header = [c.value for c in sheet[1]]
    assert header == [h for h, _w in HISTORY_COLUMNS]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == sum(len(d.history) for d in snapshot.demands)
    col = {h: i for i, h in enumerate(header)}
    correction = next(r for r in rows if r[col["Update id"]].value == 102)
    assert correction[col["Corrects update id"]].value == 101
    assert correction[col["Assessed on"]].is_date
    assert correction[col["Recorded at (UTC)"]].value == dt.datetime(2023, 3, 9, 10, 0)
    assert "rfa.org" in correction[col["Sources"]].value


def test_xlsx_formula_note_is_a_string_not_a_formula(workbook: openpyxl.Workbook) -> None:
    found = []
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value == "'" + FORMULA_NOTE:
                    assert cell.data_type == "s"
                    found.append(sheet.title)
    assert sorted(found) == ["Demands", "History"]


def test_xlsx_drops_control_characters(snapshot: ReportSnapshot) -> None:
    from dataclasses import replace

    from tracker.reports.tabular import render_xlsx

    demand = replace(snapshot.demands[0], title="Bell\x07 and \x00null")
    data = render_xlsx(replace(snapshot, demands=(demand,)))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Demands"]
    assert sheet["B2"].value == "Bell and null"
