"""The API's pydantic models: they validate requests, shape responses and make the OpenAPI
document, so the three cannot disagree."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tracker.models import (
    Actor,
    ActorKind,
    DatePrecision,
    Demand,
    Event,
    EventKind,
    LinkRole,
    Paragraph,
    Resolution,
    Response,
    SituationChange,
    Source,
    Status,
    StatusUpdate,
)
from tracker.services.visibility import shown_note, shown_sources
from tracker.web.inputs import MAX_ID

MAX_PAGE = 100_000
MAX_PER_PAGE = 100
# Control characters (NUL above all, which PostgreSQL refuses) are never meaningful in text.
# The patterns spell their classes out (no \s): JSON Schema's ECMAScript, pydantic's Rust and
# Python's engines disagree on what \s holds (U+0085, U+FEFF), and the document must mean
# exactly what the models check. _SPACE is what Python's str.isspace() holds, as the services
# strip with it.
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PRINTABLE = rf"^[^{_CONTROL}]*$"
# A query parameter is one line: no control character at all (the app's input rule).
_ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
# Printable, with at least one character that is not a space: a name, a title.
_SOMETHING = rf"^[^{_CONTROL}]*[^{_SPACE}{_CONTROL}][^{_CONTROL}]*$"
_NOT_BLANK_PATTERN = rf"[^{_SPACE}]"
# What services/sources.py's clean_url takes: http(s), a host, no space or control character.
# The host is ASCII (an international name as xn--…): Python's URL splitter refuses a host
# holding characters that normalise to / ? # @ :, and an unmatched bracket.
_WEB_ADDRESS = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~%!$&'()*+,;=:-]+"
    rf"([/?#][^{_SPACE}\x00-\x1f\x7f-\x9f]*)?$"
)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Country = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]


def text(max_length: int, min_length: int = 0) -> Any:
    return Field(pattern=_PRINTABLE, max_length=max_length, min_length=min_length)


def name_text(max_length: int) -> Any:
    """A name or title: printable, and more than spaces (the services collapse spaces)."""
    return Field(pattern=_SOMETHING, max_length=max_length, min_length=1)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InputModel(Model):
    """A request body: strict, so nothing is coerced (0 is not a date, "yes" not a boolean;
    in JSON a date is still its ISO string). Query strings stay lax: they are all text."""

    model_config = ConfigDict(extra="forbid", strict=True)


# --- errors -------------------------------------------------------------------------------


class FieldError(Model):
    field: str = Field(description="Where: query.<name>, body.<path> or path.<name>")
    message: str


class Problem(Model):
    """An error, as RFC 9457 application/problem+json."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


# --- query parameters -----------------------------------------------------------------------


class PageQuery(Model):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


class ResolutionQuery(PageQuery):
    country: Country | None = None


class DemandQuery(PageQuery):
    country: Country | None = None
    status: Status | None = None
    resolution: Id | None = Field(None, description="Resolution id")
    addressee: Id | None = Field(None, description="Actor id of an addressee")
    subject: Id | None = Field(None, description="Actor id of a subject")


class ActorQuery(PageQuery):
    q: Annotated[str, Field(pattern=_ONE_LINE, max_length=200)] | None = Field(
        None, description="Name or alias contains"
    )
    kind: ActorKind | None = None


class EventQuery(PageQuery):
    country: Country | None = None
    kind: EventKind | None = None


# --- request bodies -------------------------------------------------------------------------


_NOT_BLANK: dict[str, JsonValue] = {"type": "string", "pattern": _NOT_BLANK_PATTERN}


