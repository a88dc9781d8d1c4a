"""Render a ReportSnapshot as one standalone, print-ready HTML document (pure: no Flask)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from tracker.reports.charts import STATUS_COLOURS, charts, status_label
from tracker.reports.markdown import date_at
from tracker.reports.notes import safe_href
from tracker.reports.outline import FULL_LIST, outline
from tracker.reports.snapshot import ReportSnapshot, SourceRef, UpdateRow
from tracker.reports.timestamps import human_timestamp, timestamp

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates" / "reports"
STATIC_DIR = PROJECT_ROOT / "static"
REPORT_CSS = STATIC_DIR / "css" / "report.css"
PDF_CSS = STATIC_DIR / "css" / "document-pdf.css"

# What a note may contain once rendered: text formatting and links, never images or scripts.
_NOTE_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
_NOTE_ATTRIBUTES = {"a": {"href", "title"}}
_NOTE_SCHEMES = {"http", "https", "mailto"}


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def note_html(text: str) -> Markup:
    """A note's Markdown as safe HTML: raw HTML stays text, images are not rendered."""
    if not text.strip():
        return Markup("")
    rendered = _markdown().render(text)
    clean = nh3.clean(
        rendered,
        tags=_NOTE_TAGS,
        attributes=_NOTE_ATTRIBUTES,
        url_schemes=_NOTE_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


_ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>\s*", re.DOTALL)


def note_inline_html(text: str) -> Markup:
    """A note as note_html gives it, unwrapped when it is one paragraph, to run on in a line."""
    html = note_html(text)
    match = _ONE_PARAGRAPH.fullmatch(html)
    return Markup(match.group(1)) if match else html  # noqa: S704 - from note_html


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["label"] = status_label
    env.filters["date_at"] = date_at
    env.filters["note"] = note_html
    env.filters["note_inline"] = note_inline_html
    env.filters["safe_href"] = safe_href
    return env


def _superseded(history: tuple[UpdateRow, ...]) -> dict[int, int]:
    """Corrected update id -> the id of the update that corrects it."""
    return {u.corrects_id: u.id for u in history if u.corrects_id is not None}


def render_html(snapshot: ReportSnapshot, *, history_limit: int | None = None) -> str:
    """The report as one HTML file: inline CSS and SVG charts, nothing fetched from elsewhere.
    `history_limit` keeps only the latest assessments of each demand (the full history is in
    the XLSX, CSV and JSON exports, and the page says so). The PDF has a layout of its own:
    render_pdf_html. Like the other documents, it lists at most MAX_DEMANDS demands and
    MAX_EVENTS events, and says how many more the XLSX and JSON exports hold."""
    doc = outline(snapshot)
    listed = replace(
        snapshot,
        demands=tuple(e.demand for e in doc.demands),
        events=doc.events,
    )
    return _render(
        "report.html",
        REPORT_CSS,
        snapshot,
        listed.footnoted_sources(),
        listed=listed,
        doc=doc,
        status_colours=STATUS_COLOURS,
        history_limit=history_limit,
    )


def _render(
    name: str, css: Path, snapshot: ReportSnapshot, sources: list[SourceRef], **extra: object
) -> str:
    """One of the report templates, with `sources` numbered as footnotes in that order."""
    numbers = {s.id: n for n, s in enumerate(sources, 1)}

    def cite(refs: tuple[SourceRef, ...]) -> list[tuple[int, SourceRef]]:
        return [(numbers[s.id], s) for s in refs]

    return (
        _environment()
        .get_template(name)
        .render(
            snapshot=snapshot,
            generated=human_timestamp(snapshot.generated_at),
            created=timestamp(snapshot.generated_at),
            author=snapshot.prepared_by or "tracker",
            scope_label=snapshot.scope_label,
            full_list=FULL_LIST,
            css=Markup(css.read_text(encoding="utf-8")),  # noqa: S704 - our own file
            charts=[(c.title, Markup(c.svg)) for c in charts(snapshot)],  # noqa: S704 - charts.py
            status_counts=snapshot.status_counts,
            sources=[(numbers[s.id], s) for s in sources],
            cite=cite,
            superseded=_superseded,
            **extra,
        )
    )


def render_pdf_html(snapshot: ReportSnapshot, *, history_limit: int) -> str:
    """The report as HTML laid out for print (WeasyPrint), whose time grows with every line and
    every element: what outline() keeps (a bounded number of demands and events; per demand,
    its status, its latest assessment in full and the dates and statuses of the
    `history_limit - 1` before it), in a few paragraphs rather than tables; only the sources
    cited are footnoted."""
    doc = outline(snapshot, history_limit=history_limit)
    return _render(
        "pdf.html",
        PDF_CSS,
        snapshot,
        [s for _n, s in doc.sources],
        doc=doc,
        # In a report on what one addressee was asked, naming it in every demand says nothing.
        addressee=snapshot.scope_value if snapshot.scope_kind == "addressee" else None,
    )
