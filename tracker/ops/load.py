"""`tracker bench --load`: gunicorn on loopback, readers and writers at once, bounded in time and
requests, then a check that every update the server acknowledged is stored.

Like the rest of the bench (the `[bench]` extra), it imports no web code: gunicorn loads the app
by name, and the clients speak HTTP (`requests`) as people's browsers would.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from tracker.ops.bench import Apps, gunicorn, sign_in

PASSWORD = "load-test-password-not-secret"  # noqa: S105 - a throwaway database's user
# One account per client, as 25 people would have: signing one account in from 25 clients at
# once meets the optimistic lock on users.last_login_at.
READER, WRITER = "load-reader-{}@example.org", "load-writer-{}@example.org"
MARK = "Recorded by the load test: "


@dataclass(frozen=True)
class LoadPlan:
    seconds: float = 60.0
    max_requests: int = 100_000  # all clients together; the run stops at whichever comes first
    readers: int = 20
    writers: int = 5
    workers: int = 4


@dataclass
class Tally:
    """What the clients saw, per kind of request, shared between their threads."""

    max_requests: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    ms: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def take(self) -> bool:
        """Whether one more request is within the bound."""
        with self.lock:
            return sum(len(v) for v in self.ms.values()) < self.max_requests

    def record(self, kind: str, ms: float, error: str | None, marker: str | None = None) -> None:
        with self.lock:
            self.ms.setdefault(kind, []).append(ms)
            if error:
                self.errors.append(error)
            if marker:
                self.written.append(marker)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _prepare(url: str, demands: int, clients: int, seed: int) -> tuple[list[int], list[int]]:
    """Migrate, fill with synth if empty, and give each client an account of its own."""
    from tracker.db import make_engine, make_sessionmaker
    from tracker.migrate import upgrade
    from tracker.models import Actor, ActorKind, Demand, Role, User
    from tracker.ops.synth import synth
    from tracker.services.accounts import create_user

    engine = make_engine(url)
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        if not session.scalar(select(func.count()).select_from(Demand)):
            synth(session, demands, seed=seed)
        for template, role in ((READER, Role.VIEWER), (WRITER, Role.ANALYST)):
            for n in range(clients):
                email = template.format(n)
                if session.scalar(select(User.id).where(User.email == email)) is None:
                    create_user(session, email, role=role, password=PASSWORD, actor=None)
        session.commit()
        demand_ids = list(session.scalars(select(Demand.id).order_by(Demand.id)))
        actor_ids = list(
            session.scalars(
                select(Actor.id).where(Actor.kind == ActorKind.PERSON).order_by(Actor.id).limit(200)
            )
        )
    engine.dispose()
    return demand_ids, actor_ids


def _reader(
    base: str, n: int, stop: float, tally: Tally, demands: list[int], actors: list[int]
) -> None:
    import random

    import requests

    rng = random.Random(n)
    with requests.Session() as s:
        sign_in(s, base, READER.format(n), PASSWORD)
        while time.monotonic() < stop and tally.take():
            kind, path = rng.choice(
                [
                    ("dashboard", "/"),
                    ("demand_list", "/demands?country=KH&status=not_implemented&sort=updated"),
                    ("demand_page", f"/demands/{rng.choice(demands)}"),
                    ("actor_page", f"/actors/{rng.choice(actors)}"),
                    ("search", "/search?q=sokha+kem"),
                    ("resolutions", "/resolutions"),
                ]
            )
            started = time.perf_counter()
            try:
                code = s.get(base + path, timeout=30).status_code
                error = None if code == 200 else f"GET {path}: {code}"
            except requests.RequestException as exc:
                error = f"GET {path}: {type(exc).__name__}"
            tally.record(kind, (time.perf_counter() - started) * 1000, error)


def _writer(base: str, who: int, stop: float, tally: Tally, demands: list[int], run: str) -> None:
    """Records status updates through the real form: the page (for its CSRF token), then the
    POST. Only a redirect counts as acknowledged."""
    import random

    import requests

    rng = random.Random(1000 + who)
    n = 0
    with requests.Session() as s:
        sign_in(s, base, WRITER.format(who), PASSWORD)
        while time.monotonic() < stop and tally.take():
            demand_id = rng.choice(demands)
            n += 1
            marker = f"load-{run}-{who}-{n}"
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
                        "note": MARK + marker,
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
            tally.record("update", (time.perf_counter() - started) * 1000, error,
                         marker if ok else None)  # fmt: skip


def _stored(url: str, run: str) -> set[str]:
    from tracker.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                note.removeprefix(MARK)
                for note in conn.scalars(
                    text("SELECT note FROM status_updates WHERE note LIKE :p"),
                    {"p": f"{MARK}load-{run}-%"},
                )
            }
    finally:
        engine.dispose()


def load_test(
    url: str,
    *,
    apps: Apps,
    plan: LoadPlan,
    demands: int,
    seed: int = 7,
    log: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """Serve the app on `url` with gunicorn and drive it; the figures as a JSON-ready dict."""
    host = make_url(url).host
    if make_url(url).get_backend_name() != "sqlite" and host not in {"127.0.0.1", "localhost"}:
        raise ValueError("the load test runs on loopback only")
    demand_ids, actor_ids = _prepare(url, demands, max(plan.readers, plan.writers), seed)
    run = uuid.uuid4().hex[:10]
    tally = Tally(plan.max_requests)
    env = {
        "TRACKER_DATABASE_URL": url,
        "TRACKER_SECRET_KEY": secrets.token_hex(16),
        "TRACKER_LOGIN_RATE_LIMIT": "1000 per minute",
    }
    log(
        f"load: {plan.readers} readers, {plan.writers} writers, gunicorn {plan.workers} workers, "
        f"{plan.seconds:g} s or {plan.max_requests} requests, {len(demand_ids)} demands"
    )
    with gunicorn(apps.spec, env, workers=plan.workers) as base:
        stop = time.monotonic() + plan.seconds
        threads = [
            threading.Thread(target=_reader, args=(base, n, stop, tally, demand_ids, actor_ids))
            for n in range(plan.readers)
        ] + [
            threading.Thread(target=_writer, args=(base, n, stop, tally, demand_ids, run))
            for n in range(plan.writers)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    stored = _stored(url, run)
    missing = [m for m in tally.written if m not in stored]
    reads = [ms for kind, v in tally.ms.items() if kind != "update" for ms in v]
    total = sum(len(v) for v in tally.ms.values())
    result = {
        "database": make_url(url).get_backend_name(),
        "demands": len(demand_ids),
        "seconds": round(elapsed, 1),
        "gunicorn_workers": plan.workers,
        "readers": plan.readers,
        "writers": plan.writers,
        "requests": total,
        "requests_per_second": round(total / elapsed, 1) if elapsed else 0.0,
        "read_p50_ms": round(statistics.median(reads), 1) if reads else None,
        "read_p95_ms": round(_p95(reads), 1) if reads else None,
        "kinds": {
            kind: {
                "requests": len(v),
                "p50_ms": round(statistics.median(v), 1),
                "p95_ms": round(_p95(v), 1),
            }
            for kind, v in sorted(tally.ms.items())
        },
        "errors": len(tally.errors),
        "error_samples": sorted(set(tally.errors))[:10],
        "updates_acknowledged": len(tally.written),
        "updates_missing": len(missing),
    }
    log(
        f"  {result['requests_per_second']} req/s, reads p50 {result['read_p50_ms']} ms "
        f"p95 {result['read_p95_ms']} ms, {result['errors']} errors, "
        f"{len(tally.written)} updates acknowledged, {len(missing)} missing"
    )
    return result
