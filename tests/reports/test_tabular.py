"""CSV and XLSX: every assessment (a history CSV, a History sheet), typed cells, deadlines at
their precision, formula-like text inert (with no visible quote in the XLSX), print setup."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import openpyxl
import pytest

from tests.reports.sample_snapshot import FORMULA_NOTE
from tracker.reports.charts import status_label
from tracker.reports.snapshot import ReportSnapshot
from tracker.reports.tabular import DEMAND_COLUMNS, HISTORY_COLUMNS, neutralise, render_xlsx


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


def test_the_csv_holds_every_assessment_and_every_demand(
    rendered: dict[str, bytes], snapshot: ReportSnapshot
) -> None:
    rows = _csv_rows(rendered["csv"])
    assert list(rows[0]) == [header for header, _width in HISTORY_COLUMNS]
    updates = [(d, u) for d in snapshot.demands for u in d.history]
    never = [d for d in snapshot.demands if not d.history]
    assert len(rows) == len(updates) + len(never)
    assessed = [r for r in rows if r["Update id"]]
    for row, (demand, update) in zip(assessed, updates, strict=True):
        assert row["Demand id"] == str(demand.id) and row["Demand"] == demand.title
        assert row["Update id"] == str(update.id)
        assert row["Assessed on"] == update.assessed_on.isoformat()
        assert row["Status"] == status_label(update.status)
        assert row["Current status"] == status_label(demand.status)
        assert row["Sources"] == "; ".join(s.label for s in update.sources)
    assert {r["Demand id"] for r in rows if not r["Update id"]} == {str(d.id) for d in never}
    # One timestamp format in every export: the JSON's.
    correction = next(r for r in rows if r["Update id"] == "102")
    assert correction["Recorded at (UTC)"] == "2023-03-09T10:00:00Z"
    assert correction["Corrects update id"] == "101"


def test_deadlines_keep_their_precision(
    rendered: dict[str, bytes], snapshot: ReportSnapshot
) -> None:
    elections = next(d for d in snapshot.demands if d.deadline)
    assert elections.deadline_precision == "month"
    row = next(r for r in _csv_rows(rendered["csv"]) if r["Demand id"] == str(elections.id))
    assert (row["Deadline"], row["Deadline precision"]) == ("2023-07", "month")
    sheet = openpyxl.load_workbook(io.BytesIO(rendered["xlsx"]))["Demands"]
    header = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == elections.id:
            deadline = cells[header.index("Deadline")]
            assert deadline.is_date and deadline.number_format == "yyyy-mm"
            assert cells[header.index("Deadline precision")].value == "month"
            break
    else:
        pytest.fail("the demand with a deadline is not in the sheet")


def test_csv_formula_note_is_inert(rendered: dict[str, bytes]) -> None:
    rows = _csv_rows(rendered["csv"])
    notes = [row["Note"] for row in rows]
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
        assert row[col["Demand id"]] == demand.id  # a number, not text
        assert row[col["Title"]] == demand.title
        assert row[col["Status"]] == status_label(demand.status)
        latest = "; ".join(s.label for s in demand.latest_sources)
        assert row[col["Latest source"]] == (latest or None)
    first = sheet.cell(row=2, column=col["Last assessed on"] + 1)
    assert first.is_date and first.value.date() == dt.date(2023, 11, 30)


def test_xlsx_history_sheet_holds_every_assessment(
    workbook: openpyxl.Workbook, snapshot: ReportSnapshot
) -> None:
    sheet = workbook["History"]
    header = [c.value for c in sheet[1]]
    assert header == [h for h, _w in HISTORY_COLUMNS]
    rows = list(sheet.iter_rows(min_row=2))
    col = {h: i for i, h in enumerate(header)}
    updates = [r for r in rows if r[col["Update id"]].value is not None]
    assert len(updates) == sum(len(d.history) for d in snapshot.demands)
    assert len(rows) == len(updates) + sum(1 for d in snapshot.demands if not d.history)
    correction = next(r for r in rows if r[col["Update id"]].value == 102)
    assert correction[col["Corrects update id"]].value == 101
    assert correction[col["Assessed on"]].is_date
    assert correction[col["Recorded at (UTC)"]].value == dt.datetime(2023, 3, 9, 10, 0)
    assert "rfa.org" in correction[col["Source URLs"]].value


def test_xlsx_formula_text_is_a_string_with_no_visible_quote(
    workbook: openpyxl.Workbook,
) -> None:
    found = []
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert not (isinstance(cell.value, str) and cell.value.startswith("'")), cell
                if cell.value == FORMULA_NOTE:
                    assert cell.data_type == "s" and cell.quotePrefix
                    found.append(sheet.title)
    assert sorted(found) == ["Demands", "History"]


def test_xlsx_prints_landscape_on_a4_fitted_to_the_width(workbook: openpyxl.Workbook) -> None:
    for sheet in workbook:
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == "9"  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddFooter.right.text == "Page &P of &N"


def test_xlsx_drops_control_characters(snapshot: ReportSnapshot) -> None:
    demand = replace(snapshot.demands[0], title="Bell\x07 and \x00null")
    data = render_xlsx(replace(snapshot, demands=(demand,)))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Demands"]
    assert sheet["B2"].value == "Bell and null"
