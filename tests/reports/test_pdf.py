"""PDF report: text layer, chart on the first pages, scripts, compact layout, and no request to
anywhere."""

from __future__ import annotations

import http.server
import io
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tests.reports.sample_snapshot import KHMER_NAME, large_snapshot
from tracker.reports.charts import DISTRIBUTION_TITLE, status_label
from tracker.reports.html import STATIC_DIR
from tracker.reports.pdf import (
    PDF_HISTORY_LIMIT,
    RefusedURL,
    StaticOnlyFetcher,
    allowed_path,
    render_pdf,
)
from tracker.reports.snapshot import ReportSnapshot


def _pdftotext(data: bytes) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed: make system-packages"
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf(rendered: dict[str, bytes]) -> bytes:
    return rendered["pdf"]


@pytest.fixture(scope="module")
def pdf_text(pdf: bytes) -> str:
    return _squash(_pdftotext(pdf))


def test_pdf_text_layer_holds_every_section(pdf_text: str) -> None:
    for title in ("Summary", "Demands", "Annex: events", "Sources"):
        assert title in pdf_text


def test_pdf_holds_every_demand_its_status_and_latest_source(
    snapshot: ReportSnapshot, pdf_text: str
) -> None:
    for n, demand in enumerate(snapshot.demands, 1):
        section = pdf_text.split(f"{n}. {demand.title}")[-1]
        # The demand's own section starts with its status.
        assert section.strip().startswith(f"Status: {status_label(demand.status)}"), section[:80]
        for source in demand.latest_sources:
            assert _squash(source.label) in pdf_text


