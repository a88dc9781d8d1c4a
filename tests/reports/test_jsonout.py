"""JSON report: golden file, schema (checked into fixtures), stable keys, ISO dates."""

from __future__ import annotations

import json
import os

import jsonschema_rs

from tests.reports.conftest import GOLDEN_DIR, check_golden
from tracker.reports.jsonout import REPORT_JSON_SCHEMA, SCHEMA_ID, render_json, schema_text
from tracker.reports.markdown import render_markdown
from tracker.reports.snapshot import ReportSnapshot


def test_json_matches_the_golden_file(snapshot: ReportSnapshot) -> None:
    check_golden("report.expected.json", render_json(snapshot).decode("utf-8"))


def test_markdown_matches_the_golden_file(snapshot: ReportSnapshot) -> None:
    check_golden("report.expected.md", render_markdown(snapshot))


def test_the_schema_file_is_the_schema_in_the_code() -> None:
    path = GOLDEN_DIR / "report.schema.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(schema_text(), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == REPORT_JSON_SCHEMA
    assert path.read_text(encoding="utf-8") == schema_text()


def test_json_is_valid_against_its_schema(snapshot: ReportSnapshot) -> None:
    validator = jsonschema_rs.validator_for(REPORT_JSON_SCHEMA)
    document = json.loads(render_json(snapshot))
    errors = [str(e) for e in validator.iter_errors(document)]
    assert errors == []
    document["demands"][0]["status"] = "done"
    assert not validator.is_valid(document)


def test_json_has_schema_id_sorted_keys_and_iso_dates(snapshot: ReportSnapshot) -> None:
    raw = render_json(snapshot)
    document = json.loads(raw)
    assert document["schema"] == SCHEMA_ID
    assert (
        raw == (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    )
    assert document["generated_at"] == "2024-01-15T09:30:00Z"
    first = document["demands"][0]
    assert first["last_assessed_on"] == "2023-11-30"
    assert first["history"][1]["corrects_id"] == 101


def test_json_holds_every_demand_its_status_and_latest_source(snapshot: ReportSnapshot) -> None:
    document = json.loads(render_json(snapshot))
    assert len(document["demands"]) == len(snapshot.demands)
    for item, demand in zip(document["demands"], snapshot.demands, strict=True):
        assert item["title"] == demand.title
        assert item["status"] == demand.status
        assert [s["label"] for s in item["latest_sources"]] == [
            s.label for s in demand.latest_sources
        ]
    assert document["status_counts"] == snapshot.status_counts
