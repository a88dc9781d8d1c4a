"""Render a Briefing as DOCX, from its data (never from its Markdown): the parts of the PDF in
Word's own styles, sources as links."""

from __future__ import annotations

from tracker.reports.briefing import BriefDemand, Briefing
from tracker.reports.briefing_render import (
    ABRIDGED,
    DRAFT_NOTE,
    KIND_LABELS,
    lead_line,
    more_line,
    unchanged_line,
)
from tracker.reports.charts import STATUS_COLOURS, status_label
from tracker.reports.markdown import date_at
from tracker.reports.snapshot import SourceRef
from tracker.reports.wordprocessing import MUTED, Column, WordDocument, run_xml, xml_safe


def _sources(w: WordDocument, sources: tuple[SourceRef, ...]) -> str:
    return run_xml("; ").join(w.hyperlink(s.label, s.url) for s in sources)


def _status(status: str, text: str | None = None) -> str:
    return run_xml(text or status_label(status), bold=True, colour=STATUS_COLOURS.get(status))


def _more(w: WordDocument, text: str) -> None:
    if text:
        w.add(w.paragraph(), run_xml(text, italic=True, colour=MUTED))


def _open_demand(w: WordDocument, d: BriefDemand) -> None:
    xml = run_xml(f"{d.title}: ") + _status(d.status)
    if d.last_assessed_on:
        xml += run_xml(f"; latest evidence {d.last_assessed_on.isoformat()}")
        if d.latest_sources:
            xml += run_xml(" (") + _sources(w, d.latest_sources) + run_xml(")")
    xml += run_xml(f"; {d.times_text}.")
    w.add(w.paragraph(style="List Bullet"), xml)


def render_briefing_docx(b: Briefing) -> bytes:
    b = xml_safe(b)
    w = WordDocument(
        title=b.title,
        subject=f"Briefing before a debate: {b.scope_kind} {b.scope_label}",
        author=b.prepared_by or "tracker",
        created=b.generated_at,
        keywords=f"briefing; human rights; {b.scope_label}",
        running_title=b.title,
        category="Briefing",
    )
    w.add(w.paragraph(), run_xml("BRIEFING BEFORE A DEBATE", colour=MUTED))
    w.heading(b.title, level=0)
    w.paragraph(lead_line(b))
    w.paragraph(
        f"Demands in scope: {b.demand_count:,} · Changes since then: {b.changes_total:,} · "
        f"Overdue: {b.overdue_total:,} · Stale: {b.stale_total:,}"
    )
    for note in b.notes:
        w.add(w.paragraph(), run_xml(note, italic=True, colour=MUTED))
    if b.include_confidential:
        w.add(
            w.paragraph(),
            run_xml(
                "CONFIDENTIAL: this briefing includes confidential sources. Do not forward.",
                bold=True,
                colour=STATUS_COLOURS["not_implemented"],
            ),
        )
    if b.is_abridged:
        w.add(w.paragraph(), run_xml(ABRIDGED, italic=True))

    w.heading("1. What changed", level=1)
    if b.changes:
        rows, cells = [], []
        for c in b.changes:
            kind = KIND_LABELS.get(c.kind, c.kind)
            evidence = "; ".join(s.label for s in c.sources)
            rows.append([date_at(c.on, c.precision), kind, c.title, f"{c.detail} {evidence}"])
            detail = run_xml(c.detail)
            if c.sources:
                detail += run_xml("\n") + _sources(w, c.sources)
            cells.append(
                [
                    run_xml(date_at(c.on, c.precision)),
                    run_xml(kind, bold=c.kind in ("status", "moot", "overdue")),
                    run_xml(c.title),
                    detail,
                ]
            )
        w.table(
            [
                Column("Date", min_chars=10, max_chars=10),
                Column("Kind", max_chars=14),
                Column("What", max_chars=50),
                Column("Detail and evidence", max_chars=60),
            ],
            rows,
            cells=cells,
        )
    else:
        w.paragraph("Nothing recorded since then.")
    _more(w, more_line(b.changes_total - len(b.changes), "earlier changes"))
    _more(w, unchanged_line(b))

    w.heading("2. Open demands by addressee", level=1)
    for group in b.open_by_addressee:
        heading = w.heading(group.addressee, level=2)
        w.add(heading, run_xml(f"  {group.total:,} open", colour=MUTED))
        for d in group.demands:
            _open_demand(w, d)
        _more(w, more_line(group.total - len(group.demands), "more"))
    if not b.open_by_addressee:
        w.paragraph("No open demand.")
    _more(w, more_line(b.addressees_total - len(b.open_by_addressee), "more addressees"))

    w.heading("3. Overdue and stale", level=1)
    w.heading("Overdue", level=2)
    for d in b.overdue:
        xml = run_xml(f"Overdue since {date_at(d.deadline, d.deadline_precision)}: {d.title} (")
        w.add(w.paragraph(style="List Bullet"), xml + _status(d.status) + run_xml(")"))
    if not b.overdue:
        w.paragraph("No overdue demand.")
    _more(w, more_line(b.overdue_total - len(b.overdue), "more overdue"))
    w.heading("Stale", level=2)
    for d in b.stale:
        w.paragraph(f"Stale ({d.assessed_text}): {d.title}", style="List Bullet")
    if not b.stale:
        w.paragraph("No stale demand.")
    _more(w, more_line(b.stale_total - len(b.stale), "more stale"))

    w.heading("4. Suggested wording for the next text (draft)", level=1)
    w.add(w.paragraph(), run_xml(DRAFT_NOTE, italic=True, colour=MUTED))
    for line in b.suggested_wording:
        w.paragraph(line, style="Quote")
    if not b.suggested_wording:
        w.paragraph("Nothing to reiterate.")
    _more(w, more_line(b.wording_total - len(b.suggested_wording), "more"))
    return w.save()
