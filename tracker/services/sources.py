"""Sources: found again by URL or created, so the same article is one row however often cited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Source, User
from tracker.services.audit import record_audit
from tracker.services.errors import ValidationError

MAX_URL_LENGTH = 2000


def clean_url(url: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(f"source URL too long: the limit is {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url):
        raise ValidationError(
            f"not a web address: {url!r} (it must start with http:// or https://)"
        )
    return url


def get_or_create_source(
    session: Session,
    *,
    url: str | None = None,
    reference: str | None = None,
    title: str = "",
    publisher: str = "",
    published_on: dt.date | None = None,
    is_confidential: bool = False,
    actor: User | None,
) -> Source:
    url = clean_url(url) if url else None
    reference = (reference or "").strip() or None
    title = title.strip()[:500]
    if not (url or reference or title):
        raise ValidationError("a source needs a URL, a reference or a title", field="source")
    if url:
        existing = session.scalar(select(Source).where(Source.url == url).limit(1))
        if existing is not None:
            return existing
    source = Source(
        url=url,
        reference=reference,
        title=title,
        publisher=publisher.strip()[:200],
        published_on=published_on,
        is_confidential=is_confidential,
        created_by_id=actor.id if actor else None,
    )
    session.add(source)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="source.create",
        entity_type="sources",
        entity_id=source.id,
        summary=f"source {source.label}",
        after={"url": url, "reference": reference, "title": title, "confidential": is_confidential},
    )
    return source


def list_recent_sources(session: Session, *, limit: int = 25) -> list[Source]:
    """The sources cited most recently, to pick from instead of typing a URL again."""
    return list(session.scalars(select(Source).order_by(Source.id.desc()).limit(limit)))


@dataclass(frozen=True)
class SourceSpec:
    """Evidence as a door receives it: a source already stored (`source_id`), or one to find
    by URL or create (a URL, a reference or a title)."""

    source_id: int | None = None
    url: str | None = None
    reference: str | None = None
    title: str = ""
    publisher: str = ""
    published_on: dt.date | None = None
    is_confidential: bool = False


def resolve_sources(
    session: Session, specs: Sequence[SourceSpec], *, actor: User | None
) -> list[Source]:
    """The sources `specs` name, found or created, each once."""
    found: dict[int, Source] = {}
    for spec in specs:
        if spec.source_id is not None:
            source = session.get(Source, spec.source_id)
            if source is None:
                raise ValidationError(f"no source with id {spec.source_id}", field="source")
        else:
            source = get_or_create_source(
                session,
                url=spec.url,
                reference=spec.reference,
                title=spec.title,
                publisher=spec.publisher,
                published_on=spec.published_on,
                is_confidential=spec.is_confidential,
                actor=actor,
            )
        found.setdefault(source.id, source)  # the same source twice is cited once
    return list(found.values())
