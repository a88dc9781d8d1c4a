"""Render a ReportSnapshot as DOCX with python-docx: real headings, tables and a chart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from typing import TypeVar, cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from tracker.reports.charts import STATUS_COLOURS, charts, status_label
from tracker.reports.markdown import date_at
from tracker.reports.snapshot import ReportSnapshot, SourceRef

T = TypeVar("T")

# Word picks the complex-script font for Khmer and Arabic runs; Latin keeps the theme font.
_COMPLEX_SCRIPT_FONT = "Khmer OS"
_LATIN_FONT = "DejaVu Sans"


# XML 1.0 refuses most C0 control characters; python-docx raises on them, so drop them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: T) -> T:
    """The same value with every string in it (dataclasses, tuples) made XML-safe."""
    if isinstance(value, str):
        return cast(T, _NOT_XML.sub("", value))
    if isinstance(value, tuple):
        return cast(T, tuple(_xml_safe(v) for v in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return cast(T, dataclasses.replace(value, **changes))
    return value


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _set_fonts(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.font.size = Pt(10)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), _COMPLEX_SCRIPT_FONT)
    fonts.set(qn("w:eastAsia"), _LATIN_FONT)


_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Quote", "Caption", "List Bullet")


class _Writer:
    """Adds paragraphs and tables by style id: python-docx looks styles up by name slowly
    (a scan of every style per call), which dominated large reports."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self.style_ids = {name: document.styles[name].style_id for name in _STYLES}
        self.table_style_id = document.styles["Table Grid"].style_id

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, header: list[str], rows: list[list[str]]) -> Table:
        return _table(self.document, self.table_style_id, header, rows)


def _table(
    document: DocumentObject, style_id: str, header: list[str], rows: list[list[str]]
) -> Table:
    table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblPr.style = style_id
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    _repeat_header(table)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return table


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(header)


def _colour_status(table: Table, column: int, statuses: list[str]) -> None:
    for row, status in zip(table.rows[1:], statuses, strict=True):
        for paragraph in row.cells[column].paragraphs:
            for run in paragraph.runs:
                run.font.color.rgb = _rgb(STATUS_COLOURS.get(status, "#333333"))
                run.bold = True


