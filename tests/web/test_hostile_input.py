"""Hostile input at every door: NUL bytes and other control characters, ids beyond the
databases' INTEGER, on the pages (query strings and forms) and the API. Each is refused with a
form error, a 400/404 page or a 422 problem, never a 500; nothing partial is stored."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, EventFactory, UserFactory
from tests.support import make_app
from tracker.models import Actor, ActorAlias, AuditEvent, Event, Role, Source, StatusUpdate
from tracker.web.db import get_db
from tracker.web.inputs import MAX_ID

BIG = "99999999999"  # 11 digits: past INTEGER, still short enough for the old `len < 12` checks
HUGE = "9" * 20  # past BIGINT too


def _ids(db: Session) -> dict[str, int]:
    demand = DemandFactory()
    actor = ActorFactory()
    event = EventFactory()
    db.commit()
    return {"demand": demand.id, "actor": actor.id, "event": event.id}


@pytest.mark.parametrize(
    "path",
    [
        "/demands?q=a%00b",
        "/demands?body=a%00b",
        "/demands?theme=a%00b",
        "/demands?country=%00x",
        "/events?country=%00x",
        "/actors?q=%00",
        "/search?q=kem%00sokha",
        "/resolutions?country=%01x",
        "/admin/audit?entity_type=%00",
        "/briefings?country=K%00&since=2020-01-01",
        "/demands?q%00=x",
    ],
)
def test_a_control_character_in_the_query_string_is_a_400_not_a_500(
    client: FlaskClient, auth, path: str
) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    response = client.get(path)
    assert response.status_code == 400, (path, response.status_code)
    assert "control character" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        f"/demands/{BIG}",
        f"/actors/{HUGE[:14]}",
        f"/events/{BIG}",
        f"/threads/{BIG}",
        f"/resolutions/{BIG}",
        f"/demands/{MAX_ID + 1}",
        f"/reports/export?resolution={BIG}&format=md",
        f"/reports/export?actor={HUGE}&format=md",
        f"/briefings?actor={HUGE}&since=2020-01-01",
        f"/briefings?resolution={BIG}&since=2020-01-01",
        f"/briefings/download?thread={BIG}&since=2020-01-01&format=md",
    ],
)
def test_an_id_beyond_the_integer_range_is_a_404(client: FlaskClient, auth, path: str) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)


@pytest.mark.parametrize(
    "path", [f"/demands?resolution={BIG}", f"/demands?addressee={HUGE}", f"/admin/audit?user={BIG}"]
)
def test_an_id_beyond_the_integer_range_in_a_list_filter_is_no_500(
    client: FlaskClient, auth, path: str
) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    assert client.get(path).status_code == 200


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_a_nul_in_a_status_update_is_a_form_error_and_stores_nothing(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    ids = _ids(db)
    good = {
        "status": "not_implemented",
        "assessed_on": "2023-06-01",
        "source_url": "https://news.example.org/a",
        "source_title": "A title",
        "note": "A note\twith a tab\nand lines",
    }
    before = (_count(db, StatusUpdate), _count(db, Source))
    for field, value in (
        ("note", "still\x00detained"),
        ("source_url", "https://news.example.org/\x00x"),
        ("source_title", "title\x00"),
        ("source_title", "a\x1bb"),
        ("source_title", "two\nlines"),  # a one-line field keeps to one line
    ):
        response = client.post(f"/demands/{ids['demand']}/updates", data={**good, field: value})
        assert response.status_code == 422, (field, value)
        assert "control character" in response.get_data(as_text=True), field
    assert (_count(db, StatusUpdate), _count(db, Source)) == before
    # Tabs and newlines are fine in a multi-line note.
    assert client.post(f"/demands/{ids['demand']}/updates", data=good).status_code == 302


def test_a_nul_in_an_alias_an_event_or_a_situation_is_a_form_error(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    ids = _ids(db)
    aliases = _count(db, ActorAlias)
    alias = client.post(f"/actors/{ids['actor']}/aliases", data={"alias": "Kem\x00Sokha"})
    assert alias.status_code == 422
    assert _count(db, ActorAlias) == aliases
    events, actors = _count(db, Event), _count(db, Actor)
    event = {"kind": "arrest", "title": "Arrest\x00", "date": "2017-09-03"}
    assert client.post("/events/new", data=event).status_code == 422
    edited = client.post(f"/events/{ids['event']}/edit", data={**event, "version": "1"})
    assert edited.status_code == 422
    participants = {**event, "title": "Arrest", "participants": "Kem\x00Sokha — detainee"}
    assert client.post("/events/new", data=participants).status_code == 422
    assert _count(db, Event) == events
    assert _count(db, Actor) == actors  # no actor made from the refused participants
    situation = client.post(
        f"/actors/{ids['actor']}/situations",
        data={
            "situation": "detained",
            "since": "2017",
            "source_url": "https://x.example.org",
            "note": "a\x00",
        },
    )
    assert situation.status_code == 422
    demand = client.post(
        f"/demands/{ids['demand']}/edit", data={"title": "T\x00", "text": "", "version": "1"}
    )
    assert demand.status_code in (200, 422)  # the edit form again, with the error on its field
    assert "control character U+0000" in demand.get_data(as_text=True)


def test_control_characters_in_account_and_admin_forms_are_form_errors(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    users = _count(db, AuditEvent)
    created = client.post(
        "/admin/users/new", data={"email": "a\x00@example.org", "name": "x", "role": "viewer"}
    )
    assert created.status_code == 422
    token = client.post("/account/tokens", data={"name": "script\x00", "scope": "read"})
    assert token.status_code == 422
    assert _count(db, AuditEvent) == users
    client.post("/logout")
    sign_in = client.post("/login", data={"email": "x\x00@example.org", "password": "p\x00"})
    assert sign_in.status_code == 200
    assert "control character" in sign_in.get_data(as_text=True)


@pytest.mark.parametrize("value", [BIG, HUGE, "²", "-1", "0"])
def test_ids_in_forms_beyond_the_integer_range_are_refused(
    client: FlaskClient, auth, db: Session, value: str
) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    ids = _ids(db)
    demand = ids["demand"]
    corrects = client.post(
        f"/demands/{demand}/updates",
        data={"status": "no_information", "assessed_on": "2023-06-01", "corrects_id": value},
    )
    assert corrects.status_code == 422
    removed = client.post(
        f"/demands/{demand}/actors/subject/remove", data={"record": value, "version": "1"}
    )
    assert removed.status_code == 400
    match = client.post(
        f"/demands/{demand}/matches", data={"other_id": value, "decision": "accept"}
    )
    assert match.status_code in (400, 404)
    merge = client.post(
        f"/actors/{ids['actor']}/merge", data={"duplicate": "Nobody", "duplicate_choice": value}
    )
    assert merge.status_code == 422
    existing = client.post(
        f"/demands/{demand}/updates",
        data={"status": "not_implemented", "assessed_on": "2023-06-01", "existing_source": value},
    )
    assert existing.status_code == 422


def test_the_error_page_renders_after_a_failed_transaction(
    engine, session_factory, db: Session
) -> None:  # type: ignore[no-untyped-def]
    """A statement fails mid-request (on PostgreSQL the transaction is then aborted): the 500
    page still renders, with the signed-in user's menu, instead of failing in turn."""
    app: Flask = make_app(engine, session_factory, PROPAGATE_EXCEPTIONS=False)

    def broken() -> str:
        session = get_db()
        session.add(Actor(name="x", normalised_name="x", kind="person"))
        session.flush()
        session.add(Actor(name=None, normalised_name="y", kind="person"))  # NOT NULL
        session.flush()
        return "unreachable"

    app.add_url_rule("/broken", "broken", broken)
    client = app.test_client()
    user = UserFactory(role=Role.ADMIN)
    db.commit()
    from tests.factories import TEST_PASSWORD

    assert (
        client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code
        == 302
    )
    response = client.get("/broken")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert user.email in page  # the menu of the signed-in user, loaded after the rollback
    assert _count(db, Actor) == 0


def test_every_form_of_the_app_applies_the_input_rule() -> None:
    """A new form that does not derive from TrackerForm would let control characters through."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm
    from wtforms import Form

    import tracker.web
    from tracker.web.forms import TrackerForm, TrackerSubForm

    for module in pkgutil.walk_packages(tracker.web.__path__, "tracker.web."):
        importlib.import_module(module.name)
    seen = set()
    stack = list(Form.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("tracker.") and cls not in (TrackerForm, TrackerSubForm):
            seen.add(cls)
            if issubclass(cls, FlaskForm):
                assert issubclass(cls, TrackerForm), f"{cls.__qualname__} is not a TrackerForm"
            else:
                assert issubclass(cls, TrackerSubForm), f"{cls.__qualname__}: TrackerSubForm"
    assert len(seen) >= 15
