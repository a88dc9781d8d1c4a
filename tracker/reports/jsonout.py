"""Render a ReportSnapshot as JSON (schema "tracker.report/1"), with its JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tracker.reports.snapshot import (
    STATUS_ORDER,
    ClockRow,
    DemandRow,
    EventRow,
    ReportSnapshot,
    SourceRef,
    UpdateRow,
)
from tracker.reports.timestamps import timestamp

SCHEMA_ID = "tracker.report/1"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: dt.datetime) -> str:
    return timestamp(value)


def _source(s: SourceRef) -> dict[str, Any]:
    return {
        "id": s.id,
        "label": s.label,
        "url": s.url,
        "publisher": s.publisher or None,
        "published_on": _date(s.published_on),
        "is_confidential": s.is_confidential,
    }


def _update(u: UpdateRow) -> dict[str, Any]:
    return {
        "id": u.id,
        "status": u.status,
        "assessed_on": u.assessed_on.isoformat(),
        "note": u.note,
        "response": u.response,
        "sources": [_source(s) for s in u.sources],
        "recorded_at": _datetime(u.recorded_at),
        "corrects_id": u.corrects_id,
        "is_demo": u.is_demo,
    }


def _demand(d: DemandRow) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "text": d.text,
        "verb": d.verb,
        "paragraph": {"label": d.paragraph_label, "text": d.paragraph_text},
        "resolution": {
            "id": d.resolution_id,
            "title": d.resolution_title,
            "reference": d.resolution_reference,
            "date": _date(d.resolution_date),
        },
        "addressees": list(d.addressees),
        "subjects": list(d.subjects),
        "themes": list(d.themes),
        "deadline": _date(d.deadline),
        "deadline_precision": d.deadline_precision if d.deadline else None,
        "condition": d.condition,
        "thread": {"id": d.thread_id, "title": d.thread_title} if d.thread_id else None,
        "times_demanded": d.times_demanded,
        "status": d.status,
        "last_assessed_on": _date(d.last_assessed_on),
        "latest_sources": [_source(s) for s in d.latest_sources],
        "history": [_update(u) for u in d.history],
    }


def _event(e: EventRow) -> dict[str, Any]:
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "occurred_on": e.occurred_on.isoformat(),
        "precision": e.precision,
        "actors": list(e.actors),
        "sources": [_source(s) for s in e.sources],
    }


def report_document(snapshot: ReportSnapshot) -> dict[str, Any]:
    """The report as plain JSON-ready data (valid against REPORT_JSON_SCHEMA)."""
    return {
        "schema": SCHEMA_ID,
        "title": snapshot.title,
        "scope": {"kind": snapshot.scope_kind, "value": snapshot.scope_value},
        "generated_at": _datetime(snapshot.generated_at),
        "include_confidential": snapshot.include_confidential,
        "status_counts": snapshot.status_counts,
        "resolutions": [
            {"id": rid, "title": title, "reference": reference, "date": _date(adopted)}
            for rid, title, reference, adopted in snapshot.resolutions
        ],
        "demands": [_demand(d) for d in snapshot.demands],
        "events": [_event(e) for e in snapshot.events],
        "clocks": [_clock(c) for c in snapshot.clocks],
    }


def _clock(c: ClockRow) -> dict[str, Any]:
    """A reply clock of the report's texts (issue 18)."""
    return {
        "id": c.id,
        "resolution": c.resolution_reference,
        "addressee": c.addressee,
        "rule": c.rule,
        "starts_on": _date(c.starts_on),
        "due_on": _date(c.due_on),
        "state": c.state,
        "answered_on": _date(c.answered_on),
        "reply_reference": c.reply_reference,
        "official_grade": c.official_grade,
    }