def test_pdf_first_pages_carry_the_charts(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    first_pages = reader.pages[:2]
    texts = [page.extract_text() for page in first_pages]
    assert any(DISTRIBUTION_TITLE in text for text in texts)
    chart_page = next(p for p, t in zip(first_pages, texts, strict=True) if DISTRIBUTION_TITLE in t)
    content = chart_page.get_contents()
    assert content is not None
    ops = content.get_data()
    # Bars and areas are filled paths: many "re"/"l" path operators followed by fills.
    assert ops.count(b" re") + ops.count(b" l\n") > 20
    assert b"\nf\n" in ops or b" f\n" in ops or b"\nf*" in ops


def test_pdf_has_page_numbers(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 2
    assert f"Page 2 of {total}" in reader.pages[1].extract_text()


def test_khmer_and_accents_reach_the_pdf(pdf: bytes, pdf_text: str) -> None:
    assert "Nguyễn" in pdf_text
    fonts = _fonts(pdf)
    assert any("Khmer" in name for name in fonts), fonts
    # Shaped Khmer still extracts in logical order (poppler maps the glyphs back).
    assert KHMER_NAME in pdf_text


def _fonts(pdf: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        for font in resources.get("/Font", DictionaryObject()).get_object().values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_latin_khmer_and_arabic_names_each_get_a_font_that_has_them(
    snapshot: ReportSnapshot,
) -> None:
    demand = snapshot.demands[0]
    update = replace(demand.history[0], note="Visits by Nguyễn, ខេម សុខា and عبد الله were refused.")
    one = replace(
        snapshot, demands=(replace(demand, history=(update, *demand.history[1:])),), events=()
    )
    pdf = render_pdf(one)
    fonts = _fonts(pdf)
    assert any("Khmer" in name for name in fonts), fonts
    assert any("Arabic" in name for name in fonts), fonts
    text = _squash(_pdftotext(pdf))
    assert "Visits by Nguyễn, ខេម សុខា and" in text
    # poppler gives the Arabic back in visual order, its joined letters apart at times: each
    # letter is there.
    assert set("عبد") <= set(text)


def test_each_demand_shows_its_latest_assessment_and_the_dates_of_those_before(
    pdf_text: str,
) -> None:
    assert PDF_HISTORY_LIMIT == 3
    kem_sokha = pdf_text.split("1. Release Kem Sokha and drop all charges")[-1]
    assert kem_sokha.startswith(
        " Status: Not implemented Last assessed 2023-11-30; "
        "LICADHO prisoner list, quarterly update [1]. Still under house arrest"
    )
    assert (
        "Before: 2023-03-03 not implemented (correction of #101); "
        "2023-03-03 implemented (superseded by #102); 1 older." in kem_sokha
    )
    assert "Held in Trapeang Phlong prison" not in pdf_text  # the fourth, oldest assessment


def test_only_the_latest_sources_are_footnoted(snapshot: ReportSnapshot) -> None:
    elections = next(d for d in snapshot.demands if d.title.startswith("Hold free and fair"))
    newest, older = elections.history
    assert newest.sources != older.sources
    text = _squash(_pdftotext(render_pdf(replace(snapshot, demands=(elections,), events=()))))
    sources = text.split("Sources")[-1]
    assert f"[1] {newest.sources[0].label}" in sources
    assert older.sources[0].label not in text
    assert "Before: 2023-05-15 not implemented." in text


def test_a_report_on_an_addressee_does_not_name_it_in_every_demand(
    snapshot: ReportSnapshot,
) -> None:
    from tracker.reports.html import render_pdf_html

    asked = replace(snapshot, scope_kind="addressee", scope_value="Cambodian authorities")
    html = render_pdf_html(asked, history_limit=PDF_HISTORY_LIMIT)
    assert "asked of Cambodian authorities" not in html
    assert "also asked of European Commission" in html
    assert "asked of Cambodian authorities" in render_pdf_html(
        snapshot, history_limit=PDF_HISTORY_LIMIT
    )


def test_a_demand_that_names_no_addressee_says_so(snapshot: ReportSnapshot) -> None:
    from tracker.reports.html import render_pdf_html

    first = replace(snapshot.demands[0], addressees=())
    html = render_pdf_html(
        replace(snapshot, demands=[first, *snapshot.demands[1:]]), history_limit=PDF_HISTORY_LIMIT
    )
    assert "no addressee named" in html
    assert "asked of —" not in html


def test_a_long_report_stays_compact() -> None:
    """WeasyPrint's time grows with lines and pages: eight demands or more to a page (the
    table layout gave about two, and took half a minute for 200 demands)."""
    n = 100
    pages = PdfReader(io.BytesIO(render_pdf(large_snapshot(n)))).pages
    assert len(pages) <= 2 + n // 8


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def trap() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that records every request it receives."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_note_with_a_remote_image_causes_no_request(
    snapshot: ReportSnapshot, trap: tuple[str, list[str]]
) -> None:
    host, hits = trap
    demand = snapshot.demands[0]
    update = replace(
        demand.history[0],
        note=f'<img src="http://{host}/x.png"> ![pic](http://{host}/y.png) '
        f'<link rel="stylesheet" href="http://{host}/z.css"> '
        f"<style>@import url(http://{host}/w.css);</style>",
    )
    evil = replace(
        snapshot,
        demands=(replace(demand, history=(update, *demand.history[1:])),),
        events=(),
    )
    assert render_pdf(evil).startswith(b"%PDF-")
    assert hits == []


def test_web_sources_are_links_in_the_pdf_and_are_not_fetched(
    snapshot: ReportSnapshot, trap: tuple[str, list[str]]
) -> None:
    host, hits = trap
    demand = snapshot.demands[0]
    first = demand.history[0]
    web = replace(first.sources[0], id=9001, url=f"http://{host}/article")
    script = replace(first.sources[0], id=9002, label="Odd", url="javascript:alert(1)")
    update = replace(first, sources=(web, script))
    linked = replace(
        snapshot,
        demands=(replace(demand, history=(update, *demand.history[1:])),),
        events=(),
    )
    reader = PdfReader(io.BytesIO(render_pdf(linked)))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert f"http://{host}/article" in uris
    assert not any(str(u).startswith("javascript:") for u in uris)
    assert hits == []


def test_the_fetcher_refuses_even_raw_html_that_asks(trap: tuple[str, list[str]]) -> None:
    from weasyprint import HTML

    host, hits = trap
    html = (
        f'<link rel="stylesheet" href="http://{host}/a.css">'
        f'<p style="background: url(http://{host}/b.png)">x</p>'
        f'<img src="http://{host}/c.png"><img src="file:///etc/passwd">'
    )
    HTML(string=html, url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert hits == []
    # ...while the same page fetches when nothing stops it: the trap does catch requests.
    HTML(string=f'<img src="http://{host}/d.png">').write_pdf()
    assert hits == ["/d.png"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/font.woff2",
        "ftp://example.org/x",
        "file:///etc/passwd",
        (STATIC_DIR / ".." / "pyproject.toml").as_uri(),
        "file://evil.example/" + str(STATIC_DIR / "css" / "report.css"),
        (STATIC_DIR / "css" / "missing.css").as_uri(),
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url: str) -> None:
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_static_files_and_data_uris() -> None:
    css = STATIC_DIR / "css" / "report.css"
    assert allowed_path(css.as_uri()) == css.resolve()
    response = StaticOnlyFetcher().fetch(css.as_uri())
    assert response.read() == css.read_bytes()
    assert response.content_type == "text/css"
    data = StaticOnlyFetcher().fetch("data:text/plain;base64,aGk=")
    assert data.read() == b"hi"
    assert issubclass(RefusedURL, ValueError)
    assert Path(STATIC_DIR).is_dir()
