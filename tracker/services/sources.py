"""Sources: found again by URL or created, so the same article is one row however often cited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import false, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from tracker.models import Demand, Paragraph, Resolution, Source, StatusUpdate, User
from tracker.models.demands import status_update_sources
from tracker.services.audit import record_audit
from tracker.services.errors import ValidationError

MAX_URL_LENGTH = 2000
_BARE_HOST = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d{1,5})?")


def web_address(value: str) -> str:
    """A bare host ("www.hrw.org/news/…", as copied from an address bar) is taken as the
    https address it names; anything else is left for clean_url to judge."""
    value = value.strip()
    host = value.split("/", 1)[0]
    if _BARE_HOST.fullmatch(host) and not any(c.isspace() for c in value):
        return "https://" + value
    return value


def clean_url(url: str) -> str:
    url = web_address(url)
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(f"source URL too long: the limit is {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
    except ValueError:  # an unmatched bracket in the host ("http://[x")
        parts = urlsplit("")
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


# How many recent citations each circle around a demand contributes: bounded, so the list costs
# the same whatever the size of the database.
_CITATIONS_PER_CIRCLE = 60


def list_sources_for_demand(
    session: Session, demand: Demand, *, query: str = "", limit: int = 25
) -> list[Source]:
    """Sources to cite again on `demand`: those of this demand first, then of its resolution,
    its thread and its country, most recently cited first; with `query`, any source whose
    title, reference or address holds it."""
    if query.strip():
        pattern = f"%{query.strip()[:100].lower()}%"
        return list(
            session.scalars(
                select(Source)
                .where(
                    or_(
                        func.lower(Source.title).like(pattern),
                        func.lower(Source.reference).like(pattern),
                        func.lower(Source.url).like(pattern),
                    )
                )
                .order_by(Source.id.desc())
                .limit(limit)
            )
        )
    # One statement whatever the data: each circle's latest citations, ranked by circle.
    home = aliased(Paragraph)
    home_resolution = aliased(Resolution)
    resolution_id = select(home.resolution_id).where(home.id == demand.paragraph_id)
    country = (
        select(home_resolution.country)
        .join(home, home.resolution_id == home_resolution.id)
        .where(home.id == demand.paragraph_id)
    )
    circles = [
        Demand.id == demand.id,
        Paragraph.resolution_id == resolution_id.scalar_subquery(),
        Demand.thread_id == demand.thread_id if demand.thread_id is not None else false(),
        Resolution.country == country.scalar_subquery(),
    ]
    parts = []
    for rank, circle in enumerate(circles):
        cited = (
            select(
                status_update_sources.c.source_id.label("source_id"),
                StatusUpdate.id.label("update_id"),
            )
            .join(StatusUpdate, StatusUpdate.id == status_update_sources.c.status_update_id)
            .join(Demand, Demand.id == StatusUpdate.demand_id)
            .join(Paragraph, Paragraph.id == Demand.paragraph_id)
            .join(Resolution, Resolution.id == Paragraph.resolution_id)
            .where(circle)
            .order_by(StatusUpdate.id.desc())
            .limit(_CITATIONS_PER_CIRCLE)
            .subquery()
        )
        parts.append(select(cited.c.source_id, cited.c.update_id, literal(rank).label("rank")))
    both = union_all(*parts).subquery()
    # Each source once, where it ranks best, chosen by the database: `limit` rows come back
    # instead of every citation of every circle.
    best = (
        select(
            both.c.source_id,
            both.c.rank,
            both.c.update_id,
            func.row_number()
            .over(
                partition_by=both.c.source_id,
                order_by=(both.c.rank, both.c.update_id.desc()),
            )
            .label("nth"),
        )
    ).subquery()
    return list(
        session.scalars(
            select(Source)
            .join(best, best.c.source_id == Source.id)
            .where(best.c.nth == 1)
            .order_by(best.c.rank, best.c.update_id.desc())
            .limit(limit)
        )
    )


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
