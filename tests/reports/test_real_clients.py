"""Every format of the report and the briefing, for the demo and for 3,000 synthetic demands,
opened by the programs people use: LibreOffice (headless) converts each to PDF without error
and poppler reads the result (A4, page numbers, every font embedded).

The documents are built once per session on SQLite (what a renderer writes depends on the
data, not on the database; the builders' tests run on both) and converted by one LibreOffice
run, so the whole module costs one start-up of LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jsonschema_rs
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support import fresh_engine
from tracker.migrate import upgrade
from tracker.models import Demand, Paragraph, Resolution, StatusUpdate
from tracker.ops.synth import synth
from tracker.reports.briefing_build import build_briefing
from tracker.reports.briefing_render import BRIEFING_JSON_SCHEMA, render_briefing
from tracker.reports.build import build_snapshot
from tracker.reports.builders.scope import country_name
from tracker.reports.render import render
from tracker.services.demo import load_demo

pytestmark = pytest.mark.slow

REPORT_FORMATS = ("pdf", "docx", "md", "csv", "xlsx", "json")
BRIEFING_FORMATS = ("pdf", "docx", "md", "json")
A4 = re.compile(r"Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)")  # portrait or landscape
# Formats that can say how they print: they number their pages. Markdown and JSON are plain
# text to LibreOffice (no page furniture), and a CSV gets Calc's default footer ("Page 1").
NUMBERED = {"pdf": "Page 1 of ", "docx": "Page 1 of ", "xlsx": "Page 1 of ", "csv": "Page 1"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed: make system-packages installs it"
    return path


def _run(*args: str, env: dict[str, str] | None = None, timeout: int = 120) -> str:
    result = subprocess.run(
        args, capture_output=True, check=True, timeout=timeout, env=env, text=True
    )
    return result.stdout


_EN_GB = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>en-GB</value></prop></item>
</oor:items>
"""


@dataclass
class Documents:
    folder: Path
    files: dict[tuple[str, str, str], Path]  # (report|briefing, demo|synth, format) -> file
    converted: dict[tuple[str, str, str], Path]  # the same, as LibreOffice printed it
    assessments: dict[str, int]  # status updates in each report's scope
    largest_country: str
    largest_name: str

    def pdf(self, key: tuple[str, str, str]) -> Path:
        return self.files[key] if key[2] == "pdf" else self.converted[key]


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Documents:
    folder = tmp_path_factory.mktemp("documents")
    engine = fresh_engine("sqlite", "documents", folder)
    upgrade(engine)
    files: dict[tuple[str, str, str], Path] = {}
    assessments: dict[str, int] = {}
    with Session(engine) as session:
        demo = load_demo(session)
        synth(session, 3000, seed=17)
        session.commit()
        largest = session.scalar(
            select(Resolution.country)
            .join(Paragraph, Paragraph.resolution_id == Resolution.id)
            .join(Demand, Demand.paragraph_id == Paragraph.id)
            .where(Resolution.id != demo.id)
            .group_by(Resolution.country)
            .order_by(func.count(Demand.id).desc())
            .limit(1)
        )
        assert largest
        scopes = {
            "demo": ({"resolution_id": demo.id}, {"resolution_id": demo.id}),
            "synth": ({"country": largest}, {"country": largest, "since": dt.date(2015, 1, 1)}),
        }
        for name, (report_scope, briefing_scope) in scopes.items():
            snapshot = build_snapshot(session, **report_scope)  # type: ignore[arg-type]
            assessments[name] = sum(len(d.history) for d in snapshot.demands)
            for fmt in REPORT_FORMATS:
                path = folder / f"report-{name}-{fmt}.{fmt}"
                path.write_bytes(render(snapshot, fmt))
                files["report", name, fmt] = path
            briefing = build_briefing(session, **briefing_scope)  # type: ignore[arg-type]
            for fmt in BRIEFING_FORMATS:
                path = folder / f"briefing-{name}-{fmt}.{fmt}"
                path.write_bytes(render_briefing(briefing, fmt))
                files["briefing", name, fmt] = path
        scope_ids = select(Demand.id).join(Paragraph).join(Resolution)
        assert assessments["synth"] == session.scalar(
            select(func.count(StatusUpdate.id)).where(
                StatusUpdate.demand_id.in_(scope_ids.where(Resolution.country == largest))
            )
        )
    engine.dispose()
    # One LibreOffice run for every document, in a profile set to a European locale as the
    # offices that print these have: plain text (Markdown, JSON, CSV) carries no paper size
    # of its own, and LibreOffice takes its default from the locale (US Letter in en-US).
    out = folder / "converted"
    others = {key: path for key, path in files.items() if key[2] != "pdf"}
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_EN_GB, encoding="utf-8")
    soffice = [
        _tool("soffice"),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
    ]
    env = {**os.environ, "LANG": "en_GB.UTF-8"}
    text = [str(p) for (_k, _n, fmt), p in others.items() if fmt in ("md", "json")]
    rest = [str(p) for (_k, _n, fmt), p in others.items() if fmt not in ("md", "json")]
    # Markdown and JSON are UTF-8 text: said so, or LibreOffice guesses their encoding (and
    # with it the language and the paper).
    _run(*soffice, "--infilter=Text (encoded):UTF8,LF,,en-GB", "--convert-to", "pdf",
         "--outdir", str(out), *text, env=env, timeout=300)  # fmt: skip
    _run(*soffice, "--convert-to", "pdf", "--outdir", str(out), *rest, env=env, timeout=900)
    converted = {key: out / (path.stem + ".pdf") for key, path in others.items()}
    return Documents(folder, files, converted, assessments, largest, country_name(largest))


