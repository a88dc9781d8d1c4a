"""What a reader sees of confidential notes and sources: one rule for the pages, the API, the
command line, exports and mail. Analysts and admins see them; viewers never do; an export
carries them only when an admin asks (tracker.services.exports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from tracker.models import Role, StatusUpdate, User


class Confidential(Protocol):
    is_confidential: bool


C = TypeVar("C", bound=Confidential)


def sees_confidential(user: User | None) -> bool:
    return user is not None and user.can(Role.ANALYST)


def shown_sources(sources: Iterable[C], *, confidential: bool) -> list[C]:
    """The sources a reader may see: all of them, or the public ones."""
    return [s for s in sources if confidential or not s.is_confidential]


def shown_note(update: StatusUpdate, *, confidential: bool) -> str | None:
    """The update's note, or None where it is withheld from this reader."""
    return update.note if confidential or not update.is_note_confidential else None
