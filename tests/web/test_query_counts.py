"""Pages load what they show in a pinned number of statements, whatever the amount of data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, SourceFactory, UserFactory
from tracker.models import LinkRole, Role, Situation, Status
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
