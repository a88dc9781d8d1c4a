"""Importing a parsed resolution: its parts, demands and their actors, in one transaction."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import (
    ActorKind,
    Citation,
    DatePrecision,
    Demand,
    DemandActor,
    LinkRole,
    Paragraph,
    ParagraphKind,
    Recital,
    Resolution,
    ResolutionKind,
    ResolutionLink,
    Theme,
    User,
)
from tracker.models.demands import demand_themes
from tracker.parsing import KnownActor, ParsedResolution, country_of_text
from tracker.services.actors import create_actor, find_actor, link_actor
from tracker.services.audit import record_audit
from tracker.services.clocks import open_clocks_for_resolution
from tracker.services.errors import DuplicateResolution, ValidationError

STRONG_VERBS = ("urges", "demands", "insists", "strongly", "exhorts")
TITLE_LENGTH = 300  # demands.title
SOFT_VERBS = ("encourages", "invites", "suggests", "recommends", "appeals")

# A first, transparent theme tagger: keywords in the demand's words → a theme name.
THEME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "detention": ("release", "detain", "detention", "custody", "prison", "house arrest"),
    "elections": ("election", "electoral", "ballot", "vote"),
    "political parties": ("party", "parties", "opposition", "cnrp", "reinstat"),
    "sanctions": ("sanction", "restrictive measures", "magnitsky", "asset freeze"),
    "trade": ("eba", "everything but arms", "trade", "gsp", "tariff"),
    "media freedom": ("media", "journalist", "press", "outlet"),
    "civil society": ("civil society", "human rights defender", "ngo", "activist"),
    "judicial harassment": ("judicial", "trial", "charges", "harassment", "court"),
    "EU engagement": ("benchmark", "assistance", "engagement", "delegation", "dialogue"),
}

_EU_INSTITUTIONS = re.compile(
    r"\b(council|commission|vp/hr|hr/vp|hrvp|eeas|member states|eu delegation|european|"
    r"high representative|parliament|secretary-general|un |united nations|ohchr|asean)\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(party|committee|court|council|commission|ministry|government|authorities|assembly|"
    r"union|association|league|front|movement|radio|voice|news|media|forces|police|army|"
    r"organisation|organization|agency|office|bureau|tribunal|network|centre|center)\b",
    re.IGNORECASE,
)


@dataclass
class DemandDraft:
    """One proposed demand as the researcher confirmed or edited it before import."""

    paragraph_position: int
    title: str
    text: str = ""
    verb: str | None = None
    addressees: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    deadline: str | None = None
    condition: str | None = None
    include: bool = True
    join_with: int | None = None  # an existing demand this one repeats: share its thread


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text with case, accents, punctuation and spacing folded away."""
    from tracker.text import normalise_name

    return hashlib.sha256(normalise_name(text).encode("utf-8")).hexdigest()


def drafts_from_parsed(parsed: ParsedResolution) -> list[DemandDraft]:
    drafts = []
    for paragraph in parsed.paragraphs:
        for proposed in paragraph.demands:
            drafts.append(
                DemandDraft(
                    paragraph_position=paragraph.position,
                    title=proposed.title,
                    text=proposed.text,
                    verb=proposed.verb or paragraph.verb,
                    addressees=list(proposed.addressees),
                    subjects=list(proposed.subjects),
                    deadline=proposed.deadline,
                    condition=proposed.condition,
                )
            )
    return drafts


def find_duplicate(session: Session, parsed: ParsedResolution) -> Resolution | None:
    """A stored resolution with the same text, or the same document reference."""
    found = session.scalar(
        select(Resolution)
        .where(
            (Resolution.source_sha256 == source_hash(parsed.source_text))
            | (Resolution.text_fingerprint == text_fingerprint(parsed.source_text))
        )
        .order_by(Resolution.id)
        .limit(1)
    )
    if found is None and parsed.document_reference:
        found = session.scalar(
            select(Resolution)
            .where(Resolution.document_reference == parsed.document_reference)
            .limit(1)
        )
    return found


