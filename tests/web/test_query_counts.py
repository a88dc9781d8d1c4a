"""Pages load what they show in a pinned number of statements, whatever the amount of data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, SourceFactory, UserFactory
from tracker.models import Demand, DemandActor, Event, LinkRole, Paragraph, Role, Situation, Status
from tracker.ops.synth import synth
from tracker.services.actors import link_actor, record_situation
from tracker.services.followup import record_status_update


def _demand_with_history(db: Session, updates: int, links: int):  # type: ignore[no-untyped-def]
    # Overdue, so that every part of the dashboard has rows to load.
    demand = DemandFactory(deadline=dt.date(2021, 1, 1))
    user = UserFactory()
    for n in range(links):
        person = ActorFactory()
        link_actor(
            db, demand, person, LinkRole.ADDRESSEE if n % 2 else LinkRole.SUBJECT, actor=None
        )
        record_situation(
            db, person, situation=Situation.DETAINED, since=dt.date(2019, 1, 1 + n), actor=None
        )
    for n in range(updates):
        record_status_update(
            db,
            demand,
            status=list(Status)[n % 5],
            assessed_on=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            sources=[SourceFactory(), SourceFactory()],
            actor=user,
        )
    db.commit()
    return demand


def _count(client, queries, path: str) -> int:  # type: ignore[no-untyped-def]
    with queries() as counted:
        response = client.get(path)
    assert response.status_code == 200
    return counted.count


def test_demand_page_query_count_is_pinned(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    small = _demand_with_history(db, updates=2, links=2)
    large = _demand_with_history(db, updates=20, links=12)
    small_count = _count(client, queries, f"/demands/{small.id}")
    large_count = _count(client, queries, f"/demands/{large.id}")
    assert small_count == large_count
    # 10, plus its reply clocks (with their replies) and the reader's Watch button.
    assert small_count <= 13, small_count


# Statements per page, whatever the number of rows (the signed-in user's is one of them).
LIST_PAGES = {
    # The dashboard: 11, and 4 for its reply-clocks panel (due soon and overdue, with counts).
    "/": 15,
    "/?country=KH&body=European+Parliament": 15,
    "/demands": 8,
    "/resolutions": 3,
    "/actors": 5,
}


def test_list_pages_query_counts_do_not_grow_with_rows(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    _demand_with_history(db, updates=2, links=2)
    assert {p: _count(client, queries, p) for p in LIST_PAGES} == LIST_PAGES
    for _ in range(10):
        _demand_with_history(db, updates=3, links=3)
    assert {p: _count(client, queries, p) for p in LIST_PAGES} == LIST_PAGES


def test_paragraph_page_query_count_is_pinned(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    """The page that corrects a paragraph: its demands, their links and history counts."""
    from tests.factories import ParagraphFactory

    auth.login(Role.ANALYST)
    counts = []
    for demands in (1, 8):
        paragraph = ParagraphFactory()
        for n in range(demands):
            demand = DemandFactory(paragraph=paragraph, position=n + 1)
            link_actor(db, demand, ActorFactory(), LinkRole.ADDRESSEE, actor=None)
            record_status_update(
                db,
                demand,
                status=Status.NOT_IMPLEMENTED,
                assessed_on=dt.date(2020, 1, 1),
                sources=[SourceFactory()],
                actor=UserFactory(),
            )
        db.commit()
        path = f"/resolutions/{paragraph.resolution_id}/paragraphs/{paragraph.position}"
        counts.append(_count(client, queries, path))
    assert counts[0] == counts[1]
    assert counts[0] <= 6, counts


# --- rows fetched ------------------------------------------------------------------------------


def _pages(db: Session) -> dict[str, str]:
    """One page of each kind, on records of the first (1×) load, so that the same pages are
    asked again once there is ten times the data."""
    demand, subject = db.execute(
        select(Demand, DemandActor.actor_id)
        .join(DemandActor, DemandActor.demand_id == Demand.id)
        .where(DemandActor.role == LinkRole.SUBJECT, Demand.thread_id.is_not(None))
        .order_by(Demand.id)
        .offset(40)
        .limit(1)
    ).one()
    event_id = db.scalar(select(Event.id).order_by(Event.id))
    resolution_id = db.scalar(
        select(Paragraph.resolution_id).where(Paragraph.id == demand.paragraph_id)
    )
    return {
        "dashboard": "/",
        "dashboard_filtered": "/?country=KH&body=European+Parliament",
        "demand_list": "/demands",
        "demand_list_3_filters": "/demands?country=KH&status=not_implemented&sort=updated",
        "demand_page": f"/demands/{demand.id}",
        "demand_sources": f"/demands/{demand.id}/sources",
        "actor_list": "/actors",
        "actor_page": f"/actors/{subject}",
        "resolution_list": "/resolutions",
        "resolution_page": f"/resolutions/{resolution_id}",
        "thread_list": "/threads",
        "thread_page": f"/threads/{demand.thread_id}",
        "event_list": "/events",
        "event_page": f"/events/{event_id}",
        "search": "/search?q=sokha",
        "country_briefing": "/briefings?country=KH&since=2024-01-01",
    }


def _fetched(client, queries, path: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, path
    return counted.count, counted.rows


# Rows fetched per page (all statements together) with 100 synthetic demands and with 1,000:
# pinned like the statement counts. Pages about one record fetch the same rows at both sizes;
# lists and summaries fill up to their page size, cap or top-N and then stay there. The demand
# page's extra rows at 10x are match suggestions' candidates (at most 200 per pool,
# threads.suggest_matches).
ROWS = {
    "dashboard": (108, 121),  # with the reply-clocks panel's rows
    "dashboard_filtered": (72, 107),
    "demand_list": (245, 365),
    "demand_list_3_filters": (98, 320),
    "demand_page": (63, 117),
    "demand_sources": (63, 63),
    "actor_list": (83, 95),
    "actor_page": (59, 59),
    "resolution_list": (9, 52),
    "resolution_page": (46, 46),
    "thread_list": (52, 52),
    "thread_page": (6, 6),
    "event_list": (98, 102),
    "event_page": (10, 10),
    "country_briefing": (308, 681),
}


def test_pages_fetch_a_pinned_number_of_rows_at_1x_and_10x(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    synth(db, 100, seed=5)
    db.commit()
    pages = _pages(db)
    small = {name: _fetched(client, queries, path) for name, path in pages.items()}
    synth(db, 900, seed=6)
    db.commit()
    large = {name: _fetched(client, queries, path) for name, path in pages.items()}
    assert {n: q for n, (q, _r) in large.items()} == {n: q for n, (q, _r) in small.items()}
    # Search reads its matches through each database's own index (FTS5, tsvector), which
    # count differently: it is held to "no more at 10x", not to one figure.
    assert large.pop("search")[1] == small.pop("search")[1]
    assert {n: (small[n][1], large[n][1]) for n in small} == ROWS
