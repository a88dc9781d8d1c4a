"""Render a Briefing as Markdown, JSON, a print document (HTML, PDF) and DOCX (pure): the same
parts in every format, each with what it leaves out counted."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from tracker.reports.briefing import BriefDemand, Briefing, Change
from tracker.reports.jsonout import TIMESTAMP
from tracker.reports.markdown import date_at, inert, label
from tracker.reports.notes import safe_href
from tracker.reports.snapshot import STATUS_ORDER, SourceRef
from tracker.reports.timestamps import human_timestamp, timestamp
from tracker.reports.wording import deadline_words

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
DOCUMENT_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "document-pdf.css"
BRIEFING_SCHEMA = "tracker.briefing/1"
KIND_LABELS = {
    "status": "Status change",
    "moot": "Became moot",
    "overdue": "Became overdue",
    "event": "Event",
    "resolution": "New resolution",
    "situation": "Situation",
    "demand": "New demand",
    "reply": "Reply received",
    "reply_missed": "Reply missed",
}
FULL_LIST = "the full list is in the follow-up report's XLSX and JSON exports"
DRAFT_NOTE = (
    "Drafts for a person to edit, never a text of record: a call whose deadline has passed is "
    "noted as such, not made again."
)


def more_line(hidden: int, what: str) -> str:
    """ "and 240 more overdue: the full list is in …" (empty when nothing is left out)."""
    return f"… and {hidden:,} {what}: {FULL_LIST}." if hidden > 0 else ""


def lead_line(b: Briefing) -> str:
    scope = b.scope_label + (f" ({b.scope_value})" if b.scope_kind == "country" else "")
    return (
        f"What changed since {deadline_words(b.since, 'day')} · scope: {b.scope_kind} {scope} · "
        f"{b.demand_count:,} demands · prepared {deadline_words(b.today, 'day')} "
        f"(generated {human_timestamp(b.generated_at)})"
    )


def unchanged_line(b: Briefing) -> str:
    if not b.unchanged_total:
        return ""
    n = b.unchanged_total
    return (
        f"{n:,} further {'assessment' if n == 1 else 'assessments'} since then found no change "
        f"and {'is' if n == 1 else 'are'} not listed."
    )


ABRIDGED = (
    "Each part lists its first lines and counts the rest: the follow-up report's XLSX and JSON "
    "exports for the same scope hold every demand and every assessment."
)


# --- Markdown ------------------------------------------------------------------------------


def _md_sources(sources: tuple[SourceRef, ...]) -> str:
    out = []
    for s in sources:
        target = safe_href(s.url)
        out.append(f"[{inert(s.label)}]({target})" if target else inert(s.label))
    return "; ".join(out)


def _md_change(c: Change) -> str:
    line = (
        f"- {date_at(c.on, c.precision)} · {KIND_LABELS.get(c.kind, c.kind)}: **{inert(c.title)}**"
    )
    line += f" — {inert(c.detail)}" if c.detail else ""
    if c.sources:
        line += f" (sources: {_md_sources(c.sources)})"
    return line


def _md_demand(d: BriefDemand) -> str:
    evidence = ""
    if d.last_assessed_on is not None:
        evidence = f"; latest evidence {d.last_assessed_on.isoformat()}"
        if d.latest_sources:
            evidence += f" ({_md_sources(d.latest_sources)})"
    return f"- {inert(d.title)} — **{label(d.status)}**{evidence}; {d.times_text}"


def render_briefing_markdown(b: Briefing) -> str:
    """The briefing in plain CommonMark; only http, https and mailto links."""
    out = [f"# {inert(b.title)}", "", inert(lead_line(b))]
    out += ["", *[f"*{inert(n)}*" for n in b.notes]] if b.notes else []
    if b.include_confidential:
        out += ["", "**Contains confidential sources: do not forward.**"]
    if b.is_abridged:
        out += ["", f"*{ABRIDGED}*"]
    out += ["", "## 1. What changed", ""]
    out += [_md_change(c) for c in b.changes] or ["Nothing recorded since then."]
    earlier = more_line(b.changes_total - len(b.changes), "earlier changes")
    for extra in (earlier, unchanged_line(b)):
        if extra:
            out += ["", f"*{inert(extra)}*"]
    out += ["", "## 2. Open demands by addressee", ""]
    for group in b.open_by_addressee:
        out += [f"### {inert(group.addressee)} ({group.total:,} open)", ""]
        out += [_md_demand(d) for d in group.demands]
        if more := more_line(group.total - len(group.demands), "more"):
            out += ["", f"*{inert(more)}*"]
        out.append("")
    if not b.open_by_addressee:
        out += ["No open demand.", ""]
    if more := more_line(b.addressees_total - len(b.open_by_addressee), "more addressees"):
        out += [f"*{inert(more)}*", ""]
    out += ["## 3. Overdue and stale", "", "### Overdue", ""]
    out += [
        f"- Overdue since {date_at(d.deadline, d.deadline_precision)}: {inert(d.title)} "
        f"({label(d.status)})"
        for d in b.overdue
    ] or ["No overdue demand."]
    if more := more_line(b.overdue_total - len(b.overdue), "more overdue"):
        out += ["", f"*{inert(more)}*"]
    out += ["", "### Stale", ""]
    out += [f"- Stale ({d.assessed_text}): {inert(d.title)}" for d in b.stale] or [
        "No stale demand."
    ]
    if more := more_line(b.stale_total - len(b.stale), "more stale"):
        out += ["", f"*{inert(more)}*"]
    out += ["", "## 4. Suggested wording for the next text (draft)", "", f"*{DRAFT_NOTE}*", ""]
    out += [f"- {inert(w)}" for w in b.suggested_wording] or ["Nothing to reiterate."]
    if more := more_line(b.wording_total - len(b.suggested_wording), "more"):
        out += ["", f"*{inert(more)}*"]
    out.append("")
    return "\n".join(out)


# --- JSON ----------------------------------------------------------------------------------


def _source_json(s: SourceRef) -> dict[str, Any]:
    return {"label": s.label, "url": s.url}


def _demand_json(d: BriefDemand) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "status": d.status,
        "times_demanded": d.times_demanded,
        "resolution": d.resolution_reference,
        "addressees": list(d.addressees),
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "deadline_precision": (d.deadline_precision or "day") if d.deadline else None,
        "last_assessed_on": d.last_assessed_on.isoformat() if d.last_assessed_on else None,
        "latest_sources": [_source_json(s) for s in d.latest_sources],
    }


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    """The briefing as plain JSON-ready data (valid against BRIEFING_JSON_SCHEMA)."""
    return {
        "schema": BRIEFING_SCHEMA,
        "title": b.title,
        "scope": {"kind": b.scope_kind, "value": b.scope_value, "name": b.scope_label},
        "since": b.since.isoformat(),
        "today": b.today.isoformat(),
        "generated_at": timestamp(b.generated_at),
        "include_confidential": b.include_confidential,
        "demand_count": b.demand_count,
        "changes": [
            {
                "on": c.on.isoformat(),
                "precision": c.precision,
                "kind": c.kind,
                "title": c.title,
                "detail": c.detail,
                "demand_id": c.demand_id,
                "status": c.status,
                "previous_status": c.previous_status,
                "sources": [_source_json(s) for s in c.sources],
            }
            for c in b.changes
        ],
        "open_by_addressee": [
            {
                "addressee": g.addressee,
                "total": g.total,
                "demands": [_demand_json(d) for d in g.demands],
            }
            for g in b.open_by_addressee
        ],
        "overdue": [_demand_json(d) for d in b.overdue],
        "stale": [_demand_json(d) for d in b.stale],
        "suggested_wording": list(b.suggested_wording),
        "notes": list(b.notes),
        "totals": {
            "changes": b.changes_total,
            "unchanged_assessments": b.unchanged_total,
            "addressees": max(b.addressees_total, len(b.open_by_addressee)),
            "overdue": b.overdue_total,
            "stale": b.stale_total,
            "suggested_wording": b.wording_total,
        },
    }


def render_briefing_json(b: Briefing) -> str:
    return json.dumps(briefing_to_dict(b), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NULLABLE_DATE = {"anyOf": [_DATE, {"type": "null"}]}
_STATUS = {"type": "string", "enum": list(STATUS_ORDER)}
_PRECISION = {"type": "string", "enum": ["day", "month", "year"]}
_COUNT = {"type": "integer", "minimum": 0}


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


BRIEFING_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tracker.invalid/schemas/briefing-1.json",
    "title": "tracker briefing",
    "description": (
        "A briefing before a debate as exported by tracker (`tracker briefing --format json`): "
        "what changed in a scope since a date, the open demands by addressee, the overdue and "
        "stale ones, and draft wording. Each list holds its first entries; `totals` counts "
        "them all. Dates are ISO 8601 (YYYY-MM-DD); timestamps are UTC "
        "(YYYY-MM-DDTHH:MM:SSZ). Unknown values are null."
    ),
    "$defs": {
        "source": _object({"label": {"type": "string"}, "url": {"type": ["string", "null"]}}),
        "demand": _object(
            {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "status": _STATUS,
                "times_demanded": {"type": "integer", "minimum": 1},
                "resolution": {"type": "string"},
                "addressees": {"type": "array", "items": {"type": "string"}},
                "deadline": _NULLABLE_DATE,
                "deadline_precision": {
                    "anyOf": [_PRECISION, {"type": "null"}],
                    "description": "How much of `deadline` the text gave.",
                },
                "last_assessed_on": _NULLABLE_DATE,
                "latest_sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            },
            "An open demand with its current status and latest evidence.",
        ),
        "change": _object(
            {
                "on": _DATE,
                "precision": {**_PRECISION, "description": "How much of `on` is known."},
                "kind": {"type": "string", "enum": sorted(KIND_LABELS)},
                "title": {"type": "string"},
                "detail": {"type": "string"},
                "demand_id": {"type": ["integer", "null"]},
                "status": {"anyOf": [_STATUS, {"type": "null"}]},
                "previous_status": {"anyOf": [_STATUS, {"type": "null"}]},
                "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            },
            "One dated change: an assessment that changed something, an event, a new "
            "resolution, a person's situation, a deadline that passed.",
        ),
    },
    **_object(
        {
            "schema": {"const": BRIEFING_SCHEMA},
            "title": {"type": "string"},
            "scope": _object(
                {
                    "kind": {
                        "type": "string",
                        "enum": ["resolution", "country", "actor", "thread", "addressee"],
                    },
                    "value": {"type": "string"},
                    "name": {"type": "string"},
                }
            ),
            "since": _DATE,
            "today": _DATE,
            "generated_at": TIMESTAMP,
            "include_confidential": {"type": "boolean"},
            "demand_count": _COUNT,
            "changes": {"type": "array", "items": {"$ref": "#/$defs/change"}},
            "open_by_addressee": {
                "type": "array",
                "items": _object(
                    {
                        "addressee": {"type": "string"},
                        "total": _COUNT,
                        "demands": {"type": "array", "items": {"$ref": "#/$defs/demand"}},
                    }
                ),
            },
            "overdue": {"type": "array", "items": {"$ref": "#/$defs/demand"}},
            "stale": {"type": "array", "items": {"$ref": "#/$defs/demand"}},
            "suggested_wording": {"type": "array", "items": {"type": "string"}},
            "notes": {"type": "array", "items": {"type": "string"}},
            "totals": _object(
                {
                    "changes": _COUNT,
                    "unchanged_assessments": _COUNT,
                    "addressees": _COUNT,
                    "overdue": _COUNT,
                    "stale": _COUNT,
                    "suggested_wording": _COUNT,
                },
                "How many entries each list has in full.",
            ),
        }
    ),
}


def briefing_schema_text() -> str:
    """BRIEFING_JSON_SCHEMA as fixtures/reports/briefing.schema.json holds it."""
    return json.dumps(BRIEFING_JSON_SCHEMA, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- print document and PDF ----------------------------------------------------------------


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"])
    )
    env.filters["status_label"] = label
    env.filters["date_at"] = date_at
    env.filters["safe_href"] = safe_href
    env.filters["long_date"] = lambda day: deadline_words(day, "day")
    return env


def render_briefing_html(b: Briefing, *, demand_url: Callable[[int], str] | None = None) -> str:
    """A standalone document (inline CSS, no external address) for printing and the PDF."""
    css = Markup(DOCUMENT_CSS.read_text(encoding="utf-8"))  # noqa: S704 - our own file
    return (
        _environment()
        .get_template("briefings/document.html")
        .render(
            b=b,
            css=css,
            kinds=KIND_LABELS,
            demand_url=demand_url,
            since=deadline_words(b.since, "day"),
            generated=human_timestamp(b.generated_at),
            created=timestamp(b.generated_at),
            full_list=FULL_LIST,
        )
    )


def render_briefing_pdf(b: Briefing) -> bytes:
    from tracker.reports.pdf import write_pdf

    return write_pdf(render_briefing_html(b))


def render_briefing_docx(b: Briefing) -> bytes:
    from tracker.reports.briefing_docx import render_briefing_docx as render

    return render(b)


BRIEFING_FORMATS: dict[str, tuple[str, str]] = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "json": ("application/json", "json"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "html": ("text/html; charset=utf-8", "html"),
}


def render_briefing(b: Briefing, fmt: str) -> bytes:
    if fmt == "md":
        return render_briefing_markdown(b).encode()
    if fmt == "json":
        return render_briefing_json(b).encode()
    if fmt == "html":
        return render_briefing_html(b).encode()
    if fmt == "pdf":
        return render_briefing_pdf(b)
    if fmt == "docx":
        return render_briefing_docx(b)
    raise ValueError(f"unknown briefing format {fmt!r}: use one of {', '.join(BRIEFING_FORMATS)}")
