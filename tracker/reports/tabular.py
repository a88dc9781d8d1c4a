"""Render a ReportSnapshot as CSV (every assessment) and XLSX (a Demands and a History sheet):
typed cells, deadlines at their precision, formula-like text inert, ready to print."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from tracker.reports.charts import status_label
from tracker.reports.markdown import date_at
from tracker.reports.snapshot import DemandRow, ReportSnapshot, SourceRef, UpdateRow
from tracker.reports.timestamps import timestamp

Cell = str | int | dt.date | dt.datetime | None

# A spreadsheet runs a cell starting with one of these as a formula (or DDE command).
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# How a deadline known to the month or the year is shown: as precise as the text said.
_DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "yyyy-mm", "year": "yyyy"}

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
    ("Deadline precision", 10),
    ("Times demanded", 10),
    ("Latest note", 60),
)
HISTORY_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Demand id", 10),
    ("Demand", 40),
    ("Resolution reference", 20),
    ("Current status", 20),
    ("Deadline", 12),
    ("Deadline precision", 10),
    ("Update id", 10),
    ("Assessed on", 14),
    ("Status", 20),
    ("Response", 14),
    ("Sources", 50),
    ("Source URLs", 40),
    ("Note", 60),
    ("Corrects update id", 12),
    ("Recorded at (UTC)", 20),
)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula trigger (CSV,
    where a cell has no type)."""
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def _labels(sources: tuple[SourceRef, ...]) -> str:
    return "; ".join(s.label for s in sources)


def _urls(sources: tuple[SourceRef, ...]) -> str:
    return "; ".join(s.url for s in sources if s.url)


def _latest_note(demand: DemandRow) -> str:
    return next((u.note for u in demand.history if u.note.strip()), "")


def _precision(demand: DemandRow) -> str | None:
    return (demand.deadline_precision or "day") if demand.deadline else None


def demand_rows(snapshot: ReportSnapshot) -> Iterator[list[Cell]]:
    """One row per demand, values typed (dates stay dates), not yet neutralised."""
    for d in snapshot.demands:
        latest = d.latest_sources
        yield [
            d.id,
            d.title,
            d.resolution_reference,
            d.paragraph_label,
            "; ".join(d.addressees),
            "; ".join(d.subjects),
            status_label(d.status),
            d.last_assessed_on,
            _labels(latest),
            _urls(latest),
            d.deadline,
            _precision(d),
            d.times_demanded,
            _latest_note(d),
        ]


def history_rows(snapshot: ReportSnapshot) -> Iterator[list[Cell]]:
    """One row per assessment, newest first within each demand; a demand never assessed
    has one row with its own columns only, so that every demand of the scope is there."""
    for d in snapshot.demands:
        own: list[Cell] = [
            d.id,
            d.title,
            d.resolution_reference,
            status_label(d.status),
            d.deadline,
            _precision(d),
        ]
        updates: Sequence[UpdateRow | None] = d.history or (None,)
        for u in updates:
            if u is None:
                yield [*own, None, None, None, None, None, None, None, None, None]
                continue
            yield [
                *own,
                u.id,
                u.assessed_on,
                status_label(u.status),
                u.response or "",
                _labels(u.sources),
                _urls(u.sources),
                u.note,
                u.corrects_id,
                u.recorded_at,
            ]


# --- CSV -----------------------------------------------------------------------------------


def _csv_row(headers: Sequence[str], values: Sequence[Cell]) -> list[str]:
    out = []
    precision = dict(zip(headers, values, strict=True)).get("Deadline precision")
    for header, value in zip(headers, values, strict=True):
        if value is None:
            out.append("")
        elif isinstance(value, dt.datetime):
            out.append(timestamp(value))
        elif isinstance(value, dt.date):
            out.append(
                date_at(value, str(precision)) if header == "Deadline" else value.isoformat()
            )
        elif isinstance(value, int):
            out.append(str(value))
        else:
            out.append(neutralise(value))
    return out


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The one CSV writer of the tracker (reports and demand lists): typed cells written
    plainly, text made inert."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(_csv_row(headers, row))
    return buffer.getvalue()


def render_csv(snapshot: ReportSnapshot) -> bytes:
    """Every assessment of the scope, one a row, with its demand's columns (the History sheet
    of the XLSX); UTF-8 with a byte-order mark so Excel reads the accents right."""
    headers = [header for header, _width in HISTORY_COLUMNS]
    return write_csv(headers, history_rows(snapshot)).encode("utf-8-sig")


# --- XLSX ----------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
_TOP = Alignment(vertical="top", wrap_text=True)


def _cell(sheet: WriteOnlyWorksheet, header: str, value: Cell, precision: Cell) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # A string cell is never a formula, whatever it starts with; the quote prefix keeps it
        # text when someone edits it, and shows no apostrophe.
        cell.data_type = "s"
        if value.startswith(_FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.value = value.astimezone(dt.UTC).replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        precision = str(precision) if header == "Deadline" and precision else "day"
        cell.number_format = _DATE_FORMATS.get(precision, "yyyy-mm-dd")
    return cell


def _sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[tuple[str, int]],
    rows: Iterator[list[Cell]],
    print_title: str,
) -> None:
    sheet = workbook.create_sheet(title)
    assert isinstance(sheet, WriteOnlyWorksheet)
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Printed on A4 across, as wide as the page, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.left.text = print_title.replace("&", "&&")
    sheet.oddFooter.right.text = "Page &P of &N"
    headers = []
    for header, _width in columns:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _TOP
        headers.append(cell)
    sheet.append(headers)
    count = 0
    precision_at = next((i for i, (h, _w) in enumerate(columns) if h == "Deadline precision"), None)
    for values in rows:
        precision = values[precision_at] if precision_at is not None else None
        sheet.append(
            [
                _cell(sheet, header, value, precision)
                for (header, _width), value in zip(columns, values, strict=True)
            ]
        )
        count += 1
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def render_xlsx(snapshot: ReportSnapshot) -> bytes:
    """Sheet "Demands" (one row per demand) and sheet "History" (one row per assessment),
    written row by row (memory stays flat, whatever the scope)."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, "Demands", DEMAND_COLUMNS, demand_rows(snapshot), snapshot.title)
    _sheet(workbook, "History", HISTORY_COLUMNS, history_rows(snapshot), snapshot.title)
    generated = snapshot.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.properties.title = snapshot.title
    workbook.properties.creator = snapshot.prepared_by or "tracker"
    workbook.properties.created = workbook.properties.modified = generated
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
