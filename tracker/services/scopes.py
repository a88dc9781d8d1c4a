"""What a report or briefing covers, parsed once from the raw values a door receives: a country
by name or ISO code, a record by its number or by its name."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.models import Resolution, Thread
from tracker.models.base import MAX_ID
from tracker.parsing.countries import COUNTRIES
from tracker.services.actors import find_actor
from tracker.services.errors import NotFound, ValidationError

REPORT_SCOPES = ("resolution", "country", "actor", "thread")
BRIEFING_SCOPES = ("country", "actor", "resolution", "thread", "addressee")


@dataclass(frozen=True)
class ScopeRef:
    """One scope: `value` is an ISO code for a country, a record's id otherwise."""

    kind: str  # resolution | country | actor | thread | addressee
    value: str | int

    def as_kwargs(self) -> dict[str, str | int]:
        """The keyword the report and briefing builders take (`country=`, `actor_id=`…)."""
        return {"country" if self.kind == "country" else f"{self.kind}_id": self.value}

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.value}"


def parse_scope(
    session: Session,
    given: Mapping[str, object],
    *,
    kinds: Sequence[str] = REPORT_SCOPES,
    what: str = "the report",
) -> ScopeRef:
    """The one scope among `kinds` that `given` names (empty values are not given)."""
    chosen = [(kind, given[kind]) for kind in kinds if given.get(kind) not in (None, "")]
    if not chosen:
        raise ValidationError(f"say what {what} covers: one of {', '.join(kinds)}")
    if len(chosen) > 1:
        raise ValidationError(
            f"give exactly one of {', '.join(kinds)}, not {' and '.join(k for k, _ in chosen)}"
        )
    kind, raw = chosen[0]
    if kind == "country":
        return ScopeRef("country", country_code(str(raw)))
    return ScopeRef(kind, _record_id(session, kind, raw))


def country_code(raw: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code ("kh") or a name ("Cambodia", "Côte d'Ivoire")."""
    text = " ".join(raw.split())
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    code = _country_names().get(_key(text))
    if code is None:
        raise ValidationError(
            f"there is no country called {text[:60]!r}: "
            "give its name or its two-letter ISO code, e.g. KH"
        )
    return code


def _record_id(session: Session, kind: str, raw: object) -> int:
    text = str(raw).strip()
    if isinstance(raw, int) or (text.isascii() and text.isdecimal()):
        number = int(text)
        if not 0 < number <= MAX_ID:
            raise NotFound(f"no {kind} with id {text[:20]}")
        return number
    found = _find_by_name(session, kind, text[:300])
    if found is None:
        raise NotFound(f"no {kind} called {text[:60]!r}: give its name or its number")
    return found


def _find_by_name(session: Session, kind: str, name: str) -> int | None:
    if kind in ("actor", "addressee"):
        actor = find_actor(session, name)
        return actor.id if actor is not None else None
    lowered = name.casefold()
    if kind == "thread":
        return session.scalar(
            select(Thread.id).where(func.lower(Thread.title) == lowered).order_by(Thread.id)
        )
    # A resolution by its document reference, procedure or title, the newest first.
    return session.scalar(
        select(Resolution.id)
        .where(
            or_(
                func.lower(Resolution.document_reference) == lowered,
                func.lower(Resolution.procedure) == lowered,
                func.lower(Resolution.title) == lowered,
            )
        )
        .order_by(Resolution.adopted_on.desc(), Resolution.id.desc())
        .limit(1)
    )


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in COUNTRIES:
        for name in country.names:
            names.setdefault(_key(name), country.code)
    return names
