"""The demo: the sample resolution with the people, events and follow-up it names, and its
logins, whose passwords are generated for each database (never written in the demo file)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.config import PROJECT_ROOT
from tracker.models import (
    ActorKind,
    DatePrecision,
    Demand,
    EventKind,
    Paragraph,
    Resolution,
    Response,
    Role,
    Situation,
    Status,
    User,
)
from tracker.parsing import parse_resolution
from tracker.services.accounts import create_user, get_user_by_email, hash_password
from tracker.services.actors import create_actor, find_actor, record_situation
from tracker.services.audit import record_audit
from tracker.services.events import create_event, link_event
from tracker.services.followup import record_status_update
from tracker.services.resolutions import import_resolution, known_actors
from tracker.services.sources import get_or_create_source

DEMO_FILE = PROJECT_ROOT / "fixtures" / "demo" / "demo.json"


@dataclass(frozen=True)
class DemoLogin:
    """A demo login with the password generated for it; shown once, stored only hashed."""

    email: str
    password: str
    role: Role


def new_demo_logins(path: Path = DEMO_FILE) -> list[DemoLogin]:
    """A fresh password for each login the demo file lists (the first one authors the demo)."""
    return [
        DemoLogin(spec["email"], secrets.token_urlsafe(15), Role(spec["role"]))
        for spec in _read(path)["users"]
    ]


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Resolution))


def is_demo_loaded(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).where(Resolution.is_demo.is_(True))))


@dataclass
class LoadedDemo:
    resolution: Resolution
    logins: list[DemoLogin]  # the logins created, with their passwords, to be shown once
    existing: list[str]  # demo logins that were already accounts: their passwords unchanged


def load_demo_with_logins(session: Session, path: Path = DEMO_FILE) -> LoadedDemo:
    """Load the demo (flushed, not committed) and say which logins it created, with which
    passwords."""
    logins = new_demo_logins(path)
    existing = [login.email for login in logins if get_user_by_email(session, login.email)]
    resolution = load_demo(session, path, logins=logins)
    created = [login for login in logins if login.email not in existing]
    return LoadedDemo(resolution, created, existing)


def load_demo(
    session: Session, path: Path = DEMO_FILE, *, logins: Sequence[DemoLogin] | None = None
) -> Resolution:
    """Load the demo into the session (flushed, not committed). Logins that are not accounts
    yet get the passwords in `logins` (from `new_demo_logins`); without it, passwords nobody
    sees (tests that never sign in as them)."""
    data = _read(path)
    passwords = {login.email: login.password for login in logins or new_demo_logins(path)}
    users = []
    for spec in data["users"]:
        user = get_user_by_email(session, spec["email"]) or create_user(
            session,
            spec["email"],
            role=Role(spec["role"]),
            password=passwords[spec["email"]],
            name=spec["name"],
            actor=None,
        )
        users.append(user)
    author: User = users[0]

    for spec in data["actors"]:
        if find_actor(session, spec["name"]) is None:
            create_actor(
                session,
                name=spec["name"],
                kind=ActorKind(spec["kind"]),
                country=spec["country"],
                aliases=spec["aliases"],
                description=spec["description"],
                actor=author,
            )
    sources = {
        key: get_or_create_source(
            session,
            url=spec.get("url"),
            reference=spec.get("reference"),
            title=spec.get("title", ""),
            publisher=spec.get("publisher", ""),
            published_on=dt.date.fromisoformat(spec["published_on"])
            if spec.get("published_on")
            else None,
            is_confidential=spec.get("confidential", False),
            actor=author,
        )
        for key, spec in data["sources"].items()
    }

    text = (PROJECT_ROOT / data["resolution"]).read_text(encoding="utf-8")
    parsed = parse_resolution(text, known_actors=known_actors(session))
    resolution = import_resolution(session, parsed, actor=author, is_demo=True)

    events = {}
    for spec in data["events"]:
        participants = []
        for name, role in spec["participants"]:
            found = find_actor(session, name)
            if found is not None:
                participants.append((found, role))
        events[spec["title"]] = create_event(
            session,
            kind=EventKind(spec["kind"]),
            title=spec["title"],
            occurred_on=dt.date.fromisoformat(spec["date"]),
            precision=DatePrecision(spec["precision"]),
            country=spec["country"],
            participants=participants,
            sources=[sources[k] for k in spec["sources"]],
            actor=author,
        )
    for spec in data["situations"]:
        person = find_actor(session, spec["actor"])
        if person is not None:
            record_situation(
                session,
                person,
                situation=Situation(spec["situation"]),
                since=dt.date.fromisoformat(spec["since"]),
                source=sources[spec["source"]],
                note=spec.get("note", ""),
                actor=author,
            )

    demands_by_label = _first_demands(session, resolution.id)
    for spec in data["demand_events"]:
        demand = demands_by_label.get(spec["paragraph"])
        if demand is not None:
            link_event(session, demand, events[spec["event"]], actor=author)
    for spec in data["updates"]:
        demand = demands_by_label.get(spec["paragraph"])
        if demand is None:
            continue
        record_status_update(
            session,
            demand,
            status=Status(spec["status"]),
            assessed_on=dt.date.fromisoformat(spec["assessed_on"]),
            sources=[sources[k] for k in spec["sources"]],
            note=spec.get("note", ""),
            response=Response(spec["response"]) if spec.get("response") else None,
            is_demo=True,
            actor=author,
        )
    return resolution


def _first_demands(session: Session, resolution_id: int) -> dict[str, Demand]:
    paragraphs = session.scalars(
        select(Paragraph)
        .where(Paragraph.resolution_id == resolution_id)
        .options(selectinload(Paragraph.demands))
    ).all()
    return {p.label: p.demands[0] for p in paragraphs if p.demands}


def renew_demo_passwords(session: Session, path: Path = DEMO_FILE) -> list[DemoLogin]:
    """New passwords for the demo's logins that exist in this database (flushed, audited);
    the only way back to a demo whose printed passwords were lost, since only hashes are
    stored."""
    renewed = []
    for login in new_demo_logins(path):
        user = get_user_by_email(session, login.email)
        if user is None:
            continue
        user.password_hash = hash_password(login.password)
        user.session_generation += 1  # as a password change does: signed-in browsers are out
        session.flush()
        # Never the password or its hash: the audit log is read by admins and backed up.
        record_audit(
            session,
            actor=None,
            action="user.password",
            entity_type="users",
            entity_id=user.id,
            summary=f"new demo password for {user.email} (tracker demo --new-passwords)",
        )
        renewed.append(DemoLogin(user.email, login.password, user.role))
    return renewed
