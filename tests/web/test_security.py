"""Security: headers on every response, cookies, CSRF, the sign-in rate limit, inert
user-typed text, pages that reveal nothing, confidentiality for viewers, accounts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.factories import (
    TEST_PASSWORD,
    ActorFactory,
    DemandFactory,
    EventFactory,
    SourceFactory,
    UserFactory,
)
from tests.support import make_app
from tests.web.routes import all_routes, make_records
from tracker import create_app
from tracker.models import ActorKind, AuditEvent, Demand, Role, Situation, Status, TokenScope, User
from tracker.services.actors import record_situation
from tracker.services.followup import record_status_update
from tracker.services.tokens import create_token
from tracker.web.extensions import limiter

HEADERS = {
    "Content-Security-Policy": ("script-src 'self'", "frame-ancestors 'none'"),
    "X-Content-Type-Options": ("nosniff",),
    "Referrer-Policy": ("same-origin",),
}


def _assert_security_headers(response, what: str) -> None:  # type: ignore[no-untyped-def]
    for name, parts in HEADERS.items():
        value = response.headers.get(name, "")
        for part in parts:
            assert part in value, f"{what}: {name} is {value!r}"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"], what


def _sign_in(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, Role.VIEWER, Role.ADMIN])
def test_every_get_route_carries_the_security_headers(app, client, db, role) -> None:  # type: ignore[no-untyped-def]
    records = make_records(db)
    headers = {}
    if role is not None:
        user = UserFactory(role=role)
        _token, plain = create_token(db, user, name="t", scope=TokenScope.READ, actor=user)
        db.commit()
        _sign_in(client, user)
        headers = {"Authorization": f"Bearer {plain}"}
    session_cookie = client.get_cookie("session")
    routes = [r for r in all_routes(app, records) if r.method == "GET"]
    assert len(routes) > 30
    for route in routes:
        if session_cookie is not None:
            client.set_cookie("session", session_cookie.value)
        response = client.get(route.path, headers=headers if route.path.startswith("/api/") else {})
        response.close()
        _assert_security_headers(response, str(route))


def test_error_responses_carry_the_security_headers_and_reveal_nothing(
    engine,
    session_factory,
    db,  # type: ignore[no-untyped-def]
) -> None:
    app = make_app(engine, session_factory, PROPAGATE_EXCEPTIONS=False)

    def boom() -> str:
        raise RuntimeError("secret internals: Kem Sokha detained at /srv/tracker")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api.boom", boom)
    client = app.test_client()
    viewer = UserFactory(role=Role.VIEWER)
    demand = DemandFactory(title="Release of the confidential witness")
    db.commit()
    _sign_in(client, viewer)
    cases = {
        "/nowhere": 404,
        "/demands/2147483647": 404,
        f"/demands/{demand.id}/edit": 403,
        "/admin/users": 403,
        "/boom": 500,
        "/api/v1/boom": 500,
    }
    for path, code in cases.items():
        response = client.get(path)
        assert response.status_code == code, path
        _assert_security_headers(response, path)
        page = response.get_data(as_text=True)
        for secret in (
            "Traceback",
            "secret internals",
            "RuntimeError",
            demand.title,
            "/srv/tracker",
        ):
            assert secret not in page, (path, secret)
    wrong_method = client.delete("/demands")
    assert wrong_method.status_code == 405
    _assert_security_headers(wrong_method, "405")
    problem = client.get("/api/v1/boom")
    assert problem.mimetype == "application/problem+json"


# --- cookies --------------------------------------------------------------------------------


def test_the_session_cookie_is_httponly_and_samesite_lax(client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    db.commit()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_behind_https(
    engine,
    session_factory,
    db,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    monkeypatch.setenv("TRACKER_SECURE_COOKIES", "1")
    app = create_app(
        {
            "TESTING": True,
            "TRACKER_ENGINE": engine,
            "TRACKER_SESSIONMAKER": session_factory,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    user = UserFactory()
    db.commit()
    response = app.test_client().post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


# --- CSRF -----------------------------------------------------------------------------------


def test_a_post_without_a_csrf_token_is_refused(engine, session_factory, db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine, session_factory, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    analyst = UserFactory(role=Role.ANALYST)
    demand = DemandFactory()
    db.commit()
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"email": analyst.email, "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    update = {"status": "no_information", "assessed_on": "2023-06-01", "note": "Asked; no answer."}
    refused = client.post(f"/demands/{demand.id}/updates", data=update)
    assert refused.status_code == 400
    assert "was not sent by this site" in refused.get_data(as_text=True)
    _assert_security_headers(refused, "CSRF refusal")
    forged = client.post(
        f"/demands/{demand.id}/updates",
        data=update,
        headers={"X-CSRFToken": "forged", "HX-Request": "true"},
    )
    assert forged.status_code == 400
    assert client.post("/logout").status_code == 400
    # htmx sends the token in the X-CSRFToken header that base.html sets.
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    header_token = json.loads(page.split("hx-headers='")[1].split("'")[0])["X-CSRFToken"]
    accepted = client.post(
        f"/demands/{demand.id}/updates",
        data=update,
        headers={"X-CSRFToken": header_token, "HX-Request": "true"},
    )
    assert accepted.status_code == 200


def test_the_token_authenticated_api_needs_no_csrf_token(engine, session_factory, db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine, session_factory, WTF_CSRF_ENABLED=True)
    analyst = UserFactory(role=Role.ANALYST)
    _token, plain = create_token(db, analyst, name="t", scope=TokenScope.WRITE, actor=analyst)
    db.commit()
    response = app.test_client().post(
        "/api/v1/actors",
        json={"name": "Someone", "kind": "person"},
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 201


# --- sign-in rate limits: per account and per address ------------------------------------------


def _limited_app(engine, session_factory, **config):  # type: ignore[no-untyped-def]
    app = make_app(
        engine,
        session_factory,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=config.pop("RATELIMIT_STORAGE_URI", "memory://"),
        **config,
    )
    with app.app_context():
        limiter.reset()
    return app


def _attempt(client: FlaskClient, email: str, password: str, address: str = "192.0.2.1") -> int:
    response = client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    response.close()
    return response.status_code


def test_a_locked_account_refuses_even_the_right_password_but_other_accounts_sign_in(
    engine, session_factory, db
) -> None:  # type: ignore[no-untyped-def]
    app = _limited_app(engine, session_factory)
    client = app.test_client()
    user, colleague = UserFactory(), UserFactory()
    db.commit()
    for _ in range(5):
        assert _attempt(client, user.email, "wrong password") == 200
    blocked = client.post("/login", data={"email": user.email, "password": "wrong password"})
    assert blocked.status_code == 429
    assert "Too many attempts. Wait a minute and try again." in blocked.get_data(as_text=True)
    _assert_security_headers(blocked, "429")
    # The right password waits too: the limit is per account, not per guess.
    assert _attempt(client, user.email, TEST_PASSWORD) == 429
    assert _attempt(client, " " + user.email.upper(), TEST_PASSWORD) == 429  # same account
    assert _attempt(client, user.email, TEST_PASSWORD, address="198.51.100.7") == 429
    # Another account, from the same address, is not locked.
    assert _attempt(client, colleague.email, TEST_PASSWORD) == 302
    with app.app_context():
        limiter.reset()


def test_one_address_trying_many_accounts_is_limited(engine, session_factory, db) -> None:  # type: ignore[no-untyped-def]
    app = _limited_app(engine, session_factory, TRACKER_LOGIN_ADDRESS_RATE_LIMIT="8 per minute")
    client = app.test_client()
    user = UserFactory()
    db.commit()
    for n in range(8):
        assert _attempt(client, f"guess{n}@example.org", "wrong password") == 200
    assert _attempt(client, "guess9@example.org", "wrong password") == 429
    assert _attempt(client, user.email, TEST_PASSWORD) == 429  # this address waits
    assert _attempt(client, user.email, TEST_PASSWORD, address="198.51.100.7") == 302
    with app.app_context():
        limiter.reset()


def test_behind_trusted_proxies_each_client_address_counts_alone(
    engine, session_factory, db
) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    db.commit()

    def through_proxy(client: FlaskClient, client_address: str, password: str) -> int:
        response = client.post(
            "/login",
            data={"email": user.email, "password": password},
            headers={"X-Forwarded-For": client_address},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},  # the proxy
        )
        response.close()
        return response.status_code

    limits = {
        "TRACKER_LOGIN_ADDRESS_RATE_LIMIT": "3 per minute",
        "TRACKER_LOGIN_RATE_LIMIT": "100 per minute",
    }
    trusting = _limited_app(engine, session_factory, TRACKER_TRUSTED_PROXIES=1, **limits)
    client = trusting.test_client()
    for _ in range(3):
        assert through_proxy(client, "203.0.113.5", "wrong password") == 200
    assert through_proxy(client, "203.0.113.5", TEST_PASSWORD) == 429
    assert through_proxy(client, "203.0.113.6", TEST_PASSWORD) == 302
    # Without TRACKER_TRUSTED_PROXIES a forged X-Forwarded-For changes nothing.
    plain = _limited_app(engine, session_factory, **limits)
    client = plain.test_client()
    for n in range(3):
        assert through_proxy(client, f"203.0.113.{n}", "wrong password") == 200
    assert through_proxy(client, "203.0.113.99", TEST_PASSWORD) == 429
    with plain.app_context():
        limiter.reset()


REDIS_URL = "redis://127.0.0.1:6379/15"

_OTHER_WORKER = """
import sys
from tracker import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "k", "TRACKER_DATABASE_URL": sys.argv[1],
                  "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                  "RATELIMIT_STORAGE_URI": sys.argv[2], "TRACKER_LOGIN_RATE_LIMIT": "5 per hour"})