def render_json(snapshot: ReportSnapshot) -> bytes:
    """UTF-8 JSON, keys sorted and indented, so two exports of the same data diff cleanly."""
    text = json.dumps(report_document(snapshot), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


# --- the schema -------------------------------------------------------------------------

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NULLABLE_DATE = {"anyOf": [_DATE, {"type": "null"}]}
_NULLABLE_STRING = {"type": ["string", "null"]}
TIMESTAMP = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_STATUS = {"type": "string", "enum": list(STATUS_ORDER)}


def _object(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


REPORT_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tracker.invalid/schemas/report-1.json",
    "title": "tracker follow-up report",
    "description": (
        "A follow-up report as exported by tracker (`tracker export report --format json`). "
        "Dates are ISO 8601 (YYYY-MM-DD); timestamps are UTC to the second "
        "(YYYY-MM-DDTHH:MM:SSZ), as in every export. "
        "Unknown values are null. Demands appear in resolution and paragraph order; each "
        "history is newest first and append-only: a correction is a later entry whose "
        "corrects_id names the entry it supersedes."
    ),
    "$defs": {
        "source": _object(
            {
                "id": {"type": "integer"},
                "label": {"type": "string"},
                "url": _NULLABLE_STRING,
                "publisher": _NULLABLE_STRING,
                "published_on": _NULLABLE_DATE,
                "is_confidential": {
                    "type": "boolean",
                    "description": "Only present in exports an admin asked for.",
                },
            },
            "A cited source: a URL or a bibliographic reference.",
        ),
        "update": _object(
            {
                "id": {"type": "integer"},
                "status": _STATUS,
                "assessed_on": _DATE,
                "note": {"type": "string", "description": "Markdown, as the analyst wrote it."},
                "response": {
                    "type": ["string", "null"],
                    "enum": ["none", "acknowledged", "committed", "rejected", None],
                    "description": "The addressee's response, when recorded.",
                },
                "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
                "recorded_at": TIMESTAMP,
                "corrects_id": {"type": ["integer", "null"]},
                "is_demo": {"type": "boolean"},
            },
            "One dated, sourced assessment of a demand's status.",
        ),
        "demand": _object(
            {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "text": {"type": "string"},
                "verb": _NULLABLE_STRING,
                "paragraph": _object({"label": {"type": "string"}, "text": {"type": "string"}}),
                "resolution": {"$ref": "#/$defs/resolution"},
                "addressees": _STRINGS,
                "subjects": _STRINGS,
                "themes": _STRINGS,
                "deadline": _NULLABLE_DATE,
                "deadline_precision": {
                    "type": ["string", "null"],
                    "enum": ["day", "month", "year", None],
                    "description": "How much of `deadline` the text gave.",
                },
                "condition": _NULLABLE_STRING,
                "thread": {
                    "anyOf": [
                        _object({"id": {"type": "integer"}, "title": _NULLABLE_STRING}),
                        {"type": "null"},
                    ]
                },
                "times_demanded": {"type": "integer", "minimum": 1},
                "status": {
                    **_STATUS,
                    "description": "Current status: the latest update not corrected.",
                },
                "last_assessed_on": _NULLABLE_DATE,
                "latest_sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
                "history": {"type": "array", "items": {"$ref": "#/$defs/update"}},
            },
            "One trackable ask drawn from an operative paragraph.",
        ),
        "resolution": _object(
            {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "reference": {"type": "string"},
                "date": _NULLABLE_DATE,
            }
        ),
        "clock": _object(
            {
                "id": {"type": "integer"},
                "resolution": {"type": "string", "description": "The text's reference."},
                "addressee": _NULLABLE_STRING,
                "rule": {"type": "string"},
                "starts_on": _DATE,
                "due_on": _DATE,
                "state": {"type": "string", "enum": ["open", "answered", "overdue"]},
                "answered_on": _NULLABLE_DATE,
                "reply_reference": _NULLABLE_STRING,
                "official_grade": {
                    "type": ["string", "null"],
                    "description": "The body's grade of the latest reply, as "
                    "'B — partially satisfactory'; beside the status, never replacing it.",
                },
            },
            "A reply an addressee owes by rule, from the text's adoption to a due date.",
        ),
        "event": _object(
            {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "kind": {"type": "string"},
                "occurred_on": _DATE,
                "precision": {"type": "string", "enum": ["day", "month", "year"]},
                "actors": _STRINGS,
                "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            }
        ),
    },
    **_object(
        {
            "schema": {"const": SCHEMA_ID},
            "title": {"type": "string"},
            "scope": _object(
                {
                    "kind": {
                        "type": "string",
                        "enum": ["resolution", "country", "actor", "thread", "addressee"],
                    },
                    "value": {"type": "string"},
                }
            ),
            "generated_at": TIMESTAMP,
            "include_confidential": {"type": "boolean"},
            "status_counts": _object({s: {"type": "integer", "minimum": 0} for s in STATUS_ORDER}),
            "resolutions": {"type": "array", "items": {"$ref": "#/$defs/resolution"}},
            "demands": {"type": "array", "items": {"$ref": "#/$defs/demand"}},
            "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
            "clocks": {"type": "array", "items": {"$ref": "#/$defs/clock"}},
        }
    ),
}


def schema_text() -> str:
    """REPORT_JSON_SCHEMA as the file fixtures/reports/report.schema.json holds it."""
    return json.dumps(REPORT_JSON_SCHEMA, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
