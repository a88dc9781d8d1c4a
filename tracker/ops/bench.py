"""`tracker bench`: page timings, statement counts and overhead ratios on synthetic databases.

The harness drives the web app but imports none of it: the caller hands in `Apps` (a factory of
the tracker app, and the gunicorn specs of it and of a hello-world baseline). The command line
builds them (`tracker.cli.bench.web_apps`), so operations stay apart from the web layer, and the
HTTP client (`requests`, the `[bench]` extra) is imported only where the throughput is measured.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from tracker.config import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "fixtures" / "resolutions" / "ep-2023-2589-cambodia-kem-sokha-motion.txt"
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway database's user
REPORT_DEMANDS = 200


@dataclass(frozen=True)
class Apps:
    """The web apps the harness measures, handed in by the caller."""

    factory: Callable[[dict[str, Any]], Any]  # config -> the tracker app (its test client)
    baseline_spec: str  # gunicorn's "module:callable()" of the smallest Flask app
    spec: str = "tracker:create_app()"  # gunicorn's spec of the tracker app


@dataclass
class Measure:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    peak_mb: float | None = None  # a document measured in a process of its own: its peak RSS

    def as_dict(self) -> dict[str, Any]:
        measure: dict[str, Any] = {
            "name": self.name,
            "median_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "queries": self.queries,
        }
        if self.peak_mb is not None:
            measure["peak_mb"] = round(self.peak_mb, 1)
        return measure


@dataclass
class Plan:
    """The slowest statement a measure sends, and how the database runs it."""

    statement: str
    median_ms: float
    plan: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "median_ms": round(self.median_ms, 2),
            "plan": self.plan,
        }


@dataclass
class Run:
    database: str  # "sqlite" | "postgresql"
    demands: int
    status_updates: int
    measures: list[Measure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    raw_sql: dict[str, float] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    synth_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "demands": self.demands,
            "status_updates": self.status_updates,
            "measures": [m.as_dict() for m in self.measures],
            "slowest_statements": {name: p.as_dict() for name, p in self.plans.items()},
        }


class _Recorder:
    """Counts (and keeps) the statements an engine sends, as the query-count tests do."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[tuple[str, Any]] = []

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any]]]:
        self.statements = []

        def before(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)", statement, re.I):
                self.statements.append((statement, params))

        event.listen(self.engine, "before_cursor_execute", before)
        try:
            yield self.statements
        finally:
            event.remove(self.engine, "before_cursor_execute", before)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _time(fn: Callable[[], Any], runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _replay(engine: Engine, statements: list[tuple[str, Any]], runs: int) -> tuple[float, Plan]:
    """Median ms to send the same statements straight through the DBAPI cursor, and the
    slowest of them (by its median) with the database's plan of it."""
    raw = engine.raw_connection()
    each: list[list[float]] = [[] for _ in statements]
    try:
        cursor = raw.cursor()

        def once() -> None:
            for n, (statement, params) in enumerate(statements):
                started = time.perf_counter()
                cursor.execute(statement, params)
                if cursor.description is not None:
                    cursor.fetchall()
                each[n].append((time.perf_counter() - started) * 1000)

        median, _p95 = _percentiles(_time(once, runs, 3))
        medians = [statistics.median(samples[3:] or samples) for samples in each]
        slowest = max(range(len(statements)), key=medians.__getitem__)
        statement, params = statements[slowest]
        plan = Plan(statement, medians[slowest], _explain(cursor, engine, statement, params))
        raw.rollback()
        return median, plan
    finally:
        raw.close()


def _explain(cursor: Any, engine: Engine, statement: str, params: Any) -> str:
    """PostgreSQL's EXPLAIN ANALYZE (the plan it ran, with times and rows), or SQLite's
    EXPLAIN QUERY PLAN (SQLite has no ANALYZE of one statement)."""
    if not re.match(r"\s*(SELECT|WITH)\b", statement, re.I):
        return ""
    if engine.dialect.name == "postgresql":
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        return "\n".join(row[0] for row in cursor.fetchall())
    cursor.execute("EXPLAIN QUERY PLAN " + statement, params)
    return "\n".join(f"{row[0]} {row[1]} {row[-1]}" for row in cursor.fetchall())


@dataclass
class Targets:
    """The records a run measures, chosen the same way at every size."""

    country: str
    demand_id: int
    actor_id: int
    thread_id: int | None
    report_actor_id: int
    search: str
    report_demands: int


def _prepare(session: Session, seed: int) -> Targets:
    """The analyst who signs in, and an addressee asked exactly REPORT_DEMANDS demands."""
    from tracker.models import Actor, ActorKind, Demand, DemandActor, Resolution, Role
    from tracker.services.accounts import create_user
    from tracker.services.actors import create_actor

    create_user(
        session, "bench@example.org", role=Role.ANALYST, password=BENCH_PASSWORD, actor=None
    )
    country = "KH"
    demands = session.scalars(select(Demand.id).order_by(Demand.id)).all()
    middle = demands[len(demands) // 2]
    demand = session.get(Demand, middle)
    assert demand is not None
    # The subject of that demand: a typical person, whose page lists all their demands.
    actor_id = session.scalar(
        select(DemandActor.actor_id)
        .where(DemandActor.demand_id >= middle, DemandActor.role == "subject")
        .order_by(DemandActor.demand_id)
        .limit(1)
    )
    reporter = create_actor(
        session, name="Bench report addressee", kind=ActorKind.INSTITUTION, actor=None
    )
    step = max(1, len(demands) // REPORT_DEMANDS)
    chosen = demands[::step][:REPORT_DEMANDS]
    targets_report = len(chosen)
    session.execute(
        DemandActor.__table__.insert(),  # type: ignore[attr-defined]
        [{"demand_id": d, "actor_id": reporter.id, "role": "addressee"} for d in chosen],
    )
    name = session.scalar(select(Actor.name).where(Actor.id == actor_id)) or "sokha"
    words = re.findall(r"[^\W\d_]+", name)
    query = f"{words[0]} {words[-1][:3]}" if len(words) > 1 else words[0][:4]
    assert session.scalar(select(func.count()).select_from(Resolution)) or 0
    return Targets(
        country, middle, int(actor_id or 0), demand.thread_id, reporter.id, query, targets_report
    )


def _import_once(engine: Engine, source: str, n: int) -> None:
    from tracker.parsing import parse_resolution
    from tracker.services.resolutions import import_resolution, known_actors

    # A new procedure and title each time, so the import is never refused as a duplicate.
    changed = source.replace("2023/2589(RSP)", f"2099/{n % 10000:04d}(RSP)").replace(
        "Kem Sokha", f"Kem Sokha {n}"
    )
    with Session(engine) as session:
        parsed = parse_resolution(changed, known_actors=known_actors(session))
        import_resolution(session, parsed, actor=None)
        session.flush()
        session.rollback()


@contextmanager
def database_for(kind: str, demands: int, workdir: Path, server: str | None) -> Iterator[str]:
    """A fresh, empty database of `kind` for one run: a file in `workdir`, or a database of its
    own on the PostgreSQL `server`, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / f'bench-{demands}.db'}"
        return
    if server is None:
        raise ValueError("a PostgreSQL run needs the server's URL")
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    base = make_url(server)
    name = f"tracker_bench_{demands}_{secrets.token_hex(4)}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@dataclass
class _Side:
    """One database of a size, filled and signed in to: what each measure is timed on."""

    run: Run
    url: str
    engine: Engine
    factory: Any
    client: Any
    targets: Targets
    recorder: _Recorder
    captured: list[tuple[str, Any]] = field(default_factory=list)


def _set_up(demands: int, url: str, seed: int, apps: Apps, log: Callable[[str], None]) -> _Side:
    from tracker.db import make_engine, make_sessionmaker
    from tracker.migrate import upgrade
    from tracker.ops.synth import synth

    engine = make_engine(url)
    kind = engine.dialect.name
    upgrade(engine)
    factory = make_sessionmaker(engine)
    started = time.perf_counter()
    with factory() as session:
        report = synth(session, demands, seed=seed)
        targets = _prepare(session, seed)
        session.commit()
    run = Run(database=kind, demands=report.demands, status_updates=report.status_updates)
    run.synth_seconds = round(time.perf_counter() - started, 1)
    log(
        f"{kind} {demands}: synth + setup {run.synth_seconds} s ({report.status_updates} "
        f"updates); demand {targets.demand_id}, actor {targets.actor_id}, thread "
        f"{targets.thread_id}, search {targets.search!r}"
    )
    # Fresh statistics after the bulk load (and, on PostgreSQL, the visibility map that lets
    # an index answer alone): what a database that has run a while has.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if kind == "postgresql" else "ANALYZE")
    app = apps.factory(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "TRACKER_DATABASE_URL": url,
            "TRACKER_ENGINE": engine,
            "TRACKER_SESSIONMAKER": factory,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "bench@example.org", "password": BENCH_PASSWORD}
    )
    if response.status_code != 302:
        raise RuntimeError("the bench user could not sign in")
    return _Side(run, url, engine, factory, client, targets, _Recorder(engine))


def _interleaved(
    fns: dict[str, Callable[[], Any]], runs: int, warmup: int
) -> dict[str, list[float]]:
    """Samples of each function, taken in turn (one of each, then again): on a busy machine
    the databases then share the same moments of load, so their ratio means something."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def _pages(targets: Targets, rules: set[str]) -> list[tuple[str, str | None]]:
    return [
        ("dashboard", "/"),
        (
            "demand_list_3_filters",
            f"/demands?country={targets.country}&status=not_implemented&sort=updated",
        ),
        ("demand_page", f"/demands/{targets.demand_id}"),
        ("actor_page", f"/actors/{targets.actor_id}"),
        (
            "thread_page",
            f"/threads/{targets.thread_id}"
            if "/threads/<int:thread_id>" in rules and targets.thread_id
            else None,
        ),
        ("search", f"/search?q={targets.search.replace(' ', '+')}"),
        (
            "country_briefing",
            f"/briefings?country={targets.country}&since=2024-01-01"
            if "/briefings" in rules
            else None,
        ),
    ]


def _rules(client: Any) -> set[str]:
    return {r.rule for r in client.application.url_map.iter_rules()}


def measure_size(
    demands: int,
    *,
    urls: list[str],
    seed: int,
    runs: int,
    log: Callable[[str], None],
    apps: Apps,
    throughput: bool = False,
    throughput_seconds: float = 10.0,
    exports: bool = True,
) -> tuple[list[Run], float | None]:
    """Every measure at one size on each database in `urls` (the same synth data in each),
    timed in turn."""
    sides = [_set_up(demands, url, seed, apps, log) for url in urls]
    # As a served worker does at startup (the web app's settle_heap; skipped when testing):
    # what lives as long as the process is put out of the collector's way.
    gc.collect()
    gc.freeze()
    try:
        per_side = [dict(_pages(side.targets, _rules(side.client))) for side in sides]
        for name in per_side[0]:
            _measure_page(name, sides, [pages[name] for pages in per_side], runs, log)
        if exports:
            _measure_exports(sides, runs, log)
        _measure_import(sides, runs, log)
        from tracker.parsing import parse_resolution

        source = SAMPLE.read_text(encoding="utf-8")
        samples = _time(lambda: parse_resolution(source), max(runs, 50), 3)
        mean = statistics.fmean(samples)
        for side in sides:
            side.run.measures.append(
                Measure("parse_sample_mean", mean, _percentiles(samples)[1], 0)
            )
        log(f"  {'parse_sample_mean':24} mean   {mean:7.1f} ms")
        ratio = None
        if throughput:
            ratio = throughput_ratio(
                apps,
                sides[0].url,
                f"/demands/{sides[0].targets.demand_id}",
                throughput_seconds,
                log,
            )
    finally:
        gc.unfreeze()
        for side in sides:
            side.engine.dispose()
    return [side.run for side in sides], ratio


def _measure_page(
    name: str, sides: list[_Side], paths: list[str | None], runs: int, log: Callable[[str], None]
) -> None:
    live: dict[str, tuple[_Side, str]] = {}
    for side, path in zip(sides, paths, strict=True):
        if path is None:
            side.run.missing.append(name)
            continue
        try:
            with side.recorder.recording() as statements:
                response = side.client.get(path)
        except Exception as exc:  # noqa: BLE001 - a page under construction must not stop the run
            log(f"  {name:24} FAILED: {type(exc).__name__}: {str(exc)[:120]}")
            side.run.missing.append(f"{name} (error)")
            continue
        if response.status_code != 200:
            log(f"  {name:24} FAILED: {path} answered {response.status_code}")
            side.run.missing.append(f"{name} (HTTP {response.status_code})")
            continue
        live[side.run.database] = (side, path)
        side.captured = list(statements)
    samples = _interleaved(
        {kind: _getter(side.client, path) for kind, (side, path) in live.items()},
        runs,
        3,
    )
    for kind, (side, _path) in live.items():
        captured = side.captured
        median, p95 = _percentiles(samples[kind])
        side.run.measures.append(Measure(name, median, p95, len(captured)))
        side.run.raw_sql[name], side.run.plans[name] = _replay(
            side.engine, captured, max(10, runs // 2)
        )
        log(
            f"  {kind:10} {name:24} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
            f"{len(captured)} queries  (slowest statement {side.run.plans[name].median_ms:.1f} ms)"
        )


def _getter(client: Any, path: str) -> Callable[[], Any]:
    return lambda: client.get(path)


def _import_next(engine: Engine, source: str, counter: Iterator[int]) -> None:
    _import_once(engine, source, next(counter))


def _measure_import(sides: list[_Side], runs: int, log: Callable[[str], None]) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    counter = iter(range(1, 1_000_000))
    counts = {}
    for side in sides:
        with side.recorder.recording() as statements:
            _import_once(side.engine, source, next(counter))
        counts[side.run.database] = len(statements)
    samples = _interleaved(
        {side.run.database: partial(_import_next, side.engine, source, counter) for side in sides},
        runs,
        2,
    )
    for side in sides:
        kind = side.run.database
        median, p95 = _percentiles(samples[kind])
        side.run.measures.append(Measure("import_resolution", median, p95, counts[kind]))
        log(
            f"  {kind:10} {'import_resolution':24} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
            f"{counts[kind]} queries"
        )


def _measure_exports(sides: list[_Side], runs: int, log: Callable[[str], None]) -> None:
    from tracker.reports.build import build_snapshot

    try:
        from tracker.reports.render import FORMATS, render
    except ImportError:
        for side in sides:
            side.run.missing += ["export_pdf_200", "export_docx_200"]
        return
    for fmt in ("pdf", "docx"):
        name = f"export_{fmt}_200"
        if fmt not in FORMATS:
            for side in sides:
                side.run.missing.append(name)
            continue

        def export(side: _Side, fmt: str = fmt) -> None:
            with side.factory() as session:
                snapshot = build_snapshot(session, addressee_id=side.targets.report_actor_id)
                assert len(snapshot.demands) == side.targets.report_demands, len(snapshot.demands)
                render(snapshot, fmt)

        counts = {}
        for side in sides:
            with side.recorder.recording() as statements:
                export(side)
            counts[side.run.database] = len(statements)
        # Rendering dominates and does not depend on the database size: a few runs suffice.
        samples = _interleaved(
            {side.run.database: partial(export, side) for side in sides},
            max(3, runs // 6),
            0,
        )
        for side in sides:
            kind = side.run.database
            median, p95 = _percentiles(samples[kind])
            side.run.measures.append(Measure(name, median, p95, counts[kind]))
            log(
                f"  {kind:10} {name:24} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
                f"{counts[kind]} queries"
            )


# --- a large document, in a process of its own ------------------------------------------------

BRIEFING_SINCE = dt.date(2015, 1, 1)
_DOWNLOAD = r"""
import importlib, sys, time
module, _, name = sys.argv[1].partition(":")
factory = getattr(importlib.import_module(module), name.removesuffix("()"))
app = factory({"TESTING": True, "SECRET_KEY": "bench", "TRACKER_DATABASE_URL": sys.argv[2],
               "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
client = app.test_client()
signed_in = client.post("/login", data={"email": sys.argv[3], "password": sys.argv[4]})
assert signed_in.status_code == 302, signed_in.status_code
started = time.perf_counter()
response = client.get(sys.argv[5])
elapsed = time.perf_counter() - started
assert response.status_code == 200, (response.status_code, response.data[:300])
with open(sys.argv[6], "wb") as out:
    out.write(response.data)
print(elapsed)
"""


def _in_own_process(args: list[str], workdir: Path) -> tuple[float, float, float, str]:
    """Run `args`: its wall time and CPU time in seconds (on a busy machine the wall time is
    the longer), its peak resident memory in MB, what it printed."""
    out_path = workdir / "child.out"
    with out_path.open("w") as out, (workdir / "child.err").open("w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err)  # noqa: S603 - our own commands
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        tail = (workdir / "child.err").read_text()[-500:]
        raise RuntimeError(f"{args[:4]} exited with {child.returncode}: {tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, out_path.read_text()


def largest_country_briefing_pdf(
    url: str,
    *,
    apps: Apps,
    workdir: Path,
    log: Callable[[str], None],
    since: dt.date = BRIEFING_SINCE,
) -> list[Measure]:
    """The briefing of the country with most demands since `since` (2015), as PDF, from the
    command line and from the web download, each in a fresh process: its time (the command's
    whole run; the download's request) and the process's peak memory. Issue 17 bounds both at
    100,000 demands: under 20 s and 300 MB."""
    from tracker.db import make_engine
    from tracker.models import Demand, Paragraph, Resolution, Role
    from tracker.reports.briefing_build import build_briefing
    from tracker.services.accounts import create_user, get_user_by_email

    engine = make_engine(url)
    with Session(engine) as session:
        country = session.scalar(
            select(Resolution.country)
            .join(Paragraph, Paragraph.resolution_id == Resolution.id)
            .join(Demand, Demand.paragraph_id == Paragraph.id)
            .group_by(Resolution.country)
            .order_by(func.count(Demand.id).desc(), Resolution.country)
            .limit(1)
        )
        if country is None:
            raise RuntimeError("no country has demands: run synth first")
        reader = "bench-reader@example.org"
        if get_user_by_email(session, reader) is None:
            create_user(session, reader, role=Role.VIEWER, password=BENCH_PASSWORD, actor=None)
        session.commit()
        recorder = _Recorder(engine)
        with recorder.recording() as statements:
            build_briefing(session, country=country, since=since)
        queries = len(statements)
    engine.dispose()
    query = f"country={country}&since={since.isoformat()}&format=pdf"
    cli_pdf, web_pdf = workdir / "briefing-cli.pdf", workdir / "briefing-web.pdf"
    cli_seconds, cli_cpu, cli_mb, _ = _in_own_process(
        [sys.executable, "-m", "tracker.cli", "--database", url, "briefing", "--country",
         country, "--since", since.isoformat(), "--format", "pdf", "-o", str(cli_pdf)],
        workdir,
    )  # fmt: skip
    _total, web_cpu, web_mb, printed = _in_own_process(
        [sys.executable, "-c", _DOWNLOAD, apps.spec, url, reader, BENCH_PASSWORD,
         f"/briefings/download?{query}", str(web_pdf)],
        workdir,
    )  # fmt: skip
    web_seconds = float(printed.split()[-1])
    measures = []
    for door, seconds, cpu, peak, pdf in (
        ("cli", cli_seconds, cli_cpu, cli_mb, cli_pdf),
        ("web", web_seconds, web_cpu, web_mb, web_pdf),
    ):
        from pypdf import PdfReader

        pages = len(PdfReader(pdf).pages)
        name = f"briefing_pdf_largest_country_since_{since.year}_{door}"
        measures.append(Measure(name, seconds * 1000, seconds * 1000, queries, peak))
        log(
            f"  {name:44} {seconds:6.1f} s  (process CPU {cpu:5.1f} s)  peak {peak:4.0f} MB  "
            f"{pages} pages  ({country}, {queries} queries)"
        )
    return measures


# --- throughput under gunicorn ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """gunicorn on a free loopback port for the duration of the block."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],  # fmt: skip
        env={**os.environ, **env},
        cwd=str(PROJECT_ROOT),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/", timeout=10, allow_redirects=False)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start for {app_spec}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def sign_in(session: Any, base: str, email: str, password: str) -> None:
    """Sign in through the real form (CSRF token included)."""
    page = session.get(base + "/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
    response = session.post(base + "/login", data=data, timeout=30, allow_redirects=False)
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed for {email}: {response.status_code}")


def hammer(
    base: str, path: str, seconds: float, clients: int, setup: Callable[[Any], None] | None = None
) -> tuple[int, int]:
    """Requests completed and failed by `clients` threads in `seconds`, counted from the moment
    every client has signed in (signing in is not what is measured)."""
    import requests

    done = [0] * clients
    failed = [0] * clients
    ready = threading.Barrier(clients + 1)
    stop = [0.0]

    def client(i: int) -> None:
        with requests.Session() as s:
            ok = True
            if setup:
                try:
                    setup(s)
                except (requests.RequestException, RuntimeError):
                    failed[i] += 1
                    ok = False
            ready.wait()
            while ok and time.monotonic() < stop[0]:
                try:
                    ok = s.get(base + path, timeout=30).status_code == 200
                except requests.RequestException:
                    ok = False
                if ok:
                    done[i] += 1
                else:
                    failed[i] += 1
                ok = True

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    stop[0] = time.monotonic() + 3600  # until every client is ready
    ready.wait()
    stop[0] = time.monotonic() + seconds
    for t in threads:
        t.join()
    return sum(done), sum(failed)


def throughput_ratio(
    apps: Apps, url: str, path: str, seconds: float, log: Callable[[str], None], clients: int = 8
) -> float:
    env = {"TRACKER_DATABASE_URL": url, "TRACKER_SECRET_KEY": secrets.token_hex(16)}
    with gunicorn(apps.spec, env) as base:
        ok, bad = hammer(
            base, path, seconds, clients,
            setup=lambda s: sign_in(s, base, "bench@example.org", BENCH_PASSWORD),
        )  # fmt: skip
    with gunicorn(apps.baseline_spec, {}) as base:
        hello_ok, hello_bad = hammer(base, "/", seconds, clients)
    rate, hello_rate = ok / seconds, hello_ok / seconds
    log(
        f"  throughput: tracker {rate:.0f} req/s ({bad} failed), "
        f"hello world {hello_rate:.0f} req/s ({hello_bad} failed)"
    )
    return round(rate / hello_rate, 3) if hello_rate else 0.0


def bench(
    sizes: list[int],
    *,
    apps: Apps,
    postgresql: str | None = None,
    seed: int = 1,
    runs: int = 30,
    throughput_seconds: float = 10.0,
    exports: bool = True,
    workdir: Path | None = None,
    log: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """The whole benchmark: one fresh database per size and kind (SQLite, and PostgreSQL on the
    `postgresql` server if given), measured in turn; ratios from SQLite at the largest size."""
    kinds = ["sqlite", *(["postgresql"] if postgresql else [])]
    runs_out: list[Run] = []
    ratio: float | None = None
    with tempfile.TemporaryDirectory(prefix="tracker-bench-", dir=workdir) as tmp:
        for i, size in enumerate(sizes):
            with ExitStack() as stack:
                urls = [
                    stack.enter_context(database_for(kind, size, Path(tmp), postgresql))
                    for kind in kinds
                ]
                runs_at_size, r = measure_size(
                    size,
                    urls=urls,
                    seed=seed,
                    runs=runs,
                    log=log,
                    apps=apps,
                    throughput=i == len(sizes) - 1 and throughput_seconds > 0,
                    throughput_seconds=throughput_seconds,
                    exports=exports,
                )
            runs_out += runs_at_size
            ratio = r if r is not None else ratio
    log(f"environment: {environment(runs_out, seed, runs)}")
    largest = next(r for r in reversed(runs_out) if r.database == "sqlite")
    over_raw = {
        m.name: round(m.median_ms / largest.raw_sql[m.name], 2)
        for m in largest.measures
        if largest.raw_sql.get(m.name)
    }
    return {
        "runs": [r.as_dict() for r in runs_out],
        "ratios": {"throughput_vs_hello_world": ratio, "over_raw_sql": over_raw},
    }


def environment(result_runs: list[Run], seed: int, runs: int) -> dict[str, Any]:
    return {
        "date": dt.date.today().isoformat(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "seed": seed,
        "runs": runs,
        "synth_seconds": {f"{r.database} {r.demands}": r.synth_seconds for r in result_runs},
        "missing": sorted({name for r in result_runs for name in r.missing}),
    }
