"""Render a ReportSnapshot as DOCX: the same content as the PDF (outline.py), in Word's own
styles, sources as footnotes and listed at the end."""

from __future__ import annotations

from tracker.reports.charts import STATUS_COLOURS, charts, status_label
from tracker.reports.markdown import date_at
from tracker.reports.notes import paragraphs
from tracker.reports.outline import FULL_LIST, DemandEntry, ReportOutline, cited_sources, outline
from tracker.reports.snapshot import ReportSnapshot, SourceRef
from tracker.reports.timestamps import human_timestamp
from tracker.reports.wordprocessing import MUTED, Column, WordDocument, run_xml, xml_safe


def _status_run(status: str, text: str | None = None) -> str:
    return run_xml(text or status_label(status), bold=True, colour=STATUS_COLOURS.get(status))


def source_text(w: WordDocument, number: int, s: SourceRef) -> str:
    """A source as listed at the end and in its footnote: "[n] label, publisher, date, URL"."""
    xml = run_xml(f"[{number}] {s.label}")
    bits = [b for b in (s.publisher, s.published_on.isoformat() if s.published_on else "") if b]
    if bits:
        xml += run_xml(", " + ", ".join(bits))
    if s.url:
        xml += run_xml(", ") + w.hyperlink(s.url, s.url)
    if s.is_confidential:
        xml += run_xml(" (confidential)", bold=True, colour=STATUS_COLOURS["not_implemented"])
    return xml


def _cited(w: WordDocument, doc: ReportOutline, refs: tuple[SourceRef, ...]) -> str:
    """Source labels, each with a footnote giving the source in full."""
    parts = []
    for n, (number, source) in enumerate(doc.cite(refs)):
        if n:
            parts.append(run_xml("; "))
        parts.append(run_xml(source.label) + w.footnote(source_text(w, number, source)))
    return "".join(parts)


def _demand(w: WordDocument, doc: ReportOutline, entry: DemandEntry, addressee: str | None) -> None:
    d, u, replaced = entry.demand, entry.latest, entry.superseded
    heading = w.heading(f"{entry.number}. {d.title}", level=2)
    w.add(heading, run_xml("   ") + _status_run(d.status, f"Status: {status_label(d.status)}"))
    facts = w.paragraph()
    if u is None:
        w.add(facts, run_xml("No assessment recorded yet."))
    else:
        words = f"Last assessed {date_at(u.assessed_on)}"
        if u.status != d.status:
            words += f" as {status_label(u.status).lower()}"
        if u.corrects_id:
            words += f" (correction of #{u.corrects_id})"
        if u.id in replaced:
            words += f" (superseded by #{replaced[u.id]})"
        if u.response:
            words += f"; response: {u.response}"
        xml = run_xml(words + "; ")
        cited = cited_sources(u, d)
        if not cited:
            xml += run_xml("no source given.")
        else:
            if not u.sources:
                xml += run_xml("no source given; latest source: ")
            xml += _cited(w, doc, cited) + run_xml(".")
        for paragraph in paragraphs(u.note):
            xml += run_xml(" ") + w.note_runs(paragraph)
        if u.is_demo:
            xml += run_xml(" (demo data)", italic=True)
        w.add(facts, xml)
    later: list[str] = []
    if entry.earlier:
        before = "; ".join(
            f"{date_at(e.assessed_on)} {status_label(e.status).lower()}"
            + (f" (correction of #{e.corrects_id})" if e.corrects_id else "")
            + (f" (superseded by #{replaced[e.id]})" if e.id in replaced else "")
            for e in entry.earlier
        )
        later.append(f"Before: {before}" + (f"; {entry.older} older." if entry.older else "."))
    if d.deadline:
        later.append(f"Deadline {date_at(d.deadline, d.deadline_precision)}.")
    if d.condition:
        later.append(f"Condition: {d.condition}.")
    if later:  # run on in the same paragraph, as the PDF does: a report can list 200 demands
        w.add(facts, run_xml(" " + " ".join(later)))
    others = [a for a in d.addressees if a != addressee]
    if addressee is None:
        asked = f", asked of {', '.join(others)}" if others else ", no addressee named"
    else:
        asked = f", also asked of {', '.join(others)}" if others else ""
    about = [s for s in d.subjects if s not in d.title]
    where = f"{d.resolution_reference} ¶ {d.paragraph_label}{asked}"
    if about:
        where += f", about {', '.join(about)}"
    where += f", demanded {d.times_demanded}×"
    if d.thread_title and d.thread_title != d.title:
        where += f" (thread: {d.thread_title})"
    quote = w.paragraph(style="Quote")
    w.add(quote, run_xml(f"{where}: ") + run_xml(f"“{d.paragraph_text}”", italic=True))


