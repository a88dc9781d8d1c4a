"""Render a ReportSnapshot as DOCX with python-docx: real headings, tables and a chart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from typing import TypeVar, cast
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
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

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        coloured: tuple[int, list[str]] | None = None,
    ) -> Table:
        """A table with a repeated bold header row; `coloured` = (column, status of each row)
        shows that column's text bold in the colour of the row's status."""
        return _table(self.document, self.table_style_id, header, rows, coloured)


def _runs(text: str, properties: str = "") -> str:
    """WordprocessingML runs for text, as python-docx writes it: line breaks and tabs become
    <w:br/> and <w:tab/>."""
    parts = []
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{properties}{''.join(parts)}</w:r>"


def _table(
    document: DocumentObject,
    style_id: str,
    header: list[str],
    rows: list[list[str]],
    coloured: tuple[int, list[str]] | None = None,
) -> Table:
    """The table written as one piece of XML: python-docx builds a row cell by cell, searching
    the row for each, which took most of the time of a 200-demand report."""
    width = Emu(document._block_width // len(header)).twips  # noqa: SLF001 - as add_table does
    cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{{}}</w:p></w:tc>'
    bold = "<w:rPr><w:b/></w:rPr>"
    colours = dict(enumerate(coloured[1])) if coloured else {}
    xml = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        f'<w:tblStyle w:val="{escape(style_id)}"/><w:tblW w:type="auto" w:w="0"/>',
        '<w:jc w:val="left"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0"'
        ' w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
        f'<w:gridCol w:w="{width}"/>' * len(header),
        '</w:tblGrid><w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>',
        *(cell.format(_runs(text, bold)) for text in header),
        "</w:tr>",
    ]
    for r, values in enumerate(rows):
        xml.append("<w:tr>")
        for c, text in enumerate(values):
            properties = ""
            if coloured and c == coloured[0]:
                colour = STATUS_COLOURS.get(colours[r], "#333333").lstrip("#").upper()
                properties = f'<w:rPr><w:b/><w:color w:val="{colour}"/></w:rPr>'
            xml.append(cell.format(_runs(text, properties)))
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    tbl = parse_xml("".join(xml))
    body = document._body  # noqa: SLF001 - where Document.add_table puts a table
    body._element._insert_tbl(tbl)  # noqa: SLF001
    return Table(tbl, body)


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
    out.table(
        ["Status", "Demands"],
        [[status_label(s), str(n)] for s, n in counts.items()]
        + [["Total", str(len(snapshot.demands))]],
        coloured=(0, [*counts, "total"]),
    )
    for chart in charts(snapshot):
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        out.paragraph(chart.title, "Caption")
    out.table(
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
        coloured=(2, [d.status for d in snapshot.demands]),
    )

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
        out.table(
            ["Assessed on", "Status", "Response", "Sources", "Note"],
            rows,
            coloured=(1, [u.status for u in d.history]),
        )

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
