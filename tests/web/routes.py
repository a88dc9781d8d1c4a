"""Every route of the app's URL map with a concrete address: the records each URL parameter
names are made here, once, for the access-matrix and security-header tests."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, EventFactory, UserFactory
from tracker.models import Role, TokenScope
from tracker.services.threads import attach_demand, create_thread
from tracker.services.tokens import create_token

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.endpoint})"


def make_records(db: Session) -> dict[str, object]:
    """A value for every URL parameter in the map. A new parameter name fails the tests with
    a message saying to add it here."""
    demand = DemandFactory()
    thread = create_thread(db, title="Thread", actor=None)
    attach_demand(db, demand, thread, actor=None)
    # Someone else's account and token: actions on them must not be open to everyone.
    other = UserFactory(role=Role.VIEWER)
    token, _plain = create_token(db, other, name="other's", scope=TokenScope.READ, actor=other)
    records: dict[str, object] = {
        "demand_id": demand.id,
        "resolution_id": demand.paragraph.resolution_id,
        "actor_id": ActorFactory().id,
        "event_id": EventFactory().id,
        "thread_id": thread.id,
        "user_id": other.id,
        "token_id": token.id,
        "filename": "css/app.css",
        "position": demand.paragraph.position,  # of the demand's paragraph in its resolution
        "role": "addressee",
        "what": "actors",
    }
    db.commit()
    return records


def all_routes(app: Flask, records: dict[str, object]) -> list[Route]:
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        missing = rule.arguments - records.keys()
        assert not missing, (
            f"{rule.rule} has URL parameter(s) {sorted(missing)}: give them a value in "
            "make_records() in tests/web/routes.py"
        )
        values = {name: records[name] for name in rule.arguments}
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            path = adapter.build(rule.endpoint, values, method=method)
            routes.append(Route(rule.endpoint, method, path))
    return routes