def parse_deadline(value: str | None) -> tuple[dt.date | None, DatePrecision | None]:
    if not value:
        return None, None
    # A deadline is due by the end of its period: "in July 2023" is met on 31 July at the latest.
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 12, 31), DatePrecision.YEAR
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return dt.date(year, month, calendar.monthrange(year, month)[1]), DatePrecision.MONTH
        return dt.date.fromisoformat(value), DatePrecision.DAY
    except ValueError as exc:
        raise ValidationError(f"not a deadline (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from exc


def verb_strength(verb: str | None) -> str:
    verb = (verb or "").lower()
    if any(word in verb for word in STRONG_VERBS):
        return "strong"
    if any(word in verb for word in SOFT_VERBS):
        return "soft"
    return "standard"


def guess_actor_kind(name: str, role: LinkRole) -> ActorKind:
    if role == LinkRole.ADDRESSEE:
        if re.search(r"authorities|government|prime minister|president|assembly", name, re.I):
            return ActorKind.GOVERNMENT
        return ActorKind.INSTITUTION
    if re.search(r"\bparty\b", name, re.I) or (name.isupper() and len(name) <= 8):
        return ActorKind.PARTY if "party" in name.lower() else ActorKind.ORGANISATION
    if _ORG_WORDS.search(name) or _EU_INSTITUTIONS.search(name):
        return ActorKind.ORGANISATION
    return ActorKind.PERSON


_THEME_PATTERNS = {
    theme: re.compile("|".join(rf"\b{re.escape(w)}" for w in words), re.IGNORECASE)
    for theme, words in THEME_KEYWORDS.items()
}


def themes_for(text: str) -> list[str]:
    """Themes whose keywords start a word of the text ("media" is not in "immediate")."""
    return [theme for theme, pattern in _THEME_PATTERNS.items() if pattern.search(text)]


def known_actors(session: Session) -> list[KnownActor]:
    """Every stored actor with its aliases, for the parser's subject matching."""
    from tracker.models import Actor, ActorAlias

    aliases: dict[int, list[str]] = {}
    for actor_id, alias in session.execute(select(ActorAlias.actor_id, ActorAlias.alias)):
        aliases.setdefault(actor_id, []).append(alias)
    rows = session.execute(select(Actor.id, Actor.name).where(Actor.merged_into_id.is_(None))).all()
    return [KnownActor(id=i, name=n, aliases=tuple(aliases.get(i, ()))) for i, n in rows]


def check_importable(parsed: ParsedResolution) -> None:
    """Refuse a text cut off before its operative part: it holds nothing to track yet."""
    reason = parsed.stops_before_operative
    if reason is not None:
        raise ValidationError(f"{reason}: paste or upload the whole text to import it")


def import_resolution(
    session: Session,
    parsed: ParsedResolution,
    *,
    actor: User | None,
    drafts: list[DemandDraft] | None = None,
    source_url: str | None = None,
    country: str | None = None,
    is_demo: bool = False,
) -> Resolution:
    """Store a parsed resolution with the demands the researcher confirmed (all proposed ones
    when `drafts` is None). Refuses a text or document reference already stored."""
    duplicate = find_duplicate(session, parsed)
    if duplicate is not None:
        raise DuplicateResolution(
            f"already imported as resolution {duplicate.id} ({duplicate.reference})",
            existing_id=duplicate.id,
        )
    check_importable(parsed)
    drafts = drafts_from_parsed(parsed) if drafts is None else drafts
    country = country or country_of_text(parsed)
    resolution = Resolution(
        body=parsed.body or "",
        kind=ResolutionKind(parsed.kind) if parsed.kind else None,
        title=(parsed.title or "Untitled resolution")[:1000],
        procedure=parsed.procedure,
        document_reference=parsed.document_reference,
        country=country,
        adopted_on=parsed.date,
        language=parsed.language,
        source_url=source_url,
        source_text=parsed.source_text,
        source_sha256=source_hash(parsed.source_text),
        text_fingerprint=text_fingerprint(parsed.source_text),
        is_complete=parsed.complete,
        parse_warnings=list(parsed.warnings),
        is_demo=is_demo,
        created_by_id=actor.id if actor else None,
    )
    resolution.citations = [
        Citation(position=i, label=c.label, text=c.text) for i, c in enumerate(parsed.citations, 1)
    ]
    resolution.recitals = [
        Recital(position=i, label=r.label, text=r.text) for i, r in enumerate(parsed.recitals, 1)
    ]
    paragraphs = {
        p.position: Paragraph(
            position=p.position,
            label=p.label,
            text=p.text,
            subparagraphs=list(p.subparagraphs),
            kind=ParagraphKind(p.kind),
            verb=p.verb,
            is_truncated=p.truncated,
            extra={
                "conditional": p.conditional,
                "repetition": p.repetition,
                "new_actors": list(p.new_actors),
            },
        )
        for p in parsed.paragraphs
    }
    resolution.paragraphs = list(paragraphs.values())
    session.add(resolution)
    session.flush()

    theme_ids: dict[str, int] = {t.name: t.id for t in session.scalars(select(Theme))}
    repetition = {p.position: p.repetition for p in parsed.paragraphs}
    counters: dict[int, int] = {}
    for draft in drafts:
        if not draft.include:
            continue
        paragraph = paragraphs.get(draft.paragraph_position)
        if paragraph is None:
            raise ValidationError(f"no paragraph at position {draft.paragraph_position}")
        if paragraph.kind != ParagraphKind.DEMAND:
            raise ValidationError(
                f"paragraph {paragraph.label or paragraph.position} is {paragraph.kind.value}: "
                "it cannot carry demands"
            )
        title = " ".join(draft.title.split())
        if not title:
            raise ValidationError("every demand needs a title", field="title")
        if len(title) > TITLE_LENGTH:
            # Stored whole or refused: a title cut with "..." would reach pages and exports.
            raise ValidationError(
                f"a demand's title is at most {TITLE_LENGTH} characters", field="title"
            )
        deadline, precision = parse_deadline(draft.deadline)
        counters[paragraph.id] = counters.get(paragraph.id, 0) + 1
        demand = Demand(
            paragraph_id=paragraph.id,
            position=counters[paragraph.id],
            title=title,
            text=draft.text or paragraph.text,
            verb=draft.verb,
            strength=verb_strength(draft.verb),
            deadline=deadline,
            deadline_precision=precision,
            condition=draft.condition or None,
            is_repetition=repetition.get(draft.paragraph_position, False),
        )
        session.add(demand)
        session.flush()
        for role, names in (
            (LinkRole.ADDRESSEE, draft.addressees),
            (LinkRole.SUBJECT, draft.subjects),
        ):
            for name in dict.fromkeys(n.strip() for n in names if n.strip()):
                target = find_actor(session, name) or create_actor(
                    session,
                    name=name,
                    kind=guess_actor_kind(name, role),
                    country=country
                    if role == LinkRole.SUBJECT or not _EU_INSTITUTIONS.search(name)
                    else None,
                    actor=actor,
                )
                link_actor(session, demand, target, role, actor=None)
        if draft.join_with:
            from tracker.services.threads import accept_match

            other = session.get(Demand, draft.join_with)
            if other is None:
                raise ValidationError(f"no demand {draft.join_with} to share a thread with")
            accept_match(session, demand, other, actor=actor)
        for theme in themes_for(f"{title} {demand.text}"):
            if theme not in theme_ids:
                row = Theme(name=theme)
                session.add(row)
                session.flush()
                theme_ids[theme] = row.id
            session.execute(
                demand_themes.insert().values(demand_id=demand.id, theme_id=theme_ids[theme])
            )
    _link_procedure(session, resolution)
    open_clocks_for_resolution(session, resolution, actor=actor)
    record_audit(
        session,
        actor=actor,
        action="resolution.import",
        entity_type="resolutions",
        entity_id=resolution.id,
        summary=f"imported {resolution.title[:200]}",
        after={
            "title": resolution.title,
            "procedure": resolution.procedure,
            "document_reference": resolution.document_reference,
            "paragraphs": len(parsed.paragraphs),
            "demands": sum(1 for d in drafts if d.include),
            "sha256": resolution.source_sha256,
        },
    )
    return resolution


def _link_procedure(session: Session, resolution: Resolution) -> None:
    """An adopted text is built from the motions of the same procedure, and vice versa."""
    if not resolution.procedure:
        return
    others = session.scalars(
        select(Resolution).where(
            Resolution.procedure == resolution.procedure, Resolution.id != resolution.id
        )
    ).all()
    for other in others:
        if resolution.kind == ResolutionKind.ADOPTED_TEXT and other.kind != resolution.kind:
            session.add(ResolutionLink(from_id=resolution.id, to_id=other.id))
        elif other.kind == ResolutionKind.ADOPTED_TEXT and resolution.kind != other.kind:
            session.add(ResolutionLink(from_id=other.id, to_id=resolution.id))
    session.flush()


def list_resolutions(
    session: Session, *, country: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[tuple[Resolution, int]], int]:
    """A page of resolutions, newest first, each with its number of demands."""
    from sqlalchemy import func

    base = select(Resolution)
    if country:
        base = base.where(Resolution.country == country.upper())
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    demand_count = (
        select(func.count(Demand.id))
        .join(Paragraph, Paragraph.id == Demand.paragraph_id)
        .where(Paragraph.resolution_id == Resolution.id)
        .correlate(Resolution)
        .scalar_subquery()
    )
    rows = session.execute(
        base.add_columns(demand_count)
        .order_by(Resolution.adopted_on.desc().nulls_last(), Resolution.id.desc())
        .limit(per_page)
        .offset(max(page - 1, 0) * per_page)
    ).all()
    return [(r, n) for r, n in rows], total


def get_resolution(session: Session, resolution_id: int) -> Resolution:
    """A resolution with its citations, recitals, paragraphs and their demands' statuses."""
    from sqlalchemy.orm import joinedload, selectinload, undefer

    from tracker.services.errors import NotFound

    resolution = session.scalar(
        select(Resolution)
        .where(Resolution.id == resolution_id)
        .options(
            undefer(Resolution.source_text),
            selectinload(Resolution.citations),
            selectinload(Resolution.recitals),
            selectinload(Resolution.paragraphs)
            .selectinload(Paragraph.demands)
            .options(
                joinedload(Demand.current_update),
                selectinload(Demand.actor_links).joinedload(DemandActor.actor),
            ),
        )
    )
    if resolution is None:
        raise NotFound(f"no resolution with id {resolution_id}")
    return resolution
