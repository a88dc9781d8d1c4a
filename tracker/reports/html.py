"""Render a ReportSnapshot as one standalone, print-ready HTML document (pure: no Flask)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from tracker.reports.charts import STATUS_COLOURS, charts, status_label
from tracker.reports.markdown import date_at
from tracker.reports.snapshot import ReportSnapshot, SourceRef, UpdateRow

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates" / "reports"
STATIC_DIR = PROJECT_ROOT / "static"
REPORT_CSS = STATIC_DIR / "css" / "report.css"

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
    return env


def _superseded(history: tuple[UpdateRow, ...]) -> dict[int, int]:
    """Corrected update id -> the id of the update that corrects it."""
    return {u.corrects_id: u.id for u in history if u.corrects_id is not None}


def render_html(snapshot: ReportSnapshot, *, history_limit: int | None = None) -> str:
    """The report as one HTML file: inline CSS and SVG charts, nothing fetched from elsewhere.
    `history_limit` keeps only the latest assessments of each demand (the PDF: a document to
    read and forward, where ten pages of history per demand help nobody; the full history is in
    the XLSX, CSV and JSON exports, and the page says so)."""
    sources = snapshot.footnoted_sources()
    numbers = {s.id: n for n, s in enumerate(sources, 1)}

    def cite(refs: tuple[SourceRef, ...]) -> list[tuple[int, SourceRef]]:
        return [(numbers[s.id], s) for s in refs]

    template = _environment().get_template("report.html")
    return template.render(
        snapshot=snapshot,
        generated=snapshot.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=Markup(REPORT_CSS.read_text(encoding="utf-8")),  # noqa: S704 - our own file
        charts=[(c.title, Markup(c.svg)) for c in charts(snapshot)],  # noqa: S704 - matplotlib
        status_counts=snapshot.status_counts,
        status_colours=STATUS_COLOURS,
        sources=[(numbers[s.id], s) for s in sources],
        cite=cite,
        superseded=_superseded,
        history_limit=history_limit,
    )
