"""A Word document as people expect one, for the report and the briefing alike: A4 with
margins, the Noto fonts named in its styles, real styles (headings, quote, caption, footnote,
hyperlink), tables with a repeated header and columns fitted to their text, hyperlinks, notes
as runs (bold, italic, links), footnotes, "Page n of N" in the footer and document properties.

python-docx has no footnote API: the footnotes part is written here, as Word writes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import TypeVar, cast
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from tracker.reports.fonts import KHMER, SANS, SERIF
from tracker.reports.notes import Run, safe_href

T = TypeVar("T")

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)  # A4
MARGIN_SIDE, MARGIN_TOP = Cm(2), Cm(2)
TEXT_WIDTH_TWIPS = int((PAGE_WIDTH - 2 * MARGIN_SIDE) / 635)  # EMU -> twentieths of a point
INK = "1B1B1B"
MUTED = "555555"
LINK = "1A4F8A"

# XML 1.0 refuses most C0 control characters; python-docx raises on them, so drop them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: T) -> T:
    """The same value with every string in it (dataclasses, tuples) made XML-safe."""
    if isinstance(value, str):
        return cast(T, _NOT_XML.sub("", value))
    if isinstance(value, tuple):
        return cast(T, tuple(xml_safe(v) for v in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return cast(T, dataclasses.replace(value, **changes))
    return value


def _text(text: str) -> str:
    """Runs' inner XML for text: line breaks and tabs as <w:br/> and <w:tab/>."""
    parts = []
    for i, line in enumerate(_NOT_XML.sub("", text).replace("\r\n", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


def run_xml(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    code: bool = False,
    colour: str | None = None,
    style: str | None = None,
) -> str:
    properties = []
    if style:
        properties.append(f'<w:rStyle w:val="{style}"/>')
    if code:
        properties.append('<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>')
    if bold:
        properties.append("<w:b/><w:bCs/>")
    if italic:
        properties.append("<w:i/><w:iCs/>")
    if colour:
        properties.append(f'<w:color w:val="{colour.lstrip("#").upper()}"/>')
    rpr = f"<w:rPr>{''.join(properties)}</w:rPr>" if properties else ""
    return f"<w:r>{rpr}{_text(text)}</w:r>"


@dataclasses.dataclass
class Column:
    header: str
    min_chars: int = 4  # never narrower than this many characters
    max_chars: int = 60  # never asks for more than this many


CHAR_TWIPS = 110  # about one character of 9.5-point Noto Sans
CELL_PADDING_TWIPS = 140  # the cell margins, left and right


def fitted_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], *, full_width: bool = True
) -> list[int]:
    """Column widths in twips: each column first gets room for its longest word (within its
    bounds), then the rest of the width goes in proportion to how much more text each holds.
    `full_width`: the table spans the text width; otherwise it is as wide as its text needs,
    if that is less."""
    floors, wanted = [], []
    for c, column in enumerate(columns):
        texts = [column.header, *(row[c] for row in rows)]
        longest = max((len(t) for t in texts), default=1)
        word = max((len(w) for t in texts for w in t.split()), default=1)
        floor = min(max(column.min_chars, min(word, 18)), column.max_chars)
        floors.append(floor * CHAR_TWIPS + CELL_PADDING_TWIPS)
        wanted.append(max(floor, min(longest, column.max_chars)) * CHAR_TWIPS + CELL_PADDING_TWIPS)
    width = TEXT_WIDTH_TWIPS if full_width else min(TEXT_WIDTH_TWIPS, sum(wanted))
    if sum(floors) >= width:
        widths = [width * f // sum(floors) for f in floors]
    else:
        extra = [w - f for w, f in zip(wanted, floors, strict=True)]
        weights = extra if sum(extra) else wanted
        room = width - sum(floors)
        widths = [f + room * x // sum(weights) for f, x in zip(floors, weights, strict=True)]
    widths[-1] += width - sum(widths)
    return widths


@dataclasses.dataclass
class _Footnote:
    id: int
    runs: str


class WordDocument:
    """One document being written; `save()` gives its bytes."""

    def __init__(
        self,
        *,
        title: str,
        subject: str,
        author: str,
        created: dt.datetime,
        keywords: str,
        running_title: str,
        category: str,
    ) -> None:
        self.document: DocumentObject = Document()
        self._footnotes: list[_Footnote] = []
        self._styles()
        self._page(running_title)
        properties = self.document.core_properties
        properties.title = title
        properties.subject = subject
        properties.author = properties.last_modified_by = author
        properties.keywords = keywords
        properties.comments = "Written by tracker"
        properties.language = "en"
        when = created.astimezone(dt.UTC).replace(tzinfo=None)
        properties.created = properties.modified = when
        properties.revision = 1
        properties.category = category

    # --- set-up -----------------------------------------------------------------------
    def _styles(self) -> None:
        styles = self.document.styles
        root = styles.element
        # Theme fonts (Calibri, Cambria) take precedence over named ones: drop them.
        for fonts in root.iter(qn("w:rFonts")):
            for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attribute}"), None)
        defaults = root.find(qn("w:docDefaults"))
        if defaults is not None:
            for fonts in defaults.iter(qn("w:rFonts")):
                _name_fonts(fonts, SANS)
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            style = styles[name]
            _name_fonts(style.element.get_or_add_rPr().get_or_add_rFonts(), SANS)
            style.font.color.rgb = RGBColor.from_string(INK if name != "Caption" else MUTED)
        normal = styles["Normal"]
        normal.font.size = Pt(9.5)
        normal.paragraph_format.space_after = Pt(3)
        styles["Title"].font.size = Pt(22)
        for name, size in (("Heading 1", 15), ("Heading 2", 11), ("Heading 3", 10)):
            styles[name].font.size = Pt(size)
            styles[name].paragraph_format.space_before = Pt(12 if name == "Heading 1" else 7)
            styles[name].paragraph_format.space_after = Pt(2)
        quote = styles["Quote"]
        _name_fonts(quote.element.get_or_add_rPr().get_or_add_rFonts(), SERIF)
        quote.font.color.rgb = RGBColor.from_string("444444")
        quote.font.size = Pt(8.5)
        quote.paragraph_format.left_indent = Cm(0.6)
        quote.paragraph_format.space_after = Pt(4)
        styles["Caption"].font.bold = False
        root.append(
            parse_xml(
                f"<w:style {nsdecls('w')} w:type='character' w:styleId='Hyperlink'>"
                "<w:name w:val='Hyperlink'/><w:basedOn w:val='DefaultParagraphFont'/>"
                "<w:uiPriority w:val='99'/><w:unhideWhenUsed/>"
                f"<w:rPr><w:color w:val='{LINK}'/><w:u w:val='single'/></w:rPr></w:style>"
            )
        )
        root.append(
            parse_xml(
                f"<w:style {nsdecls('w')} w:type='paragraph' w:styleId='FootnoteText'>"
                "<w:name w:val='footnote text'/><w:basedOn w:val='Normal'/>"
                "<w:uiPriority w:val='99'/><w:unhideWhenUsed/>"
                "<w:pPr><w:spacing w:after='0' w:line='240' w:lineRule='auto'/></w:pPr>"
                "<w:rPr><w:sz w:val='16'/><w:szCs w:val='16'/></w:rPr></w:style>"
            )
        )
        root.append(
            parse_xml(
                f"<w:style {nsdecls('w')} w:type='character' w:styleId='FootnoteReference'>"
                "<w:name w:val='footnote reference'/><w:basedOn w:val='DefaultParagraphFont'/>"
                "<w:uiPriority w:val='99'/><w:unhideWhenUsed/>"
                "<w:rPr><w:vertAlign w:val='superscript'/></w:rPr></w:style>"
            )
        )

    def _page(self, running_title: str) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN_SIDE
        section.top_margin, section.bottom_margin = MARGIN_TOP, Cm(2)
        section.header_distance = section.footer_distance = Cm(1)
        small = '<w:rPr><w:color w:val="666666"/><w:sz w:val="16"/></w:rPr>'
        header = section.header.paragraphs[0]
        header._p.append(parse_xml(f"<w:r {nsdecls('w')}>{small}{_text(running_title)}</w:r>"))
        footer = section.footer.paragraphs[0]
        footer.alignment = 2  # right
        for piece in (
            f"<w:r {nsdecls('w')}>{small}<w:t xml:space='preserve'>Page </w:t></w:r>",
            f"<w:fldSimple {nsdecls('w')} w:instr=' PAGE '><w:r>{small}<w:t>1</w:t></w:r>"
            "</w:fldSimple>",
            f"<w:r {nsdecls('w')}>{small}<w:t xml:space='preserve'> of </w:t></w:r>",
            f"<w:fldSimple {nsdecls('w')} w:instr=' NUMPAGES '><w:r>{small}<w:t>1</w:t></w:r>"
            "</w:fldSimple>",
        ):
            footer._p.append(parse_xml(piece))

    # --- writing ----------------------------------------------------------------------
    def heading(self, text: str, level: int) -> Paragraph:
        return self.document.add_heading(xml_safe(text), level=level)

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph(style=style)
        if text:
            self.add(paragraph, run_xml(text))
        return paragraph

    def add(self, paragraph: Paragraph, xml: str) -> None:
        """Append runs (or hyperlinks, footnote references) written as WordprocessingML."""
        wrapped = parse_xml(f"<w:p {nsdecls('w', 'r')}>{xml}</w:p>")
        for child in list(wrapped):
            paragraph._p.append(child)

    def hyperlink(
        self, text: str, url: str | None, *, bold: bool = False, italic: bool = False
    ) -> str:
        """A link to `url` if a reader may follow it (http, https, mailto); else the text."""
        target = safe_href(url)
        if target is None:
            return run_xml(text, bold=bold, italic=italic)
        r_id = self.document.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return (
            f"<w:hyperlink r:id={quoteattr(r_id)} w:history='1'>"
            f"{run_xml(text, style='Hyperlink', bold=bold, italic=italic)}</w:hyperlink>"
        )

    def note_runs(self, runs: Sequence[Run]) -> str:
        """An analyst's note (see notes.py) as runs: bold, italic, code, links."""
        return "".join(
            self.hyperlink(run.text, run.href, bold=run.bold, italic=run.italic)
            if run.href
            else run_xml(run.text, bold=run.bold, italic=run.italic, code=run.code)
            for run in runs
        )

    def footnote(self, xml: str) -> str:
        """A footnote holding the runs `xml`; returns the reference to put in the text."""
        note = _Footnote(len(self._footnotes) + 1, xml)
        self._footnotes.append(note)
        return (
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{note.id}"/></w:r>'
        )

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        cells: Sequence[Sequence[str]] | None = None,
        full_width: bool = True,
    ) -> Table:
        """A table with a bold, shaded header row repeated on every page and widths fitted to
        `rows` (plain text); `cells` gives the runs of each cell when they are richer."""
        widths = fitted_widths(columns, rows, full_width=full_width)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

        def cell(xml: str, width: int, shade: bool = False) -> str:
            fill = '<w:shd w:val="clear" w:color="auto" w:fill="E8E8E8"/>' if shade else ""
            return (
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{fill}</w:tcPr>'
                f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>{xml}</w:p></w:tc>'
            )

        header = "".join(
            cell(run_xml(c.header, bold=True), w, shade=True)
            for c, w in zip(columns, widths, strict=True)
        )
        body = []
        for r, row in enumerate(rows):
            xmls = cells[r] if cells is not None else [run_xml(text) for text in row]
            body.append(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + "".join(cell(x, w) for x, w in zip(xmls, widths, strict=True))
                + "</w:tr>"
            )
        xml = (
            f"<w:tbl {nsdecls('w', 'r')}><w:tblPr><w:tblStyle w:val='TableGrid'/>"
            f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/>'
            '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0"'
            ' w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{header}</w:tr>"
            + "".join(body)
            + "</w:tbl>"
        )
        tbl = parse_xml(xml)
        body_element = self.document._body  # noqa: SLF001 - where Document.add_table puts one
        body_element._element._insert_tbl(tbl)  # noqa: SLF001
        return Table(tbl, body_element)

    def picture(self, png: bytes, width_cm: float, caption: str) -> None:
        self.document.add_picture(io.BytesIO(png), width=Cm(width_cm))
        self.paragraph(caption, "Caption")

    # --- output -----------------------------------------------------------------------
    def _footnotes_part(self) -> None:
        notes = [
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"'
            ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>",
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing'
            ' w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote>",
        ]
        for note in self._footnotes:
            notes.append(
                f'<w:footnote w:id="{note.id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
                '</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
                f"{note.runs}</w:p></w:footnote>"
            )
        xml = (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f"<w:footnotes {nsdecls('w', 'r')}>{''.join(notes)}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            CONTENT_TYPE.WML_FOOTNOTES,
            xml.encode("utf-8"),
            self.document.part.package,
        )
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)

    def save(self) -> bytes:
        if self._footnotes:
            self._footnotes_part()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _name_fonts(fonts: object, family: str) -> None:
    """Name `family` for Latin and East Asian text, Noto Sans Khmer for complex scripts."""
    for attribute in ("ascii", "hAnsi", "eastAsia"):
        fonts.set(qn(f"w:{attribute}"), family)  # type: ignore[attr-defined]
    fonts.set(qn("w:cs"), KHMER)  # type: ignore[attr-defined]