class SourceIn(InputModel):
    """A source needs a URL, a reference or a title (the document says so with anyOf)."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["url"], "properties": {"url": {"type": "string"}}},
                {"required": ["reference"], "properties": {"reference": _NOT_BLANK}},
                {"required": ["title"], "properties": {"title": _NOT_BLANK}},
            ]
        }
    )

    url: Annotated[str, Field(pattern=_WEB_ADDRESS, max_length=2000)] | None = Field(
        None, description="http(s) address"
    )
    reference: Annotated[str, text(1000)] | None = None
    title: Annotated[str, text(500)] = ""
    publisher: Annotated[str, text(200)] = ""
    published_on: dt.date | None = None
    is_confidential: bool = False

    @model_validator(mode="after")
    def _identifiable(self) -> SourceIn:
        if not (self.url or (self.reference or "").strip() or self.title.strip()):
            raise ValueError("a source needs a url, a reference or a title")
        return self


class StatusUpdateIn(InputModel):
    """Sources are required unless the status is no_information, which then needs a note
    saying where one looked (anyOf in the document)."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["sources"], "properties": {"sources": {"minItems": 1}}},
                {
                    "required": ["status", "note"],
                    "properties": {
                        "status": {"const": Status.NO_INFORMATION.value},
                        "note": {"pattern": _NOT_BLANK_PATTERN},
                    },
                },
            ]
        }
    )

    status: Status
    assessed_on: dt.date = Field(description="Not in the future")
    sources: list[SourceIn] = Field(
        default_factory=list,
        max_length=20,
        validate_default=True,
        description="Evidence; required unless the status is no_information",
    )
    note: Annotated[str, text(20_000)] = Field("", description="Markdown")
    is_note_confidential: bool = False
    response: Response | None = None
    corrects_id: Id | None = Field(None, description="The earlier update this one corrects")

    @field_validator("sources")
    @classmethod
    def _evidence(cls, sources: list[SourceIn], info: ValidationInfo) -> list[SourceIn]:
        status = info.data.get("status")
        if not sources and status is not None and status != Status.NO_INFORMATION:
            raise ValueError(
                f"a source is required for the status {status.value!r} "
                "(only no_information may be recorded without one)"
            )
        return sources

    @field_validator("note")
    @classmethod
    def _where_one_looked(cls, note: str, info: ValidationInfo) -> str:
        if "sources" in info.data and not info.data["sources"] and not note.strip():
            raise ValueError("say where you looked: no_information needs a note or a source")
        return note


class ActorIn(InputModel):
    name: Annotated[str, name_text(300)]
    kind: ActorKind
    country: Country | None = None
    aliases: list[Annotated[str, text(300)]] = Field(default_factory=list, max_length=50)
    description: Annotated[str, text(20_000)] = ""


class ParticipantIn(InputModel):
    actor_id: Id
    role: Annotated[str, text(64)] = ""


class EventIn(InputModel):
    kind: EventKind
    title: Annotated[str, name_text(300)]
    occurred_on: dt.date = Field(description="Not in the future; the first day of the period")
    date_precision: DatePrecision = DatePrecision.DAY
    country: Country | None = None
    description: Annotated[str, text(20_000)] = ""
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=50)
    sources: list[SourceIn] = Field(default_factory=list, max_length=20)


class LinkIn(InputModel):
    actor_id: Id
    role: LinkRole


# --- responses ------------------------------------------------------------------------------


class ActorRef(Model):
    id: int
    name: str

    @classmethod
    def of(cls, actor: Actor) -> ActorRef:
        return cls(id=actor.id, name=actor.name)


class SourceOut(Model):
    id: int
    url: str | None
    reference: str | None
    title: str
    publisher: str
    published_on: dt.date | None
    is_confidential: bool

    @classmethod
    def of(cls, s: Source) -> SourceOut:
        return cls(
            id=s.id,
            url=s.url,
            reference=s.reference,
            title=s.title,
            publisher=s.publisher,
            published_on=s.published_on,
            is_confidential=s.is_confidential,
        )

    @classmethod
    def visible(cls, sources: list[Source], confidential: bool) -> list[SourceOut]:
        return [cls.of(s) for s in shown_sources(sources, confidential=confidential)]


class ResolutionSummary(Model):
    id: int
    title: str
    body: str
    kind: str | None
    procedure: str | None
    document_reference: str | None
    reference: str
    country: str | None
    adopted_on: dt.date | None
    language: str | None
    source_url: str | None
    is_demo: bool
    demand_count: int

    @classmethod
    def fields_of(cls, r: Resolution) -> dict[str, Any]:
        return {
            "id": r.id,
            "title": r.title,
            "body": r.body,
            "kind": r.kind.value if r.kind else None,
            "procedure": r.procedure,
            "document_reference": r.document_reference,
            "reference": r.reference,
            "country": r.country,
            "adopted_on": r.adopted_on,
            "language": r.language,
            "source_url": r.source_url,
            "is_demo": r.is_demo,
        }


class Labelled(Model):
    label: str
    text: str


class ParagraphOut(Model):
    id: int
    position: int
    label: str
    text: str
    subparagraphs: list[str]
    kind: str
    verb: str | None
    demand_ids: list[int]

    @classmethod
    def of(cls, p: Paragraph) -> ParagraphOut:
        return cls(
            id=p.id,
            position=p.position,
            label=p.label,
            text=p.text,
            subparagraphs=list(p.subparagraphs or []),
            kind=p.kind.value,
            verb=p.verb,
            demand_ids=[d.id for d in p.demands],
        )


