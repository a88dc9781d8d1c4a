"""Pages: sign-in, the walk from the dashboard to a demand, recording updates, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import TEST_PASSWORD, DemandFactory, UserFactory
from tracker.models import Role, StatusUpdate
from tracker.services.demo import load_demo


@pytest.fixture
def demo(db: Session):  # type: ignore[no-untyped-def]
    resolution = load_demo(db)
    db.commit()
    return resolution


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    for path in ("/", "/resolutions", "/demands", "/actors", "/demands/1"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_wrong_password_is_refused_with_a_form_error(client: FlaskClient, db: Session) -> None:
    user = UserFactory()
    db.commit()
    response = client.post("/login", data={"email": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "Wrong email or password" in response.get_data(as_text=True)


def test_sign_in_does_not_redirect_off_site(client: FlaskClient, db: Session) -> None:
    user = UserFactory()
    db.commit()
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_home_leads_to_the_sample_resolution_and_its_demands(client, auth, demo) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    home = client.get("/").get_data(as_text=True)
    assert f"/resolutions/{demo.id}" in home
    page = client.get(f"/resolutions/{demo.id}").get_data(as_text=True)
    assert "Kem Sokha" in page
    assert "Procedural: kept with the resolution, never a demand." in page
    assert "demo data" in page


def test_a_demand_that_asks_no_one_says_so_in_sentences(client, auth, demo) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    page = client.get(f"/resolutions/{demo.id}").get_data(as_text=True)
    # ¶ 1 "calls for immediate and unconditional release…" names no addressee; ¶ 4 does.
    assert "no addressee named" in page
    assert "to <a href=" in page
    assert ">to <span" not in page and 'to <span class="muted">—' not in page


def test_a_page_past_the_last_goes_to_the_last_page(client, auth, demo, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    response = client.get("/demands?country=KH&page=9999&status=not_implemented&status=moot")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/demands?country=KH&page=1&status=not_implemented&status=moot"
    )
    assert client.get("/demands?country=KH&page=1").status_code == 200
    # An empty list has no last page: page 3 of nothing is the empty state, not a loop.
    empty = client.get("/demands?country=FR&page=3")
    assert empty.status_code == 200
    assert "No demand matches these filters." in empty.get_data(as_text=True)
    assert client.get("/actors?page=50").headers["Location"] == "/actors?page=1"


def test_demand_list_actor_list_and_actor_page_render(client, auth, demo, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    assert client.get("/demands?country=KH").status_code == 200
    listing = client.get("/demands?country=KH&status=not_implemented")
    assert listing.status_code == 200
    assert "Not implemented" in listing.get_data(as_text=True)
    actors = client.get("/actors?q=sokha").get_data(as_text=True)
    assert "Kem Sokha" in actors
    from tracker.services.actors import find_actor

    kem = find_actor(db, "Kem Sokha")
    page = client.get(f"/actors/{kem.id}").get_data(as_text=True)
    assert (
        page.index("Arrest of Kem Sokha")
        < page.index("released into house arrest")
        < page.index("sentenced to 27 years")
    )


def test_an_analyst_records_an_update_and_sees_it_in_the_history(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = DemandFactory()
    db.commit()
    response = client.post(
        f"/demands/{demand.id}/updates",
        data={
            "status": "partially_implemented",
            "assessed_on": "2023-06-01",
            "source_url": "https://news.example.org/a",
            "source_title": "A report",
            "note": "Some **progress**",
            "response": "acknowledged",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "Partially implemented" in page
    assert "<strong>progress</strong>" in page
    assert "https://news.example.org/a" in page


def test_an_update_without_a_source_gets_a_form_error(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = DemandFactory()
    db.commit()
    response = client.post(
        f"/demands/{demand.id}/updates", data={"status": "implemented", "assessed_on": "2023-06-01"}
    )
    assert response.status_code == 422
    assert "A source is required" in response.get_data(as_text=True)
    assert (
        db.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(StatusUpdate.demand_id == demand.id)
        )
        == 0
    )


def test_a_viewer_cannot_record_an_update(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    demand = DemandFactory()
    db.commit()
    response = client.post(
        f"/demands/{demand.id}/updates",
        data={
            "status": "implemented",
            "assessed_on": "2023-06-01",
            "source_url": "https://news.example.org/a",
        },
    )
    assert response.status_code == 403
    assert (
        db.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(StatusUpdate.demand_id == demand.id)
        )
        == 0
    )


def test_a_viewer_cannot_open_the_import_page(client, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    assert client.get("/resolutions/import").status_code == 403


def test_notes_cannot_carry_markup(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = DemandFactory()
    db.commit()
    client.post(
        f"/demands/{demand.id}/updates",
        data={
            "status": "no_information",
            "assessed_on": "2023-06-01",
            "note": "<script>alert(1)</script><img src=x onerror=alert(2)>"
            " [x](javascript:alert(3))",
        },
    )
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page


def test_unknown_records_give_404(client, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    for path in ("/demands/999999", "/resolutions/999999", "/actors/999999"):
        assert client.get(path).status_code == 404


def test_future_assessment_is_a_form_error(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand = DemandFactory()
    db.commit()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/demands/{demand.id}/updates", data={"status": "no_information", "assessed_on": tomorrow}
    )
    assert response.status_code == 422
    assert "cannot be in the future" in response.get_data(as_text=True)
