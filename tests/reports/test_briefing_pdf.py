"""The briefing as PDF, read back with poppler and pypdf: the report's look (fonts, running
header, page numbers, outline, tags, metadata), names not codes, parts that say what they omit."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tracker.reports.briefing import AddresseeGroup, BriefDemand, Briefing, Change
from tracker.reports.briefing_render import render_briefing, render_briefing_html


def _demand(n: int, **changes: object) -> BriefDemand:
    values: dict[str, object] = {
        "id": n,
        "title": f"Release prisoner {n}",
        "status": "not_implemented",
        "times_demanded": 2,
        "resolution_reference": "B9-0174/2023",
        "addressees": ("Cambodian authorities",),
        "deadline": None,
        "deadline_precision": None,
        "last_assessed_on": dt.date(2023, 5, 1),
        "latest_sources": (),
    }
    values.update(changes)
    return BriefDemand(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    demands = tuple(_demand(n) for n in range(1, 31))
    return Briefing(
        title="Briefing: Cambodia",
        scope_kind="country",
        scope_value="KH",
        scope_name="Cambodia",
        since=dt.date(2023, 3, 1),
        today=dt.date(2024, 6, 1),
        generated_at=dt.datetime(2024, 6, 1, 8, 15, tzinfo=dt.UTC),
        include_confidential=False,
        prepared_by="Ana Analyst",
        changes=tuple(
            Change(
                dt.date(2023, 4, 1) + dt.timedelta(days=n),
                "status",
                f"Release prisoner {n}",
                "now partially implemented (was not implemented)",
                n,
            )
            for n in range(1, 31)
        ),  # fmt: skip
        open_by_addressee=(AddresseeGroup("Cambodian authorities", demands[:20], 240),),
        overdue=demands[:5],
        stale=demands[5:10],
        suggested_wording=("[DRAFT] Reiterates its call to release prisoner 1 (...);",),
        demand_count=300,
        changes_total=30,
        overdue_total=5,
        stale_total=5,
        wording_total=1,
        addressees_total=1,
        unchanged_total=12,
    )


@pytest.fixture(scope="module")
def pdf(briefing: Briefing) -> bytes:
    return render_briefing(briefing, "pdf")


def _text(pdf: bytes) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is needed: make system-packages"
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return " ".join(result.stdout.decode().split())


def test_the_styles_reach_the_document(briefing: Briefing) -> None:
    html = render_briefing_html(briefing)
    assert "&#34;" not in html.split("</style>")[0]  # the stylesheet is not escaped
    assert "@page" in html and "counter(pages)" in html


def test_the_briefing_pdf_has_the_reports_look(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    assert reader.metadata is not None
    assert reader.metadata.title == "Briefing: Cambodia"
    assert reader.metadata.author == "Ana Analyst"
    assert reader.metadata.creation_date.date() == dt.date(2024, 6, 1)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged

    def titles(items: list) -> list[str]:  # type: ignore[type-arg]
        return [t for i in items for t in (titles(i) if isinstance(i, list) else [i.title])]

    outline = titles(reader.outline)
    assert outline[:3] == ["Briefing: Cambodia", "1. What changed", "2. Open demands by addressee"]
    assert "3. Overdue and stale" in outline
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Noto" in name for name in fonts), fonts
    last = len(reader.pages)
    assert f"Page 2 of {last}" in reader.pages[1].extract_text()
    assert "Briefing: Cambodia" in reader.pages[1].extract_text()  # the running header


def test_the_briefing_pdf_names_and_counts(pdf: bytes) -> None:
    text = _text(pdf)
    assert "Scope: Country: Cambodia (KH)" in text
    assert "What changed since 1 March 2023" in text
    assert "… and 220 more: the full list is in the follow-up report's XLSX and JSON" in text
    assert "12 further assessments since then found no change and are not listed." in text
    assert "no information → no information" not in text