class ResolutionDetail(ResolutionSummary):
    is_complete: bool
    citations: list[Labelled]
    recitals: list[Labelled]
    paragraphs: list[ParagraphOut]

    @classmethod
    def of(cls, r: Resolution) -> ResolutionDetail:
        return cls(
            **cls.fields_of(r),
            demand_count=sum(len(p.demands) for p in r.paragraphs),
            is_complete=r.is_complete,
            citations=[Labelled(label=c.label, text=c.text) for c in r.citations],
            recitals=[Labelled(label=c.label, text=c.text) for c in r.recitals],
            paragraphs=[ParagraphOut.of(p) for p in r.paragraphs],
        )


class DemandSummary(Model):
    id: int
    title: str
    status: Status
    last_assessed_on: dt.date | None
    resolution_id: int
    resolution: str
    country: str | None
    paragraph: str
    addressees: list[ActorRef]
    subjects: list[ActorRef]
    deadline: dt.date | None
    deadline_precision: DatePrecision | None

    @classmethod
    def fields_of(cls, d: Demand) -> dict[str, Any]:
        resolution = d.paragraph.resolution
        return {
            "id": d.id,
            "title": d.title,
            "status": d.status,
            "last_assessed_on": d.current_update.assessed_on if d.current_update else None,
            "resolution_id": resolution.id,
            "resolution": resolution.reference,
            "country": resolution.country,
            "paragraph": d.paragraph.label,
            "addressees": [ActorRef.of(a) for a in d.addressees],
            "subjects": [ActorRef.of(a) for a in d.subjects],
            "deadline": d.deadline,
            "deadline_precision": d.deadline_precision,
        }

    @classmethod
    def of(cls, d: Demand) -> DemandSummary:
        return cls(**cls.fields_of(d))


class StatusUpdateOut(Model):
    id: int
    demand_id: int
    status: Status
    assessed_on: dt.date
    note: str | None = Field(description="Markdown; null when confidential and not shown to you")
    is_note_confidential: bool
    response: Response | None
    corrects_id: int | None
    author: str | None
    recorded_at: dt.datetime
    sources: list[SourceOut]

    @classmethod
    def of(cls, u: StatusUpdate, confidential: bool, author: bool = True) -> StatusUpdateOut:
        return cls(
            id=u.id,
            demand_id=u.demand_id,
            status=u.status,
            assessed_on=u.assessed_on,
            note=shown_note(u, confidential=confidential),
            is_note_confidential=u.is_note_confidential,
            response=u.response,
            corrects_id=u.corrects_id,
            author=u.author.display_name if author and u.author else None,
            recorded_at=u.recorded_at,
            sources=SourceOut.visible(u.sources, confidential),
        )


class EventRef(Model):
    id: int
    kind: EventKind
    title: str
    occurred_on: dt.date
    date_precision: DatePrecision

    @classmethod
    def of(cls, e: Event) -> EventRef:
        return cls(
            id=e.id,
            kind=e.kind,
            title=e.title,
            occurred_on=e.occurred_on,
            date_precision=e.date_precision,
        )


class DemandDetail(DemandSummary):
    text: str
    verb: str | None
    strength: str
    condition: str | None
    is_repetition: bool
    paragraph_text: str
    thread_id: int | None
    themes: list[str]
    events: list[EventRef]
    history: list[StatusUpdateOut]

    @classmethod
    def of_demand(cls, d: Demand, confidential: bool) -> DemandDetail:
        return cls(
            **cls.fields_of(d),
            text=d.text,
            verb=d.verb,
            strength=d.strength,
            condition=d.condition,
            is_repetition=d.is_repetition,
            paragraph_text=d.paragraph.text,
            thread_id=d.thread_id,
            themes=[t.name for t in d.themes],
            events=[EventRef.of(e) for e in d.events],
            history=[StatusUpdateOut.of(u, confidential) for u in d.updates],
        )


class History(Model):
    demand_id: int
    items: list[StatusUpdateOut]


class LinkOut(Model):
    demand_id: int
    actor: ActorRef
    role: LinkRole


class ThreadSummary(Model):
    id: int
    title: str
    demand_count: int
    first_demanded_on: dt.date | None


class ThreadDetail(ThreadSummary):
    demands: list[DemandSummary]


class ActorSummary(Model):
    id: int
    name: str
    kind: ActorKind
    country: str | None
    aliases: list[str]
    demand_count: int

    @classmethod
    def fields_of(cls, a: Actor) -> dict[str, Any]:
        return {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "country": a.country,
            "aliases": [x.alias for x in a.aliases],
        }