response = app.test_client().post("/login", data={"email": sys.argv[3], "password": "x"},
                                  environ_base={"REMOTE_ADDR": "192.0.2.1"})
print(response.status_code)
"""


def test_workers_share_the_sign_in_limit_through_redis(
    engine, session_factory, db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The README's deployment: several workers, one Redis (started on these machines before
    the session). A second process, another worker, sees the failures counted by this one."""
    import subprocess
    import sys

    import redis

    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    app = _limited_app(
        engine,
        session_factory,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        TRACKER_LOGIN_RATE_LIMIT="5 per hour",
    )
    client = app.test_client()
    user = UserFactory()
    db.commit()
    for _ in range(5):
        assert _attempt(client, user.email, "wrong password") == 200
    assert any(b"login-account" in key for key in store.keys("*"))
    other_worker = subprocess.run(
        [
            sys.executable,
            "-c",
            _OTHER_WORKER,
            f"sqlite:///{tmp_path / 'w.db'}",
            REDIS_URL,
            user.email,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert other_worker.returncode == 0, other_worker.stderr[-2000:]
    assert other_worker.stdout.strip().splitlines()[-1] == "429", other_worker.stderr[-2000:]
    store.flushdb()
    with app.app_context():
        limiter.reset()


# --- untrusted text stays inert ---------------------------------------------------------------

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_xss_payloads_in_every_free_text_field_render_inert(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    analyst = auth.login(Role.ADMIN)
    demand = DemandFactory()
    db.commit()
    _token, plain = create_token(db, analyst, name=PAYLOAD, scope=TokenScope.WRITE, actor=analyst)
    db.commit()
    bearer = {"Authorization": f"Bearer {plain}"}
    # Typed in through the pages and the API, as users and scripts would.
    assert (
        client.post(
            f"/demands/{demand.id}/updates",
            data={
                "status": "not_implemented",
                "assessed_on": "2023-06-01",
                "source_url": "https://news.example.org/xss",
                "source_title": PAYLOAD,
                "note": PAYLOAD,
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/demands/{demand.id}/edit",
            data={
                "title": PAYLOAD,
                "text": PAYLOAD,
                "deadline": "",
                "condition": "",
                "version": str(demand.version),
            },
        ).status_code
        == 302
    )
    assert (
        client.post(f"/demands/{demand.id}/thread", data={"new_title": PAYLOAD}).status_code == 302
    )
    actor = client.post(
        "/api/v1/actors",
        headers=bearer,
        json={
            "name": PAYLOAD,
            "kind": "person",
            "description": PAYLOAD,
            "aliases": [PAYLOAD + "x"],
        },
    )
    assert actor.status_code == 201
    actor_id = actor.get_json()["id"]
    event = client.post(
        "/api/v1/events",
        headers=bearer,
        json={
            "kind": "arrest",
            "title": PAYLOAD,
            "description": PAYLOAD,
            "occurred_on": "2023-01-01",
            "participants": [{"actor_id": actor_id, "role": PAYLOAD[:60]}],
        },
    )
    assert event.status_code == 201
    event_id = event.get_json()["id"]
    link = client.post(
        f"/api/v1/demands/{demand.id}/links",
        headers=bearer,
        json={"actor_id": actor_id, "role": "subject"},
    )
    assert link.status_code == 201
    thread_id = db.scalar(select(Demand.thread_id).where(Demand.id == demand.id))
    assert thread_id is not None
    pages = [
        "/",
        "/demands",
        f"/demands/{demand.id}",
        f"/demands/{demand.id}/edit",
        "/actors",
        f"/actors/{actor_id}",
        "/events",
        f"/events/{event_id}",
        "/threads",
        f"/threads/{thread_id}",
        f"/resolutions/{demand.paragraph.resolution_id}",
        "/account/tokens",
        "/admin/audit",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert "<script>alert(1)" not in page, path
        assert "<img src=x" not in page, path
        assert "&lt;script&gt;alert(1)" in page, f"{path} does not show the payload at all"
    api = client.get(f"/api/v1/demands/{demand.id}", headers=bearer)
    assert api.mimetype == "application/json"
    assert api.get_json()["title"] == PAYLOAD  # kept as typed; JSON is data, not markup


# --- confidentiality ------------------------------------------------------------------------


@pytest.fixture
def confidential(db: Session) -> dict[str, int]:
    """A demand, an event and a person, each with one public and one confidential source."""
    demand = DemandFactory()
    public = SourceFactory(title="PUBLIC-SOURCE")
    secret = SourceFactory(
        title="SECRET-SOURCE", url="https://secret.example.org/witness", is_confidential=True
    )
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 6, 1),
        sources=[public, secret],
        actor=None,
    )
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 7, 1),
        sources=[public],
        note="SECRET-NOTE from a witness",
        is_note_confidential=True,
        actor=None,
    )
    event = EventFactory()
    from tracker.models.events import event_sources

    db.execute(
        event_sources.insert(),
        [{"event_id": event.id, "source_id": s.id} for s in (public, secret)],
    )
    person = ActorFactory(kind=ActorKind.PERSON)
    record_situation(
        db,
        person,
        situation=Situation.DETAINED,
        since=dt.date(2017, 9, 3),
        source=secret,
        actor=None,
    )
    from tracker.models import LinkRole
    from tracker.services.actors import link_actor

    link_actor(db, demand, person, LinkRole.SUBJECT, actor=None)
    db.commit()
    return {
        "demand": demand.id,
        "event": event.id,
        "actor": person.id,
        "resolution": demand.paragraph.resolution_id,
    }


SECRETS = ("SECRET-SOURCE", "secret.example.org", "SECRET-NOTE")


def _texts(client: FlaskClient, ids: dict[str, int], token: str) -> dict[str, str]:
    bearer = {"Authorization": f"Bearer {token}"}
    paths = {
        "demand page": f"/demands/{ids['demand']}",
        "event page": f"/events/{ids['event']}",
        "actor page": f"/actors/{ids['actor']}",
        "report export": f"/reports/export?resolution={ids['resolution']}&format=md",
    }
    api = {
        "API demand": f"/api/v1/demands/{ids['demand']}",
        "API history": f"/api/v1/demands/{ids['demand']}/history",
        "API event": f"/api/v1/events/{ids['event']}",
        "API actor": f"/api/v1/actors/{ids['actor']}",
    }
    texts = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, name
        texts[name] = response.get_data(as_text=True)
    for name, path in api.items():
        response = client.get(path, headers=bearer)
        assert response.status_code == 200, name
        texts[name] = response.get_data(as_text=True)
    return texts


def test_a_viewer_never_sees_a_confidential_source_or_note(client, db, confidential) -> None:  # type: ignore[no-untyped-def]
    viewer = UserFactory(role=Role.VIEWER)
    _token, plain = create_token(db, viewer, name="t", scope=TokenScope.READ, actor=viewer)
    db.commit()
    _sign_in(client, viewer)
    for name, text in _texts(client, confidential, plain).items():
        for secret in SECRETS:
            assert secret not in text, f"{name} shows {secret} to a viewer"
        if name not in ("actor page", "API actor"):
            assert "PUBLIC-SOURCE" in text, name
    asked = client.get(
        f"/reports/export?resolution={confidential['resolution']}&format=md&confidential=1"
    )
    assert asked.status_code == 403


def test_an_analyst_sees_confidential_sources_and_notes(client, db, confidential) -> None:  # type: ignore[no-untyped-def]
    analyst = UserFactory(role=Role.ANALYST)
    _token, plain = create_token(db, analyst, name="t", scope=TokenScope.READ, actor=analyst)
    db.commit()
    _sign_in(client, analyst)
    texts = _texts(client, confidential, plain)
    for name in ("demand page", "event page", "actor page", "API demand", "API event", "API actor"):
        assert "SECRET-SOURCE" in texts[name], name
    assert "SECRET-NOTE" in texts["demand page"] and "SECRET-NOTE" in texts["API history"]
    # Exports leave them out unless an admin asks for a confidential export.
    assert "SECRET-SOURCE" not in texts["report export"]


def test_the_cli_export_leaves_confidential_sources_out(cli, confidential) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "export",
        "report",
        "--resolution",
        str(confidential["resolution"]),
        "--format",
        "md",
        "-o",
        "-",
    )
    assert result.exit_code == 0, result.output
    assert "PUBLIC-SOURCE" in result.output
    for secret in SECRETS:
        assert secret not in result.output
    shown = cli("demands", "show", str(confidential["demand"]), "--format", "json")
    for secret in SECRETS:
        assert secret not in shown.output


