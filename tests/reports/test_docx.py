"""DOCX report: what a Word user expects (A4, styles, fitted tables, footnotes, links, page
numbers, properties), the same content as the PDF, and a bounded length."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.document import Document
from docx.shared import Cm, RGBColor

from tests.reports.sample_snapshot import KHMER_NAME, large_snapshot
from tracker.reports.charts import STATUS_COLOURS, status_label
from tracker.reports.docx import render_docx
from tracker.reports.outline import MAX_DEMANDS
from tracker.reports.snapshot import ReportSnapshot


@pytest.fixture(scope="module")
def data(rendered: dict[str, bytes]) -> bytes:
    return rendered["docx"]


@pytest.fixture(scope="module")
def document(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def _text(document: Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_docx_is_a4_with_margins_and_its_properties_set(
    document: Document, snapshot: ReportSnapshot
) -> None:
    (section,) = document.sections
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.left_margin - Cm(2)) < Cm(0.01)
    properties = document.core_properties
    assert properties.title == snapshot.title
    assert properties.author == "tracker"  # the door names the user: prepared_by
    assert properties.created == snapshot.generated_at
    named = render_docx(replace(snapshot, prepared_by="Ana Analyst"))
    assert docx.Document(io.BytesIO(named)).core_properties.author == "Ana Analyst"


def test_docx_names_the_vendored_fonts_in_its_styles(data: bytes) -> None:
    styles = _part(data, "word/styles.xml")
    assert 'w:ascii="Noto Sans"' in styles and 'w:cs="Noto Sans Khmer"' in styles
    assert 'w:ascii="Noto Serif"' in styles  # the quotes
    assert "Theme=" not in styles and "Calibri" not in styles


def test_docx_uses_styles_not_words_for_headings_and_quotes(
    document: Document, snapshot: ReportSnapshot
) -> None:
    styles = [(p.text, p.style.name if p.style else "") for p in document.paragraphs]
    headings = {text: style for text, style in styles if style.startswith("Heading")}
    for section in ("Summary", "Demands", "Annex: events", "Sources"):
        assert headings[section] == "Heading 1"
    for n, demand in enumerate(snapshot.demands, 1):
        title = f"{n}. {demand.title}   Status: {status_label(demand.status)}"
        assert headings[title] == "Heading 2"
    assert next(s for t, s in styles if t == snapshot.title) == "Title"
    quotes = [t for t, s in styles if s == "Quote"]
    assert len(quotes) == len(snapshot.demands)
    assert all(q.startswith(("B9-0174/2023 ¶", "P8_TA")) for q in quotes), quotes
    assert "Quote" not in [t for t, _s in styles]


def test_docx_holds_no_markup_or_escapes(data: bytes) -> None:
    body = _part(data, "word/document.xml") + _part(data, "word/footnotes.xml")
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body))
    for raw in ("Quote", "&amp;lt;", "**", "[^"):
        assert raw not in text, raw


def test_notes_are_runs_in_bold_italic_and_links(snapshot: ReportSnapshot) -> None:
    demand = snapshot.demands[0]
    update = replace(
        demand.history[0],
        note="The verdict **convicted** him; *see* [the ruling](https://court.example/r)"
        " and [this](javascript:alert(1)) ![beacon](http://tracker.invalid/b.png)",
    )
    one = replace(snapshot, demands=(replace(demand, history=(update,)),), events=())
    document = docx.Document(io.BytesIO(render_docx(one)))
    runs = [r for p in document.paragraphs for r in p.runs]
    assert "convicted" in [r.text for r in runs if r.bold]
    assert "see" in [r.text for r in runs if r.italic]
    links = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert "https://court.example/r" in links
    assert "http://tracker.invalid/b.png" in links  # an image becomes a link, not a picture
    assert not any(link.startswith("javascript:") for link in links)
    assert len(document.inline_shapes) == 2  # the charts only
    text = _text(document)
    assert "see the ruling and this beacon" in text and "**" not in text


def test_sources_are_footnotes_and_listed_at_the_end(
    data: bytes, document: Document, snapshot: ReportSnapshot
) -> None:
    footnotes = _part(data, "word/footnotes.xml")
    body = _part(data, "word/document.xml")
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    assert len(references) >= len([d for d in snapshot.demands if d.latest_sources])
    for number in references:
        assert f'<w:footnote w:id="{number}">' in footnotes
    first = snapshot.demands[0].latest_sources[0]
    assert f"[1] {first.label}" in re.sub(r"<[^>]+>", "", footnotes)
    paragraphs = [p.text for p in document.paragraphs]
    listed = paragraphs[paragraphs.index("Sources") + 1 :]
    assert listed[0].startswith(f"[1] {first.label}")
    assert KHMER_NAME in _text(document) and "Nguyễn" in _text(document)


def test_the_footer_numbers_the_pages(data: bytes) -> None:
    footer = next(
        _part(data, name)
        for name in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if name.startswith("word/footer")
    )
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert "Page " in footer and " of " in footer


def test_tables_have_a_repeated_header_and_fitted_columns(document: Document) -> None:
    events = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    assert events.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    widths = [c.width for c in events.rows[0].cells]
    assert len(set(widths)) > 2, widths  # not equal columns
    date, title = widths[0], widths[1]
    assert title > 2 * date
    summary = document.tables[0]
    (run,) = summary.rows[2].cells[0].paragraphs[0].runs
    assert run.bold and run.font.color.rgb == RGBColor.from_string(
        STATUS_COLOURS["not_implemented"].lstrip("#").upper()
    )


def test_docx_holds_the_charts_as_pictures(document: Document) -> None:
    assert len(document.inline_shapes) == 2
    images = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert images and all(blob.startswith(b"\x89PNG") for blob in images)


def test_a_long_report_lists_a_bounded_number_of_demands() -> None:
    n = MAX_DEMANDS + 40
    document = docx.Document(io.BytesIO(render_docx(large_snapshot(n))))
    headings = [p for p in document.paragraphs if p.style and p.style.name == "Heading 2"]
    assert len(headings) == MAX_DEMANDS
    text = _text(document)
    assert "… and 40 more demands: the full list is in the XLSX and JSON exports." in text
    assert f"Demands: {n}" in text


def test_control_characters_do_not_break_the_document(snapshot: ReportSnapshot) -> None:
    demand = snapshot.demands[1]
    update = replace(demand.history[0], note="First line\nsecond\tcolumn & <more>\x07")
    one = replace(snapshot, demands=(replace(demand, history=(update,)),), events=())
    text = _text(docx.Document(io.BytesIO(render_docx(one))))
    assert "First line second\tcolumn & <more>" in text


def test_an_export_names_who_asked_for_it_as_the_author(db) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import DemandFactory, UserFactory
    from tracker.services.exports import export_briefing, export_report
    from tracker.services.scopes import ScopeRef

    demand = DemandFactory()
    user = UserFactory(name="Ana Analyst")
    scope = ScopeRef("resolution", demand.paragraph.resolution_id)
    report = export_report(db, scope, "docx", actor=user)
    briefing = export_briefing(db, scope, "docx", actor=user)
    for export in (report, briefing):
        author = docx.Document(io.BytesIO(export.content)).core_properties.author
        assert author == "Ana Analyst"