class SituationOut(Model):
    id: int
    situation: str
    since: dt.date
    since_precision: DatePrecision
    note: str
    source: SourceOut | None

    @classmethod
    def of(cls, s: SituationChange, confidential: bool) -> SituationOut:
        shown = s.source is not None and (confidential or not s.source.is_confidential)
        return cls(
            id=s.id,
            situation=s.situation.value,
            since=s.since,
            since_precision=s.since_precision,
            note=s.note,
            source=SourceOut.of(s.source) if shown and s.source else None,
        )


class ActorDetail(ActorSummary):
    description: str
    situations: list[SituationOut]
    demands: list[DemandSummary] = Field(
        description="The first 25 demands naming the actor (demand_count counts them all); "
        "GET /api/v1/demands?addressee= or ?subject= pages through every one"
    )
    events: list[EventRef] = Field(
        description="The actor's events among the 50 latest entries of its timeline, oldest first"
    )


class ParticipantOut(Model):
    actor: ActorRef
    role: str


class EventSummary(Model):
    id: int
    kind: EventKind
    title: str
    occurred_on: dt.date
    date_precision: DatePrecision
    country: str | None
    participants: list[ParticipantOut]

    @classmethod
    def fields_of(cls, e: Event) -> dict[str, Any]:
        return {
            "id": e.id,
            "kind": e.kind,
            "title": e.title,
            "occurred_on": e.occurred_on,
            "date_precision": e.date_precision,
            "country": e.country,
            "participants": [
                ParticipantOut(actor=ActorRef.of(p.actor), role=p.role) for p in e.participants
            ],
        }

    @classmethod
    def of(cls, e: Event) -> EventSummary:
        return cls(**cls.fields_of(e))


class EventDetail(EventSummary):
    description: str
    sources: list[SourceOut]
    demands: list[DemandSummary]


class Paged(Model):
    total: int = Field(description="How many match, over all pages")
    page: int
    per_page: int


class ResolutionPage(Paged):
    items: list[ResolutionSummary]


class DemandPage(Paged):
    items: list[DemandSummary]


class ThreadPage(Paged):
    items: list[ThreadSummary]


class ActorPage(Paged):
    items: list[ActorSummary]


class EventPage(Paged):
    items: list[EventSummary]


# --- reply clocks, replies and watches (issue 18) ---------------------------------------------


class ClockQuery(PageQuery):
    overdue: bool = Field(False, description="Only unanswered clocks past their due date")
    due_within: int | None = Field(
        None, ge=0, le=3650, description="Only unanswered clocks due within this many days"
    )
    resolution: Id | None = Field(None, description="Resolution id")
    addressee: Id | None = Field(None, description="Actor id of the addressee")


class ReplyIn(Model):
    received_on: dt.date = Field(description="Not in the future, not before the clock started")
    reference: Annotated[str, text(200)] | None = Field(None, description="e.g. SP(2023)123")
    url: Annotated[str, Field(pattern=_WEB_ADDRESS, max_length=2000)] | None = Field(
        None, description="http(s) address"
    )
    summary: Annotated[str, text(20_000)] = ""
    grade: Annotated[str, text(8)] | None = Field(
        None, description="The body's official grade, where its rule has grades (e.g. B)"
    )


class ReplyOut(Model):
    id: int
    clock_id: int
    received_on: dt.date
    reference: str | None
    url: str | None
    summary: str
    grade: str | None
    grade_label: str | None = Field(description='As "B — partially satisfactory"')
    recorded_at: dt.datetime


class ClockOut(Model):
    """A clock as `tracker clocks list --format json` gives it, with its replies."""

    clock_id: int
    resolution_id: int
    demand_id: int | None
    addressee: str | None
    rule: str
    starts_on: dt.date
    due_on: dt.date
    state: str = Field(description="open, answered or overdue")
    answered_on: dt.date | None
    official_grade: str | None
    replies: list[ReplyOut]


class ClockPage(Paged):
    items: list[ClockOut]


def _exactly_one_of(*names: str) -> dict[str, Any]:
    """JSON Schema for "exactly one of these fields, given a value" (null counts as absent);
    each field's own schema says what its value may be."""
    return {
        "oneOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names
        ]
    }


class WatchIn(Model):
    """Exactly one thing to watch (oneOf in the document)."""

    model_config = ConfigDict(
        json_schema_extra=_exactly_one_of("demand", "actor", "country", "thread", "resolution")
    )

    demand: Id | None = None
    actor: Id | None = None
    country: Annotated[str, text(100, 2)] | None = Field(None, description="Code (KH) or name")
    thread: Id | None = None
    resolution: Id | None = None


class WatchOut(Model):
    id: int
    kind: str = Field(description="demand, actor, country, thread or resolution")
    target: int | str
    label: str
    created_at: dt.datetime


class WatchList(Model):
    items: list[WatchOut]
