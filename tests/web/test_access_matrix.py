"""Who may call what: every route of the URL map × anonymous, viewer, analyst and admin →
the expected status, from the table below. A route missing from the table fails the test, so
a new page or API call cannot ship without someone deciding who may use it.

Requests are the emptiest possible: GET without parameters, POST with an empty form (CSRF is
off here; tests/web/test_security.py covers it), API POSTs with `{}`. API calls carry a bearer
token of the role's user (write scope for analysts and admins, read scope for viewers)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import TEST_PASSWORD, UserFactory
from tests.web.routes import all_routes, make_records
from tracker.models import Role, TokenScope
from tracker.services.tokens import create_token

ROLES = ("anonymous", "viewer", "analyst", "admin")

# (anonymous, viewer, analyst, admin)
PUBLIC = (200, 200, 200, 200)
READ = (302, 200, 200, 200)  # signed-in users read; strangers are sent to sign in
ANALYST_PAGE = (302, 403, 200, 200)
ANALYST_POST_INVALID = (302, 403, 422, 422)  # an empty form is refused, and says why
ADMIN_PAGE = (302, 403, 403, 200)
API_READ = (401, 200, 200, 200)
API_WRITE = (401, 403, 422, 422)  # viewers' tokens cannot write; `{}` is not a valid body

# endpoint → {method: expected statuses}. Add new routes here.
EXPECTED: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "static": {"GET": PUBLIC},
    "main.health": {"GET": PUBLIC},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},  # an empty form re-renders with errors
    "auth.logout": {"POST": (302, 302, 302, 302)},
    "main.dashboard": {"GET": READ},
    "resolutions.list_page": {"GET": READ},
    "resolutions.detail": {"GET": READ},
    "resolutions.import_page": {"GET": ANALYST_PAGE, "POST": ANALYST_POST_INVALID},
    "resolutions.confirm_import": {"POST": (302, 403, 302, 302)},  # back to the import form
    "resolutions.edit_paragraph": {"GET": ANALYST_PAGE},
    "resolutions.change_kind": {"POST": ANALYST_POST_INVALID},
    "resolutions.add_paragraph_demand": {"POST": ANALYST_POST_INVALID},
    "resolutions.split_paragraph_demand": {"POST": ANALYST_POST_INVALID},
    "resolutions.merge_paragraph_demands": {"POST": ANALYST_POST_INVALID},
    "resolutions.delete_paragraph_demand": {"POST": ANALYST_POST_INVALID},
    "demands.list_page": {"GET": READ},
    "demands.export_csv": {"GET": READ},
    "demands.detail": {"GET": READ},
    "demands.edit": {"GET": ANALYST_PAGE, "POST": ANALYST_PAGE},  # the form again
    "demands.record_update": {"POST": ANALYST_POST_INVALID},
    "demands.source_options": {"GET": ANALYST_PAGE},
    "demands.set_thread": {"POST": (302, 403, 302, 302)},  # flashes "give a thread"
    "demands.decide_match": {"POST": (302, 403, 400, 400)},
    # Correcting a demand's links: an empty add form says why; an empty remove button is bad.
    "demands.add_actor": {"POST": ANALYST_POST_INVALID},
    "demands.remove_actor": {"POST": (302, 403, 400, 400)},
    "demands.add_event": {"POST": ANALYST_POST_INVALID},
    "demands.remove_event": {"POST": (302, 403, 400, 400)},
    "demands.add_theme": {"POST": ANALYST_POST_INVALID},
    "demands.remove_theme": {"POST": (302, 403, 400, 400)},
    "demands.set_country": {"POST": ANALYST_POST_INVALID},
    "demands.suggest": {"GET": ANALYST_PAGE},
    "actors.list_page": {"GET": READ},
    "actors.detail": {"GET": READ},
    "actors.add_alias_view": {"POST": ANALYST_POST_INVALID},
    "actors.record_situation_view": {"POST": ANALYST_POST_INVALID},
    "actors.merge_view": {"POST": (302, 403, 403, 422)},
    "events.list_page": {"GET": READ},
    "events.detail": {"GET": READ},
    "events.create": {"GET": ANALYST_PAGE, "POST": ANALYST_POST_INVALID},
    "events.edit": {"GET": ANALYST_PAGE, "POST": ANALYST_POST_INVALID},
    "threads.list_page": {"GET": READ},
    "threads.detail": {"GET": READ},
    "search.results_page": {"GET": READ},
    "briefings.page": {"GET": READ},
    "briefings.download": {"GET": (302, 400, 400, 400)},
    "reports.export": {"GET": (302, 400, 400, 400)},
    "account.password": {"GET": READ, "POST": (302, 422, 422, 422)},
    "account.tokens": {"GET": READ, "POST": (302, 422, 422, 422)},
    "account.revoke": {"POST": (302, 404, 404, 404)},  # someone else's token: not found
    "admin.audit_log": {"GET": ADMIN_PAGE},
    "admin.backup_page": {"GET": ADMIN_PAGE, "POST": ADMIN_PAGE},
    "admin.users": {"GET": ADMIN_PAGE},
    "admin.create_user_view": {"POST": (302, 403, 403, 422)},
    "admin.change_role_view": {"POST": (302, 403, 403, 400)},
    "admin.deactivate_user_view": {"POST": (302, 403, 403, 302)},
    "admin.reactivate_user_view": {"POST": (302, 403, 403, 302)},
    "admin.user_tokens": {"GET": ADMIN_PAGE},
    "admin.revoke_user_token": {"POST": (302, 403, 403, 302)},
    "api.openapi": {"GET": API_READ},
    "api.list_resolutions_api": {"GET": API_READ},
    "api.get_resolution_api": {"GET": API_READ},
    "api.list_demands_api": {"GET": API_READ},
    "api.get_demand_api": {"GET": API_READ},
    "api.get_history_api": {"GET": API_READ},
    "api.record_status_update_api": {"POST": API_WRITE},
    "api.link_actor_api": {"POST": API_WRITE},
    "api.list_threads_api": {"GET": API_READ},
    "api.get_thread_api": {"GET": API_READ},
    "api.list_actors_api": {"GET": API_READ},
    "api.get_actor_api": {"GET": API_READ},
    "api.create_actor_api": {"POST": API_WRITE},
    "api.list_events_api": {"GET": API_READ},
    "api.get_event_api": {"GET": API_READ},
    "api.create_event_api": {"POST": API_WRITE},
}


def _sign_in(client: FlaskClient, db: Session, role: str) -> str | None:
    """Sign `client` in as a new user of `role`; returns their API token."""
    if role == "anonymous":
        return None
    user = UserFactory(role=Role(role))
    scope = TokenScope.READ if role == "viewer" else TokenScope.WRITE
    _token, plain = create_token(db, user, name="matrix", scope=scope, actor=user)
    db.commit()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return plain


def test_every_route_has_an_entry_in_the_table(app: Flask) -> None:
    routed = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    tabled = {(endpoint, method) for endpoint, methods in EXPECTED.items() for method in methods}
    missing = sorted(routed - tabled)
    assert not missing, (
        "routes without an entry in EXPECTED (tests/web/test_access_matrix.py): "
        + ", ".join(f"{m} {e}" for e, m in missing)
    )
    stale = sorted(tabled - routed)
    assert not stale, f"entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_route(
    app: Flask, client: FlaskClient, db: Session, role: str
) -> None:
    records = make_records(db)
    token = _sign_in(client, db, role)
    session_cookie = client.get_cookie("session")
    column = ROLES.index(role)
    wrong = []
    # Signing out ends every session of the account (the replayed cookie too): it goes last.
    routes = sorted(all_routes(app, records), key=lambda r: r.endpoint == "auth.logout")
    for route in routes:
        expected = EXPECTED.get(route.endpoint, {}).get(route.method)
        if expected is None:
            continue  # reported by test_every_route_has_an_entry_in_the_table
        # Each request starts from the signed-in session.
        if session_cookie is not None:
            client.set_cookie("session", session_cookie.value)
        headers = (
            {"Authorization": f"Bearer {token}"} if token and route.path.startswith("/api/") else {}
        )
        body = {"json": {}} if route.path.startswith("/api/") else {"data": {}}
        try:
            response = client.open(
                route.path,
                method=route.method,
                headers=headers,
                **(body if route.method != "GET" else {}),
            )
        except Exception as exc:  # one crash must not hide the rest of the matrix
            wrong.append(f"{route}: raised {type(exc).__name__}: {exc}")
            continue
        response.close()
        if response.status_code != expected[column]:
            wrong.append(f"{route}: {response.status_code}, expected {expected[column]}")
        elif role == "anonymous" and response.status_code == 302:
            assert "/login" in response.headers["Location"], route
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
