"""DOCX report: real headings and tables, the chart picture, numbered sources."""

from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document
from docx.shared import RGBColor

from tests.reports.sample_snapshot import KHMER_NAME
from tracker.reports.charts import STATUS_COLOURS, status_label
from tracker.reports.snapshot import ReportSnapshot


@pytest.fixture(scope="module")
def document(rendered: dict[str, bytes]) -> Document:
    return docx.Document(io.BytesIO(rendered["docx"]))


def _text(document: Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_docx_uses_real_heading_styles(document: Document, snapshot: ReportSnapshot) -> None:
    styles = [(p.text, p.style.name if p.style else "") for p in document.paragraphs]
    headings = {text: style for text, style in styles if style.startswith("Heading")}
    for section in ("Summary", "Demands", "Annex: events", "Sources"):
        assert headings[section] == "Heading 1"
    for n, demand in enumerate(snapshot.demands, 1):
        assert headings[f"{n}. {demand.title}"] == "Heading 2"
    assert "Heading 3" in headings.values()
    assert styles[0][1] == "Title"


def test_docx_summary_and_history_are_real_tables(
    document: Document, snapshot: ReportSnapshot
) -> None:
    summary = document.tables[1]
    assert [c.text for c in summary.rows[0].cells] == [
        "#",
        "Demand",
        "Status",
        "Last assessed",
        "Latest source",
    ]
    rows = summary.rows[1:]
    assert len(rows) == len(snapshot.demands)
    for row, demand in zip(rows, snapshot.demands, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[1] == demand.title
        assert cells[2] == status_label(demand.status)
        for source in demand.latest_sources:
            assert source.label in cells[4]
    with_history = [d for d in snapshot.demands if d.history]
    histories = [t for t in document.tables if t.rows[0].cells[0].text == "Assessed on"]
    assert len(histories) == len(with_history)
    assert "correction of #101" in histories[0].rows[2].cells[1].text
    assert "superseded by #102" in histories[0].rows[3].cells[1].text


def test_docx_holds_the_chart_as_a_picture(document: Document) -> None:
    assert len(document.inline_shapes) == 2
    images = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert images and all(blob.startswith(b"\x89PNG") for blob in images)


def test_docx_sources_are_numbered_and_cited(document: Document, snapshot: ReportSnapshot) -> None:
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Sources")
    listed = paragraphs[start + 1 :]
    sources = snapshot.footnoted_sources()
    assert len(listed) == len(sources)
    for n, (text, source) in enumerate(zip(listed, sources, strict=True), 1):
        assert text.startswith(f"[{n}] {source.label}")
    text = _text(document)
    assert f"{sources[0].label} [1]" in text
    assert KHMER_NAME in text and "Nguyễn" in text
    assert "Kem Sokha arrested at his home in Phnom Penh" in text


def test_docx_statuses_are_bold_in_their_colour(
    document: Document, snapshot: ReportSnapshot
) -> None:
    summary = document.tables[1]
    for row, demand in zip(summary.rows[1:], snapshot.demands, strict=True):
        (run,) = row.cells[2].paragraphs[0].runs
        assert run.bold
        assert run.font.color.rgb == RGBColor.from_string(
            STATUS_COLOURS[demand.status].lstrip("#").upper()
        )
    header = summary.rows[0].cells[0].paragraphs[0].runs
    assert [r.text for r in header] == ["#"] and header[0].bold


def test_docx_cells_keep_line_breaks_and_tabs_of_notes(snapshot: ReportSnapshot) -> None:
    from dataclasses import replace

    from tracker.reports.docx import render_docx

    demand = snapshot.demands[1]
    update = replace(demand.history[0], note="First line\nsecond\tcolumn & <more>")
    one = replace(snapshot, demands=(replace(demand, history=(update,)),), events=())
    document = docx.Document(io.BytesIO(render_docx(one)))
    history = next(t for t in document.tables if t.rows[0].cells[0].text == "Assessed on")
    assert history.rows[1].cells[4].text == "First line\nsecond\tcolumn & <more>"
