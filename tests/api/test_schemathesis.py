"""schemathesis against the live app's own OpenAPI document, with every check it has, on
positive and negative data: a fixed, derandomised number of generated calls per operation; no
5xx, every response matches the document, valid data is accepted and invalid data refused.

Two things a document cannot say are given to the generator, as it is given the ids in paths:
which records exist (an `actor_id` or `corrects_id` in a body names a seeded record) and what
"not in the future" means today and "not before the resolution" for the seeded demand (dates
in positive bodies lie between the two)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import CHECKS, load_all_checks
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.api.conftest import make_token
from tests.clocks.texts import import_concluding_observations
from tests.factories import ActorFactory, DemandFactory, EventFactory, SourceFactory, UserFactory
from tracker.models import Clock, LinkRole, Role, Status, TokenScope
from tracker.services.actors import link_actor
from tracker.services.followup import record_status_update
from tracker.services.threads import attach_demand, create_thread
from tracker.services.watches import add_watch

EXAMPLES = 20


def all_checks() -> list:  # type: ignore[type-arg]
    load_all_checks()
    return [check for check in CHECKS.get_all() if not isinstance(check, type)]


def _seed(db: Session) -> dict[str, Any]:
    """One record of each kind, so that detail calls answer 200 and not only 404."""
    demand = DemandFactory()
    actor = ActorFactory()
    link_actor(db, demand, actor, LinkRole.SUBJECT, actor=None)
    update = record_status_update(
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
        "update_id": update.id,
        "resolution_date": demand.paragraph.resolution.adopted_on.isoformat(),
    }


def _existing(value: Any, ids: dict[str, Any]) -> Any:
    """A positive body as the document allows it, pointing at seeded records, dated no later
    than today."""
    today = dt.date.today().isoformat()
    if isinstance(value, list):
        return [_existing(item, ids) for item in value]
    if not isinstance(value, dict):
        return value
    shaped = {key: _existing(item, ids) for key, item in value.items()}
    if "actor_id" in shaped:
        shaped["actor_id"] = ids["actor_id"]
    if shaped.get("corrects_id") is not None:
        shaped["corrects_id"] = ids["update_id"]
    received = shaped.get("received_on")
    if isinstance(received, str):
        shaped["received_on"] = min(max(received, ids.get("clock_starts_on", received)), today)
    if shaped.get("grade") is not None:  # the grades are the seeded clock's rule's (A to E)
        shaped["grade"] = "B"
    # A watch names one seeded record (or the seeded country).
    for key in ("demand", "actor", "thread", "resolution"):
        if shaped.get(key) is not None:
            shaped[key] = ids[f"{key}_id"]
    if isinstance(shaped.get("country"), str) and "kind" not in shaped and "name" not in shaped:
        shaped["country"] = "KH"
    for key in ("assessed_on", "occurred_on"):
        if isinstance(shaped.get(key), str) and shaped[key] > today:
            shaped[key] = today
    if (
        isinstance(shaped.get("assessed_on"), str)
        and shaped["assessed_on"] < ids["resolution_date"]
    ):
        shaped["assessed_on"] = ids["resolution_date"]
    return shaped


def _exercise(strategy, label, headers, checks, examples, statuses) -> None:  # type: ignore[no-untyped-def]
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
        response = case.call_and_validate(headers=headers, checks=checks)
        statuses.setdefault(label, set()).add(response.status_code)

    call()


def _run(
    app,
    db: Session,
    role: Role,
    mode: schemathesis.GenerationMode,
    *,
    examples: int = EXAMPLES,
    writes_only: bool = False,
) -> dict[str, set[int]]:
    """Every operation's generated calls; returns the statuses each operation answered."""
    ids = _seed(db)
    user = UserFactory(role=role)
    # A reply clock (from an adopted text) and a watch of the caller's, for their own calls.
    resolution = import_concluding_observations(db)
    clock = db.scalars(select(Clock).where(Clock.resolution_id == resolution.id)).one()
    ids["clock_id"], ids["clock_starts_on"] = clock.id, clock.starts_on.isoformat()
    ids["watch_id"] = add_watch(db, user, "actor", ids["actor_id"], actor=None).id
    db.commit()
    token = make_token(
        db, role, TokenScope.WRITE if role != Role.VIEWER else TokenScope.READ, user=user
    )
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=headers)
    # The token is sent with every call (below) rather than generated: a generated bearer token
    # would only ever meet a 401. Anonymous calls are covered by the API's own tests.
    schema.config.generation.update(with_security_parameters=False)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    if writes_only:
        operations = [op for op in operations if op.method.upper() != "GET"]
    checks = all_checks()
    assert len(checks) >= 14
    statuses: dict[str, set[int]] = {}
    if mode == schemathesis.GenerationMode.NEGATIVE:
        # With the path's ids given, an operation without query or body has nothing to break.
        operations = [op for op in operations if len(op.query) or len(op.body)]
    for operation in operations:
        known = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=known)
        if mode == schemathesis.GenerationMode.POSITIVE:

            def shape(case):  # type: ignore[no-untyped-def]
                if case.body is not None:
                    case.body = _existing(case.body, ids)
                return case

            strategy = strategy.map(shape)

        _exercise(strategy, operation.label, headers, checks, examples, statuses)
    return statuses


def test_generated_valid_calls_pass_every_check(app, db) -> None:  # type: ignore[no-untyped-def]
    statuses = _run(app, db, Role.ANALYST, schemathesis.GenerationMode.POSITIVE)
    # Signed in and accepted: each operation answered with success at least once.
    assert all(any(200 <= s < 300 for s in seen) for seen in statuses.values()), statuses


def test_generated_invalid_calls_pass_every_check(app, db) -> None:  # type: ignore[no-untyped-def]
    statuses = _run(app, db, Role.ANALYST, schemathesis.GenerationMode.NEGATIVE, examples=10)
    assert 422 in set().union(*statuses.values()), statuses


def test_a_viewer_trying_to_write_gets_documented_refusals(app, db) -> None:  # type: ignore[no-untyped-def]
    statuses = _run(
        app, db, Role.VIEWER, schemathesis.GenerationMode.POSITIVE, examples=5, writes_only=True
    )
    assert all(seen == {403} for seen in statuses.values()), statuses
