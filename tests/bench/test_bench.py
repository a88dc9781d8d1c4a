"""The benchmark at tiny sizes: the JSON has the contract's shape and statement counts hold."""

from __future__ import annotations

from pathlib import Path

from tracker.cli.bench import web_apps
from tracker.ops.bench import bench

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


def test_bench_json_shape_and_query_counts_do_not_grow(tmp_path: Path) -> None:
    result = bench(
        [200, 500],
        apps=web_apps(),
        seed=3,
        runs=3,
        throughput_seconds=0,
        exports=False,
        workdir=tmp_path,
    )
    assert set(result) == {"runs", "ratios"}
    assert set(result["ratios"]) == {"throughput_vs_hello_world", "over_raw_sql"}
    small, large = result["runs"]
    assert (small["demands"], large["demands"]) == (200, 500)
    assert large["status_updates"] > small["status_updates"] > 0
    for run in (small, large):
        for measure in run["measures"]:
            assert set(measure) == {"name", "median_ms", "p95_ms", "queries"}
            assert measure["p95_ms"] >= measure["median_ms"] >= 0
        assert {m["name"] for m in run["measures"]} >= PAGES
    counts = [{m["name"]: m["queries"] for m in run["measures"]} for run in (small, large)]
    assert counts[0] == counts[1]
    assert all(r > 0 for r in result["ratios"]["over_raw_sql"].values())
