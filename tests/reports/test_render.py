"""render(): every format, its media type and extension; unknown formats refused."""

from __future__ import annotations

import pytest

from tracker.reports.render import EXTENSIONS, FORMATS, MEDIA_TYPES, filename, render
from tracker.reports.snapshot import ReportSnapshot

MAGIC = {
    "pdf": b"%PDF-",
    "docx": b"PK\x03\x04",
    "xlsx": b"PK\x03\x04",
    "csv": b"\xef\xbb\xbf",
    "json": b"{",
    "md": b"# ",
    "html": b"<!doctype html>",
}


def test_every_format_has_a_media_type_and_an_extension() -> None:
    assert set(MEDIA_TYPES) == set(FORMATS) == set(EXTENSIONS)
    assert filename("report-kh", "xlsx") == "report-kh.xlsx"


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_gives_bytes_of_the_right_kind(fmt: str, rendered: dict[str, bytes]) -> None:
    data = rendered[fmt]
    assert isinstance(data, bytes)
    assert data.startswith(MAGIC[fmt])


def test_markdown_is_the_existing_renderer_in_utf8(snapshot: ReportSnapshot) -> None:
    from tracker.reports.markdown import render_markdown

    assert render(snapshot, "md") == render_markdown(snapshot).encode("utf-8")


@pytest.mark.parametrize("fmt", ["txt", "PDF", "", "docx "])
def test_unknown_format_is_refused(fmt: str, snapshot: ReportSnapshot) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(snapshot, fmt)
    with pytest.raises(ValueError, match="unknown report format"):
        filename("x", fmt)


def test_an_empty_report_renders_in_every_format(snapshot: ReportSnapshot) -> None:
    from dataclasses import replace

    empty = replace(snapshot, demands=(), events=(), resolutions=())
    for fmt in ("html", "docx", "csv", "xlsx", "json", "md"):
        assert render(empty, fmt)