# --- accounts -------------------------------------------------------------------------------


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.ANALYST)
    db.commit()
    _sign_in(client, user)
    assert client.get("/").status_code == 200
    db.execute(update(User).where(User.id == user.id).values(is_active=False))
    db.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_change_needs_the_current_password(client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    _sign_in(client, user)
    new = "a brand new passphrase"
    wrong = client.post("/account/password", data={"current": "not it", "new": new, "confirm": new})
    assert wrong.status_code == 422
    assert "current password is wrong" in wrong.get_data(as_text=True)
    right = client.post(
        "/account/password", data={"current": TEST_PASSWORD, "new": new, "confirm": new}
    )
    assert right.status_code == 302
    client.post("/logout")
    assert (
        client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code
        == 200
    )
    assert client.post("/login", data={"email": user.email, "password": new}).status_code == 302
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "user.password")).all()
    assert len(audit) == 1 and audit[0].before is None and audit[0].after is None


def test_a_password_change_signs_out_the_other_sessions_only(app, client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    other = app.test_client()  # the same account signed in elsewhere (a lost laptop)
    _sign_in(client, user)
    _sign_in(other, user)
    assert other.get("/").status_code == 200
    new = "a brand new passphrase"
    changed = client.post(
        "/account/password", data={"current": TEST_PASSWORD, "new": new, "confirm": new}
    )
    assert changed.status_code == 302
    assert client.get("/").status_code == 200
    elsewhere = other.get("/")
    assert elsewhere.status_code == 302 and "/login" in elsewhere.headers["Location"]


def test_a_new_token_is_shown_once_and_can_be_revoked(client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    _sign_in(client, user)
    write = client.post("/account/tokens", data={"name": "sneaky", "scope": "write"})
    assert write.status_code == 422  # viewers are not offered write tokens
    created = client.post("/account/tokens", data={"name": "export script", "scope": "read"})
    assert created.status_code == 200
    page = created.get_data(as_text=True)
    plain = page.split("<pre><code>")[1].split("</code>")[0]
    assert plain.startswith("trk_")
    assert created.headers["Cache-Control"] == "no-store"
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert plain not in listing and plain[:10] in listing
    assert (
        client.get("/api/v1/demands", headers={"Authorization": f"Bearer {plain}"}).status_code
        == 200
    )
    from tracker.models import ApiToken

    token = db.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert (
        client.get("/api/v1/demands", headers={"Authorization": f"Bearer {plain}"}).status_code
        == 401
    )


def test_admins_create_users_change_roles_and_deactivate(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    admin = auth.login(Role.ADMIN)
    created = client.post(
        "/admin/users/new", data={"email": "New@Example.org", "name": "New", "role": "viewer"}
    )
    assert created.status_code == 200
    user = db.scalar(select(User).where(User.email == "new@example.org"))
    assert user is not None and user.role == Role.VIEWER
    password = created.get_data(as_text=True).split("<pre><code>")[1].split("</code>")[0]
    assert client.post(f"/admin/users/{user.id}/role", data={"role": "analyst"}).status_code == 302
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    db.expire_all()
    assert user.role == Role.ANALYST and not user.is_active
    # A deactivated user cannot sign in; reactivated, they can.
    fresh = client.application.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": password}).status_code == 200
    assert client.post(f"/admin/users/{user.id}/reactivate").status_code == 302
    assert fresh.post("/login", data={"email": user.email, "password": password}).status_code == 302
    # The last admin cannot lock everyone out.
    for only_admin in db.scalars(select(User).where(User.role == Role.ADMIN, User.id != admin.id)):
        only_admin.role = Role.VIEWER
    db.commit()
    refused = client.post(
        f"/admin/users/{admin.id}/role", data={"role": "viewer"}, follow_redirects=True
    )
    assert "last active admin" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, admin.id).role == Role.ADMIN
    actions = set(
        db.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_id == user.id, AuditEvent.entity_type == "users"
            )
        )
    )
    assert {"user.create", "user.role", "user.deactivate", "user.reactivate"} <= actions


