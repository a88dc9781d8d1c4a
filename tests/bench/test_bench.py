"""The benchmark at tiny sizes: the JSON has the contract's shape and statement counts hold, on
SQLite and (when a server is given) PostgreSQL; the load test loses no acknowledged write."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support import PG_URL
from tracker.cli.bench import web_apps
from tracker.ops.bench import bench
from tracker.ops.load import LoadPlan, load_test

PAGES = {
    "dashboard",
    "demand_list_3_filters",
    "demand_page",
    "actor_page",
    "thread_page",
    "search",
    "country_briefing",
    "import_resolution",
    "parse_sample_mean",
}
SERVER = (
    make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)
    if PG_URL
    else None
)


def test_bench_json_shape_and_query_counts_do_not_grow(tmp_path: Path) -> None:
    result = bench(
        [200, 500],
        apps=web_apps(),
        postgresql=SERVER,
        seed=3,
        runs=3,
        throughput_seconds=0,
        exports=False,
        workdir=tmp_path,
    )
    assert set(result) == {"runs", "ratios"}
    assert set(result["ratios"]) == {"throughput_vs_hello_world", "over_raw_sql"}
    kinds = ["sqlite", *(["postgresql"] if SERVER else [])]
    assert [(r["database"], r["demands"]) for r in result["runs"]] == [
        (kind, size) for size in (200, 500) for kind in kinds
    ]
    for kind in kinds:
        small, large = (r for r in result["runs"] if r["database"] == kind)
        assert large["status_updates"] > small["status_updates"] > 0
        for run in (small, large):
            for measure in run["measures"]:
                assert set(measure) == {"name", "median_ms", "p95_ms", "queries"}
                assert measure["p95_ms"] >= measure["median_ms"] >= 0
            assert {m["name"] for m in run["measures"]} >= PAGES
            # The slowest statement of each page, with how the database ran it.
            slowest = run["slowest_statements"]["demand_list_3_filters"]
            assert slowest["statement"].lstrip().upper().startswith("SELECT")
            assert "Execution Time" in slowest["plan"] if kind == "postgresql" else slowest["plan"]
        counts = [{m["name"]: m["queries"] for m in run["measures"]} for run in (small, large)]
        assert counts[0] == counts[1]
    assert all(r > 0 for r in result["ratios"]["over_raw_sql"].values())


@pytest.mark.parametrize("backend", ["sqlite", *(["postgresql"] if SERVER else [])])
def test_load_test_stores_every_acknowledged_update(tmp_path: Path, backend: str) -> None:
    from tracker.ops.bench import database_for

    plan = LoadPlan(seconds=20, max_requests=40, readers=2, writers=2, workers=2)
    with database_for(backend, 60, tmp_path, SERVER) as url:
        result = load_test(url, apps=web_apps(), plan=plan, demands=60)
    assert result["database"] == backend
    assert result["errors"] == 0, result["error_samples"]
    assert 0 < result["requests"] <= 40 + plan.readers + plan.writers
    assert result["updates_acknowledged"] > 0
    assert result["updates_missing"] == 0
    assert set(result["kinds"]) >= {"update"}
    assert all(k["p95_ms"] >= k["p50_ms"] > 0 for k in result["kinds"].values())
