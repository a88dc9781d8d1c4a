"""API endpoints: thin shells over the same query and change services as the pages."""

from __future__ import annotations

from flask import Response, jsonify
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from tracker.models import Actor, Demand, Event, StatusUpdate
from tracker.services.actor_pages import get_actor_page, list_actors
from tracker.services.actors import create_actor, link_actor
from tracker.services.demands import DemandFilters, get_demand, list_demands
from tracker.services.errors import NotFound, ValidationError
from tracker.services.events import create_event, get_event, list_events
from tracker.services.followup import record_status_update_by_ids
from tracker.services.resolutions import get_resolution, list_resolutions
from tracker.services.sources import SourceSpec, resolve_sources
from tracker.services.threads import get_thread_page, list_threads
from tracker.web.api import bp
from tracker.web.api.schemas import (
    ActorDetail,
    ActorIn,
    ActorPage,
    ActorQuery,
    ActorRef,
    ActorSummary,
    DemandDetail,
    DemandPage,
    DemandQuery,
    DemandSummary,
    EventDetail,
    EventIn,
    EventPage,
    EventQuery,
    EventRef,
    EventSummary,
    History,
    LinkIn,
    LinkOut,
    PageQuery,
    ResolutionDetail,
    ResolutionPage,
    ResolutionQuery,
    ResolutionSummary,
    SituationOut,
    SourceIn,
    SourceOut,
    StatusUpdateIn,
    StatusUpdateOut,
    ThreadDetail,
    ThreadSummary,
)
from tracker.web.api.schemas import (
    ThreadPage as ThreadPageOut,
)
from tracker.web.api.spec import api_user, openapi_document, operation, sees_confidential
from tracker.web.db import get_db


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


# --- resolutions ----------------------------------------------------------------------------


@operation(
    "/v1/resolutions",
    summary="List resolutions, newest first",
    tag="resolutions",
    query=ResolutionQuery,
    response=ResolutionPage,
)
def list_resolutions_api(query: ResolutionQuery) -> ResolutionPage:
    rows, total = list_resolutions(
        get_db(), country=query.country, page=query.page, per_page=query.per_page
    )
    return ResolutionPage(
        items=[
            ResolutionSummary(**ResolutionSummary.fields_of(r), demand_count=n) for r, n in rows
        ],
        total=total,
        page=query.page,
        per_page=query.per_page,
    )


@operation(
    "/v1/resolutions/<id:resolution_id>",
    tag="resolutions",
    response=ResolutionDetail,
    summary="A resolution with its citations, recitals and operative paragraphs",
)
def get_resolution_api(resolution_id: int) -> ResolutionDetail:
    return ResolutionDetail.of(get_resolution(get_db(), resolution_id))


# --- demands --------------------------------------------------------------------------------


@operation(
    "/v1/demands",
    summary="List demands with their current status",
    tag="demands",
    query=DemandQuery,
    response=DemandPage,
)
def list_demands_api(query: DemandQuery) -> DemandPage:
    filters = DemandFilters(
        country=query.country,
        status=query.status,
        resolution_id=query.resolution,
        addressee_id=query.addressee,
        subject_id=query.subject,
    )
    rows, total = list_demands(get_db(), filters, page=query.page, per_page=query.per_page)
    return DemandPage(
        items=[DemandSummary.of(d) for d in rows],
        total=total,
        page=query.page,
        per_page=query.per_page,
    )


@operation(
    "/v1/demands/<id:demand_id>",
    tag="demands",
    response=DemandDetail,
    summary="A demand with its paragraph, links, events and whole history",
)
def get_demand_api(demand_id: int) -> DemandDetail:
    return DemandDetail.of_demand(get_demand(get_db(), demand_id), sees_confidential())


@operation(
    "/v1/demands/<id:demand_id>/history",
    tag="demands",
    response=History,
    summary="The status history of a demand, newest assessment first",
)
def get_history_api(demand_id: int) -> History:
    demand = get_demand(get_db(), demand_id)
    confidential = sees_confidential()
    return History(
        demand_id=demand.id, items=[StatusUpdateOut.of(u, confidential) for u in demand.updates]
    )


def _source_specs(sources: list[SourceIn]) -> list[SourceSpec]:
    return [SourceSpec(**s.model_dump()) for s in sources]


@operation(
    "/v1/demands/<id:demand_id>/status-updates",
    method="POST",
    status=201,
    tag="demands",
    body=StatusUpdateIn,
    response=StatusUpdateOut,
    summary="Record a dated, sourced status update (append-only)",
)
def record_status_update_api(demand_id: int, body: StatusUpdateIn) -> StatusUpdateOut:
    db = get_db()
    update = record_status_update_by_ids(
        db,
        demand_id,
        status=body.status,
        assessed_on=body.assessed_on,
        sources=_source_specs(body.sources),
        note=body.note,
        is_note_confidential=body.is_note_confidential,
        response=body.response,
        corrects_id=body.corrects_id,
        actor=api_user(),
    )
    saved = db.scalar(
        select(StatusUpdate)
        .where(StatusUpdate.id == update.id)
        .execution_options(populate_existing=True)
        .options(*_update_options())
    )
    assert saved is not None
    return StatusUpdateOut.of(saved, True)


def _update_options() -> tuple[_AbstractLoad, ...]:
    return (selectinload(StatusUpdate.sources), joinedload(StatusUpdate.author))