def render_docx(snapshot: ReportSnapshot) -> bytes:
    """The report as a Word document, in the same order as the HTML and PDF."""
    snapshot = _xml_safe(snapshot)
    sources = snapshot.footnoted_sources()
    numbers = {s.id: n for n, s in enumerate(sources, 1)}

    def cited(refs: tuple[SourceRef, ...]) -> str:
        return "; ".join(f"{s.label} [{numbers[s.id]}]" for s in refs) or "—"

    document = Document()
    _set_fonts(document)
    out = _Writer(document)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    properties = document.core_properties
    properties.title = snapshot.title
    properties.subject = f"Follow-up report: {snapshot.scope_kind} {snapshot.scope_value}"
    properties.author = "tracker"
    generated = snapshot.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    properties.created = properties.modified = generated
    properties.last_modified_by = "tracker"
    properties.revision = 1

    # Cover
    out.heading(snapshot.title, level=0)
    out.paragraph(
        f"Follow-up report · scope: {snapshot.scope_kind} {snapshot.scope_value} · "
        f"generated {generated.strftime('%Y-%m-%d %H:%M')} UTC"
    )
    if snapshot.include_confidential:
        banner = out.paragraph().add_run(
            "CONFIDENTIAL: this report includes confidential sources and notes. Do not forward."
        )
        banner.bold = True
        banner.font.color.rgb = _rgb(STATUS_COLOURS["not_implemented"])
    for _id, title, reference, adopted in snapshot.resolutions:
        out.paragraph(
            f"{reference}{f' ({date_at(adopted)})' if adopted else ''}: {title}",
            "List Bullet",
        )

    # Summary
    out.heading("Summary", level=1)
    counts = snapshot.status_counts
    table = out.table(
        ["Status", "Demands"],
        [[status_label(s), str(n)] for s, n in counts.items()]
        + [["Total", str(len(snapshot.demands))]],
    )
    _colour_status(table, 0, [*counts, "total"])
    for chart in charts(snapshot):
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        out.paragraph(chart.title, "Caption")
    table = out.table(
        ["#", "Demand", "Status", "Last assessed", "Latest source"],
        [
            [
                str(n),
                d.title,
                status_label(d.status),
                date_at(d.last_assessed_on),
                cited(d.latest_sources),
            ]
            for n, d in enumerate(snapshot.demands, 1)
        ],
    )
    _colour_status(table, 2, [d.status for d in snapshot.demands])

    # One section per demand
    out.heading("Demands", level=1)
    if not snapshot.demands:
        out.paragraph("No demand in this scope.")
    for n, d in enumerate(snapshot.demands, 1):
        out.heading(f"{n}. {d.title}", level=2)
        facts = [
            (
                "Status",
                status_label(d.status)
                + (f" (last assessed {date_at(d.last_assessed_on)})" if d.last_assessed_on else ""),
            ),
            (
                "Resolution",
                f"{d.resolution_title} ({d.resolution_reference}"
                f"{', ' + date_at(d.resolution_date) if d.resolution_date else ''}), "
                f"paragraph {d.paragraph_label}",
            ),
            ("Asked of", ", ".join(d.addressees) or "—"),
            ("About", ", ".join(d.subjects) or "—"),
        ]
        if d.deadline:
            facts.append(("Deadline", date_at(d.deadline, d.deadline_precision)))
        if d.condition:
            facts.append(("Condition", d.condition))
        facts.append(
            (
                "Times demanded",
                f"{d.times_demanded}" + (f" (thread: {d.thread_title})" if d.thread_title else ""),
            )
        )
        for name, value in facts:
            paragraph = out.paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(f"{name}: ").bold = True
            paragraph.add_run(value)
        quote = out.paragraph("Quote")
        quote.add_run(f"{d.paragraph_label}. ").bold = True
        quote.add_run(d.paragraph_text)
        if not d.history:
            out.paragraph("No assessment recorded yet.")
            continue
        out.heading("Status history (newest first)", level=3)
        replaced = {u.corrects_id: u.id for u in d.history if u.corrects_id is not None}
        rows = []
        for u in d.history:
            status = status_label(u.status)
            if u.corrects_id is not None:
                status += f" (correction of #{u.corrects_id})"
            if u.id in replaced:
                status += f" (superseded by #{replaced[u.id]})"
            note = u.note + (" (demo data)" if u.is_demo else "")
            rows.append(
                [
                    u.assessed_on.isoformat(),
                    status,
                    u.response or "—",
                    cited(u.sources),
                    note.strip() or "—",
                ]
            )
        table = out.table(["Assessed on", "Status", "Response", "Sources", "Note"], rows)
        _colour_status(table, 1, [u.status for u in d.history])

    # Annex and sources
    out.heading("Annex: events", level=1)
    if snapshot.events:
        out.table(
            ["Date", "Event", "Kind", "Actors", "Sources"],
            [
                [
                    date_at(e.occurred_on, e.precision),
                    e.title,
                    e.kind,
                    ", ".join(e.actors) or "—",
                    " ".join(f"[{numbers[s.id]}]" for s in e.sources) or "—",
                ]
                for e in snapshot.events
            ],
        )
    else:
        out.paragraph("No linked event.")

    out.heading("Sources", level=1)
    if not sources:
        out.paragraph("No source cited.")
    for n, s in enumerate(sources, 1):
        bits = [s.label]
        if s.publisher:
            bits.append(s.publisher)
        if s.published_on:
            bits.append(s.published_on.isoformat())
        if s.url:
            bits.append(s.url)
        if s.is_confidential:
            bits.append("(confidential)")
        # Numbered explicitly so "[n]" in the text always matches, whatever Word renumbers.
        out.paragraph(f"[{n}] " + ", ".join(bits))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
