"""Render a Briefing as Markdown, JSON, standalone HTML (for print and PDF) and DOCX (pure)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.reports.briefing import BriefDemand, Briefing
from tracker.reports.markdown import date_at, inert, label
from tracker.reports.snapshot import SourceRef

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
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


def _sources(sources: tuple[SourceRef, ...]) -> str:
    return "; ".join(f"{s.label} <{s.url}>" if s.url else s.label for s in sources)


def render_briefing_markdown(b: Briefing) -> str:
    out = [
        f"# {inert(b.title)}",
        "",
        f"What changed since **{b.since.isoformat()}** · scope: {b.scope_kind} "
        f"{inert(b.scope_value)} · {b.demand_count} demand(s) · prepared {b.today.isoformat()}",
    ]
    out += [f"_{inert(n)}_" for n in b.notes]
    if b.include_confidential:
        out += ["", "**Contains confidential sources: do not forward.**"]
    out += ["", "## 1. What changed", ""]
    for c in b.changes:
        line = f"- {c.on.isoformat()} · {KIND_LABELS.get(c.kind, c.kind)}: **{inert(c.title)}**"
        line += f" — {inert(c.detail)}" if c.detail else ""
        if c.sources:
            line += f" (sources: {inert(_sources(c.sources))})"
        out.append(line)
    if not b.changes:
        out.append("Nothing recorded since then.")
    out += ["", "## 2. Open demands by addressee", ""]
    for group in b.open_by_addressee:
        out += [f"### {inert(group.addressee)}", ""]
        for d in group.demands:
            out.append(_demand_line(d))
        out.append("")
    if not b.open_by_addressee:
        out += ["No open demand.", ""]
    out += ["## 3. Overdue and stale", ""]
    out += [
        f"- Overdue since {date_at(d.deadline, d.deadline_precision)}: {inert(d.title)} "
        f"({label(d.status)})"
        for d in b.overdue
    ] or ["- No overdue demand."]
    out += [f"- Stale ({d.assessed_text}): {inert(d.title)}" for d in b.stale] or [
        "- No stale demand."
    ]
    out += ["", "## 4. Suggested wording for the next text (draft)", ""]
    out += [f"- {inert(w)}" for w in b.suggested_wording] or ["- Nothing to reiterate."]
    out.append("")
    return "\n".join(out)


def _demand_line(d: BriefDemand) -> str:
    evidence = ""
    if d.last_assessed_on is not None:
        evidence = f"; latest evidence {d.last_assessed_on.isoformat()}"
        if d.latest_sources:
            evidence += f" ({inert(_sources(d.latest_sources))})"
    return f"- {inert(d.title)} — **{label(d.status)}**{evidence}; {d.times_text}"


def _demand_json(d: BriefDemand) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "status": d.status,
        "times_demanded": d.times_demanded,
        "resolution": d.resolution_reference,
        "addressees": list(d.addressees),
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "last_assessed_on": d.last_assessed_on.isoformat() if d.last_assessed_on else None,
        "latest_sources": [{"label": s.label, "url": s.url} for s in d.latest_sources],
    }


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    return {
        "schema": BRIEFING_SCHEMA,
        "title": b.title,
        "scope": {"kind": b.scope_kind, "value": b.scope_value},
        "since": b.since.isoformat(),
        "today": b.today.isoformat(),
        "generated_at": b.generated_at.isoformat(),
        "include_confidential": b.include_confidential,
        "demand_count": b.demand_count,
        "changes": [
            {
                "on": c.on.isoformat(),
                "kind": c.kind,
                "title": c.title,
                "detail": c.detail,
                "demand_id": c.demand_id,
                "status": c.status,
                "previous_status": c.previous_status,
                "sources": [{"label": s.label, "url": s.url} for s in c.sources],
            }
            for c in b.changes
        ],
        "open_by_addressee": [
            {"addressee": g.addressee, "demands": [_demand_json(d) for d in g.demands]}
            for g in b.open_by_addressee
        ],
        "overdue": [_demand_json(d) for d in b.overdue],
        "stale": [_demand_json(d) for d in b.stale],
        "suggested_wording": list(b.suggested_wording),
        "notes": list(b.notes),
    }


def render_briefing_json(b: Briefing) -> str:
    return json.dumps(briefing_to_dict(b), ensure_ascii=False, indent=2, sort_keys=True)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"])
    )
    env.filters["status_label"] = label
    env.filters["date_at"] = date_at
    return env


def render_briefing_html(b: Briefing, *, demand_url: Callable[[int], str] | None = None) -> str:
    """A standalone document (inline CSS, no external address) for printing and the PDF."""
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "briefing.css").read_text()
    return (
        _environment()
        .get_template("briefings/document.html")
        .render(b=b, css=css, kinds=KIND_LABELS, demand_url=demand_url)
    )


def render_briefing_pdf(b: Briefing) -> bytes:
    from weasyprint import HTML

    from tracker.reports.pdf import StaticOnlyFetcher

    return HTML(
        string=render_briefing_html(b), url_fetcher=StaticOnlyFetcher(), base_url=str(TEMPLATES)
    ).write_pdf()


def render_briefing_docx(b: Briefing) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(b.title, level=0)
    doc.add_paragraph(
        f"What changed since {b.since.isoformat()} · scope: {b.scope_kind} "
        f"{b.scope_value} · {b.demand_count} demand(s) · prepared "
        f"{b.today.isoformat()}"
    )
    if b.include_confidential:
        doc.add_paragraph("Contains confidential sources: do not forward.")
    doc.add_heading("1. What changed", level=1)
    if b.changes:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Date", "Kind", "What", "Detail"), strict=True):
            cell.text = text
        for c in b.changes:
            row = table.add_row().cells
            row[0].text, row[1].text = c.on.isoformat(), KIND_LABELS.get(c.kind, c.kind)
            row[2].text = c.title
            row[3].text = c.detail + (f" (sources: {_sources(c.sources)})" if c.sources else "")
    else:
        doc.add_paragraph("Nothing recorded since then.")
    doc.add_heading("2. Open demands by addressee", level=1)
    for group in b.open_by_addressee:
        doc.add_heading(group.addressee, level=2)
        for d in group.demands:
            doc.add_paragraph(
                _demand_line(d).removeprefix("- ").replace("**", ""), style="List Bullet"
            )
    doc.add_heading("3. Overdue and stale", level=1)
    for d in b.overdue:
        doc.add_paragraph(
            f"Overdue since {date_at(d.deadline, d.deadline_precision)}: {d.title}",
            style="List Bullet",
        )
    for d in b.stale:
        doc.add_paragraph(f"Stale ({d.assessed_text}): {d.title}", style="List Bullet")
    doc.add_heading("4. Suggested wording for the next text (draft)", level=1)
    for line in b.suggested_wording:
        doc.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
