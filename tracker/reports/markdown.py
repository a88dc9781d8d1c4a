"""Render a ReportSnapshot as Markdown (pure: no database, no Flask)."""

from __future__ import annotations

import datetime as dt

from tracker.reports.snapshot import ReportSnapshot, SourceRef


def label(status: str) -> str:
    return status.replace("_", " ").capitalize()


def date_at(value: dt.date | None, precision: str | None = "day") -> str:
    if value is None:
        return "—"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%Y-%m")
    return value.isoformat()


def inert(text: str) -> str:
    """User text inside Markdown: no raw HTML, no table breaks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(text: str) -> str:
    return inert(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(snapshot: ReportSnapshot) -> str:
    notes = {s.id: n for n, s in enumerate(snapshot.footnoted_sources(), 1)}

    def cite(sources: tuple[SourceRef, ...]) -> str:
        return "".join(f"[^{notes[s.id]}]" for s in sources)

    out = [f"# {inert(snapshot.title)}", ""]
    out.append(
        f"Follow-up report · scope: {snapshot.scope_kind} {inert(snapshot.scope_value)} · "
        f"generated {snapshot.generated_at.strftime('%Y-%m-%d %H:%M UTC')}"
    )
    if snapshot.include_confidential:
        out.append("")
        out.append("**Contains confidential sources: do not forward.**")
    out += ["", "## Summary", "", "| Status | Demands |", "|---|---:|"]
    for status, count in snapshot.status_counts.items():
        out.append(f"| {label(status)} | {count} |")
    out += ["", "| # | Demand | Status | Last assessed | Latest source |", "|---|---|---|---|---|"]
    for n, d in enumerate(snapshot.demands, 1):
        latest = "; ".join(cell(s.label) for s in d.latest_sources) or "—"
        out.append(
            f"| {n} | {cell(d.title)} | {label(d.status)} | "
            f"{date_at(d.last_assessed_on)} | {latest} |"
        )
    out += ["", "## Demands", ""]
    if not snapshot.demands:
        out += ["No demand in this scope.", ""]
    for n, d in enumerate(snapshot.demands, 1):
        out += [f"### {n}. {inert(d.title)}", ""]
        out.append(
            f"- **Status:** {label(d.status)}"
            + (f" (last assessed {date_at(d.last_assessed_on)})" if d.last_assessed_on else "")
        )
        out.append(
            f"- **Resolution:** {inert(d.resolution_title)} ({inert(d.resolution_reference)}"
            f"{', ' + date_at(d.resolution_date) if d.resolution_date else ''}), "
            f"paragraph {inert(d.paragraph_label)}"
        )
        out.append(f"- **Asked of:** {inert(', '.join(d.addressees)) or '—'}")
        out.append(f"- **About:** {inert(', '.join(d.subjects)) or '—'}")
        if d.deadline:
            out.append(f"- **Deadline:** {date_at(d.deadline, d.deadline_precision)}")
        if d.condition:
            out.append(f"- **Condition:** {inert(d.condition)}")
        if d.times_demanded > 1:
            out.append(
                f"- **Demanded {d.times_demanded} times** (thread: {inert(d.thread_title or '')})"
            )
        out += ["", f"> {inert(d.paragraph_text)}", ""]
        if d.history:
            out += ["| Assessed on | Status | Response | Sources | Note |", "|---|---|---|---|---|"]
            for u in d.history:
                sources = "; ".join(cell(s.label) for s in u.sources) or "—"
                corrects = f" (corrects {u.corrects_id})" if u.corrects_id else ""
                out.append(
                    f"| {u.assessed_on.isoformat()} | {label(u.status)}{corrects} | "
                    f"{u.response or '—'} | {sources}{cite(u.sources)} | "
                    f"{cell(u.note) or '—'}{' (demo data)' if u.is_demo else ''} |"
                )
        else:
            out.append("No assessment recorded yet.")
        out.append("")
    out += render_clocks_markdown(snapshot)
    out += ["## Annex: events", ""]
    for e in snapshot.events:
        who = f" — {inert(', '.join(e.actors))}" if e.actors else ""
        out.append(
            f"- {date_at(e.occurred_on, e.precision)}: {inert(e.title)} ({e.kind}){who}"
            f"{cite(e.sources)}"
        )
    if not snapshot.events:
        out.append("No linked event.")
    out.append("")
    if notes:
        out += ["## Sources", ""]
        for source in snapshot.footnoted_sources():
            bits = [inert(source.label)]
            if source.publisher:
                bits.append(inert(source.publisher))
            if source.published_on:
                bits.append(source.published_on.isoformat())
            if source.url:
                bits.append(f"<{source.url}>")
            out.append(f"[^{notes[source.id]}]: " + ", ".join(bits))
        out.append("")
    return "\n".join(out)


def render_clocks_markdown(snapshot: ReportSnapshot) -> list[str]:
    """The report's reply clocks: who owes a reply by when, and the official grade if any."""
    if not snapshot.clocks:
        return []
    out = ["## Reply clocks", ""]
    out += [
        "| Text | Addressee | Due | State | Reply | Official grade |",
        "|---|---|---|---|---|---|",
    ]
    for c in snapshot.clocks:
        reply = c.answered_on.isoformat() if c.answered_on else "—"
        if c.reply_reference:
            reply += f" ({cell(c.reply_reference)})"
        out.append(
            f"| {cell(c.resolution_reference)} | {cell(c.addressee or 'no addressee named')} | "
            f"{c.due_on.isoformat()} | {c.state} | {reply} | {cell(c.official_grade or '—')} |"
        )
    return [*out, ""]
