"""`tracker digest send`: one mail per user whose digest is due, each change mailed once.

Per recipient: reserve the digest (window and item keys) and commit; send; mark it sent and
commit. A crash before the first commit leaves nothing, and the next run collects the same
changes. A crash after it leaves a reserved digest, which the next run sends first, with the
same Message-ID: a message the server had refused or never received is not lost, and nothing
is collected for it twice (the keys are taken). The one case that can reach a mailbox twice is
a crash in the instant between the server accepting a message and the commit after it; the
copies share a Message-ID, so mail clients show one.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from tracker.db import begin_write
from tracker.mail.links import unsubscribe_url
from tracker.mail.message import build_digest_message
from tracker.mail.smtp import Mailer, SmtpSettings
from tracker.models import Digest, DigestSettings, User, utcnow
from tracker.services.digests import (
    DigestEntry,
    Recipient,
    collect_items,
    digest_items,
    due_recipients,
    mark_sent,
    pending_digests,
    reserve_digest,
)

# Refusals that mean the server did not take the message: the reservation is dropped and the
# next run tries again with what is then due.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass
class DigestRun:
    sent: int = 0
    recipients: list[str] = field(default_factory=list)
    items: int = 0
    failed: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "sent": self.sent,
            "recipients": self.recipients,
            "items": self.items,
        }
        if self.failed:
            out["failed"] = self.failed
        if self.dry_run:
            out["dry_run"] = True
        return out


@dataclass(frozen=True)
class MailConfig:
    sender: str
    base_url: str
    secret_key: str


@dataclass(frozen=True)
class Outgoing:
    """A reserved digest, read out of the database before the mail leaves."""

    digest_id: int
    email: str
    user_id: int
    since: dt.datetime
    links_only: bool
    items: list[DigestEntry]


def _send(mailer: Mailer, config: MailConfig, out: Outgoing, now: dt.datetime) -> None:
    message = build_digest_message(
        digest_id=out.digest_id,
        to=out.email,
        sender=config.sender,
        items=out.items,
        since=out.since,
        links_only=out.links_only,
        base_url=config.base_url,
        unsubscribe=unsubscribe_url(config.base_url, config.secret_key, out.user_id),
        now=now,
    )
    mailer.send(message)


def send_digests(
    factory: sessionmaker[Session],
    *,
    smtp: SmtpSettings | None,
    config: MailConfig,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> DigestRun:
    now = now or utcnow()
    run = DigestRun(dry_run=dry_run)
    if dry_run:
        with factory() as session:
            for recipient in due_recipients(session, now=now):
                items = collect_items(
                    session, recipient.user, since=recipient.since, until=now, today=now.date()
                )
                if items:
                    run.sent += 1
                    run.recipients.append(recipient.user.email)
                    run.items += len(items)
        return run
    if smtp is None:
        raise ValueError("TRACKER_SMTP_URL is not set: say where to send mail")
    with Mailer(smtp) as mailer:
        # First, digests a stopped run reserved but did not mark sent.
        with factory() as session:
            pending = [d.id for d in pending_digests(session)]
        for digest_id in pending:
            _deliver_reserved(factory, mailer, config, digest_id, now, run)
        with factory() as session:
            recipients = due_recipients(session, now=now)
        for recipient in recipients:
            reserved = _reserve(factory, recipient, now)
            if reserved is not None:
                _deliver_reserved(factory, mailer, config, reserved, now, run)
    return run


def _reserve(factory: sessionmaker[Session], recipient: Recipient, now: dt.datetime) -> int | None:
    """Reserve the recipient's digest and commit; None when nothing changed (no mail)."""
    with factory() as session:
        begin_write(session)
        user = session.get(User, recipient.user.id)
        assert user is not None
        items = collect_items(session, user, since=recipient.since, until=now, today=now.date())
        if not items:
            return None
        try:
            digest = reserve_digest(session, recipient, items, now=now)
            session.commit()
        except IntegrityError:
            # Another run reserved these changes for this user first: it mails them.
            session.rollback()
            return None
        return digest.id


def _deliver_reserved(
    factory: sessionmaker[Session],
    mailer: Mailer,
    config: MailConfig,
    digest_id: int,
    now: dt.datetime,
    run: DigestRun,
) -> None:
    with factory() as session:
        digest = session.get(Digest, digest_id)
        if digest is None or digest.sent_at is not None:
            return
        user = session.get(User, digest.user_id)
        settings = session.get(DigestSettings, digest.user_id)
        assert user is not None
        out = Outgoing(
            digest_id=digest.id,
            email=user.email,
            user_id=user.id,
            since=digest.window_start,
            links_only=bool(settings and settings.links_only),
            items=digest_items(session, digest, user),
        )
        session.rollback()  # no transaction stays open while the mail is on its way
    try:
        if out.items:
            _send(mailer, config, out, now)
    except REFUSED as exc:
        run.failed.append(f"{out.email}: {exc}")
        with factory() as session:
            begin_write(session)
            session.execute(delete(Digest).where(Digest.id == digest_id))
            session.commit()
        return
    with factory() as session:
        begin_write(session)
        reserved = session.get(Digest, digest_id)
        assert reserved is not None
        mark_sent(session, reserved, at=utcnow())
        session.commit()
    if out.items:
        run.sent += 1
        run.recipients.append(out.email)
        run.items += len(out.items)