@operation(
    "/v1/demands/<id:demand_id>/links",
    method="POST",
    status=201,
    tag="demands",
    body=LinkIn,
    response=LinkOut,
    summary="Link an actor to a demand as addressee or subject",
)
def link_actor_api(demand_id: int, body: LinkIn) -> LinkOut:
    db = get_db()
    demand = db.get(Demand, demand_id)
    if demand is None:
        raise NotFound(f"no demand with id {demand_id}")
    target = _live_actor(body.actor_id, "actor_id")
    link_actor(db, demand, target, body.role, actor=api_user())
    return LinkOut(demand_id=demand.id, actor=ActorRef.of(target), role=body.role)


def _live_actor(actor_id: int, field: str) -> Actor:
    actor = get_db().get(Actor, actor_id)
    if actor is None:
        raise ValidationError(f"no actor with id {actor_id}", field)
    if actor.merged_into_id is not None:
        raise ValidationError(
            f"actor {actor_id} was merged into actor {actor.merged_into_id}: use that one", field
        )
    return actor


# --- threads --------------------------------------------------------------------------------


@operation(
    "/v1/threads",
    summary="List threads: the same demand across resolutions",
    tag="threads",
    query=PageQuery,
    response=ThreadPageOut,
)
def list_threads_api(query: PageQuery) -> ThreadPageOut:
    rows, total = list_threads(get_db(), page=query.page, per_page=query.per_page)
    return ThreadPageOut(
        items=[
            ThreadSummary(id=t.id, title=t.title, demand_count=n, first_demanded_on=first)
            for t, n, first in rows
        ],
        total=total,
        page=query.page,
        per_page=query.per_page,
    )


@operation(
    "/v1/threads/<id:thread_id>",
    tag="threads",
    response=ThreadDetail,
    summary="A thread with its demands, oldest resolution first",
)
def get_thread_api(thread_id: int) -> ThreadDetail:
    page = get_thread_page(get_db(), thread_id)
    return ThreadDetail(
        id=page.thread.id,
        title=page.thread.title,
        demand_count=page.times,
        first_demanded_on=page.first_date,
        demands=[DemandSummary.of(d) for d in page.demands],
    )


# --- actors ---------------------------------------------------------------------------------


@operation(
    "/v1/actors",
    summary="List actors (people, organisations…)",
    tag="actors",
    query=ActorQuery,
    response=ActorPage,
)
def list_actors_api(query: ActorQuery) -> ActorPage:
    rows, total = list_actors(
        get_db(), q=query.q, kind=query.kind, page=query.page, per_page=query.per_page
    )
    return ActorPage(
        items=[ActorSummary(**ActorSummary.fields_of(a), demand_count=n) for a, n in rows],
        total=total,
        page=query.page,
        per_page=query.per_page,
    )


def _actor_detail(actor_id: int) -> ActorDetail:
    page = get_actor_page(get_db(), actor_id)
    confidential = sees_confidential()
    return ActorDetail(
        **ActorSummary.fields_of(page.actor),
        demand_count=page.demand_total,
        description=page.actor.description,
        situations=[SituationOut.of(s, confidential) for s in page.actor.situations],
        demands=[DemandSummary.of(d) for d in page.demands],
        events=[EventRef.of(t.item) for t in page.timeline if isinstance(t.item, Event)],
    )


@operation(
    "/v1/actors/<id:actor_id>",
    tag="actors",
    response=ActorDetail,
    summary="An actor with situation history, demands naming them and events",
)
def get_actor_api(actor_id: int) -> ActorDetail:
    return _actor_detail(actor_id)


@operation(
    "/v1/actors",
    method="POST",
    status=201,
    tag="actors",
    body=ActorIn,
    response=ActorDetail,
    summary="Create an actor",
)
def create_actor_api(body: ActorIn) -> ActorDetail:
    actor = create_actor(
        get_db(),
        name=body.name,
        kind=body.kind,
        country=body.country,
        aliases=body.aliases,
        description=body.description,
        actor=api_user(),
    )
    return _actor_detail(actor.id)


# --- events ---------------------------------------------------------------------------------


@operation(
    "/v1/events",
    summary="List events, newest first",
    tag="events",
    query=EventQuery,
    response=EventPage,
)
def list_events_api(query: EventQuery) -> EventPage:
    rows, total = list_events(
        get_db(), country=query.country, kind=query.kind, page=query.page, per_page=query.per_page
    )
    return EventPage(
        items=[EventSummary.of(e) for e in rows],
        total=total,
        page=query.page,
        per_page=query.per_page,
    )


def _event_detail(event_id: int) -> EventDetail:
    event, demands = get_event(get_db(), event_id)
    return EventDetail(
        **EventSummary.fields_of(event),
        description=event.description,
        sources=SourceOut.visible(event.sources, sees_confidential()),
        demands=[DemandSummary.of(d) for d in demands],
    )


@operation(
    "/v1/events/<id:event_id>",
    tag="events",
    response=EventDetail,
    summary="An event with its actors, sources and the demands linked to it",
)
def get_event_api(event_id: int) -> EventDetail:
    return _event_detail(event_id)


@operation(
    "/v1/events",
    method="POST",
    status=201,
    tag="events",
    body=EventIn,
    response=EventDetail,
    summary="Record an event",
)
def create_event_api(body: EventIn) -> EventDetail:
    seen: set[int] = set()
    participants = []
    for n, p in enumerate(body.participants):
        if p.actor_id in seen:  # one row per actor and event
            continue
        seen.add(p.actor_id)
        participants.append((_live_actor(p.actor_id, f"participants.{n}.actor_id"), p.role))
    db = get_db()
    event = create_event(
        db,
        kind=body.kind,
        title=body.title,
        occurred_on=body.occurred_on,
        precision=body.date_precision,
        country=body.country,
        description=body.description,
        participants=participants,
        sources=resolve_sources(db, _source_specs(body.sources), actor=api_user()),
        actor=api_user(),
    )
    return _event_detail(event.id)
