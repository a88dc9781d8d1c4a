"""Digests over a real SMTP server on loopback: one mail per watcher with each change once, run
twice; a working one-click unsubscribe; no confidential note or source in a viewer's mail; the
links-only setting; a later digest carries only what is new."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.clocks.mailbox import Mailbox, SmtpServer, html_of, text_of, unsubscribe_path
from tests.factories import ActorFactory, DemandFactory, SourceFactory, UserFactory
from tracker.mail.run import MailConfig, send_digests
from tracker.mail.smtp import SmtpSettings
from tracker.models import (
    ActorKind,
    Demand,
    DemandActor,
    DigestFrequency,
    DigestSettings,
    EventKind,
    LinkRole,
    Role,
    Situation,
    Status,
    User,
)
from tracker.services.actors import record_situation
from tracker.services.events import create_event
from tracker.services.followup import record_status_update
from tracker.services.watches import add_watch, set_digest_settings

BASE_URL = "http://tracker.test"
SECRET = "test-secret-key"  # the test app's SECRET_KEY: the link must open in that app


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, SmtpServer]]:
    box = Mailbox()
    with SmtpServer(box) as server:
        yield box, server


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch, mailbox: tuple[Mailbox, SmtpServer]) -> Mailbox:
    box, server = mailbox
    monkeypatch.setenv("TRACKER_SMTP_URL", server.url)
    monkeypatch.setenv("TRACKER_BASE_URL", BASE_URL)
    monkeypatch.setenv("TRACKER_SECRET_KEY", SECRET)
    monkeypatch.setenv("TRACKER_MAIL_FROM", "digest@tracker.test")
    return box


def _watchers(db: Session) -> tuple[User, User, Demand, int]:
    """An analyst watching a demand, a viewer watching the person it names; changes on both."""
    analyst = UserFactory(role=Role.ANALYST, email="analyst@example.org")
    viewer = UserFactory(role=Role.VIEWER, email="viewer@example.org")
    demand = DemandFactory(title="Release Kem Sokha")
    person = ActorFactory(name="Kem Sokha", kind=ActorKind.PERSON)
    db.add(DemandActor(demand_id=demand.id, actor_id=person.id, role=LinkRole.SUBJECT))
    add_watch(db, analyst, "demand", demand.id, actor=analyst)
    add_watch(db, viewer, "actor", person.id, actor=viewer)
    for user in (analyst, viewer):
        set_digest_settings(db, user, frequency=DigestFrequency.DAILY, links_only=False, actor=user)
    open_source = SourceFactory(title="Court ruling reported", url="https://news.example.org/r")
    secret_source = SourceFactory(
        title="Lawyer interview notes", url="https://intra.example.org/x", is_confidential=True
    )
    update = record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 9, 15),
        sources=[open_source, secret_source],
        note="CONFIDENTIAL-NOTE: the family fears reprisals",
        is_note_confidential=True,
        actor=analyst,
    )
    record_situation(
        db,
        person,
        situation=Situation.HOUSE_ARREST,
        since=dt.date(2023, 3, 3),
        note="Sentenced to 27 years of house arrest",
        actor=analyst,
    )
    create_event(
        db,
        kind=EventKind.VERDICT,
        title="Kem Sokha sentenced",
        occurred_on=dt.date(2023, 3, 3),
        participants=[(person, "defendant")],
        actor=analyst,
    )
    db.commit()
    return analyst, viewer, demand, update.id


def test_digest_send_twice_mails_each_watcher_once_with_each_change_once(
    db: Session,
    cli,
    mail_env: Mailbox,
    client,
    app,  # type: ignore[no-untyped-def]
) -> None:
    analyst, viewer, demand, update_id = _watchers(db)

    first = cli("digest", "send", "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.output) == {
        "sent": 2,
        "recipients": [analyst.email, viewer.email],
        "items": json.loads(first.output)["items"],
    }
    second = cli("digest", "send", "--format", "json")
    assert second.exit_code == 0, second.output
    assert json.loads(second.output)["sent"] == 0

    assert len(mail_env.messages) == 2
    (to_analyst,) = mail_env.to(analyst.email)
    (to_viewer,) = mail_env.to(viewer.email)

    link = f"{BASE_URL}/demands/{demand.id}#update-{update_id}"
    analyst_text = text_of(to_analyst)
    assert analyst_text.count(link) == 1
    assert analyst_text.count("Release Kem Sokha") == 1
    # An analyst sees confidential notes and sources on the page, so in mail too.
    assert "CONFIDENTIAL-NOTE" in analyst_text
    assert "Lawyer interview notes" in analyst_text

    viewer_text, viewer_html = text_of(to_viewer), html_of(to_viewer)
    assert viewer_text.count(link) == 1  # the demand names the person the viewer watches
    assert viewer_text.count("house arrest since 2023-03-03") == 1
    assert viewer_text.count("Kem Sokha sentenced") == 1
    assert "Court ruling reported" in viewer_text
    for secret in ("CONFIDENTIAL-NOTE", "Lawyer interview notes", "intra.example.org"):
        assert secret not in viewer_text
        assert secret not in viewer_html
        assert secret not in to_viewer.as_string()
    assert f'href="{link}"' in viewer_html

    assert to_viewer["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(to_viewer)
    page = client.get(path)
    assert page.status_code == 200 and "Stop the digest" in page.get_data(as_text=True)
    done = client.post(path)
    assert done.status_code == 200
    db.expire_all()
    viewer_settings = db.get(DigestSettings, viewer.id)
    assert viewer_settings is not None and viewer_settings.frequency == DigestFrequency.OFF
    analyst_settings = db.get(DigestSettings, analyst.id)
    assert analyst_settings is not None and analyst_settings.frequency == DigestFrequency.DAILY
    assert client.post(path[:-3] + "xyz").status_code == 404  # a forged link does nothing


def test_a_later_digest_carries_only_what_is_new_and_links_only_names_no_one(
    db: Session, session_factory: sessionmaker[Session], mailbox: tuple[Mailbox, SmtpServer]
) -> None:
    box, server = mailbox
    analyst, viewer, demand, _update_id = _watchers(db)
    set_digest_settings(db, viewer, frequency=DigestFrequency.DAILY, links_only=True, actor=viewer)
    db.commit()
    config = MailConfig(sender="digest@tracker.test", base_url=BASE_URL, secret_key=SECRET)
    smtp = SmtpSettings.from_url(server.url)
    now = dt.datetime.now(dt.UTC)
    run = send_digests(session_factory, smtp=smtp, config=config, now=now)
    assert run.sent == 2
    links_only = text_of(box.to(viewer.email)[0])
    assert "Kem Sokha" not in links_only and "Release" not in links_only
    assert f"{BASE_URL}/demands/{demand.id}" in links_only

    # Not due again within the day, even with something new.
    later = record_status_update(
        db,
        demand,
        status=Status.PARTIALLY_IMPLEMENTED,
        assessed_on=dt.date(2023, 10, 1),
        sources=[SourceFactory()],
        actor=analyst,
    )
    db.commit()
    assert send_digests(session_factory, smtp=smtp, config=config, now=now).sent == 0
    next_day = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    run = send_digests(session_factory, smtp=smtp, config=config, now=next_day)
    assert run.sent == 2 and run.items == 2
    newest = text_of(box.to(analyst.email)[-1])
    assert f"#update-{later.id}" in newest
    assert "house arrest" not in newest and "CONFIDENTIAL-NOTE" not in newest


def test_digest_send_without_a_mail_server_says_so(db: Session, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    result = cli("digest", "send")
    assert result.exit_code == 1
    assert "TRACKER_SMTP_URL is not set" in result.output
    monkeypatch.setenv("TRACKER_SMTP_URL", "http://nowhere")
    assert "must look like smtp://" in cli("digest", "send").output


def test_dry_run_sends_and_records_nothing(db: Session, cli, mail_env: Mailbox) -> None:  # type: ignore[no-untyped-def]
    _watchers(db)
    result = cli("digest", "send", "--dry-run", "--format", "json")
    data = json.loads(result.output)
    assert data["sent"] == 2 and data["dry_run"] is True
    assert mail_env.messages == []
    assert json.loads(cli("digest", "send", "--format", "json").output)["sent"] == 2
    assert len(mail_env.messages) == 2
    assert db.scalar(select(DigestSettings).limit(1)) is not None
