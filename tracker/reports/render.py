"""One entry point for every report format: render(snapshot, fmt) -> bytes."""

from __future__ import annotations

from collections.abc import Callable

from tracker.reports.snapshot import ReportSnapshot

FORMATS = ("pdf", "docx", "md", "csv", "xlsx", "json", "html")

MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}

EXTENSIONS: dict[str, str] = {fmt: f".{fmt}" for fmt in FORMATS}


def _md(snapshot: ReportSnapshot) -> bytes:
    from tracker.reports.markdown import render_markdown

    return render_markdown(snapshot).encode("utf-8")


def _html(snapshot: ReportSnapshot) -> bytes:
    from tracker.reports.html import render_html

    return render_html(snapshot).encode("utf-8")


def _pdf(snapshot: ReportSnapshot) -> bytes:
    # Imported on use: WeasyPrint takes a second to import (matplotlib too, which only the
    # DOCX charts need), and a CSV export (or a CLI command that renders nothing) should not
    # pay for them.
    from tracker.reports.pdf import render_pdf

    return render_pdf(snapshot)


def _docx(snapshot: ReportSnapshot) -> bytes:
    from tracker.reports.docx import render_docx

    return render_docx(snapshot)


def _csv(snapshot: ReportSnapshot) -> bytes:
    from tracker.reports.tabular import render_csv

    return render_csv(snapshot)


def _xlsx(snapshot: ReportSnapshot) -> bytes:
    from tracker.reports.tabular import render_xlsx

    return render_xlsx(snapshot)


def _json(snapshot: ReportSnapshot) -> bytes:
    from tracker.reports.jsonout import render_json

    return render_json(snapshot)


_RENDERERS: dict[str, Callable[[ReportSnapshot], bytes]] = {
    "pdf": _pdf,
    "docx": _docx,
    "md": _md,
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
    "html": _html,
}


def render(snapshot: ReportSnapshot, fmt: str) -> bytes:
    """The report in one of FORMATS; ValueError for any other format."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown report format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return renderer(snapshot)


def filename(stem: str, fmt: str) -> str:
    """A download name for the report, e.g. filename("report-kh", "pdf") -> "report-kh.pdf"."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown report format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return stem + EXTENSIONS[fmt]
