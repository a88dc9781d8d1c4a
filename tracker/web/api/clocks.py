"""API: reply clocks, replies and the caller's watches (the same services as the pages)."""

from __future__ import annotations

import datetime as dt

from tracker.models import Clock, Reply, Watch
from tracker.services.clocks import clock_record, count_clocks, get_clock, list_clocks, record_reply
from tracker.services.errors import NotFound, ValidationError
from tracker.services.watches import add_watch, list_watches, remove_watch
from tracker.web.api.schemas import (
    ClockOut,
    ClockPage,
    ClockQuery,
    ReplyIn,
    ReplyOut,
    WatchIn,
    WatchList,
    WatchOut,
)
from tracker.web.api.spec import api_user, operation
from tracker.web.db import get_db


def _reply(clock: Clock, reply: Reply) -> ReplyOut:
    return ReplyOut(
        id=reply.id,
        clock_id=reply.clock_id,
        received_on=reply.received_on,
        reference=reply.reference,
        url=reply.url,
        summary=reply.summary,
        grade=reply.grade,
        grade_label=clock.rule.grade_label(reply.grade),
        recorded_at=reply.recorded_at,
    )


def _clock(clock: Clock, today: dt.date) -> ClockOut:
    return ClockOut(
        **clock_record(clock, today),
        official_grade=clock.latest_grade,
        replies=[_reply(clock, r) for r in clock.replies],
    )


@operation(
    "/v1/clocks",
    summary="List reply clocks by due date (overdue, due within N days, by text or addressee)",
    tag="clocks",
    query=ClockQuery,
    response=ClockPage,
)
def list_clocks_api(query: ClockQuery) -> ClockPage:
    today, db = dt.date.today(), get_db()
    filters = {
        "overdue": query.overdue,
        "due_within": query.due_within,
        "resolution_id": query.resolution,
        "addressee_id": query.addressee,
    }
    rows = list_clocks(
        db,
        today=today,
        limit=query.per_page,
        offset=(query.page - 1) * query.per_page,
        **filters,
    )
    return ClockPage(
        items=[_clock(c, today) for c in rows],
        total=count_clocks(db, today=today, **filters),
        page=query.page,
        per_page=query.per_page,
    )


@operation(
    "/v1/clocks/<id:clock_id>",
    summary="A reply clock with its rule, state and replies",
    tag="clocks",
    response=ClockOut,
)
def get_clock_api(clock_id: int) -> ClockOut:
    return _clock(get_clock(get_db(), clock_id), dt.date.today())


@operation(
    "/v1/clocks/<id:clock_id>/replies",
    method="POST",
    status=201,
    tag="clocks",
    body=ReplyIn,
    response=ReplyOut,
    summary="Record a reply to a clock (with the body's official grade where it gives one)",
)
def record_reply_api(clock_id: int, body: ReplyIn) -> ReplyOut:
    db = get_db()
    clock = get_clock(db, clock_id)
    reply = record_reply(
        db,
        clock,
        received_on=body.received_on,
        reference=body.reference,
        url=body.url,
        summary=body.summary,
        grade=body.grade,
        actor=api_user(),
    )
    return _reply(clock, reply)


def _watch_list() -> WatchList:
    return WatchList(
        items=[
            WatchOut(
                id=row.watch.id,
                kind=row.kind,
                target=row.watch.target,
                label=row.label,
                created_at=row.watch.created_at,
            )
            for row in list_watches(get_db(), api_user())
        ]
    )


@operation("/v1/watches", summary="What the caller watches", tag="watches", response=WatchList)
def list_watches_api() -> WatchList:
    return _watch_list()


@operation(
    "/v1/watches",
    method="POST",
    status=201,
    tag="watches",
    body=WatchIn,
    response=WatchOut,
    summary="Watch one demand, actor, country, thread or resolution",
)
def add_watch_api(body: WatchIn) -> WatchOut:
    given = [(k, v) for k, v in body.model_dump().items() if v is not None]
    if len(given) != 1:
        raise ValidationError(
            "give exactly one of demand, actor, country, thread or resolution", field="demand"
        )
    target, value = given[0]
    db, user = get_db(), api_user()
    try:
        watch = add_watch(db, user, target, value, actor=user)
    except NotFound as exc:  # a body naming a missing record is invalid, not a missing page
        raise ValidationError(str(exc), field=target) from None
    label = next(r.label for r in list_watches(db, user) if r.watch.id == watch.id)
    return WatchOut(
        id=watch.id, kind=watch.kind, target=watch.target, label=label, created_at=watch.created_at
    )


@operation(
    "/v1/watches/<id:watch_id>",
    method="DELETE",
    tag="watches",
    response=WatchList,
    summary="Stop watching; answers with what the caller still watches",
)
def remove_watch_api(watch_id: int) -> WatchList:
    db, user = get_db(), api_user()
    watch = db.get(Watch, watch_id)
    if watch is None or watch.user_id != user.id:
        raise NotFound(f"no watch with id {watch_id}")
    remove_watch(db, watch, actor=user)
    return _watch_list()
