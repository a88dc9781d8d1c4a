"""Watchlists: what a user follows (a demand, actor, country, thread or resolution), their digest
settings, the personal feed token, and unsubscribing from a mail link."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import (
    Actor,
    Demand,
    DigestFrequency,
    DigestSettings,
    Resolution,
    Role,
    Thread,
    User,
    Watch,
    utcnow,
)
from tracker.parsing.countries import BY_CODE, country_by_name
from tracker.services.audit import record_audit
from tracker.services.errors import NotFound, PermissionDenied, ValidationError

TARGETS = ("demand", "actor", "country", "thread", "resolution")
_MODELS: dict[str, type[Demand] | type[Actor] | type[Thread] | type[Resolution]] = {
    "demand": Demand,
    "actor": Actor,
    "thread": Thread,
    "resolution": Resolution,
}
FEED_TOKEN_PREFIX = "feed_"  # noqa: S105 - a marker saying what the string is, not a secret


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code ("KH", "kh") or a name ("Cambodia")."""
    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    found = country_by_name(value)
    if found is None:
        raise ValidationError(
            f"not a country: {value!r} (give an ISO 3166-1 alpha-2 code such as KH, or a name)",
            field="country",
        )
    return found.code


def country_name(code: str) -> str:
    found = BY_CODE.get(code)
    return found.names[0] if found else code


def _column(target: str) -> str:
    if target not in TARGETS:
        raise ValidationError(f"one can watch a {', '.join(TARGETS)}; not a {target!r}")
    return "country" if target == "country" else f"{target}_id"


def find_watch(session: Session, user: User, target: str, value: int | str) -> Watch | None:
    column = _column(target)
    return session.scalar(
        select(Watch).where(Watch.user_id == user.id, getattr(Watch, column) == value)
    )


def add_watch(
    session: Session, user: User, target: str, value: int | str, *, actor: User | None
) -> Watch:
    """`user` follows the record (or country); watching it again changes nothing. Users change
    their own watchlist; admins (and the command line, `actor=None`) anyone's."""
    column = _column(target)
    if actor is not None and actor.id != user.id and not actor.can(Role.ADMIN):
        raise PermissionDenied("a watchlist is changed by its owner only")
    if target == "country":
        value = country_code(str(value))
    else:
        if not isinstance(value, int) or session.get(_MODELS[target], value) is None:
            raise NotFound(f"no {target} with id {value}")
    existing = find_watch(session, user, target, value)
    if existing is not None:
        return existing
    watch = Watch(user_id=user.id, **{column: value})
    session.add(watch)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="watch.add",
        entity_type="watches",
        entity_id=watch.id,
        summary=f"{user.email} watches {target} {value}",
        after={"user_id": user.id, target: value},
    )
    return watch


def remove_watch(session: Session, watch: Watch, *, actor: User) -> None:
    if watch.user_id != actor.id:
        raise NotFound(f"no watch with id {watch.id}")  # another's watch is not shown at all
    record_audit(
        session,
        actor=actor,
        action="watch.remove",
        entity_type="watches",
        entity_id=watch.id,
        summary=f"{actor.email} stopped watching {watch.kind} {watch.target}",
        before={"user_id": watch.user_id, watch.kind: watch.target},
    )
    session.delete(watch)
    session.flush()


@dataclass(frozen=True)
class WatchRow:
    watch: Watch
    label: str

    @property
    def kind(self) -> str:
        return self.watch.kind


def list_watches(session: Session, user: User) -> list[WatchRow]:
    """The user's watches, each with the name of what it follows (one query per kind)."""
    watches = list(
        session.scalars(select(Watch).where(Watch.user_id == user.id).order_by(Watch.id))
    )
    labels: dict[tuple[str, int | str], str] = {}
    for target, model in _MODELS.items():
        ids = [w.target for w in watches if w.kind == target]
        if not ids:
            continue
        name = model.name if model is Actor else model.title  # type: ignore[union-attr]
        for record_id, label in session.execute(select(model.id, name).where(model.id.in_(ids))):
            labels[(target, record_id)] = label
    return [
        WatchRow(
            w,
            country_name(str(w.target))
            if w.kind == "country"
            else labels.get((w.kind, w.target), f"{w.kind} {w.target}"),
        )
        for w in watches
    ]


# --- digest settings, feed token, unsubscribing ---------------------------------------------


def get_digest_settings(session: Session, user: User) -> DigestSettings:
    """The user's settings; digests are off until the user turns them on."""
    found = session.get(DigestSettings, user.id)
    return found or DigestSettings(user_id=user.id, frequency=DigestFrequency.OFF, links_only=False)


def set_digest_settings(
    session: Session,
    user: User,
    *,
    frequency: DigestFrequency,
    links_only: bool,
    actor: User | None,
) -> DigestSettings:
    settings = session.get(DigestSettings, user.id)
    if settings is None:
        settings = DigestSettings(user_id=user.id, frequency=DigestFrequency.OFF)
        session.add(settings)
    before = {"frequency": settings.frequency, "links_only": bool(settings.links_only)}
    if frequency != DigestFrequency.OFF and settings.frequency in (None, DigestFrequency.OFF):
        # The first digest after switching on covers what changes from now, not years past.
        settings.enabled_at = utcnow()
    settings.frequency = frequency
    settings.links_only = links_only
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="digest.settings",
        entity_type="users",
        entity_id=user.id,
        summary=f"digest {frequency.value}" + (", links only" if links_only else ""),
        before=before,
        after={"frequency": frequency, "links_only": links_only},
    )
    return settings


def unsubscribe(session: Session, user: User) -> None:
    """From the signed link in a digest: no more digests (the watches stay)."""
    settings = session.get(DigestSettings, user.id)
    if settings is None or settings.frequency == DigestFrequency.OFF:
        return
    set_digest_settings(
        session, user, frequency=DigestFrequency.OFF, links_only=settings.links_only, actor=None
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_feed_token(session: Session, user: User, *, actor: User) -> str:
    """A new personal token for the user's Atom feed (any earlier one stops working); the plain
    token is returned once and only its hash is kept."""
    if actor.id != user.id:
        raise PermissionDenied("a feed token is created by its owner only")
    settings = session.get(DigestSettings, user.id)
    if settings is None:
        settings = DigestSettings(user_id=user.id, frequency=DigestFrequency.OFF)
        session.add(settings)
    plain = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    settings.feed_token_hash = _hash(plain)
    settings.feed_token_prefix = plain[: len(FEED_TOKEN_PREFIX) + 6]
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="feed.token",
        entity_type="users",
        entity_id=user.id,
        summary="created a personal feed token",
    )
    return plain


def user_for_feed_token(session: Session, token: str) -> User | None:
    if not token.startswith(FEED_TOKEN_PREFIX) or len(token) > 200:
        return None
    settings = session.scalar(
        select(DigestSettings).where(DigestSettings.feed_token_hash == _hash(token))
    )
    if settings is None:
        return None
    user = session.get(User, settings.user_id)
    return user if user is not None and user.is_active else None
