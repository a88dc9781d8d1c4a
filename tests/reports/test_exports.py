"""Every report format, from the web and from the CLI, for the demo data: each opened with its
own reader finds every demand, its current status and its latest source."""

from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tracker.models import Role
from tracker.reports.build import build_snapshot
from tracker.services.demo import load_demo

FORMATS = ["pdf", "docx", "md", "csv", "xlsx", "json"]


def _text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if fmt == "docx":
        doc = Document(io.BytesIO(content))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(v)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    if fmt == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        return "\n".join(" | ".join(r) for r in rows)
    if fmt == "json":
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode()


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.fixture
def demo(db: Session):  # type: ignore[no-untyped-def]
    resolution = load_demo(db)
    db.commit()
    return resolution


def _check(db: Session, resolution_id: int, fmt: str, content: bytes) -> None:
    snapshot = build_snapshot(db, resolution_id=resolution_id)
    text = _squash(_text(fmt, content))
    for demand in snapshot.demands:
        assert _squash(demand.title)[:40] in text, (fmt, demand.title)
        label = demand.status.replace("_", " ")
        assert label in text.replace("_", " "), (fmt, demand.status)
        for source in demand.latest_sources[:1]:
            assert _squash(source.label)[:30] in text or (source.url or "") in text, (
                fmt,
                source.label,
            )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_from_the_web(client, auth, db, demo, fmt) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    response = client.get(f"/reports/export?resolution={demo.id}&format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    _check(db, demo.id, fmt, response.data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_from_the_cli(cli, db, demo, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"report.{fmt}"
    result = cli("export", "report", "--resolution", str(demo.id), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    _check(db, demo.id, fmt, out.read_bytes())


def test_viewers_never_get_confidential_sources(client, auth, db, demo) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    text = client.get(f"/reports/export?resolution={demo.id}&format=json").get_data(as_text=True)
    assert "Confidential interview" not in text
    assert (
        client.get(f"/reports/export?resolution={demo.id}&format=json&confidential=1").status_code
        == 403
    )


def test_an_admin_may_ask_for_confidential_sources_and_it_is_audited(client, auth, db, demo):  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from tracker.models import AuditEvent

    auth.login(Role.ADMIN)
    text = client.get(f"/reports/export?resolution={demo.id}&format=md&confidential=1").get_data(
        as_text=True
    )
    assert "Confidential interview" in text
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "export.confidential")
        )
        == 1
    )


def test_country_actor_and_thread_scopes(client, auth, db, demo) -> None:  # type: ignore[no-untyped-def]
    from tracker.services.actors import find_actor

    auth.login(Role.VIEWER)
    kem = find_actor(db, "Kem Sokha")
    # Countries by code or name, records by number or name (issue 15).
    for query in ("country=KH", "country=Cambodia", f"actor={kem.id}", "actor=Kem%20Sokha"):
        assert client.get(f"/reports/export?{query}&format=md").status_code == 200, query
    unknown = client.get("/reports/export?resolution=abc&format=md")
    assert unknown.status_code == 404
    assert "No resolution called &#39;abc&#39;" in unknown.get_data(as_text=True)
    for bad, says in (
        ("country=Atlantis", "two-letter ISO code"),
        ("format=exe&country=KH", "There is no report format &#39;exe&#39;: use pdf, docx"),
        ("", "Say what the report covers: one of resolution, country, actor, thread."),
    ):
        response = client.get(f"/reports/export?{bad}")
        assert response.status_code == 400, bad
        assert says in response.get_data(as_text=True), bad
    missing = client.get("/reports/export?resolution=999999&format=md")
    assert missing.status_code == 404
    assert "No resolution with id 999999" in missing.get_data(as_text=True)
