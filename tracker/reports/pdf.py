"""Render a ReportSnapshot (and any document's print HTML) as PDF with WeasyPrint, in the
vendored Noto fonts, fetching nothing outside static/."""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from tracker.reports.fonts import FONTS_CSS
from tracker.reports.html import STATIC_DIR, render_pdf_html
from tracker.reports.snapshot import ReportSnapshot


class RefusedURL(ValueError):
    """The report asked for a resource it may not fetch."""


def allowed_path(url: str, static_dir: Path = STATIC_DIR) -> Path | None:
    """The local file a file: URL names, if it lies inside static_dir; None otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    root = static_dir.resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URIs and files under static/; refuses everything else, network first.

    Notes and source labels are written by users: whatever slips through sanitising must
    still not make the server call out (SSRF) or read its own files.
    """

    def __init__(self, static_dir: Path = STATIC_DIR, **kwargs: Any) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)
        self.static_dir = static_dir

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        path = allowed_path(url, self.static_dir)
        if path is None:
            raise RefusedURL(f"the report renderer fetches no URL outside static/: {url[:200]}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": media_type}
        )


# Loading the fonts' @font-face rules (unpacking 44 faces, registering them with fontconfig)
# takes most of a second: done once per thread, then shared by every document it renders.
_FONTS = threading.local()


def _fonts() -> tuple[CSS, FontConfiguration]:
    if not hasattr(_FONTS, "loaded"):
        config = FontConfiguration()
        css = CSS(filename=str(FONTS_CSS), url_fetcher=StaticOnlyFetcher(), font_config=config)
        _FONTS.loaded = (css, config)
    loaded: tuple[CSS, FontConfiguration] = _FONTS.loaded
    return loaded


def write_pdf(html: str) -> bytes:
    """A document's print HTML as a tagged PDF: its own styles over the vendored fonts, its
    links and images resolved inside static/ only."""
    fonts, config = _fonts()
    document = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    )
    return document.write_pdf(stylesheets=[fonts], font_config=config, pdf_tags=True) or b""


# The latest assessments of each demand that the PDF shows (the latest in full, the others by
# date and status); older ones are counted, and the spreadsheet and JSON exports hold them all.
PDF_HISTORY_LIMIT = 3


def render_pdf(snapshot: ReportSnapshot) -> bytes:
    """The report as PDF: the HTML report, paginated, with page numbers."""
    return write_pdf(render_pdf_html(snapshot, history_limit=PDF_HISTORY_LIMIT))
