"""Property: no route of the URL map answers 5xx to hostile input, whoever asks.

For every route and method of the app (pages, forms, downloads, the API) and as each role
(viewer, analyst, admin), hypothesis sends NUL bytes, other control characters, 20-digit and
out-of-range ids, non-ASCII digits and 100 KB strings: in the path's ids, in query parameters and
in form fields (each mixed into an otherwise plausible form, so that the hostile value reaches
past the first validator) or JSON bodies. A fixed, derandomised number of examples per route
keeps the run to a minute or two on each database."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.factories import TEST_PASSWORD, UserFactory
from tests.web.routes import make_records
from tracker.models import Role, TokenScope
from tracker.services.tokens import create_token

EXAMPLES_PER_ROUTE = 6
ROLES = (Role.VIEWER, Role.ANALYST, Role.ADMIN)

HOSTILE_IDS = ["9" * 20, "99999999999", "2147483648", "0", "-1", "²", "1e3", "0x10", "%00"]
HOSTILE_TEXT = [
    "a\x00b",
    "\x00",
    "\x01\x02\x03",
    "\x1b[31mred",
    "\x7f",
    "line\nbreak",
    "tab\there",
    "\ufeff\u200b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "x" * 100_000,
    "9" * 20,
]
hostile = st.one_of(
    st.sampled_from(HOSTILE_TEXT + HOSTILE_IDS),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=4),
    st.text(max_size=12),
)

# Query parameters the pages and the API read, each with a plausible value.
PLAUSIBLE_QUERY = {
    "q": "kem", "country": "KH", "status": "not_implemented", "resolution": "1",
    "addressee": "1", "subject": "1", "actor": "1", "thread": "1", "theme": "release",
    "body": "European Parliament", "since": "2020-01-01", "until": "2024-01-01",
    "sort": "deadline", "page": "1", "per_page": "10", "kind": "person", "type": "demand",
    "format": "md", "scope": "country", "value": "KH", "confidential": "1",
    "entity_type": "demands", "entity_id": "1", "user": "1", "timeline": "1", "stale": "1",
    "overdue": "1", "next": "/demands",
}  # fmt: skip
# A plausible value for every form field of the app: a hostile value replaces some of them.
PLAUSIBLE_FORM = {
    "email": "someone@example.org",
    "password": TEST_PASSWORD,
    "current": "not the password",  # the change is refused: the session must live on
    "new": "a new passphrase 1",
    "confirm": "a new passphrase 1",
    "name": "A name",
    "role": "viewer",
    "scope": "read",
    "status": "not_implemented",
    "assessed_on": "2023-06-01",
    "source_url": "https://news.example.org/a",
    "source_title": "A title",
    "note": "A note",
    "response": "none",
    "existing_source": "",
    "corrects_id": "",
    "title": "A title",
    "text": "1. Calls for the release of Kem Sokha;",
    "deadline": "2024",
    "condition": "",
    "version": "1",
    "thread_id": "1",
    "new_title": "",
    "other_id": "1",
    "decision": "dismiss",
    "alias": "Another name",
    "situation": "detained",
    "since": "2017",
    "duplicate_id": "2",
    "kind": "arrest",
    "date": "2017-09-03",
    "country": "KH",
    "description": "What happened",
    "participants": "Kem Sokha — detainee",
    "demands-0-paragraph_position": "1",
    "demands-0-include": "y",
    "demands-0-title": "Release Kem Sokha",
    "demands-0-addressees": "the Cambodian authorities",
    "demands-0-subjects": "Kem Sokha",
    "demands-0-join_with": "1",
    "demands-0-join": "y",
}
PLAUSIBLE_JSON: dict[str, Any] = {
    "status": "not_implemented",
    "assessed_on": "2023-06-01",
    "sources": [{"url": "https://news.example.org/a"}],
    "note": "A note",
    "name": "A name",
    "kind": "person",
    "title": "A title",
    "occurred_on": "2017-09-03",
    "actor_id": 1,
    "role": "subject",
}

_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _path(rule: str, values: dict[str, object]) -> str:
    return _ARGUMENT.sub(lambda m: quote(str(values[m.group(1)]), safe="/"), rule)


def _routes(app: Flask) -> list[tuple[str, str, str, frozenset[str]]]:
    """(endpoint, method, rule, arguments) for every route, signing out last."""
    routes = [
        (rule.endpoint, method, rule.rule, frozenset(rule.arguments))
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]
    return sorted(routes, key=lambda r: (r[0] == "auth.logout", r[0], r[1]))


def _request(
    method: str,
    rule: str,
    arguments: frozenset[str],
    records: dict[str, object],
    data: st.DataObject,
) -> dict[str, Any]:
    """One request whose path, query string or body (one of them) is hostile; the rest is
    plausible, so that the hostile part gets past the first check."""
    ids = sorted(arguments - {"filename"})
    targets = ["query", *(["path"] if ids else []), *(["body"] if method != "GET" else [])]
    target = data.draw(st.sampled_from(targets), label="target")
    values = dict(records)
    if target == "path":
        name = data.draw(st.sampled_from(ids), label="argument")
        values[name] = data.draw(st.sampled_from(HOSTILE_IDS), label=name)
    names = sorted(PLAUSIBLE_QUERY)
    query = {
        name: PLAUSIBLE_QUERY[name]
        for name in data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    }
    if target == "query":
        hostile_names = st.one_of(st.sampled_from(names), st.text(max_size=6))
        query.update(data.draw(st.dictionaries(hostile_names, hostile, min_size=1, max_size=2)))
    request: dict[str, Any] = {"path": _path(rule, values), "method": method, "query_string": query}
    if method == "GET":
        return request
    plausible: dict[str, Any] = PLAUSIBLE_JSON if rule.startswith("/api/") else PLAUSIBLE_FORM
    replaced = {}
    if target == "body":
        fields = st.sampled_from(sorted(plausible))
        replaced = data.draw(st.dictionaries(fields, hostile, min_size=1, max_size=3), label="body")
    request["json" if rule.startswith("/api/") else "data"] = {**plausible, **replaced}
    return request


def _describe(request: dict[str, Any]) -> str:
    def short(value: Any) -> str:
        text = repr(value)
        return text if len(text) < 200 else text[:200] + "…"

    return (
        f"{request['method']} {short(request['path'])} query={short(request['query_string'])} "
        + (f"body={short(request.get('data') or request.get('json'))}")
    )


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_no_route_answers_5xx_to_hostile_input(
    app: Flask, client: FlaskClient, db: Session, role: Role
) -> None:  # type: ignore[no-untyped-def]
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash is a 500 to count, not an exception
    records = make_records(db)
    user = UserFactory(role=role)
    scope = TokenScope.READ if role == Role.VIEWER else TokenScope.WRITE
    _token, plain = create_token(db, user, name="hostile", scope=scope, actor=user)
    db.commit()
    assert (
        client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code
        == 302
    )
    session_cookie = client.get_cookie("session")
    assert session_cookie is not None
    bearer = {"Authorization": f"Bearer {plain}"}
    failures: list[str] = []
    sent = 0

    routes = _routes(app)
    assert len(routes) > 50
    for endpoint, method, rule, arguments in routes:
        send = _sender(client, session_cookie.value, bearer, records, failures)
        sent += send(endpoint, method, rule, arguments)

    assert sent >= len(routes) * 2
    assert not failures, f"as {role.value}, {len(failures)} of {sent} requests:\n" + "\n".join(
        failures[:30]
    )


def _sender(client, cookie, bearer, records, failures):  # type: ignore[no-untyped-def]
    """Sends EXAMPLES_PER_ROUTE generated requests to one route; returns how many it sent."""

    def send(endpoint: str, method: str, rule: str, arguments: frozenset[str]) -> int:
        sent = 0

        @given(data=st.data())
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def one(data: st.DataObject) -> None:
            nonlocal sent
            request = _request(method, rule, arguments, records, data)
            client.set_cookie("session", cookie)
            headers = bearer if rule.startswith("/api/") else {}
            path = request.pop("path")
            response = client.open(path, headers=headers, **request)
            response.close()
            sent += 1
            if response.status_code >= 500:
                failures.append(
                    f"{response.status_code} for {_describe({'path': path, **request})}"
                )

        one()
        return sent

    return send
