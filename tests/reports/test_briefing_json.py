"""The briefing's JSON: its schema shipped in fixtures/ and kept equal to the code's, every
export valid against it, one timestamp format with the report's."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import replace

import jsonschema_rs
from sqlalchemy.orm import Session

from tests.reports.conftest import GOLDEN_DIR
from tests.reports.test_briefing import TODAY, _fixed
from tracker.reports.briefing import Limits
from tracker.reports.briefing_build import build_briefing
from tracker.reports.briefing_render import (
    BRIEFING_JSON_SCHEMA,
    BRIEFING_SCHEMA,
    briefing_schema_text,
    render_briefing_json,
)
from tracker.reports.jsonout import render_json
from tracker.reports.snapshot import ReportSnapshot


def test_the_schema_file_is_the_schema_in_the_code() -> None:
    path = GOLDEN_DIR / "briefing.schema.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(briefing_schema_text(), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == briefing_schema_text()
    assert json.loads(path.read_text(encoding="utf-8"))["$defs"]["change"]


def test_a_briefing_validates_against_its_shipped_schema(db: Session) -> None:
    _fixed(db)
    schema = json.loads((GOLDEN_DIR / "briefing.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema_rs.validator_for(schema)
    for limits in (None, Limits(changes=1, per_addressee=1, lists=1, addressees=1)):
        briefing = build_briefing(
            db, country="KH", since=dt.date(2023, 3, 1), today=TODAY, limits=limits
        )
        document = json.loads(render_briefing_json(briefing))
        assert [str(e) for e in validator.iter_errors(document)] == []
        assert document["schema"] == BRIEFING_SCHEMA
        assert document["totals"]["changes"] == briefing.changes_total
        assert document["scope"] == {"kind": "country", "value": "KH", "name": "Cambodia"}
    document["changes"][0]["kind"] = "rumour"
    assert not validator.is_valid(document)
    assert schema == BRIEFING_JSON_SCHEMA


def test_the_briefing_and_the_report_write_time_alike(
    db: Session, snapshot: ReportSnapshot
) -> None:
    _fixed(db)
    moment = dt.datetime(2024, 1, 15, 9, 30, 12, 345678, tzinfo=dt.UTC)
    briefing = build_briefing(db, country="KH", today=TODAY, now=moment)
    report = json.loads(render_json(replace(snapshot, generated_at=moment)))
    assert json.loads(render_briefing_json(briefing))["generated_at"] == "2024-01-15T09:30:12Z"
    assert report["generated_at"] == "2024-01-15T09:30:12Z"
