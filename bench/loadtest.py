"""Load test: gunicorn against PostgreSQL, readers and writers at once, for a bounded time.

    .venv/bin/python bench/loadtest.py --database postgresql+psycopg://postgres@127.0.0.1/tracker_load

Loopback only. Prepares the database (migrate; synth if it has no demand; two users), serves the
app with gunicorn, runs READERS clients reading pages and WRITERS clients recording status updates
through the real form (CSRF included) for SECONDS, then checks that every update the server
accepted is in the database. Prints one JSON object; exits 1 on any error or missing update.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import secrets
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field

import click
import requests
from sqlalchemy import func, select, text

from tracker.db import make_engine, make_sessionmaker
from tracker.migrate import upgrade
from tracker.models import Actor, ActorKind, Demand, Role, User
from tracker.ops.bench import gunicorn, sign_in
from tracker.ops.synth import synth
from tracker.services.accounts import create_user

PASSWORD = "load-test-password-not-secret"  # noqa: S105 - a test database's user
# One account per client, as 25 people would have: signing one account in from 25 clients at
# once meets the optimistic lock on users.last_login_at (see the report).
READER, WRITER = "load-reader-{}@example.org", "load-writer-{}@example.org"


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    read_ms: list[float] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def record(self, kind: str, ms: float, error: str | None, marker: str | None = None) -> None:
        with self.lock:
            (self.read_ms if kind == "read" else self.write_ms).append(ms)
            if error:
                self.errors.append(error)
            if marker:
                self.written.append(marker)


def p95(samples: list[float]) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1)


def _prepare(url: str, demands: int, clients: int) -> tuple[list[int], list[int]]:
    engine = make_engine(url)
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        if not session.scalar(select(func.count()).select_from(Demand)):
            synth(session, demands, seed=7)
        for template, role in ((READER, Role.VIEWER), (WRITER, Role.ANALYST)):
            for n in range(clients):
                email = template.format(n)
                if session.scalar(select(User.id).where(User.email == email)) is None:
                    create_user(session, email, role=role, password=PASSWORD, actor=None)
        session.commit()
        demand_ids = list(session.scalars(select(Demand.id).order_by(Demand.id)))
        actor_ids = list(
            session.scalars(select(Actor.id).where(Actor.kind == ActorKind.PERSON).limit(200))
        )
    engine.dispose()
    return demand_ids, actor_ids


def _reader(
    base: str, n: int, stop: float, tally: Tally, demands: list[int], actors: list[int]
) -> None:
    rng = random.Random()
    with requests.Session() as s:
        sign_in(s, base, READER.format(n), PASSWORD)
        while time.monotonic() < stop:
            path = rng.choice(
                [
                    "/",
                    "/demands?country=KH&status=not_implemented&sort=updated",
                    f"/demands/{rng.choice(demands)}",
                    f"/actors/{rng.choice(actors)}",
                    "/search?q=sokha+kem",
                    "/resolutions",
                ]
            )
            started = time.perf_counter()
            try:
                code = s.get(base + path, timeout=30).status_code
                error = None if code == 200 else f"GET {path}: {code}"
            except requests.RequestException as exc:
                error = f"GET {path}: {type(exc).__name__}"
            tally.record("read", (time.perf_counter() - started) * 1000, error)


def _writer(base: str, who: int, stop: float, tally: Tally, demands: list[int], run: str) -> None:
    rng = random.Random()
    n = 0
    with requests.Session() as s:
        sign_in(s, base, WRITER.format(who), PASSWORD)
        while time.monotonic() < stop:
            demand_id = rng.choice(demands)
            n += 1
            marker = f"load-{run}-{threading.get_ident()}-{n}"
            started = time.perf_counter()
            try:
                page = s.get(f"{base}/demands/{demand_id}", timeout=30).text
                token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
                response = s.post(
                    f"{base}/demands/{demand_id}/updates",
                    data={
                        "csrf_token": token.group(1) if token else "",
                        "status": rng.choice(["not_implemented", "partially_implemented"]),
                        "assessed_on": dt.date.today().isoformat(),
                        "source_url": f"https://example.org/load/{marker}",
                        "note": f"Recorded by the load test: {marker}",
                        "response": "",
                        "existing_source": "",
                    },
                    timeout=30,
                    allow_redirects=False,
                )
                ok = response.status_code in (302, 303)
                error = None if ok else f"POST update: {response.status_code}"
            except requests.RequestException as exc:
                ok, error = False, f"POST update: {type(exc).__name__}"
            tally.record("write", (time.perf_counter() - started) * 1000, error,
                         marker if ok else None)  # fmt: skip


@click.command()
@click.option("--database", "url", required=True, help="postgresql+psycopg://… (loopback)")
@click.option("--demands", default=5000, show_default=True, help="synth size if empty")
@click.option("--seconds", type=click.FloatRange(1, 600), default=60.0, show_default=True)
@click.option("--readers", default=20, show_default=True)
@click.option("--writers", default=5, show_default=True)
@click.option("--workers", default=4, show_default=True, help="gunicorn workers (2+)")
def main(url: str, demands: int, seconds: float, readers: int, writers: int, workers: int) -> None:
    """Run the load test and print its figures as JSON."""
    if "127.0.0.1" not in url and "localhost" not in url:
        raise click.BadParameter("the load test runs on loopback only", param_hint="--database")
    demand_ids, actor_ids = _prepare(url, demands, max(readers, writers))
    run = uuid.uuid4().hex[:10]
    tally = Tally()
    env = {
        "TRACKER_DATABASE_URL": url,
        "TRACKER_SECRET_KEY": secrets.token_hex(16),
        "TRACKER_LOGIN_RATE_LIMIT": "1000 per minute",
    }
    with gunicorn("tracker:create_app()", env, workers=workers) as base:
        stop = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_reader, args=(base, n, stop, tally, demand_ids, actor_ids))
            for n in range(readers)
        ] + [
            threading.Thread(target=_writer, args=(base, n, stop, tally, demand_ids, run))
            for n in range(writers)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    engine = make_engine(url)
    with engine.connect() as conn:
        stored = set(
            conn.scalars(
                text("SELECT note FROM status_updates WHERE note LIKE :p"),
                {"p": f"Recorded by the load test: load-{run}-%"},
            )
        )
    engine.dispose()
    missing = [m for m in tally.written if f"Recorded by the load test: {m}" not in stored]
    result = {
        "seconds": round(elapsed, 1),
        "gunicorn_workers": workers,
        "readers": readers,
        "writers": writers,
        "demands": len(demand_ids),
        "requests": len(tally.read_ms) + len(tally.write_ms),
        "throughput_rps": round((len(tally.read_ms) + len(tally.write_ms)) / elapsed, 1),
        "reads": len(tally.read_ms),
        "read_median_ms": round(statistics.median(tally.read_ms), 1) if tally.read_ms else 0,
        "read_p95_ms": p95(tally.read_ms),
        "updates_recorded": len(tally.written),
        "write_median_ms": round(statistics.median(tally.write_ms), 1) if tally.write_ms else 0,
        "write_p95_ms": p95(tally.write_ms),
        "errors": len(tally.errors),
        "error_samples": sorted(set(tally.errors))[:10],
        "updates_missing_from_database": len(missing),
    }
    click.echo(json.dumps(result, indent=2))
    sys.exit(1 if tally.errors or missing else 0)


if __name__ == "__main__":
    main()
