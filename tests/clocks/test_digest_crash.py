"""`tracker digest send` killed in the middle of a run (a real process, SIGKILL, after the first
mail): running it again mails what was not mailed, and nothing twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.clocks.mailbox import Mailbox, SmtpServer, text_of
from tests.support import fresh_engine
from tracker.migrate import upgrade
from tracker.models import (
    Demand,
    DigestFrequency,
    DigestSettings,
    Paragraph,
    ParagraphKind,
    Resolution,
    Role,
    Status,
    StatusUpdate,
    User,
    Watch,
)

TRACKER = str(Path(sys.executable).parent / "tracker")


def _populate(session: Session) -> list[tuple[str, int]]:
    """Three users, each watching a demand with one new status update: (email, update id)."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    resolution = Resolution(
        body="European Parliament",
        title="Resolution on Cambodia",
        country="KH",
        source_text="text",
        source_sha256="c" * 64,
    )
    session.add(resolution)
    session.flush()
    out = []
    for n in range(1, 4):
        paragraph = Paragraph(
            resolution_id=resolution.id, position=n, text="calls for", kind=ParagraphKind.DEMAND
        )
        session.add(paragraph)
        session.flush()
        demand = Demand(paragraph_id=paragraph.id, title=f"Release prisoner {n}")
        user = User(email=f"watcher{n}@example.org", password_hash="x", role=Role.VIEWER)
        session.add_all([demand, user])
        session.flush()
        session.add(Watch(user_id=user.id, demand_id=demand.id))
        session.add(
            DigestSettings(user_id=user.id, frequency=DigestFrequency.DAILY, enabled_at=since)
        )
        update = StatusUpdate(
            demand_id=demand.id, status=Status.NO_INFORMATION, assessed_on=dt.date(2023, 9, 1)
        )
        session.add(update)
        session.flush()
        out.append((user.email, update.id))
    session.commit()
    return out


def _run(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [TRACKER, "digest", "send", "--format", "json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_mid_run_then_run_again_mails_each_change_once(backend: str, tmp_path: Path) -> None:
    engine = fresh_engine(backend, "digestcrash", tmp_path)
    upgrade(engine)
    with Session(engine) as session:
        expected = _populate(session)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()

    box = Mailbox()
    with SmtpServer(box) as server:
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "TRACKER_SMTP_URL": server.url,
            "TRACKER_BASE_URL": "http://tracker.test",
            "TRACKER_SECRET_KEY": "crash-test",
        }
        running: list[subprocess.Popen[str]] = []

        def kill_at_second_mail(number: int) -> None:
            if number == 2:  # the first mail is delivered; the run dies starting the second
                os.kill(running[0].pid, signal.SIGKILL)

        box.on_mail_from = kill_at_second_mail
        running.append(_run(env))
        running[0].communicate(timeout=120)
        assert running[0].returncode == -signal.SIGKILL
        assert len(box.messages) == 1

        box.on_mail_from = None
        again = _run(env)
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        assert json.loads(out)["sent"] == 2

        third = _run(env)
        out, err = third.communicate(timeout=120)
        assert third.returncode == 0, err
        assert json.loads(out)["sent"] == 0

    assert sorted(m["To"] for m in box.messages) == [email for email, _ in expected]
    for email, update_id in expected:
        (message,) = box.to(email)
        assert text_of(message).count(f"#update-{update_id}") == 1
    assert len({m["Message-ID"] for m in box.messages}) == 3


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TRACKER_SMTP_URL", "TRACKER_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
