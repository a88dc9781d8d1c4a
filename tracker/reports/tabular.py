"""Render a ReportSnapshot as CSV and XLSX, with formula-like cells made inert."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker.reports.charts import status_label
from tracker.reports.snapshot import DemandRow, ReportSnapshot, SourceRef

Cell = str | int | dt.date | dt.datetime | None

# A spreadsheet runs a cell starting with one of these as a formula (or DDE command).
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

DEMAND_COLUMNS: tuple[tuple[str, int], ...] = (  # header, width in characters
    ("Demand id", 10),
    ("Title", 40),
    ("Resolution reference", 20),
    ("Paragraph", 10),
    ("Addressees", 30),
    ("Subjects", 30),
    ("Status", 20),
    ("Last assessed on", 14),
    ("Latest source", 40),
    ("Latest source URL", 40),
    ("Deadline", 12),
    ("Times demanded", 10),
    ("Latest note", 60),
)
HISTORY_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Demand id", 10),
    ("Demand", 40),
    ("Update id", 10),
    ("Assessed on", 14),
    ("Status", 20),
    ("Response", 14),
    ("Sources", 50),
    ("Note", 60),
    ("Corrects update id", 12),
    ("Recorded at (UTC)", 20),
)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def _sources(sources: tuple[SourceRef, ...]) -> str:
    return "; ".join(f"{s.label} <{s.url}>" if s.url else s.label for s in sources)


def _latest_note(demand: DemandRow) -> str:
    return next((u.note for u in demand.history if u.note.strip()), "")


def demand_rows(snapshot: ReportSnapshot) -> list[list[Cell]]:
    """One row per demand, values typed (dates stay dates), not yet neutralised."""
    rows: list[list[Cell]] = []
    for d in snapshot.demands:
        latest = d.latest_sources
        rows.append(
            [
                d.id,
                d.title,
                d.resolution_reference,
                d.paragraph_label,
                "; ".join(d.addressees),
                "; ".join(d.subjects),
                status_label(d.status),
                d.last_assessed_on,
                "; ".join(s.label for s in latest),
                "; ".join(s.url for s in latest if s.url),
                d.deadline,
                d.times_demanded,
                _latest_note(d),
            ]
        )
    return rows


def history_rows(snapshot: ReportSnapshot) -> list[list[Cell]]:
    """One row per status update, newest first within each demand."""
    rows: list[list[Cell]] = []
    for d in snapshot.demands:
        for u in d.history:
            rows.append(
                [
                    d.id,
                    d.title,
                    u.id,
                    u.assessed_on,
                    status_label(u.status),
                    u.response or "",
                    _sources(u.sources),
                    u.note,
                    u.corrects_id,
                    u.recorded_at.astimezone(dt.UTC).replace(tzinfo=None),
                ]
            )
    return rows


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The one CSV writer of the tracker: typed cells written plainly, text made inert."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue()


def render_csv(snapshot: ReportSnapshot) -> bytes:
    """One row per demand, UTF-8 with a byte-order mark so Excel reads the accents right."""
    headers = [header for header, _width in DEMAND_COLUMNS]
    return write_csv(headers, demand_rows(snapshot)).encode("utf-8-sig")


def _fill(sheet: Worksheet, columns: Sequence[tuple[str, int]], rows: list[list[Cell]]) -> None:
    sheet.append([header for header, _width in columns])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for values in rows:
        sheet.append(
            [
                (neutralise(ILLEGAL_CHARACTERS_RE.sub("", v)) or None) if isinstance(v, str) else v
                for v in values
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                # openpyxl treats any string starting with "=" as a formula; after
                # neutralising none should, but the type is pinned so none ever can.
                cell.data_type = "s"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions


def render_xlsx(snapshot: ReportSnapshot) -> bytes:
    """Sheet "Demands" (one row per demand) and sheet "History" (one row per update)."""
    workbook = Workbook()
    demands = workbook.active
    assert demands is not None
    demands.title = "Demands"
    _fill(demands, DEMAND_COLUMNS, demand_rows(snapshot))
    _fill(workbook.create_sheet("History"), HISTORY_COLUMNS, history_rows(snapshot))
    generated = snapshot.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.properties.title = snapshot.title
    workbook.properties.creator = "tracker"
    workbook.properties.created = workbook.properties.modified = generated
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