# --- headers: HSTS and caches (issue 16) -------------------------------------------------------


def test_hsts_is_sent_when_cookies_are_secure(engine, session_factory, db) -> None:  # type: ignore[no-untyped-def]
    plain = make_app(engine, session_factory).test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    app = make_app(engine, session_factory, SESSION_COOKIE_SECURE=True)
    for path in ("/login", "/health", "/nowhere", "/api/v1/demands"):
        response = app.test_client().get(path, base_url="https://localhost")
        hsts = response.headers.get("Strict-Transport-Security", "")
        assert "max-age=31536000" in hsts, path


def test_the_sign_in_page_and_api_errors_are_never_cached(client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.VIEWER)
    _token, plain = create_token(db, user, name="t", scope=TokenScope.READ, actor=user)
    db.commit()
    bearer = {"Authorization": f"Bearer {plain}"}
    for response in (
        client.get("/login"),
        client.post("/login", data={"email": user.email, "password": "wrong"}),
        client.get("/api/v1/demands/2147483647", headers=bearer),
        client.get("/api/v1/nowhere", headers=bearer),
        client.get("/api/v1/demands"),  # 401
        client.get("/api/v1/demands?page=0", headers=bearer),  # 422
    ):
        assert response.headers.get("Cache-Control") == "no-store", response.request.path
    static = client.get("/static/css/app.css")
    static.close()
    assert static.headers.get("Cache-Control") != "no-store"


