"""The search page: grouped hits with highlights, facets, an empty state, a pinned query count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import DemandFactory, SourceFactory
from tracker.models import ActorKind, Role, Status
from tracker.services.actors import create_actor
from tracker.services.followup import record_status_update


def _data(db: Session, n: int) -> None:
    for i in range(n):
        demand = DemandFactory(title=f"Release Kem Sokha ({i})", text="<em>now</em>")
        record_status_update(
            db, demand, status=Status.NOT_IMPLEMENTED, assessed_on=dt.date(2024, 1, 2),
            sources=[SourceFactory(title=f"Sokha trial report {i}")],
            note=f"Sokha still under house arrest ({i})", actor=None,
        )  # fmt: skip
        create_actor(db, name=f"Sokha Ally {i}", kind=ActorKind.PERSON, actor=None)
    db.commit()


def test_search_page_groups_hits_and_highlights_safely(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    _data(db, 2)
    page = client.get("/search?q=sokha")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for heading in ("Demands", "Follow-up notes", "People and organisations", "Sources"):
        assert heading in html
    assert "Release Kem <mark>Sokha</mark> (1)" in html
    assert "&lt;em&gt;now&lt;/em&gt;" in html and "<em>now</em>" not in html
    assert 'href="/demands/' in html


def test_search_page_filters_by_type_and_has_an_empty_state(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    _data(db, 1)
    only = client.get("/search?q=sokha&type=actor").get_data(as_text=True)
    assert "<mark>Sokha</mark> Ally 0" in only and "Release Kem" not in only
    empty = client.get("/search?q=%22zzzqqq%20AND%20(").get_data(as_text=True)
    assert "Nothing matches" in empty
    blank = client.get("/search").get_data(as_text=True)
    assert "Type a few words" in blank


def test_search_page_query_count_does_not_grow(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    _data(db, 1)

    def count(path: str) -> int:
        with queries() as counted:
            assert client.get(path).status_code == 200
        return counted.count

    small = (count("/search?q=sokha"), count("/search?q=sokha&type=demand"))
    _data(db, 12)
    large = (count("/search?q=sokha"), count("/search?q=sokha&type=demand"))
    assert small == large
    assert large[0] <= 3, large


def test_search_page_escapes_each_highlighted_piece(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    DemandFactory(title="<script>alert(1)</script> release Kem Sokha", text="free <b>Sokha</b>")
    db.commit()
    html = client.get("/search?q=sokha").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<b>Sokha" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; release Kem <mark>Sokha</mark>" in html
    assert "free &lt;b&gt;<mark>Sokha</mark>" in html
