"""Concurrent writers: every status update lands, and concurrent edits meet optimistic locking."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from tests.backup.children import record_updates
from tests.backup.helpers import migrated_engine
from tracker import models as m
from tracker.db import begin_write, make_sessionmaker
from tracker.services.editing import edit_demand
from tracker.services.errors import EditConflict
from tracker.services.followup import effective_updates_query, record_status_update

WORKERS, EACH = 8, 50


@pytest.fixture
def one_demand(backend: str, tmp_path: Path) -> Iterator[tuple[Engine, dict[str, int]]]:
    engine = migrated_engine(backend, "bk_conc", tmp_path)
    with make_sessionmaker(engine)() as session:
        user = m.User(email="analyst@example.org", password_hash="x", role=m.Role.ANALYST)
        source = m.Source(url="https://example.org/evidence", title="Evidence")
        resolution = m.Resolution(title="R", source_text="t", source_sha256="0" * 64)
        session.add_all([user, source, resolution])
        session.flush()
        paragraph = m.Paragraph(
            resolution_id=resolution.id, position=1, text="calls for", kind=m.ParagraphKind.DEMAND
        )
        session.add(paragraph)
        session.flush()
        demand = m.Demand(paragraph_id=paragraph.id, title="Release Kem Sokha")
        session.add(demand)
        session.commit()
        ids = {"user": user.id, "source": source.id, "demand": demand.id}
    yield engine, ids
    engine.dispose()


def test_eight_processes_recording_fifty_updates_each_on_one_demand_all_land(
    one_demand: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = one_demand
    url = engine.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(WORKERS)
    workers = [
        spawn.Process(
            target=record_updates,
            args=(url, ids["demand"], ids["user"], ids["source"], w, EACH, barrier),
        )
        for w in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert [w.exitcode for w in workers] == [0] * WORKERS
    with make_sessionmaker(engine)() as session:
        notes = session.scalars(
            sa.select(m.StatusUpdate.note).where(m.StatusUpdate.demand_id == ids["demand"])
        ).all()
        assert sorted(notes) == sorted(
            f"worker {w} update {i}" for w in range(WORKERS) for i in range(EACH)
        )
        linked = session.scalar(sa.select(sa.func.count()).select_from(m.status_update_sources))
        assert linked == WORKERS * EACH
        latest = session.scalar(
            sa.select(m.StatusUpdate.id).where(
                m.StatusUpdate.note == f"worker {WORKERS - 1} update {EACH - 1}"
            )
        )
        demand = session.get(m.Demand, ids["demand"])
        assert demand is not None and demand.current_update_id == latest


def _record(engine: Engine, ids: dict[str, int], assessed_on: dt.date, hold: threading.Event | None,
            started: threading.Event | None = None) -> int:  # fmt: skip
    with make_sessionmaker(engine)() as session:
        if started is not None:
            started.set()
        begin_write(session)
        demand = session.get(m.Demand, ids["demand"])
        user = session.get(m.User, ids["user"])
        assert demand is not None
        update = record_status_update(
            session,
            demand,
            status=m.Status.NO_INFORMATION,
            assessed_on=assessed_on,
            note="Asked; no answer.",
            actor=user,
        )
        if hold is not None:
            assert hold.wait(timeout=60)
        session.commit()
        return update.id


def _poll(engine: Engine, sql: str, failure: str) -> None:
    """Bounded: until `sql` counts a row. Each check runs in its own transaction, because
    PostgreSQL keeps one snapshot of pg_stat_activity for the whole of a transaction."""
    for _ in range(6000):
        with engine.connect() as conn:
            if conn.execute(sa.text(sql)).scalar():
                return
        time.sleep(0.01)
    raise AssertionError(failure)


def _wait_until_holding(engine: Engine, mode: str) -> None:
    """Bounded: until some transaction holds `mode` on the demands table (PostgreSQL)."""
    if engine.dialect.name != "postgresql":
        return
    _poll(
        engine,
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        f"WHERE c.relname = 'demands' AND l.mode = '{mode}' AND l.granted",
        f"the first writer never took {mode} on demands",
    )


def _wait_until_blocked(engine: Engine, started: threading.Event) -> None:
    """Bounded: until the other transaction waits on a lock (PostgreSQL), or has started."""
    assert started.wait(timeout=60)
    if engine.dialect.name != "postgresql":
        return  # SQLite: it waits in BEGIN IMMEDIATE; the result is the same either way
    _poll(
        engine,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'",
        "the second writer never waited on the first",
    )


def test_the_demand_points_at_the_latest_update_when_two_are_recorded_at_once(
    one_demand: tuple[Engine, dict[str, int]],
) -> None:
    """The later assessment is recorded first but commits while an earlier one waits: the
    demand must end up pointing at the later assessment, not at the last commit."""
    engine, ids = one_demand
    hold, started = threading.Event(), threading.Event()
    results: dict[str, int] = {}
    first = threading.Thread(
        target=lambda: results.update(late=_record(engine, ids, dt.date(2023, 6, 1), hold))
    )
    first.start()
    _wait_until_holding(engine, "RowShareLock")
    second = threading.Thread(
        target=lambda: results.update(
            early=_record(engine, ids, dt.date(2023, 1, 1), None, started)
        )
    )
    second.start()
    _wait_until_blocked(engine, started)
    hold.set()
    first.join(timeout=60)
    second.join(timeout=60)
    with make_sessionmaker(engine)() as session:
        demand = session.get(m.Demand, ids["demand"])
        assert demand is not None
        assert demand.current_update_id == results["late"]
        assert session.scalar(effective_updates_query(ids["demand"]).limit(1)) == results["late"]


def test_two_concurrent_edits_of_one_demand_meet_the_optimistic_lock(
    one_demand: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = one_demand
    hold, started = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def edit(title: str, gate: threading.Event | None, flag: threading.Event | None) -> None:
        with make_sessionmaker(engine)() as session:
            if flag is not None:
                flag.set()
            begin_write(session)
            demand = session.get(m.Demand, ids["demand"])
            assert demand is not None
            try:
                fields = {"text": "", "deadline": None, "deadline_precision": None}
                edit_demand(session, demand, expected_version=1, title=title, condition=None,
                            actor=None, **fields)  # fmt: skip
                if gate is not None:
                    assert gate.wait(timeout=60)
                session.commit()
                outcome[title] = "saved"
            except EditConflict as conflict:
                session.rollback()
                outcome[title] = conflict.current

    first = threading.Thread(target=edit, args=("First title", hold, None))
    first.start()
    _wait_until_holding(engine, "RowExclusiveLock")
    second = threading.Thread(target=edit, args=("Second title", None, started))
    second.start()
    _wait_until_blocked(engine, started)
    hold.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert outcome["First title"] == "saved"
    current = outcome["Second title"]
    assert isinstance(current, dict)
    assert current["title"] == "First title" and current["version"] == 2