# --- sessions (issue 16): a copied cookie stops working -----------------------------------------


def _copied_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _is_signed_in(app, cookie: str) -> bool:  # type: ignore[no-untyped-def]
    """Replay `cookie` from another browser: does it open the dashboard?"""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    return False


def test_a_cookie_replayed_after_sign_out_is_refused(app, client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    _sign_in(client, user)
    copied = _copied_cookie(client)
    assert _is_signed_in(app, copied)
    assert client.post("/logout").status_code == 302
    assert not _is_signed_in(app, copied)
    assert client.get("/").status_code == 302
    # Signing in again works, with a cookie of its own.
    _sign_in(client, user)
    assert _is_signed_in(app, _copied_cookie(client))
    assert not _is_signed_in(app, copied)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.logout")) is not None


def test_a_cookie_replayed_after_a_password_change_is_refused(app, client, db) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    _sign_in(client, user)
    copied = _copied_cookie(client)
    new = "a brand new passphrase"
    changed = client.post(
        "/account/password", data={"current": TEST_PASSWORD, "new": new, "confirm": new}
    )
    assert changed.status_code == 302
    assert client.get("/").status_code == 200  # the session that changed it goes on
    assert not _is_signed_in(app, copied)


def test_deactivation_ends_sessions_and_tokens_and_reactivation_revives_neither(
    app, client, db
) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.ANALYST)
    _token, plain = create_token(db, user, name="script", scope=TokenScope.WRITE, actor=user)
    db.commit()
    bearer = {"Authorization": f"Bearer {plain}"}
    victim = app.test_client()
    _sign_in(victim, user)
    copied = _copied_cookie(victim)
    admin = app.test_client()
    _sign_in(admin, UserFactory(role=Role.ADMIN))
    db.commit()
    assert admin.get("/api/v1/demands", headers=bearer).status_code == 200
    assert admin.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert admin.post(f"/admin/users/{user.id}/reactivate").status_code == 302
    assert not _is_signed_in(app, copied)
    assert victim.get("/").status_code == 302
    assert admin.get("/api/v1/demands", headers=bearer).status_code == 401
    revoked = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "token.revoke", AuditEvent.entity_id == _token.id
        )
    ).all()
    assert len(revoked) == 1
    # The user signs in again with their password; the old token stays dead.
    _sign_in(victim, user)
    assert victim.get("/").status_code == 200
    assert victim.get("/api/v1/demands", headers=bearer).status_code == 401


