"""The digest as a mail: a text part and an HTML part, each item linked to its page, and the
headers of a one-click unsubscribe (RFC 8058). Pure: no database, no Flask."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit

from tracker.services.digests import DigestEntry

KIND_LABELS = {
    "status": "Status change",
    "event": "Event",
    "situation": "Situation",
    "resolution": "New resolution",
    "reply": "Reply received",
    "clock_due": "Reply due soon",
    "clock_overdue": "Reply overdue",
}


def message_id(digest_id: int, base_url: str) -> str:
    """The same for every attempt at one digest, so a mail sent again after a crash is one
    message to the recipient's client."""
    host = urlsplit(base_url).hostname or "tracker.invalid"
    return f"<digest-{digest_id}@{host}>"


def _link(base_url: str, item: DigestEntry) -> str:
    return base_url.rstrip("/") + item.path


def build_digest_message(
    *,
    digest_id: int,
    to: str,
    sender: str,
    items: Sequence[DigestEntry],
    since: dt.datetime,
    links_only: bool,
    base_url: str,
    unsubscribe: str,
    now: dt.datetime,
) -> EmailMessage:
    count = len(items)
    message = EmailMessage()
    message["Subject"] = f"tracker: {count} change{'' if count == 1 else 's'} on what you watch"
    message["From"] = formataddr(("tracker", sender))
    message["To"] = to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(digest_id, base_url)
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    when = since.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    lines = [f"What changed on what you watch, since {when}:", ""]
    for item in items:
        label = KIND_LABELS.get(item.kind, item.kind)
        if links_only:
            lines += [
                f"* {item.on.isoformat()} · {label}: {item.neutral}",
                f"  {_link(base_url, item)}",
            ]
        else:
            lines.append(f"* {item.on.isoformat()} · {label}: {item.title}")
            lines.append(f"  {item.detail}")
            if item.note:
                lines += [f"  {line}" for line in item.note.splitlines() if line.strip()]
            if item.sources:
                lines.append(
                    "  Sources: " + "; ".join(f"{t} <{u}>" if u else t for t, u in item.sources)
                )
            lines.append(f"  {_link(base_url, item)}")
        lines.append("")
    lines += [
        "-- ",
        "You receive this digest because you watch these records in tracker.",
        f"Change what you watch: {base_url.rstrip('/')}/watching",
        f"Stop these mails: {unsubscribe}",
    ]
    message.set_content("\n".join(lines))

    e = html.escape
    rows = []
    for item in items:
        label = e(KIND_LABELS.get(item.kind, item.kind))
        href = e(_link(base_url, item), quote=True)
        if links_only:
            rows.append(
                f"<li><small>{e(item.on.isoformat())} · {label}</small><br>"
                f'<a href="{href}">{e(item.neutral)}</a></li>'
            )
            continue
        extra = ""
        if item.note:
            extra += f"<br><span>{e(item.note)}</span>"
        if item.sources:
            refs = "; ".join(
                f'<a href="{e(u, quote=True)}">{e(t)}</a>' if u else e(t) for t, u in item.sources
            )
            extra += f"<br><small>Sources: {refs}</small>"
        rows.append(
            f"<li><small>{e(item.on.isoformat())} · {label}</small><br>"
            f'<a href="{href}"><strong>{e(item.title)}</strong></a><br>{e(item.detail)}{extra}</li>'
        )
    body = (
        '<!doctype html><html lang="en"><body>'
        f"<p>What changed on what you watch, since {e(when)}:</p>"
        f"<ul>{''.join(rows)}</ul><hr><p><small>You receive this digest because you watch these "
        f'records in tracker. <a href="{e(base_url.rstrip("/"), quote=True)}/watching">Change '
        f'what you watch</a> · <a href="{e(unsubscribe, quote=True)}">Stop these mails</a>'
        "</small></p></body></html>"
    )
    message.add_alternative(body, subtype="html")
    return message
