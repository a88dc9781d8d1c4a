"""Render a ReportSnapshot as Markdown that plain CommonMark reads (pure: no database, no
Flask)."""

from __future__ import annotations

import datetime as dt

from tracker.reports.notes import escape, note_markdown, safe_href
from tracker.reports.outline import (
    FULL_LIST,
    DemandEntry,
    ReportOutline,
    cited_sources,
    outline,
)
from tracker.reports.snapshot import ReportSnapshot, SourceRef
from tracker.reports.timestamps import human_timestamp


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
    """User text inside Markdown, on one line: shown as written (no markup, link or HTML)."""
    return escape(" ".join(text.split()), line_start=False)


def cell(text: str) -> str:
    return inert(text)


def source_markdown(number: int, source: SourceRef) -> str:
    """ "LICADHO prisoner list, LICADHO, 2023-09-30, <https://…>" (a link only to an http,
    https or mailto address)."""
    bits = [inert(source.label)]
    if source.publisher:
        bits.append(inert(source.publisher))
    if source.published_on:
        bits.append(source.published_on.isoformat())
    if source.url:
        target = safe_href(source.url)
        bits.append(f"<{target}>" if target else inert(source.url))
    if source.is_confidential:
        bits.append("**confidential**")
    return ", ".join(bits)


def _refs(doc: ReportOutline, refs: tuple[SourceRef, ...]) -> str:
    """Cited sources as "label \\[1\\]; label \\[2\\]" (the numbers of the Sources list)."""
    return "; ".join(f"{inert(s.label)} \\[{n}\\]" for n, s in doc.cite(refs))


def _entry(doc: ReportOutline, entry: DemandEntry, addressee: str | None) -> list[str]:
    d, u, replaced = entry.demand, entry.latest, entry.superseded
    out = [f"### {entry.number}. {inert(d.title)}", "", f"**Status: {label(d.status)}**", ""]
    if u is None:
        out += ["No assessment recorded yet.", ""]
    else:
        words = f"Last assessed {date_at(u.assessed_on)}"
        if u.status != d.status:
            words += f" as {label(u.status).lower()}"
        if u.corrects_id:
            words += f" (correction of #{u.corrects_id})"
        if u.id in replaced:
            words += f" (superseded by #{replaced[u.id]})"
        if u.response:
            words += f"; response: {inert(u.response)}"
        cited = cited_sources(u, d)
        if not cited:
            words += "; no source given."
        elif not u.sources:
            words += f"; no source given; latest source: {_refs(doc, cited)}."
        else:
            words += f"; {_refs(doc, cited)}."
        if u.is_demo:
            words += " *(demo data)*"
        out += [words, ""]
        for line in note_markdown(u.note):
            out += [line, ""]
    later = []
    if entry.earlier:
        before = "; ".join(
            f"{date_at(e.assessed_on)} {label(e.status).lower()}"
            + (f" (correction of #{e.corrects_id})" if e.corrects_id else "")
            + (f" (superseded by #{replaced[e.id]})" if e.id in replaced else "")
            for e in entry.earlier
        )
        later.append(f"Before: {before}" + (f"; {entry.older} older." if entry.older else "."))
    if d.deadline:
        later.append(f"Deadline {date_at(d.deadline, d.deadline_precision)}.")
    if d.condition:
        later.append(f"Condition: {inert(d.condition)}.")
    if later:
        out += [" ".join(later), ""]
    others = [a for a in d.addressees if a != addressee]
    if addressee is None:
        asked = f", asked of {inert(', '.join(others))}" if others else ", no addressee named"
    else:
        asked = f", also asked of {inert(', '.join(others))}" if others else ""
    about = [s for s in d.subjects if s not in d.title]
    where = f"{inert(d.resolution_reference)} ¶ {inert(d.paragraph_label)}{asked}"
    if about:
        where += f", about {inert(', '.join(about))}"
    where += f", demanded {d.times_demanded}×"
    if d.thread_title and d.thread_title != d.title:
        where += f" (thread: {inert(d.thread_title)})"
    out += [f"> {where}: “{inert(d.paragraph_text)}”", ""]
    return out


def render_markdown(snapshot: ReportSnapshot) -> str:
    """The report in plain CommonMark (no table or footnote extension needed), with the
    content of the PDF (outline.py); notes keep their emphasis and their web links only."""
    doc = outline(snapshot)
    out = [f"# {inert(snapshot.title)}", ""]
    out.append(
        f"Follow-up report · scope: {snapshot.scope_kind} {inert(snapshot.scope_label)} · "
        f"generated {human_timestamp(snapshot.generated_at)} · "
        f"{len(snapshot.demands)} demands, {len(snapshot.events)} events, "
        f"{len(snapshot.resolutions)} resolutions"
    )
    if snapshot.include_confidential:
        out += ["", "**Contains confidential sources: do not forward.**"]
    if doc.hidden_demands or doc.hidden_events:
        out += [
            "",
            f"*This report lists the first {len(doc.demands)} demands"
            + (f" and {len(doc.events)} events" if doc.hidden_events else "")
            + f" of its scope; the counts cover them all, and {FULL_LIST}.*",
        ]
    out += ["", "## Summary", ""]
    for status, count in snapshot.status_counts.items():
        out.append(f"- {label(status)}: {count}")
    out.append(f"- **Total: {len(snapshot.demands)}**")
    if snapshot.resolutions:
        out += ["", "Resolutions covered:", ""]
        out += [
            f"- {inert(reference)}{f' ({date_at(adopted)})' if adopted else ''}: {inert(title)}"
            for _id, title, reference, adopted in snapshot.resolutions
        ]
    out += ["", "## Demands", ""]
    if not doc.demands:
        out += ["No demand in this scope.", ""]
    addressee = snapshot.scope_value if snapshot.scope_kind == "addressee" else None
    for entry in doc.demands:
        out += _entry(doc, entry, addressee)
    if doc.demands_more:
        out += [f"*… {doc.demands_more}.*", ""]
    out += render_clocks_markdown(snapshot)
    out += ["## Annex: events", ""]
    for e in doc.events:
        who = f" — {inert(', '.join(e.actors))}" if e.actors else ""
        cites = " ".join(f"\\[{n}\\]" for n, _s in doc.cite(e.sources))
        out.append(
            f"- {date_at(e.occurred_on, e.precision)}: {inert(e.title)} ({inert(e.kind)}){who}"
            + (f" {cites}" if cites else "")
        )
    if not doc.events:
        out.append("No linked event.")
    if doc.events_more:
        out += ["", f"*… {doc.events_more}.*"]
    out.append("")
    if doc.sources:
        out += ["## Sources", ""]
        out += [f"{n}. {source_markdown(n, s)}" for n, s in doc.sources]
        out.append("")
    return "\n".join(out)


def render_clocks_markdown(snapshot: ReportSnapshot) -> list[str]:
    """The report's reply clocks: who owes a reply by when, and the official grade if any."""
    if not snapshot.clocks:
        return []
    out = ["## Reply clocks", ""]
    for c in snapshot.clocks:
        line = (
            f"- {inert(c.resolution_reference)}: {inert(c.addressee or 'no addressee named')}, "
            f"due {c.due_on.isoformat()}, {c.state}"
        )
        if c.answered_on:
            line += f"; reply of {c.answered_on.isoformat()}"
            line += f" ({inert(c.reply_reference)})" if c.reply_reference else ""
        if c.official_grade:
            line += f"; official grade {inert(c.official_grade)}"
        out.append(line + f" ({inert(c.rule)})")
    return [*out, ""]
