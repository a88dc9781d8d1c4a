"""schemathesis against the live app's own OpenAPI document: a fixed, derandomised number of
generated calls per operation; no 5xx, and every response matches the document."""

from __future__ import annotations

import datetime as dt

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from tests.api.conftest import make_token
from tests.factories import ActorFactory, DemandFactory, EventFactory, SourceFactory
from tracker.models import LinkRole, Role, Status, TokenScope
from tracker.services.actors import link_actor
from tracker.services.followup import record_status_update
from tracker.services.threads import attach_demand, create_thread

EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _seed(db: Session) -> dict[str, int]:
    """One record of each kind, so that detail calls answer 200 and not only 404."""
    demand = DemandFactory()
    actor = ActorFactory()
    link_actor(db, demand, actor, LinkRole.SUBJECT, actor=None)
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 1, 2),
        sources=[SourceFactory(), SourceFactory(is_confidential=True)],
        note="n",
        is_note_confidential=True,
        actor=None,
    )
    thread = create_thread(db, title="A thread", actor=None)
    attach_demand(db, demand, thread, actor=None)
    event = EventFactory()
    db.commit()
    return {
        "demand_id": demand.id,
        "actor_id": actor.id,
        "event_id": event.id,
        "thread_id": thread.id,
        "resolution_id": demand.paragraph.resolution_id,
    }


def _run(
    app,
    db: Session,
    role: Role,
    mode: schemathesis.GenerationMode,
    checks: list,  # type: ignore[no-untyped-def,type-arg]
    *,
    examples: int = EXAMPLES,
    writes_only: bool = False,
) -> None:
    ids = _seed(db)
    token = make_token(db, role, TokenScope.WRITE if role != Role.VIEWER else TokenScope.READ)
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    if writes_only:
        operations = [op for op in operations if op.method.upper() != "GET"]
    for operation in operations:
        known = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=known)

        @given(case=strategy)
        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=checks)

        call()


def test_generated_valid_calls_get_no_5xx_and_conform_to_the_document(app, db) -> None:  # type: ignore[no-untyped-def]
    _run(app, db, Role.ANALYST, schemathesis.GenerationMode.POSITIVE, CHECKS)


def test_generated_invalid_calls_get_no_5xx(app, db) -> None:  # type: ignore[no-untyped-def]
    _run(
        app,
        db,
        Role.ANALYST,
        schemathesis.GenerationMode.NEGATIVE,
        [not_a_server_error, content_type_conformance],
        examples=10,
    )


def test_a_viewer_trying_to_write_gets_documented_refusals(app, db) -> None:  # type: ignore[no-untyped-def]
    _run(
        app,
        db,
        Role.VIEWER,
        schemathesis.GenerationMode.POSITIVE,
        CHECKS,
        examples=5,
        writes_only=True,
    )
