"""The document measure of `tracker bench` at a tiny size: the briefing PDF of the largest
country, from the command line and the web download, each in a process of its own."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.support import fresh_engine
from tracker.cli.bench import web_apps
from tracker.migrate import upgrade
from tracker.ops.bench import largest_country_briefing_pdf
from tracker.ops.synth import synth


def test_the_largest_country_briefing_is_measured_from_both_doors(tmp_path: Path) -> None:
    engine = fresh_engine("sqlite", "documents_bench", tmp_path)
    upgrade(engine)
    with Session(engine) as session:
        synth(session, 300, seed=4)
        session.commit()
    url = str(engine.url.render_as_string(hide_password=False))
    engine.dispose()
    lines: list[str] = []
    measures = largest_country_briefing_pdf(
        url, apps=web_apps(), workdir=tmp_path, log=lines.append
    )
    assert [m.name for m in measures] == [
        "briefing_pdf_largest_country_since_2015_cli",
        "briefing_pdf_largest_country_since_2015_web",
    ]
    for measure in measures:
        assert measure.median_ms > 0 and measure.queries > 0
        assert measure.peak_mb is not None and 50 < measure.peak_mb < 2000
        assert set(measure.as_dict()) == {"name", "median_ms", "p95_ms", "queries", "peak_mb"}
    for door in ("cli", "web"):
        assert len(PdfReader(tmp_path / f"briefing-{door}.pdf").pages) >= 1
    assert len(lines) == 2 and all(" MB " in line for line in lines)