def test_a_session_ends_when_idle_and_at_the_end_of_its_lifetime(
    app, client, db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tracker.web.auth import sessions

    now = [1_800_000_000.0]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    idle = app.config["TRACKER_SESSION_IDLE"].total_seconds()
    lifetime = app.config["TRACKER_SESSION_LIFETIME"].total_seconds()
    assert (idle, lifetime) == (8 * 3600, 7 * 24 * 3600)  # the defaults
    _sign_in(client, user)
    # Active every 7 hours: never idle for 8, yet the session ends after 7 days.
    for _ in range(int(lifetime // (7 * 3600))):
        now[0] += 7 * 3600
        assert client.get("/").status_code == 200
    now[0] += 7 * 3600
    ended = client.get("/")
    assert ended.status_code == 302 and "/login" in ended.headers["Location"]
    assert "Your session has ended" in client.get("/login").get_data(as_text=True)
    # Idle for longer than 8 hours: ended, even a day after signing in.
    _sign_in(client, user)
    now[0] += idle - 60
    assert client.get("/").status_code == 200
    copied = _copied_cookie(client)
    now[0] += idle + 1
    assert client.get("/").status_code == 302
    assert not _is_signed_in(app, copied)


def test_the_session_limits_are_settings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tracker.config import Settings

    monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("TRACKER_SESSION_LIFETIME_HOURS", "12")
    flask_config = Settings.from_env().to_flask()
    assert flask_config["TRACKER_SESSION_IDLE"] == dt.timedelta(minutes=30)
    assert flask_config["TRACKER_SESSION_LIFETIME"] == dt.timedelta(hours=12)
    monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(SystemExit, match="at least 1"):
        Settings.from_env()


def test_admins_list_and_revoke_another_users_tokens(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    admin = auth.login(Role.ADMIN)
    owner = UserFactory(role=Role.ANALYST)
    token, plain = create_token(
        db, owner, name="nightly export", scope=TokenScope.READ, actor=owner
    )
    db.commit()
    page = client.get(f"/admin/users/{owner.id}/tokens")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "nightly export" in text and token.prefix in text and plain not in text
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/demands", headers=bearer).status_code == 200
    revoked = client.post(f"/admin/users/{owner.id}/tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    assert client.get("/api/v1/demands", headers=bearer).status_code == 401
    audit = db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "token.revoke", AuditEvent.entity_id == token.id
        )
    )
    assert audit is not None and audit.user_id == admin.id
    # A token is revoked through its owner's address only.
    other = UserFactory(role=Role.VIEWER)
    db.commit()
    assert client.post(f"/admin/users/{other.id}/tokens/{token.id}/revoke").status_code == 404


@pytest.mark.parametrize(
    "email", ["x<script>@sec.test", "two@@example.org", "a b@example.org", "no-domain@", "a@b"]
)
def test_an_invalid_email_is_refused_when_creating_a_user(client, auth, db, email) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    response = client.post("/admin/users/new", data={"email": email, "name": "", "role": "viewer"})
    assert response.status_code == 422
    assert "not an email address" in response.get_data(as_text=True).lower()
    assert db.scalar(select(User).where(User.email == email.lower())) is None


def test_an_internationalised_email_is_accepted_and_stored_in_lower_case(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ADMIN)
    response = client.post(
        "/admin/users/new", data={"email": "Sok.Chea@Bücher.Example", "name": "", "role": "viewer"}
    )
    assert response.status_code == 200
    assert db.scalar(select(User).where(User.email == "sok.chea@bücher.example")) is not None
