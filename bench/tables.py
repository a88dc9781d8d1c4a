"""The README's performance tables, written from committed `tracker bench` results.

    .venv/bin/python bench/tables.py bench/results/bench-1k-10k.json [load.json …]

Prints Markdown: per size, each measure's median / p95 on SQLite and on PostgreSQL with the
statement count, the PostgreSQL / SQLite ratio of the p95s, and the load test's figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def page_tables(result: dict[str, Any]) -> str:
    by_size: dict[int, dict[str, dict[str, Any]]] = {}
    for run in result["runs"]:
        by_size.setdefault(run["demands"], {})[run["database"]] = run
    out = []
    for demands, runs in sorted(by_size.items()):
        sqlite, pg = runs.get("sqlite"), runs.get("postgresql")
        updates = (sqlite or pg or {}).get("status_updates", 0)
        out.append(f"**{demands:,} demands, {updates:,} status updates** (median / p95 ms)\n")
        out.append("| measure | SQLite | PostgreSQL | p95 PostgreSQL / SQLite | statements |")
        out.append("|---|---|---|---|---|")
        names = [m["name"] for m in (sqlite or pg or {"measures": []})["measures"]]
        for name in names:
            s = next((m for m in (sqlite or {}).get("measures", []) if m["name"] == name), None)
            p = next((m for m in (pg or {}).get("measures", []) if m["name"] == name), None)
            cell = lambda m: f"{_ms(m['median_ms'])} / {_ms(m['p95_ms'])}" if m else "–"  # noqa: E731
            ratio = f"{p['p95_ms'] / s['p95_ms']:.2f}" if s and p and s["p95_ms"] else "–"
            queries = sorted({m["queries"] for m in (s, p) if m})
            out.append(
                f"| {name} | {cell(s)} | {cell(p)} | {ratio} | "
                f"{' / '.join(str(q) for q in queries)} |"
            )
        out.append("")
    ratios = result.get("ratios", {})
    if ratios.get("throughput_vs_hello_world") is not None:
        out.append(
            "Demand page throughput under gunicorn (2 workers) over a hello-world Flask app's: "
            f"{ratios['throughput_vs_hello_world']}.\n"
        )
    return "\n".join(out)


def load_table(load: dict[str, Any]) -> str:
    out = [
        f"{load['database']}, {load['demands']:,} demands, gunicorn {load['gunicorn_workers']} "
        f"workers, {load['readers']} readers and {load['writers']} writers "
        f"for {load['seconds']} s: "
        f"{load['requests']:,} requests ({load['requests_per_second']} a second), "
        f"{load['errors']} errors, {load['updates_acknowledged']} updates acknowledged and "
        f"{load['updates_missing']} missing afterwards.\n",
        "| kind | requests | p50 ms | p95 ms |",
        "|---|---|---|---|",
    ]
    for kind, k in load["kinds"].items():
        out.append(f"| {kind} | {k['requests']} | {_ms(k['p50_ms'])} | {_ms(k['p95_ms'])} |")
    out.append(f"| all reads | | {_ms(load['read_p50_ms'])} | {_ms(load['read_p95_ms'])} |")
    return "\n".join(out) + "\n"


def main(paths: list[str]) -> None:
    for path in paths:
        result = json.loads(Path(path).read_text(encoding="utf-8"))
        print(load_table(result["load"]) if "load" in result else page_tables(result))


if __name__ == "__main__":
    main(sys.argv[1:])