def render_docx(snapshot: ReportSnapshot) -> bytes:
    """The report as a Word document, with the content and order of the PDF."""
    snapshot = xml_safe(snapshot)
    doc = outline(snapshot)
    label = snapshot.scope_label
    w = WordDocument(
        title=snapshot.title,
        subject=f"Follow-up report: {snapshot.scope_kind} {label}",
        author=snapshot.prepared_by or "tracker",
        created=snapshot.generated_at,
        keywords=f"follow-up report; human rights; {label}",
        running_title=snapshot.title,
        category="Follow-up report",
    )

    # Cover
    w.add(w.paragraph(), run_xml("FOLLOW-UP REPORT", colour=MUTED))
    w.heading(snapshot.title, level=0)
    w.paragraph(
        f"Scope: {snapshot.scope_kind.capitalize()}: {label} · "
        f"Generated {human_timestamp(snapshot.generated_at)}\n"
        f"Demands: {len(snapshot.demands)} · Events: {len(snapshot.events)} · "
        f"Resolutions: {len(snapshot.resolutions)}"
    )
    if snapshot.include_confidential:
        w.add(
            w.paragraph(),
            run_xml(
                "CONFIDENTIAL: this report includes confidential sources and notes. "
                "Do not forward.",
                bold=True,
                colour=STATUS_COLOURS["not_implemented"],
            ),
        )
    if doc.hidden_demands or doc.hidden_events:
        w.add(
            w.paragraph(),
            run_xml(
                f"This report lists the first {len(doc.demands)} demands"
                + (f" and {len(doc.events)} events" if doc.hidden_events else "")
                + f" of its scope; the counts and charts cover them all, and {FULL_LIST}.",
                italic=True,
            ),
        )

    # Summary
    w.heading("Summary", level=1)
    counts = snapshot.status_counts
    rows = [[status_label(s), str(n)] for s, n in counts.items()]
    rows.append(["Total", str(len(snapshot.demands))])
    w.table(
        [Column("Status", max_chars=24), Column("Demands", max_chars=10)],
        rows,
        cells=[[_status_run(s), run_xml(str(n))] for s, n in counts.items()]
        + [[run_xml("Total", bold=True), run_xml(str(len(snapshot.demands)), bold=True)]],
        full_width=False,
    )
    for n, chart in enumerate(charts(snapshot), 1):
        w.picture(chart.png, 16, f"Figure {n}. {chart.title}.")
    if snapshot.resolutions:
        w.heading("Resolutions covered", level=3)
        w.paragraph(
            "; ".join(
                f"{reference}{f' ({date_at(adopted)})' if adopted else ''} {title}"
                for _id, title, reference, adopted in snapshot.resolutions
            )
            + "."
        )

    # Demands
    w.heading("Demands", level=1)
    if doc.demands:
        w.add(
            w.paragraph(),
            run_xml(
                "For each demand: its status; its latest assessment with its sources (in the "
                "footnotes) and note, and the date and status of the "
                f"{doc.history_limit - 1} before it; then the paragraph of the resolution that "
                "makes the demand. The XLSX, CSV and JSON exports hold every assessment.",
                italic=True,
                colour=MUTED,
            ),
        )
    else:
        w.paragraph("No demand in this scope.")
    addressee = snapshot.scope_value if snapshot.scope_kind == "addressee" else None
    for entry in doc.demands:
        _demand(w, doc, entry, addressee)
    if doc.demands_more:
        w.add(w.paragraph(), run_xml(f"… {doc.demands_more}.", italic=True))

    # Annex and sources
    w.heading("Annex: events", level=1)
    if doc.events:
        w.table(
            [
                Column("Date", min_chars=10, max_chars=10),
                Column("Event", max_chars=50),
                Column("Kind", max_chars=12),
                Column("Actors", max_chars=40),
                Column("Sources", max_chars=8),
            ],
            [
                [
                    date_at(e.occurred_on, e.precision),
                    e.title,
                    e.kind,
                    ", ".join(e.actors) or "—",
                    " ".join(f"[{n}]" for n, _s in doc.cite(e.sources)) or "—",
                ]
                for e in doc.events
            ],
        )
    else:
        w.paragraph("No linked event.")
    if doc.events_more:
        w.add(w.paragraph(), run_xml(f"… {doc.events_more}.", italic=True))

    w.heading("Sources", level=1)
    if not doc.sources:
        w.paragraph("No source cited.")
    for number, source in doc.sources:
        w.add(w.paragraph(), source_text(w, number, source))
    return w.save()