def _keys() -> list[tuple[str, str, str]]:
    return [
        (kind, name, fmt)
        for name in ("demo", "synth")
        for kind, formats in (("report", REPORT_FORMATS), ("briefing", BRIEFING_FORMATS))
        for fmt in formats
    ]


@pytest.mark.parametrize("key", _keys(), ids="-".join)
def test_every_format_opens_in_libreoffice_on_a4_with_its_fonts_embedded(
    documents: Documents, key: tuple[str, str, str]
) -> None:
    pdf = documents.pdf(key)
    assert pdf.is_file() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {key}"
    info = _run(_tool("pdfinfo"), str(pdf))
    assert A4.search(info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 1
    fonts = _run(_tool("pdffonts"), str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # "emb" column
    text = _run(_tool("pdftotext"), "-layout", str(pdf), "-")
    if key[2] in NUMBERED:
        assert NUMBERED[key[2]] in text, f"no page number in {key}"
    if key[2] == "csv":
        assert "Demand id" in text
    elif key[1] == "demo":
        assert "Kem Sokha" in text
    else:
        assert documents.largest_country in text or documents.largest_name in text


def test_documents_stay_short_for_a_large_scope(documents: Documents) -> None:
    """The synthetic country has more demands than a document lists: each says how many it
    leaves out; the DOCX is no longer than twice the PDF."""
    report = _run(_tool("pdftotext"), str(documents.pdf(("report", "synth", "pdf"))), "-")
    assert "more demands: the full list is in the XLSX and JSON" in " ".join(report.split())

    def pages(key: tuple[str, str, str]) -> int:
        info = _run(_tool("pdfinfo"), str(documents.pdf(key)))
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]

    assert pages(("report", "synth", "docx")) <= 2 * pages(("report", "synth", "pdf"))
    assert pages(("briefing", "synth", "pdf")) <= 40


def test_the_docx_files_are_a4_with_properties_and_no_markup(documents: Documents) -> None:
    for (kind, _name, fmt), path in documents.files.items():
        if fmt != "docx":
            continue
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode()
            core = archive.read("docProps/core.xml").decode()
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body))
        for raw in ("Quote", "&amp;lt;", "**", "[^"):
            assert raw not in text, (path.name, raw)
        assert '<w:pgSz w:w="11906" w:h="16838"/>' in body.replace(' w:orient="portrait"', "")
        assert "<dc:title>" in core and "python-docx" not in core
        assert "2013-" not in core  # python-docx's template date
        assert kind.capitalize()[:5] in core or "Follow-up" in core


def test_the_csv_and_xlsx_hold_every_assessment_of_the_scope(documents: Documents) -> None:
    import csv

    from openpyxl import load_workbook

    for name, expected in documents.assessments.items():
        csv_text = documents.files["report", name, "csv"].read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(csv_text, newline="")))
        assert sum(1 for r in rows if r["Update id"]) == expected
        book = load_workbook(documents.files["report", name, "xlsx"], read_only=True)
        history = book["History"].iter_rows(min_row=2, values_only=True)
        # read-only rows stop at their last filled cell: a never-assessed demand's is short.
        assert sum(1 for row in history if len(row) > 6 and row[6] is not None) == expected
        book.close()


def test_the_briefings_json_validates_against_its_schema(documents: Documents) -> None:
    validator = jsonschema_rs.validator_for(BRIEFING_JSON_SCHEMA)
    for name in ("demo", "synth"):
        document = json.loads(documents.files["briefing", name, "json"].read_text())
        assert [str(e) for e in validator.iter_errors(document)] == []


_NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""
_RENDER_WITH_KHMER = """
import datetime as dt, sys
from dataclasses import replace
from pathlib import Path
from tests.reports.sample_snapshot import sample_snapshot
from tracker.reports.briefing import Briefing, Change
from tracker.reports.briefing_render import render_briefing
from tracker.reports.pdf import render_pdf

out = Path(sys.argv[1])
(out / "report.pdf").write_bytes(render_pdf(sample_snapshot()))
briefing = Briefing(
    title="Briefing: Cambodia", scope_kind="country", scope_value="KH",
    since=dt.date(2023, 1, 1), today=dt.date(2024, 1, 1),
    generated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), include_confidential=False,
    changes=(Change(dt.date(2023, 5, 1), "situation", "កឹម សុខា (Kem Sokha)", "house arrest"),),
    open_by_addressee=(), overdue=(), stale=(), suggested_wording=(), demand_count=1,
)
(out / "briefing.pdf").write_bytes(render_briefing(briefing, "pdf"))
"""


def test_pdfs_embed_the_vendored_fonts_with_no_system_font(tmp_path: Path) -> None:
    """With fontconfig shown no font at all (as on a machine without Debian's Noto and Khmer
    packages), every PDF still sets its text, Khmer included, in the fonts of static/fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text(_NO_SYSTEM_FONTS.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "PYTHONWARNINGS": "ignore"}
    listing = _run(_tool("fc-list"), env=env)
    assert listing.strip() == "", "the test must hide every system font"
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-c", _RENDER_WITH_KHMER, str(tmp_path)],
        check=True,
        cwd=root,
        env=env,
        timeout=300,
        capture_output=True,
    )
    for name in ("report.pdf", "briefing.pdf"):
        fonts = _run(_tool("pdffonts"), str(tmp_path / name)).splitlines()[2:]
        names = [line.split()[0].split("+", 1)[-1] for line in fonts]
        assert any("Khmer" in n for n in names), names
        assert all(n.startswith("Noto-") for n in names), names
        assert all(line.split()[-5] == "yes" for line in fonts), fonts
        text = _run(_tool("pdftotext"), str(tmp_path / name), "-")
        assert "កឹម សុខា" in text
